"""抽查计划 (a plan: its object categories, check items and deadlines) and its draw
(抽查名单), frozen once made.

A plan is a draft until its authority publishes the commitment (承诺值); from then on
nothing that decides the draw may change. The draw stores the bundle anyone can re-run
(draw_rules.run_draw) and the published result; neither can be changed or deleted.
"""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from licensing.choices import Service
from licensing.models import Authority, Institution

from .. import draw_rules, plan_types


class Kind(models.TextChoices):
    NATIONAL = "national", plan_types.NATIONAL
    REGIONAL = "regional", "自治区随机监督抽查"
    CITY = "city", plan_types.CITY
    COUNTY = "county", "县级随机监督抽查"


KIND_BY_TEMPLATE_NAME = {plan_types.NATIONAL: Kind.NATIONAL, plan_types.REGIONAL: Kind.REGIONAL,
                         plan_types.CITY: Kind.CITY}


class InspectionPlan(ClusterableModel):
    """抽查计划: what is inspected, how many are drawn, what is checked, and by when."""

    name = models.CharField("计划名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    authority = models.ForeignKey(Authority, verbose_name="检查机关", on_delete=models.PROTECT,
                                  related_name="inspection_plans")
    kind = models.CharField("抽查类别", max_length=20, choices=Kind.choices)
    template_key = models.CharField("所用模板", max_length=20, blank=True, editable=False)
    source = models.CharField("依据文件", max_length=200, blank=True)
    objects_text = models.TextField("抽查对象范围", blank=True)
    omission_allowed = models.BooleanField("检查内容可合理缺项", default=True)
    omission_note = models.CharField("缺项说明", max_length=200, blank=True,
                                     default=plan_types.OMISSION_NOTE)
    starts_on = models.DateField("检查日期自")
    ends_on = models.DateField("检查日期至")
    results_due = models.DateField("结果公开截止日期",
                                   help_text="本计划全部检查结果应于此日前经复核后公开")
    per_inspection = models.PositiveSmallIntegerField(
        "每次检查执法人员数", default=draw_rules.MIN_INSPECTORS,
        help_text="行政处罚法第四十二条：执法人员不得少于两人")
    follow_up_year = models.PositiveSmallIntegerField(
        "回头看：上一年度受处罚单位所属年度", null=True, blank=True)
    public_value_source = models.CharField(
        "公开随机数来源", max_length=200, blank=True,
        help_text="公布承诺值时一并公布，如：某年某月某日中国福利彩票“3D”开奖号码")
    commitment = models.CharField("承诺值", max_length=64, blank=True, editable=False)
    secret = models.CharField("抽查密钥", max_length=64, blank=True, editable=False)
    committed_on = models.DateField("承诺值公布日期", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-year", "authority", "name"]
        verbose_name = "抽查计划"
        verbose_name_plural = "抽查计划"

    def __str__(self):
        return self.name if str(self.year) in self.name else f"{self.year}年{self.name}"

    def get_absolute_url(self):
        return reverse("inspections:plan", args=[self.pk])

    @property
    def is_committed(self):
        return bool(self.commitment)

    @property
    def is_drawn(self):
        return hasattr(self, "draw") and self.draw.pk is not None

    @property
    def state_label(self):
        if self.is_drawn:
            return "已抽取"
        return "已公布承诺值，待抽取" if self.is_committed else "草稿"

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            errors["ends_on"] = "检查日期至不能早于检查日期自。"
        if self.year and self.starts_on and self.starts_on.year != self.year:
            errors["starts_on"] = "检查日期应在计划年度内。"
        if self.per_inspection is not None and self.per_inspection < draw_rules.MIN_INSPECTORS:
            errors["per_inspection"] = "每次检查的执法人员不得少于2人（行政处罚法第四十二条）。"
        if self.ends_on and self.results_due and self.results_due < self.ends_on:
            errors["results_due"] = "结果公开截止日期不能早于检查日期至。"
        if errors:
            raise ValidationError(errors)


class ChoiceListField(models.CharField):
    """A few choices in one column ("general,specialist"), ticked as boxes in the admin with
    their Chinese labels; a list in Python."""

    def __init__(self, *args, choice_list=(), **kwargs):
        self.choice_list = list(choice_list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choice_list"] = self.choice_list
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return value

    def formfield(self, **kwargs):
        from django import forms

        field = self

        class ListField(forms.MultipleChoiceField):
            def prepare_value(self, value):
                if isinstance(value, str):
                    return [v for v in value.split(",") if v]
                return value

            def clean(self, value):
                return ",".join(super().clean(value))

            def has_changed(self, initial, data):
                return super().has_changed(self.prepare_value(initial), data)

        return ListField(label=field.verbose_name, choices=field.choice_list,
                         required=not field.blank, help_text=field.help_text,
                         widget=forms.CheckboxSelectMultiple)


def _choices_text(values, choices):
    labels = dict(choices)
    return "、".join(str(labels.get(v, v)) for v in values)


class PlanCategory(Orderable):
    """监督检查对象: one stratum of the draw and its 抽查比例 (R11)."""

    plan = ParentalKey(InspectionPlan, related_name="categories", on_delete=models.CASCADE)
    name = models.CharField("对象类别", max_length=100)
    ratio = models.DecimalField("抽查比例", max_digits=5, decimal_places=4,
                                help_text="0至1之间的小数，如 0.5 即 50%；1 即全覆盖")
    minimum = models.PositiveIntegerField("最少抽取数", default=0,
                                          help_text="如“每个区县抽2家”填2；不超过单位总数")
    by_county = models.BooleanField("按区县分别抽取", default=False,
                                    help_text="勾选后每个区县单独按比例和最少抽取数抽取")
    institution_categories = ChoiceListField(
        "机构类别", max_length=100, blank=True, choice_list=Institution.Category.choices,
        help_text="不勾选为不限机构类别")
    services = ChoiceListField(
        "持有的许可项目", max_length=200, blank=True, choice_list=Service.choices,
        help_text="机构持有所勾选的任一项有效许可（含暂停执业）即纳入；不勾选为不限")

    class Meta(Orderable.Meta):
        verbose_name = "抽查对象类别"
        verbose_name_plural = "抽查对象类别"

    def __str__(self):
        return self.name

    @property
    def category_list(self):
        return [v.strip() for v in self.institution_categories.split(",") if v.strip()]

    @property
    def service_list(self):
        return [v.strip() for v in self.services.split(",") if v.strip()]

    def ratio_text(self):
        """The ratio as the plan shows it: "50%", "100%", "10%"."""
        percent = (self.ratio * 100).normalize()
        return f"{percent:f}%"

    def scope_text(self):
        parts = []
        if self.category_list:
            parts.append(_choices_text(self.category_list, Institution.Category.choices))
        if self.service_list:
            parts.append("持有" + _choices_text(self.service_list, Service.choices) + "许可")
        return "；".join(parts) or "辖区内全部医疗机构"

    def clean(self):
        errors = {}
        if self.ratio is not None and not 0 <= self.ratio <= 1:
            errors["ratio"] = "抽查比例须在0与1之间。"
        unknown = set(self.category_list) - set(Institution.Category.values)
        if unknown:
            errors["institution_categories"] = f"未知的机构类别：{'、'.join(sorted(unknown))}"
        unknown = set(self.service_list) - set(Service.values)
        if unknown:
            errors["services"] = f"未知的许可项目：{'、'.join(sorted(unknown))}"
        if errors:
            raise ValidationError(errors)


class PlanItem(Orderable):
    """检查内容: one check item, in its group (R12)."""

    class GroupKind(models.TextChoices):
        QUALIFICATION = plan_types.QUALIFICATION, "机构及人员资质"
        RULES = plan_types.RULES, "制度建立"
        COMPLIANCE = plan_types.COMPLIANCE, "法律法规执行"
        SPECIAL = plan_types.SPECIAL, "专项检查"

    plan = ParentalKey(InspectionPlan, related_name="items", on_delete=models.CASCADE)
    code = models.CharField("编号", max_length=30, help_text="如 2025ART-3-2；模板导入时生成")
    group_number = models.PositiveSmallIntegerField("组号", default=1)
    group_name = models.CharField("检查项目", max_length=100)
    group_kind = models.CharField("项目类别", max_length=20, choices=GroupKind.choices)
    text = models.TextField("检查内容")

    class Meta(Orderable.Meta):
        verbose_name = "检查内容"
        verbose_name_plural = "检查内容"

    def __str__(self):
        return self.text[:60]


class PlanDeadline(Orderable):
    """完成时限 / 报送要求 (R14)."""

    plan = ParentalKey(InspectionPlan, related_name="deadlines", on_delete=models.CASCADE)
    label = models.CharField("事项", max_length=100)
    due_on = models.DateField("截止日期")

    class Meta(Orderable.Meta):
        verbose_name = "报送时限"
        verbose_name_plural = "报送时限"

    def __str__(self):
        return f"{self.label}（{self.due_on:%Y-%m-%d}前）"


class FrozenRecord(ValueError):
    """A draw is never changed or deleted once made."""


class Draw(models.Model):
    """抽查名单: the draw of one plan, frozen like a published list edition."""

    plan = models.OneToOneField(InspectionPlan, verbose_name="抽查计划",
                                on_delete=models.PROTECT, related_name="draw")
    public_value = models.CharField("公开随机数", max_length=200)
    seed = models.CharField("随机种子", max_length=64)
    drawn_on = models.DateField("抽取日期")
    drawn_at = models.DateTimeField("抽取时间", auto_now_add=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                                 on_delete=models.SET_NULL, related_name="+")
    algorithm = models.CharField("抽取算法版本", max_length=30,
                                 default=draw_rules.ALGORITHM_VERSION)
    bundle = models.TextField("抽查数据包（JSON）")
    result = models.TextField("抽查结果（JSON）")
    bundle_sha256 = models.CharField("数据包 SHA-256", max_length=64)

    class Meta:
        ordering = ["-drawn_on", "-pk"]
        verbose_name = "抽查名单"
        verbose_name_plural = "抽查名单"

    def __str__(self):
        return f"{self.plan} 抽查名单"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise FrozenRecord("抽查名单一经产生即冻结，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenRecord("抽查名单一经产生即冻结，不能删除。")

    def bundle_data(self):
        return json.loads(self.bundle)

    def result_data(self):
        return json.loads(self.result)


class PopulationEntry(models.Model):
    """辖区内单位: one institution of a stratum's population on the draw date (a snapshot,
    so the summary table's 辖区内单位总数 never moves when the register does)."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="population")
    category = models.CharField("对象类别", max_length=100)
    uscc = models.CharField("统一社会信用代码", max_length=18)
    region_code = models.CharField("所在区划代码", max_length=6)

    class Meta:
        verbose_name = "抽查对象名录"
        verbose_name_plural = "抽查对象名录"
        indexes = [models.Index(fields=["draw", "category", "region_code"])]

    def __str__(self):
        return f"{self.category} {self.uscc}"


class DrawEntry(models.Model):
    """One drawn object (序号 in its stratum) and the inspection that serves it."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="entries")
    category = models.CharField("对象类别", max_length=100)
    stratum = models.CharField("抽取分组", max_length=160,
                               help_text="按区县分别抽取时为“对象类别·区县”，否则同对象类别")
    rank = models.PositiveIntegerField("序号")
    institution = models.ForeignKey(Institution, verbose_name="医疗机构",
                                    on_delete=models.PROTECT, related_name="draw_entries")
    uscc = models.CharField("统一社会信用代码", max_length=18)
    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.PROTECT,
                                   related_name="draw_entries")

    class Meta:
        ordering = ["draw", "stratum", "rank"]
        verbose_name = "抽中单位"
        verbose_name_plural = "抽中单位"

    def __str__(self):
        return f"{self.stratum} 第{self.rank}名 {self.uscc}"
