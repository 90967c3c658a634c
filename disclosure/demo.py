"""Demo list editions: the past half-years, published as the register stood then."""

from datetime import timedelta

from django.utils import timezone

from .editions import licence_records
from .list_rules import edition_rows, list_edition_for, previous_edition_period
from .models import ListEdition

DEMO_HALF_YEARS = 3


def seed_list_editions(today=None):
    """Publish the last few half-years' editions that are missing (idempotent).

    Demo data only: they skip the review workflow. The oldest is published a day
    after its deadline, so the public list shows what a late edition looks like.
    """
    period = previous_edition_period(list_edition_for(today or timezone.localdate()))
    periods = []
    for _ in range(DEMO_HALF_YEARS):
        periods.append(period)
        period = previous_edition_period(period)
    records = licence_records()
    created = 0
    for n, period in enumerate(reversed(periods)):
        if ListEdition.objects.filter(as_of=period.as_of, corrects__isnull=True).exists():
            continue
        edition = ListEdition.objects.create(
            as_of=period.as_of, rows=edition_rows(records, period.as_of), live=True
        )
        edition.freeze()
        published = period.due + timedelta(days=1) if n == 0 else period.due - timedelta(days=3)
        ListEdition.objects.filter(pk=edition.pk).update(published_on=published)
        created += 1
    return created


# (name, county, days since receipt, ART technologies or None for a sperm bank,
#  days after receipt it was disclosed or None, status)
DEMO_APPLICATIONS = [
    ("示例南宁市第二生殖医院", "450107", 75, ["AIH", "IVF-ET", "ICSI"], 20, "under_review"),
    ("示例桂林市妇女儿童医院", "450305", 40, ["AIH"], 33, "disclosed"),  # disclosed late
    ("示例玉林市生殖中心", "450902", 120, ["AIH", "IVF-ET"], 10, "withdrawn"),
    ("示例广西第二人类精子库", "450103", 12, None, 5, "disclosed"),
    ("示例柳州市生殖医院", "450202", 26, ["AIH"], None, "received"),  # due within 7 days
    ("示例百色市生殖中心", "451002", 38, ["AIH"], None, "received"),  # overdue
]


def seed_applications(today=None):
    """Fictional setup applications at every stage (idempotent, by applicant name)."""
    from licensing.demo import demo_uscc
    from licensing.models import Region, Technology

    from .models import ApplicationNotice, SetupApplication

    today = today or timezone.localdate()
    created = 0
    for n, (name, code, age, techs, disclosed_after, status) in enumerate(DEMO_APPLICATIONS):
        if SetupApplication.objects.filter(applicant_name=name).exists():
            continue
        received = today - timedelta(days=age)
        application = SetupApplication.objects.create(
            applicant_name=name, uscc=demo_uscc(700000 + n, code),
            region=Region.objects.get(code=code), address=f"示例大道{100 + n}号",
            applies_art=techs is not None, applies_sperm_bank=techs is None,
            received_on=received, contact_office="示例医务科",
            office_phone=f"0771-56{n:05d}", contact_person=f"示例经办人{n}",
            contact_mobile=f"137{n:08d}", status=status,
            disclosed_on=received + timedelta(days=disclosed_after) if disclosed_after else None,
        )
        application.technologies.set(Technology.objects.filter(code__in=techs or []))
        if disclosed_after is not None:
            ApplicationNotice.objects.create(
                application=application, live=True,
                body=f"{name}申请设置{application.services_applied()}，现予公开。",
            )
        created += 1
    return created
