"""Fictional demo register (示例… names only — never a real institution).

The plan is a pure function of the count and the divisions, so running the
seeder twice adds nothing the second time. Proportions follow Guangxi's: a
few dozen ART clinics (most in Nanning, Guilin, Liuzhou), one sperm bank,
prenatal diagnosis at city MCH hospitals, premarital examination and prenatal
screening at county MCH hospitals, ligation / termination at county hospitals.
Beyond that core, further institutions are primary-care units with the
occasional licence, for scale tests.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

from .choices import EventKind, Service
from .competence import competent_division

ART_CLINICS_PER_CITY = {"南宁市": 6, "桂林市": 4, "柳州市": 4, "玉林市": 3}
FIRST_YEAR, LAST_DAY = 2015, date(2026, 10, 31)
TERM_YEARS = {Service.ART: 5, Service.SPERM_BANK: 5}  # others: 3 years (母婴保健执业许可证)
PREFIX = {
    Service.ART: "ART", Service.SPERM_BANK: "SB", Service.PRENATAL_DIAGNOSIS: "PD",
    Service.PRENATAL_SCREENING: "PS", Service.PREMARITAL_EXAM: "PM", Service.MCH_SPECIAL: "MS",
}
TECHNOLOGY_SETS = {
    Service.ART: [["AIH"], ["AIH", "IVF-ET"], ["AIH", "AID", "IVF-ET", "ICSI"],
                  ["AIH", "IVF-ET", "ICSI", "PGT"]],
    Service.PRENATAL_DIAGNOSIS: [["PD-GC", "PD-IMG", "PD-BIO", "PD-CYT"],
                                 ["PD-GC", "PD-IMG", "PD-BIO", "PD-CYT", "PD-MOL"]],
    Service.PRENATAL_SCREENING: [["PS-SERUM"], ["PS-SERUM", "PS-CFDNA"]],
    Service.MCH_SPECIAL: [["LIGATION", "TERMINATION"], ["TERMINATION"]],
}


# 说明 of the demo's stopping events (fictional reasons, picked by the date, not the rng).
EVENT_NOTES = {
    EventKind.CHANGED: ["示例：机构名称变更", "示例：执业地址变更"],
    EventKind.SUSPENDED: ["示例：监督检查发现技术人员资质不符合要求，责令暂停执业整改",
                          "示例：设备设施不符合技术规范，责令暂停执业整改"],
    EventKind.REVOKED: ["示例：超出批准范围开展技术服务，吊销许可",
                        "示例：以欺骗手段取得许可，依法撤销"],
    EventKind.CANCELLED: ["示例：机构申请停止开展该项技术，予以注销"],
}


def event_note(kind, day):
    notes = EVENT_NOTES.get(kind)
    return notes[day.toordinal() % len(notes)] if notes else ""


def demo_office_phone(region_code):
    """A fictional office phone of the health authority of `region_code` (0771-5xxxxxx)."""
    return f"0771-5{region_code.ljust(6, '0')[-6:]}"


@dataclass
class EventPlan:
    kind: str
    date: date
    document_no: str = ""
    new_valid_until: date | None = None
    note: str = ""

    def __post_init__(self):
        self.note = self.note or event_note(self.kind, self.date)


@dataclass
class LicencePlan:
    service: str
    authority_region: str  # code of the division whose authority decided
    licence_no: str
    decision_no: str
    decided_on: date
    valid_until: date
    technologies: list = field(default_factory=list)
    events: list = field(default_factory=list)


@dataclass
class InstitutionPlan:
    name: str
    uscc: str
    region_code: str
    category: str
    ownership: str
    address: str
    phone: str
    licences: list = field(default_factory=list)


def demo_uscc(serial, region_code, public=True):
    """A well-formed, checksummed but fictional USCC (organisation part DM + serial)."""
    body = ("12" if public else "52") + region_code + f"DM{serial:07d}"
    return body + stdnum_uscc.calc_check_digit(body)


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class Planner:
    """Builds InstitutionPlans one by one; `regions` are (code, name, parent name) tuples."""

    def __init__(self, cities, counties, seed=2021):
        self.rng = random.Random(seed)
        self.cities = cities          # [(code, name)]
        self.counties = counties      # [(code, name, city_name)]
        self.serial = 0
        self.licence_serial = 0

    def institution(self, name, region_code, category, services, public=True):
        self.serial += 1
        plan = InstitutionPlan(
            name=name, uscc=demo_uscc(self.serial, region_code, public),
            region_code=region_code, category=category,
            ownership="public" if public else "private",
            address=f"示例大道{self.rng.randint(1, 300)}号",
            phone=f"0771-5{self.serial % 1000000:06d}",
        )
        plan.licences = [self.licence(service, region_code) for service in services]
        return plan

    def licence(self, service, region_code):
        rng = self.rng
        self.licence_serial += 1
        decided = date(rng.randint(FIRST_YEAR, 2025), rng.randint(1, 12), rng.randint(1, 28))
        authority_region = competent_division(service, decided, region_code)
        number = f"{PREFIX[service]}{region_code}-{decided.year}-{self.licence_serial:06d}"
        decision = f"示例许字〔{decided.year}〕{self.licence_serial}号"
        term = TERM_YEARS.get(service, 3)
        plan = LicencePlan(
            service=service, authority_region=authority_region, licence_no=number,
            decision_no=decision, decided_on=decided,
            valid_until=_add_years(decided, term) - timedelta(days=1),
            technologies=rng.choice(TECHNOLOGY_SETS.get(service, [[]])),
        )
        plan.events = [EventPlan(EventKind.GRANTED, decided, decision, plan.valid_until)]
        self._history(plan, term)
        return plan

    def _history(self, plan, term):
        """Renewals (校验) until today for most licences; a few lapse, change or end."""
        rng = self.rng
        until = plan.valid_until
        while until < LAST_DAY and rng.random() < 0.85:
            renewed_on = until - timedelta(days=rng.randint(5, 40))
            until = _add_years(until, term)
            plan.events.append(EventPlan(EventKind.VERIFIED, renewed_on,
                                         f"示例校字〔{renewed_on.year}〕{rng.randint(1, 999)}号",
                                         until))
        last = plan.events[-1].date
        roll = rng.random()
        if roll < 0.06 and last < LAST_DAY - timedelta(days=60):
            day = last + timedelta(days=rng.randint(10, 50))
            plan.events.append(EventPlan(EventKind.CHANGED, day, note_no(day, rng)))
        elif roll < 0.09 and last < LAST_DAY - timedelta(days=60):
            day = last + timedelta(days=rng.randint(10, 50))
            plan.events.append(EventPlan(EventKind.SUSPENDED, day, note_no(day, rng)))
        elif roll < 0.11 and last < LAST_DAY - timedelta(days=60):
            day = last + timedelta(days=rng.randint(10, 50))
            plan.events.append(EventPlan(EventKind.REVOKED, day, note_no(day, rng)))
        plan.valid_until = until

    def core(self):
        """The default register: the real shape of Guangxi's licensed MCH institutions."""
        yield self.institution("示例自治区生殖健康医院人类精子库", "450103", "specialist",
                               [Service.SPERM_BANK, Service.ART])
        counties_by_city = {}
        for code, name, city in self.counties:
            counties_by_city.setdefault(city, []).append((code, name))
        for _code, city in self.cities:
            seat = counties_by_city[city][0][0]
            yield self.institution(f"示例{city}妇幼保健院", seat, "mch",
                                   [Service.PRENATAL_DIAGNOSIS, Service.PRENATAL_SCREENING,
                                    Service.PREMARITAL_EXAM])
            for k in range(ART_CLINICS_PER_CITY.get(city, 2)):
                code = counties_by_city[city][k % len(counties_by_city[city])][0]
                public = k % 3 != 2
                name = f"示例{city}第{k + 1}人民医院" if public else f"示例{city}生殖专科医院{k}"
                yield self.institution(name, code, "general" if public else "specialist",
                                       [Service.ART], public)
        for code, name, city in self.counties:
            yield self.institution(f"示例{city}{name}妇幼保健院", code, "mch",
                                   [Service.PREMARITAL_EXAM, Service.PRENATAL_SCREENING,
                                    Service.MCH_SPECIAL])
            yield self.institution(f"示例{city}{name}人民医院", code, "general",
                                   [Service.MCH_SPECIAL])

    def filler(self):
        """Primary-care units, a few holding a licence, cycling through the counties."""
        if not self.counties:
            raise ValueError("没有县级区划：请先运行 manage.py migrate（区划数据随迁移写入）。")
        k = 0
        while True:
            k += 1
            for code, name, city in self.counties:
                roll = self.rng.random()
                services = ([Service.MCH_SPECIAL] if roll < 0.3 else
                            [Service.PREMARITAL_EXAM] if roll < 0.35 else [])
                yield self.institution(f"示例{city}{name}第{k}卫生院", code, "primary", services)

    def plans(self, count=None):
        """The first `count` institutions (the core register when `count` is None)."""
        core = list(self.core())
        if count is None:
            return core
        if count <= len(core):
            return core[:count]
        result = core
        for plan in self.filler():
            if len(result) >= count:
                break
            result.append(plan)
        return result


