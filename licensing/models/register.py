"""The register: divisions, health authorities, institutions, licences and their history."""

from datetime import date, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from wagtail.models import RevisionMixin

from search.indexing import deferred, refresh_object

from ..choices import EventKind, Level, Service, State, Status
from ..date_bounds import date_errors
from ..licence_status import state_after, status_as_of, status_on
from .references import ReferencesIndexedOnChange, references_kept

GUANGXI = "45"
# The event that leaves a licence in each stopped status (its date, reason and document).
STOPPING_EVENT = {
    Status.SUSPENDED: EventKind.SUSPENDED,
    Status.REVOKED: EventKind.REVOKED,
    Status.CANCELLED: EventKind.CANCELLED,
}


def chinese_date(day):
    """2027年1月9日 (no leading zeros), as the public pages write a day."""
    return f"{day.year}年{day.month}月{day.day}日"


class HistoryRow(NamedTuple):
    date: date
    label: str
    document_no: str = ""
    note: str = ""


class Region(models.Model):
    """行政区划 (GB/T 2260): province 2 digits, city 4, county 6; a code's prefix is its parent."""

    code = models.CharField("区划代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=50)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级区划", null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"

    def __str__(self):
        return self.name

    def contains(self, other):
        """True when `other` is this division or lies inside it."""
        return other is not None and other.code.startswith(self.code)

    @property
    def full_name(self):
        """City and county together (南宁市兴宁区); the parent of a county is its city."""
        if self.level == Level.COUNTY and self.parent_id:
            return f"{self.parent.name}{self.name}"
        return self.name


class Authority(models.Model):
    """卫生健康行政部门: the health authority of one division."""

    region = models.OneToOneField(
        Region, verbose_name="辖区", on_delete=models.PROTECT, related_name="authority"
    )
    name = models.CharField("机关名称", max_length=100, unique=True)
    # Public: the institution page names it as a complaint channel (投诉举报电话).
    office_phone = models.CharField(
        "办公电话", max_length=30, blank=True,
        help_text="对外公开的办公电话，公众可拨打反映问题、投诉举报",
    )
    # 双公示: 处罚机关 / 许可机关 and 数据来源单位 are given with their USCC (CF_CFJGDM …).
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, blank=True,
        help_text="本机关的统一社会信用代码，用于“双公示”数据",
    )

    class Meta:
        ordering = ["region__code"]
        verbose_name = "卫生健康行政部门"
        verbose_name_plural = "卫生健康行政部门"

    def __str__(self):
        return self.name

    def clean(self):
        if self.uscc:
            validate_uscc(self.uscc)

    @property
    def level(self):
        return self.region.level

    def governs(self, region):
        return self.region.contains(region)


