"""The shapes of an inspection plan template (categories, samplings, check groups,
deadlines, follow-up) and the vocabularies they use; the data is in plan_templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from licensing.choices import Level, Service
from licensing.models import Institution

# Kinds of random inspection (抽查类别), as the seeds name the ratio columns.
NATIONAL = "国家双随机"
REGIONAL = "自治区"  # 003: “广西随机监督抽查”, the region's own random inspection
CITY = "市级双随机"
KINDS = (NATIONAL, REGIONAL, CITY)

# The register's vocabularies, as the templates use them.
PROVINCE, CITY_LEVEL, COUNTY = Level.PROVINCE, Level.CITY, Level.COUNTY  # issuing levels
MCH_INSTITUTION = Institution.Category.MCH  # 妇幼保健机构
OTHER_INSTITUTIONS = tuple(c for c in Institution.Category if c != Institution.Category.MCH)
ART = Service.ART
SPERM_BANK = Service.SPERM_BANK
MCH_SERVICES = tuple(Service)

# Check-item group kinds (R12), so results can be compared across plans (R19).
QUALIFICATION = "qualification"  # 机构及人员资质
RULES = "rules"  # 制度建立
COMPLIANCE = "compliance"  # 法律法规执行
SPECIAL = "special"  # 专项检查

# Deadline keys (R14).
INFO_SUBMISSION = "data_submitted"  # 抽查信息报送 (same keys as deadlines.py)
INTERIM_REPORT = "interim_report"  # 阶段性工作总结
ANNUAL_REPORT = "annual_report"  # 全年工作总结 / 工作总结
INSPECTIONS_DONE = "inspections_done"  # 完成抽查工作
CITY_REPORT = "city_report"  # 各市报送自治区卫生监督所
REGION_REPORT = "region_report"  # 自治区卫生监督所报送自治区卫生健康委

OMISSION_NOTE = "根据各机构业务开展情况，检查内容可合理缺项。"


@dataclass(frozen=True)
class Sampling:
    """One sampling ratio of an object category (R11).

    ``ratio`` is a decimal string ("0.5" for 50%); ``ratio_text`` is the seed's cell.
    ``min_per_county`` is the seed's floor per 区县 where it states one.
    """

    kind: str
    ratio: str
    ratio_text: str
    min_per_county: int | None = None
    note: str = ""

    @property
    def ratio_decimal(self) -> Decimal:
        return Decimal(self.ratio)


@dataclass(frozen=True)
class ObjectCategory:
    """监督检查对象: one stratum of the draw.

    An institution belongs to it when its category is in ``institution_categories``
    (empty: any category) and it holds at least one of ``services`` (empty: no licence
    needed). The strata of one template are disjoint.
    """

    key: str
    name: str
    samplings: tuple[Sampling, ...]
    institution_categories: tuple[str, ...] = ()
    services: tuple[str, ...] = ()

    def covers(self, institution_category: str, services) -> bool:
        if self.institution_categories and institution_category not in self.institution_categories:
            return False
        return not self.services or bool(set(self.services) & set(services))


@dataclass(frozen=True)
class CheckItem:
    code: str
    text: str


@dataclass(frozen=True)
class CheckGroup:
    number: int
    name: str
    kind: str
    items: tuple[CheckItem, ...]


@dataclass(frozen=True)
class Deadline:
    """A report deadline (R14): (month, day) of the plan's year, and the seed's sentence."""

    key: str
    month: int
    day: int
    label: str
    source: str

    def on(self, year: int) -> date:
        return date(year, self.month, self.day)


@dataclass(frozen=True)
class FollowUp:
    """回头看 (R15): units and persons penalised in ``penalty_year`` are revisited."""

    penalty_year: int
    campaigns: tuple[str, ...]
    focus: str
    text: str


@dataclass(frozen=True)
class PlanTemplate:
    key: str
    name: str
    year: int
    issuing_level: str
    reports_to: tuple[str, ...]
    source: str
    objects_text: str
    categories: tuple[ObjectCategory, ...]
    groups: tuple[CheckGroup, ...]
    omission_allowed: bool  # “检查内容可合理缺项”
    omission_note: str
    deadlines: tuple[Deadline, ...]
    schedule_key: str = ""  # the same deadlines' key in inspections.deadlines.SCHEDULES
    follow_up: FollowUp | None = None
    report_notes: tuple[str, ...] = field(default=())

    @property
    def kinds(self) -> tuple[str, ...]:
        """The inspection kinds of the plan, in the order its ratio columns name them."""
        seen: list[str] = []
        for category in self.categories:
            for sampling in category.samplings:
                if sampling.kind not in seen:
                    seen.append(sampling.kind)
        return tuple(seen)

    @property
    def items(self) -> tuple[CheckItem, ...]:
        return tuple(item for group in self.groups for item in group.items)

    def item(self, code: str) -> CheckItem:
        for candidate in self.items:
            if candidate.code == code:
                return candidate
        raise KeyError(code)

    def deadline(self, key: str) -> Deadline:
        for candidate in self.deadlines:
            if candidate.key == key:
                return candidate
        raise KeyError(key)


def report_dates(template: PlanTemplate, year: int | None = None) -> tuple[tuple[str, date], ...]:
    """R14: the template's deadlines as dates of ``year`` (default: the plan's year)."""
    year = template.year if year is None else year
    return tuple((deadline.key, deadline.on(year)) for deadline in template.deadlines)
