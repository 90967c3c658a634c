"""Which level of health authority may license which service (R1, R5, R6).

Kept as data so the public "who approves what" page and the checks read the
same table. Source: 桂卫妇幼发〔2021〕15号, 二(二)1, 二(三)1, 三(二).
"""

from dataclasses import dataclass
from datetime import date

from .choices import Level, Service

# “证照分离”改革实施之日：婚前医学检查、产前筛查机构审批下放至县级。
REFORM_DATE = date(2021, 7, 1)
# 过渡期：2021年底前县级组织许可、校验，市级指导并选派专家参与现场评审。
TRANSITION_END = date(2021, 12, 31)


# 人员审批: the people doing premarital examination and prenatal screening are
# approved by the city (设区市) — not a licensed service, but a decision subject.
PERSONNEL = "personnel"
SUBJECT_LABELS = {**dict(Service.choices), PERSONNEL: "母婴保健技术服务人员资格"}


@dataclass(frozen=True)
class Rule:
    service: str
    level: str
    since: date | None  # None: since before the register starts
    until: date | None  # last day the rule applies; None: still in force
    basis: str

    def get_level_display(self):
        return Level(self.level).label


COMPETENCE = (
    Rule(Service.ART, Level.PROVINCE, None, None, "由自治区卫生健康委审批（R1）"),
    Rule(Service.SPERM_BANK, Level.PROVINCE, None, None, "由自治区卫生健康委审批（R1）"),
    Rule(Service.PRENATAL_DIAGNOSIS, Level.PROVINCE, None, None, "由自治区卫生健康委审批"),
    Rule(
        Service.PRENATAL_SCREENING, Level.CITY, None, date(2021, 6, 30),
        "改革前由设区市卫生健康委审批",
    ),
    Rule(
        Service.PRENATAL_SCREENING, Level.COUNTY, REFORM_DATE, None,
        "2021年7月1日起下放县级；2021年底前市级指导并选派专家（R6）",
    ),
    Rule(
        Service.PREMARITAL_EXAM, Level.CITY, None, date(2021, 6, 30),
        "改革前由设区市卫生健康委审批",
    ),
    Rule(
        Service.PREMARITAL_EXAM, Level.COUNTY, REFORM_DATE, None,
        "2021年7月1日起下放县级；2021年底前市级指导并选派专家（R6）",
    ),
    Rule(Service.MCH_SPECIAL, Level.COUNTY, None, None, "母婴保健专项技术服务由县级审批（R5）"),
    Rule(PERSONNEL, Level.CITY, None, None, "婚前医学检查、产前筛查人员审批仍由设区市负责（R6）"),
)


def subject_label(subject):
    return SUBJECT_LABELS[subject]


def competent_rule(service, decision_date):
    """The rule that names the competent level for `service` on `decision_date`."""
    for rule in COMPETENCE:
        if rule.service != service:
            continue
        if rule.since and decision_date < rule.since:
            continue
        if rule.until and decision_date > rule.until:
            continue
        return rule
    raise ValueError(f"no competence rule for {service} on {decision_date}")


def competent_authority(service, decision_date):
    """审批权限: the level (province / city / county) that decides `service` (or
    PERSONNEL) on `decision_date`."""
    return competent_rule(service, decision_date).level


def competent_division(service, decision_date, county_code):
    """区划代码 of the authority competent for `service` at an institution located in
    the county `county_code` (6 digits): the region (45), its city (4501) or itself."""
    level = competent_authority(service, decision_date)
    return {Level.PROVINCE: county_code[:2], Level.CITY: county_code[:4]}.get(level, county_code)


def in_transition(decision_date):
    """改革过渡期 (2021-07-01 … 2021-12-31): the city guides the county's reviews."""
    return REFORM_DATE <= decision_date <= TRANSITION_END
