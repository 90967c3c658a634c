"""Fixed vocabularies of the register (services, levels, licence states)."""

from django.db import models


class Level(models.TextChoices):
    """行政层级 of a division and of the health authority that governs it."""

    PROVINCE = "province", "省级（自治区）"
    CITY = "city", "设区市级"
    COUNTY = "county", "县级"


class Service(models.TextChoices):
    """The licensed maternal & child health services (母婴保健技术服务)."""

    ART = "art", "人类辅助生殖技术"
    SPERM_BANK = "sperm_bank", "人类精子库"
    PRENATAL_DIAGNOSIS = "prenatal_diagnosis", "产前诊断"
    PRENATAL_SCREENING = "prenatal_screening", "产前筛查"
    PREMARITAL_EXAM = "premarital_exam", "婚前医学检查"
    # R5: 结扎手术和终止妊娠手术 are licensed as 母婴保健专项技术服务 since 2021-07-01.
    MCH_SPECIAL = "mch_special", "母婴保健专项技术（结扎、终止妊娠手术）"


class State(models.TextChoices):
    """The administrative state a licence's events leave it in (dates aside)."""

    ACTIVE = "active", "正常"
    SUSPENDED = "suspended", "暂停执业"
    REVOKED = "revoked", "已吊销/撤销"
    CANCELLED = "cancelled", "已注销"


class Status(models.TextChoices):
    """What the public sees: the state combined with the validity dates on a day."""

    VALID = "valid", "有效"
    PENDING = "pending", "未生效"
    SUSPENDED = "suspended", "暂停执业"
    EXPIRED = "expired", "已过期"
    REVOKED = "revoked", "已吊销/撤销"
    CANCELLED = "cancelled", "已注销"


class EventKind(models.TextChoices):
    GRANTED = "granted", "准予许可"
    VERIFIED = "verified", "校验"
    CHANGED = "changed", "变更"
    SUSPENDED = "suspended", "暂停执业"
    RESUMED = "resumed", "恢复执业"
    REVOKED = "revoked", "吊销/撤销"
    CANCELLED = "cancelled", "注销"
