"""Penalties (行政处罚, 双公示), the blacklist (黑名单) and bad-practice points (不良执业行为记分).

Field names follow the national 双公示 standard for 行政处罚信息; its codes (CF_*) are in
each field's help text and in the public data dictionary. ID numbers are stored for
staff only and never leave the admin.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from stdnum.cn import ric

from licensing.choices import Service
from licensing.date_bounds import date_errors
from licensing.models import Authority, Institution, Licence, validate_uscc

from . import periods, scheme

KIND_CHOICES = [(kind, kind) for kind in periods.KINDS]


class KindsField(models.CharField):
    """处罚类别 (CF_CFLB): a list of kinds in Python, "罚款、吊销许可证件" in the database, so
    that both SQLite and PostgreSQL filter on a kind with a plain `contains`."""

    SEPARATOR = "、"

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        return [part for part in (value or "").split(self.SEPARATOR) if part]

    def get_prep_value(self, value):
        if isinstance(value, list | tuple):
            return self.SEPARATOR.join(value)
        return value

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def formfield(self, **kwargs):
        from django import forms

        return forms.MultipleChoiceField(
            label=self.verbose_name, choices=KIND_CHOICES, help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple, required=not self.blank)


def _check_id_number(errors, field, value):
    if value and not ric.is_valid(value):
        errors[field] = "居民身份证号码校验不通过，请核对。"


class Penalty(models.Model):
    """行政处罚决定: one decision, public (双公示) from its publication to its 公示截止期."""

    class SubjectKind(models.TextChoices):
        ORGANISATION = "organisation", "法人及非法人组织"
        PERSON = "person", "自然人"
        SOLE_TRADER = "sole_trader", "个体工商户"

    class EndReason(models.TextChoices):
        REPAIRED = "repaired", "信用修复"
        CHANGED = "changed", "处罚决定被变更"
        REVOKED = "revoked", "处罚决定被撤销"
        ANNULLED = "annulled", "处罚决定被确认违法或无效"

    institution = models.ForeignKey(
        Institution, verbose_name="所涉医疗机构", on_delete=models.PROTECT,
        related_name="penalties", help_text="违法行为发生的机构；处罚自然人的，选择其执业机构",
    )
    service = models.CharField(
        "所涉许可项目", max_length=30, choices=Service.choices,
        help_text="谁审批、谁监管：由该项目的许可机关依法处罚",
    )
    subject_name = models.CharField("行政相对人名称", max_length=200, help_text="CF_XDR_MC")
    subject_kind = models.CharField(
        "行政相对人类别", max_length=20, choices=SubjectKind.choices,
        default=SubjectKind.ORGANISATION, help_text="CF_XDR_LB",
    )
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True,
                            validators=[validate_uscc], help_text="CF_XDR_SHXYM")
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True,
                                            help_text="CF_FRDB")
    legal_representative_id = models.CharField(
        "法定代表人身份证号码", max_length=18, blank=True, help_text="CF_FR_ZJHM；不对外公开")
    subject_id_number = models.CharField(
        "自然人身份证号码", max_length=18, blank=True,
        help_text="CF_XDR_ZJHM；行政相对人为自然人时填写；不对外公开")
    decision_no = models.CharField("行政处罚决定书文号", max_length=128, unique=True,
                                   help_text="CF_WSH")
    violation_type = models.CharField("违法行为类型", max_length=200, help_text="CF_WFXW")
    facts = models.TextField("违法事实", help_text="CF_SY")
    basis = models.TextField("处罚依据", help_text="CF_YJ")
    kinds = KindsField("处罚类别", max_length=200, help_text="CF_CFLB；可多选")
    content = models.TextField("处罚内容", help_text="CF_NR")
    fine = models.DecimalField(
        "罚款金额（万元）", max_digits=14, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))], help_text="CF_NR_FK；如0.2即2000元")
    confiscated = models.DecimalField(
        "没收违法所得、没收非法财物的金额（万元）", max_digits=14, decimal_places=6, null=True,
        blank=True, validators=[MinValueValidator(Decimal(0))], help_text="CF_NR_WFFF")
    licence = models.ForeignKey(
        Licence, verbose_name="暂扣或吊销的许可", null=True, blank=True,
        on_delete=models.PROTECT, related_name="penalties",
        help_text="暂扣、吊销许可证件的，选择该许可：系统同时在许可记录中登记暂停或吊销")
    licence_document = models.CharField("暂扣或吊销证照名称及编号", max_length=200, blank=True,
                                        help_text="CF_NR_ZKDX")
    decided_on = models.DateField("处罚决定日期", help_text="CF_JDRQ")
    effective_until = models.DateField("处罚有效期", null=True, blank=True,
                                       help_text="CF_YXQ；留空表示长期")
    authority = models.ForeignKey(
        Authority, verbose_name="处罚机关", on_delete=models.PROTECT, related_name="penalties",
        help_text="CF_CFJG；数据来源单位（CF_SJLY）同处罚机关")
    publish_warning = models.BooleanField(
        "公示仅有警告的处罚", default=False,
        help_text="仅处以警告的决定默认不公示；处罚机关决定公示的，勾选此项")
    remarks = models.TextField("备注", blank=True, help_text="BZ")
    public_until = models.DateField("公示截止期", editable=False, help_text="CF_GSJZQ")
    published_on = models.DateField("公示日期", null=True, blank=True,
                                    help_text="决定之日起7个工作日内公示")
    ended_on = models.DateField("提前结束公示日期", null=True, blank=True, editable=False)
    end_reason = models.CharField("结束公示原因", max_length=20, blank=True,
                                  choices=EndReason.choices, editable=False)
    end_statement = models.TextField("结束公示说明", blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = "行政处罚"
        verbose_name_plural = "行政处罚"

    def __str__(self):
        return f"{self.subject_name}（{self.decision_no}）"

    def save(self, *args, **kwargs):
        self.public_until = periods.penalty_public_until(self.decided_on, self.kinds)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("credit:penalty_detail", args=[self.pk])

    def clean(self):
        errors = {}
        wrong = [k for k in self.kinds or [] if k not in periods.KINDS]
        if not self.kinds or wrong:
            errors["kinds"] = "请至少选择一种处罚类别（行政处罚法第九条所列种类）。"
        if "罚款" in (self.kinds or []) and not self.fine:
            errors["fine"] = "处以罚款的，须填写罚款金额（万元）。"
        if self.subject_kind != self.SubjectKind.PERSON and not self.uscc:
            errors["uscc"] = "法人及非法人组织、个体工商户须填写统一社会信用代码。"
        if self.subject_kind == self.SubjectKind.PERSON and not self.subject_id_number:
            errors["subject_id_number"] = "行政相对人为自然人的，须填写身份证号码（不公开）。"
        _check_id_number(errors, "subject_id_number", self.subject_id_number)
        _check_id_number(errors, "legal_representative_id", self.legal_representative_id)
        stops = {"暂扣许可证件", "吊销许可证件"} & set(self.kinds or [])
        if self.licence_id and not stops:
            errors["licence"] = "只有暂扣或吊销许可证件的处罚才关联许可。"
        if self.licence_id and self.licence.institution_id != self.institution_id:
            errors["licence"] = "所选许可不属于所涉医疗机构。"
        errors.update(date_errors(self, past=("decided_on", "published_on"),
                                  term=("effective_until",)))
        if self.published_on and self.decided_on and self.published_on < self.decided_on:
            errors["published_on"] = "公示日期不能早于处罚决定日期。"
        if errors:
            raise ValidationError(errors)

    # -- publication --------------------------------------------------------

    @property
    def to_be_published(self):
        return periods.is_published(self.kinds, self.publish_warning)

    def is_public(self, day=None):
        """公示中 on `day` (today by default): evaluated on the day, no job needed."""
        if not self.to_be_published:
            return False
        return periods.is_public_on(day or timezone.localdate(), self.published_on,
                                    self.public_until, self.ended_on)

    @property
    def repair_allowed_from(self):
        return periods.repair_allowed_from(self.decided_on, self.kinds)

    def fine_text(self):
        return amount_text(self.fine)

    def confiscated_text(self):
        return amount_text(self.confiscated)

    def kinds_display(self):
        return "、".join(self.kinds)

    kinds_display.short_description = "处罚类别"

    def public_subject_name(self):
        """A natural person appears as a masked name (张*); organisations in full."""
        if self.subject_kind == self.SubjectKind.PERSON:
            return mask_name(self.subject_name)
        return self.subject_name


def amount_text(value):
    """万元 as people write it: 0.200000 → 0.2, 12.000000 → 12."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def mask_name(name):
    """张三 → 张*, 欧阳娜娜 → 欧***: the surname's first character and one * per other."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if name else ""


class BlacklistEntry(models.Model):
    """黑名单: an institution (or a person working there) listed for a serious violation."""

    institution = models.ForeignKey(
        Institution, verbose_name="医疗机构", on_delete=models.PROTECT,
        related_name="blacklist_entries")
    person_name = models.CharField(
        "列入的自然人姓名", max_length=50, blank=True,
        help_text="列入机构的，留空；列入个人的，公开时只显示姓氏（如：张*）")
    person_id_number = models.CharField("自然人身份证号码", max_length=18, blank=True,
                                        help_text="不对外公开")
    service = models.CharField("所涉许可项目", max_length=30, choices=Service.choices)
    reason = models.TextField("列入原因")
    basis = models.TextField("列入依据")
    decision_no = models.CharField("决定文书号", max_length=128)
    authority = models.ForeignKey(Authority, verbose_name="决定机关", on_delete=models.PROTECT,
                                  related_name="blacklist_entries")
    starts_on = models.DateField("列入日期")
    ends_on = models.DateField("期满日期", null=True, blank=True, help_text="留空表示至移出为止")
    lifted_on = models.DateField("移出日期", null=True, blank=True, editable=False)
    lift_reason = models.TextField("移出原因", blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = "黑名单"
        verbose_name_plural = "黑名单"

    def __str__(self):
        who = f"{self.institution}（{mask_name(self.person_name)}）" if self.person_name else (
            str(self.institution))
        return f"{who} — {self.decision_no}"

    def get_absolute_url(self):
        return reverse("institution_detail", args=[self.institution_id])

    def clean(self):
        errors = {}
        _check_id_number(errors, "person_id_number", self.person_id_number)
        if self.person_id_number and not self.person_name:
            errors["person_name"] = "填写身份证号码的，须填写姓名。"
        errors.update(date_errors(self, past=("starts_on",), term=("ends_on",)))
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "期满日期不能早于列入日期。"
        if errors:
            raise ValidationError(errors)

    def in_force(self, day=None):
        day = day or timezone.localdate()
        if day < self.starts_on or (self.ends_on and day > self.ends_on):
            return False
        return self.lifted_on is None or day < self.lifted_on

    def public_person(self):
        return mask_name(self.person_name)


class PointRecord(models.Model):
    """不良执业行为记分 (R18): staff-only; only the credit level it leads to is public."""

    institution = models.ForeignKey(Institution, verbose_name="医疗机构",
                                    on_delete=models.PROTECT, related_name="point_records")
    person_name = models.CharField("记分人员姓名", max_length=50, blank=True,
                                   help_text="对医务人员记分时填写；对机构记分的留空")
    person_id_number = models.CharField("人员身份证号码", max_length=18, blank=True)
    service = models.CharField("所涉许可项目", max_length=30, choices=Service.choices)
    behaviour = models.CharField("不良执业行为", max_length=10, choices=[
        (b.code, f"{b.description}（{b.points}分）") for b in scheme.BEHAVIOURS.values()])
    points = models.PositiveSmallIntegerField("记分", editable=False)
    occurred_on = models.DateField("行为发生日期")
    recorded_on = models.DateField("记分日期")
    authority = models.ForeignKey(Authority, verbose_name="记分机关", on_delete=models.PROTECT,
                                  related_name="point_records")
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name = "不良执业行为记分"
        verbose_name_plural = "不良执业行为记分"

    def __str__(self):
        who = self.person_name or self.institution.name
        return f"{who} {self.get_behaviour_display()}"

    def save(self, *args, **kwargs):
        self.points = scheme.BEHAVIOURS[self.behaviour].points
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        behaviour = self.behaviour
        personal = behaviour in {b.code for b in scheme.PERSONNEL_BEHAVIOURS}
        if behaviour and personal != bool(self.person_name):
            errors["behaviour"] = ("对医务人员记分的，请填写姓名并选择人员不良执业行为；"
                                   "对机构记分的，请选择机构不良执业行为。")
        _check_id_number(errors, "person_id_number", self.person_id_number)
        errors.update(date_errors(self, past=("occurred_on", "recorded_on")))
        if self.occurred_on and self.recorded_on and self.recorded_on < self.occurred_on:
            errors["recorded_on"] = "记分日期不能早于行为发生日期。"
        if errors:
            raise ValidationError(errors)