class StaffProfile(models.Model):
    """Ties a staff account to the one authority it works for (its territory)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    authority = models.ForeignKey(
        Authority, verbose_name="所属卫生健康行政部门", on_delete=models.PROTECT,
        related_name="staff",
    )

    class Meta:
        verbose_name = "工作人员所属机关"
        verbose_name_plural = "工作人员所属机关"

    def __str__(self):
        return f"{self.user.get_username()}（{self.authority}）"


class Technology(models.Model):
    """An approved technique within a service (ART: AIH, AID, IVF-ET, ICSI, PGT …)."""

    code = models.CharField("代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=50)
    service = models.CharField("所属服务", max_length=30, choices=Service.choices)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["service", "sort_order"]
        verbose_name = "技术类别"
        verbose_name_plural = "技术类别"

    def __str__(self):
        return f"{self.name}（{self.code}）"


def validate_uscc(value):
    """统一社会信用代码: 18 characters with the GB 32100 check character."""
    try:
        stdnum_uscc.validate(value)
    except InvalidChecksum as error:
        raise ValidationError(
            "统一社会信用代码校验位错误，请核对后重新输入。", code="uscc_checksum"
        ) from error
    except InvalidLength as error:
        raise ValidationError("统一社会信用代码应为18位。", code="uscc_length") from error
    except StdnumError as error:
        raise ValidationError(
            "统一社会信用代码格式不正确（应为18位数字或大写字母）。", code="uscc_format"
        ) from error


class Institution(RevisionMixin, models.Model):
    """医疗机构: the holder of licences."""

    class Category(models.TextChoices):
        MCH = "mch", "妇幼保健机构"
        GENERAL = "general", "综合医院"
        SPECIALIST = "specialist", "专科医院"
        PRIMARY = "primary", "基层医疗卫生机构"
        OTHER = "other", "其他"

    class Ownership(models.TextChoices):
        PUBLIC = "public", "公立"
        PRIVATE = "private", "社会办"

    name = models.CharField("机构名称", max_length=100)
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_uscc],
        help_text="18位，含校验位",
    )
    medical_licence_no = models.CharField("医疗机构执业许可证登记号", max_length=40, blank=True)
    region = models.ForeignKey(
        Region, verbose_name="所在县（市、区）", on_delete=models.PROTECT,
        related_name="institutions", limit_choices_to={"level": Level.COUNTY},
    )
    address = models.CharField("地址", max_length=200, blank=True)
    category = models.CharField("机构类别", max_length=20, choices=Category.choices)
    ownership = models.CharField(
        "举办性质", max_length=10, choices=Ownership.choices, default=Ownership.PUBLIC
    )
    contact_phone = models.CharField(
        "机构办公电话", max_length=30, blank=True,
        help_text="仅填写机构对外办公电话，不填个人手机号",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = "医疗机构"
        verbose_name_plural = "医疗机构"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("institution_detail", args=[self.pk])

    def clean(self):
        if self.uscc:
            self.uscc = stdnum_uscc.compact(self.uscc)
        if self.region_id and self.region.level != Level.COUNTY:
            raise ValidationError({"region": "请选择县（市、区）级行政区划。"})


class Licence(ReferencesIndexedOnChange, RevisionMixin, ClusterableModel):
    """A licence or approval (许可/批准证书) held by one institution for one service."""

    institution = models.ForeignKey(
        Institution, verbose_name="医疗机构", on_delete=models.PROTECT, related_name="licences"
    )
    service = models.CharField("许可项目", max_length=30, choices=Service.choices)
    technologies = ParentalManyToManyField(
        Technology, verbose_name="批准技术", blank=True, related_name="licences"
    )
    authority = models.ForeignKey(
        Authority, verbose_name="许可机关", on_delete=models.PROTECT, related_name="licences"
    )
    decision_no = models.CharField("许可决定文书号", max_length=60)
    licence_no = models.CharField("许可证编号", max_length=60, unique=True)
    decided_on = models.DateField("许可决定日期")
    valid_from = models.DateField("有效期自")
    valid_until = models.DateField("有效期至", null=True, blank=True, help_text="留空表示长期有效")
    # Derived from the events on every save; never edited by hand.
    state = models.CharField(
        "执业状态", max_length=10, choices=State.choices, default=State.ACTIVE, editable=False
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["institution__name", "service"]
        verbose_name = "许可"
        verbose_name_plural = "许可"
        indexes = [models.Index(fields=["service", "state", "valid_from", "valid_until"])]

    def __str__(self):
        return f"{self.institution} — {self.get_service_display()}（{self.licence_no}）"

    def get_absolute_url(self):
        return reverse("institution_detail", args=[self.institution_id]) + f"#licence-{self.pk}"

    def clean(self):
        errors = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = "有效期至不能早于有效期自。"
        if self.decided_on and self.valid_from and self.valid_from < self.decided_on:
            errors["valid_from"] = "有效期自不能早于许可决定日期。"
        bounds = date_errors(self, past=("decided_on",), term=("valid_from", "valid_until"))
        for name, message in bounds.items():
            errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)

    def status(self, on=None):
        return status_on(self.valid_from, self.valid_until, self.state, on or timezone.localdate())

    def term_label(self):
        """有效期至2027年1月9日, or 长期有效 for a licence without an end date."""
        if self.valid_until is None:
            return "长期有效"
        return f"有效期至{chinese_date(self.valid_until)}"

    def stopping_event(self, on=None):
        """For a suspended, revoked or cancelled licence, the latest event of that kind
        (its date, document and note say when and why); None for any other status.
        Reads `events` as loaded (prefetch them for a list of licences)."""
        kind = STOPPING_EVENT.get(self.status(on))
        if kind is None:
            return None
        events = [e for e in self.events.all()
                  if e.kind == kind and (on is None or e.date <= on)]
        return max(events, key=lambda e: (e.date, e.pk or 0), default=None)

    def technology_names(self):
        return "、".join(t.name for t in self.technologies.all())

    technology_names.short_description = "批准技术"

    def get_status_display(self):
        return Status(self.status()).label

    def history(self, on=None):
        """The recorded events, plus the lapse of the term once 有效期至 has passed."""
        rows = [
            HistoryRow(e.date, e.get_kind_display(), e.document_no, e.note)
            for e in self.events.all()
        ]
        if self.status(on) == Status.EXPIRED:
            rows.append(HistoryRow(self.valid_until + timedelta(days=1), "有效期届满，许可失效"))
        return rows

    def event_tuples(self):
        return [(e.date, e.kind, e.new_valid_until) for e in self.events.all()]

    def status_as_of(self, day):
        return status_as_of(self.valid_from, self.event_tuples(), day, self.valid_until)

    def sync_from_events(self):
        """Set state and 有效期至 from the events (in memory while a form saves them);
        returns the events."""
        events = list(self.events.all())
        self.state = state_after((e.date, e.kind) for e in events)
        renewals = sorted((e.date, e.new_valid_until) for e in events if e.new_valid_until)
        if renewals:
            self.valid_until = renewals[-1][1]
        return events

    def save(self, *args, **kwargs):
        # The events just read are the ones the save keeps (the form's, or the database's).
        had_events = bool(self.sync_from_events())
        # post_save fires before the cluster writes the technologies, and the first event
        # re-indexes too: everything asked in the block is indexed once, at its end.
        with deferred(), references_kept(self):
            super().save(*args, **kwargs)
            if not had_events:
                LicenceEvent.objects.create(
                    licence=self, kind=EventKind.GRANTED, date=self.decided_on,
                    document_no=self.decision_no, new_valid_until=self.valid_until,
                )
            refresh_object(self)


class LicenceEvent(models.Model):
    """One entry in a licence's history (准予许可、校验、变更、暂停、吊销、注销)."""

    licence = ParentalKey(
        Licence, verbose_name="许可", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField("事项", max_length=10, choices=EventKind.choices)
    date = models.DateField("日期")
    document_no = models.CharField("文书号", max_length=60, blank=True)
    new_valid_until = models.DateField(
        "新的有效期至", null=True, blank=True, help_text="校验或变更后延长有效期时填写"
    )
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = "许可事项记录"
        verbose_name_plural = "许可事项记录"

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"

    def clean(self):
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = "事项日期不能晚于今天。"
        bounds = date_errors(self, past=("date",), term=("new_valid_until",))
        for name, message in bounds.items():
            errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)