def note_no(day, rng):
    return f"示例文〔{day.year}〕{rng.randint(1, 999)}号"


# -- decisions and personnel for the demo register ------------------------------

APPROVALS_SINCE = date(2023, 1, 1)


def approval_fields(licence_plan):
    """The decision behind a recent demo licence: 受理 → 现场评审 → 准予 → 公示 (a few late)."""
    from .working_days import add_working_days

    decided = licence_plan.decided_on
    if decided < APPROVALS_SINCE:
        return None
    rng = random.Random(licence_plan.licence_no)
    received = decided - timedelta(days=rng.randint(20, 60))
    published = add_working_days(decided, rng.choice([1, 2, 3, 5, 7, 7, 9]))  # 9: late
    return dict(
        service=licence_plan.service, kind="new", received_on=received,
        materials_checked_on=received + timedelta(days=5),
        has_medical_licence=True, has_staff_certificates=True, has_application_form=True,
        has_other_documents=True, site_review_on=decided - timedelta(days=rng.randint(3, 10)),
        site_review_experts="示例专家组", decision="approved", decided_on=decided,
        decision_no=licence_plan.decision_no, licence_no=licence_plan.licence_no,
        valid_from=decided, valid_until=licence_plan.valid_until, published_on=published,
    )


def demo_id_number(serial):
    """A fictional 居民身份证号码 that passes the checks (check digit, and an area code
    that existed on the birth date), born 1970–1999."""
    rng = random.Random(serial)
    while True:
        born = date(rng.randint(1970, 1999), rng.randint(1, 12), rng.randint(1, 28))
        body = f"450102{born:%Y%m%d}{serial % 1000:03d}"
        number = body + stdnum_ric.calc_check_digit(body + "0")  # it skips the last character
        if stdnum_ric.is_valid(number):
            return number


def personnel_fields(plan, serial):
    """2–4 qualified staff at an MCH hospital, for its premarital / screening services."""
    services = [lp.service for lp in plan.licences
                if lp.service in (Service.PREMARITAL_EXAM, Service.PRENATAL_SCREENING)]
    rng = random.Random(plan.uscc)
    for n in range(rng.randint(2, 4) if services else 0):
        serial += 1
        yield dict(
            name=f"示例医师{serial}", id_number=demo_id_number(serial),
            phone=f"139{serial:08d}", service=services[n % len(services)],
            certificate_kind="mch", certificate_no=f"示例母婴考字{serial:06d}",
            decided_on=date(2022, 1, 10) + timedelta(days=rng.randint(0, 900)),
        )
