"""manage.py seed_demo [--institutions N]: load the fictional demo register (idempotent)."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from licensing.choices import Level
from licensing.demo import Planner, approval_fields, demo_office_phone, personnel_fields
from licensing.licence_status import state_after
from licensing.models import (
    GUANGXI,
    Approval,
    Authority,
    Institution,
    Licence,
    LicenceEvent,
    PersonnelQualification,
    Region,
    Technology,
)

BATCH = 2000


class Command(BaseCommand):
    help = "载入示例数据：虚构的“示例…”医疗机构及其许可记录（可重复运行，不会重复插入）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--institutions", type=int, default=None,
            help="机构数量（默认约270家，按广西实际比例）；如 100000 用于规模测试",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        regions = {r.code: r for r in Region.objects.filter(code__startswith=GUANGXI)}
        cities = [(r.code, r.name) for r in regions.values() if r.level == Level.CITY]
        counties = [
            (r.code, r.name, regions[r.code[:4]].name)
            for r in regions.values() if r.level == Level.COUNTY
        ]
        self.authority_phones()
        plans = Planner(sorted(cities), sorted(counties)).plans(options["institutions"])
        existing = set(Institution.objects.values_list("uscc", flat=True))
        new = [plan for plan in plans if plan.uscc not in existing]
        for start in range(0, len(new), BATCH):
            with transaction.atomic():
                self.insert(new[start : start + BATCH], regions)
        self.stdout.write(self.style.SUCCESS(
            f"示例数据：新增 {len(new)} 家机构，已有 {len(plans) - len(new)} 家，"
            f"用时 {time.monotonic() - started:.1f} 秒"
        ))

    def authority_phones(self):
        """Fictional office phones for the authorities that have none (shown publicly as
        the place to complain)."""
        authorities = list(Authority.objects.filter(office_phone="").select_related("region"))
        for authority in authorities:
            authority.office_phone = demo_office_phone(authority.region.code)
        Authority.objects.bulk_update(authorities, ["office_phone"], batch_size=BATCH)

    def insert(self, plans, regions):
        authorities = {a.region.code: a for a in Authority.objects.select_related("region")}
        technologies = {t.code: t for t in Technology.objects.all()}
        institutions = Institution.objects.bulk_create(
            Institution(
                name=p.name, uscc=p.uscc, region=regions[p.region_code], category=p.category,
                ownership=p.ownership, address=p.address, contact_phone=p.phone,
            )
            for p in plans
        )
        pairs = [(inst, lp) for inst, p in zip(institutions, plans, strict=True)
                 for lp in p.licences]
        licences = Licence.objects.bulk_create(
            Licence(
                institution=inst, service=lp.service,
                authority=authorities[lp.authority_region], decision_no=lp.decision_no,
                licence_no=lp.licence_no, decided_on=lp.decided_on, valid_from=lp.decided_on,
                valid_until=lp.valid_until,
                state=state_after((e.date, e.kind) for e in lp.events),
            )
            for inst, lp in pairs
        )
        LicenceEvent.objects.bulk_create(
            LicenceEvent(licence=licence, kind=e.kind, date=e.date, document_no=e.document_no,
                         new_valid_until=e.new_valid_until, note=e.note)
            for licence, (_, lp) in zip(licences, pairs, strict=True)
            for e in lp.events
        )
        Through = Licence.technologies.through
        Through.objects.bulk_create(
            Through(licence_id=licence.pk, technology_id=technologies[code].pk)
            for licence, (_, lp) in zip(licences, pairs, strict=True)
            for code in lp.technologies
        )
        # The decisions behind recent licences, already applied to the register above.
        Approval.objects.bulk_create(
            Approval(institution=licence.institution, authority=licence.authority,
                     licence=licence, **fields)
            for licence, (_, lp) in zip(licences, pairs, strict=True)
            if (fields := approval_fields(lp))
        )
        self.insert_personnel(institutions, plans, authorities)

    def insert_personnel(self, institutions, plans, authorities):
        """Qualified staff at MCH hospitals, approved by their city (R6)."""
        serial = PersonnelQualification.objects.count()
        staff = []
        for institution, plan in zip(institutions, plans, strict=True):
            if plan.category != "mch":
                continue
            for fields in personnel_fields(plan, serial):
                staff.append(PersonnelQualification(
                    institution=institution, authority=authorities[plan.region_code[:4]],
                    **fields,
                ))
                serial += 1
        PersonnelQualification.objects.bulk_create(staff)
