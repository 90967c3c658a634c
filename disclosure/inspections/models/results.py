"""检查 (one visit to one drawn institution, possibly for several plans: 综合查一次), its
result per check item, the review that publishes it, 回头看 follow-ups and 风险提示."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from disclosure.credit.models import Penalty
from licensing.models import Authority, Institution

from .plans import InspectionPlan, PlanItem
from .roster import Inspector


class Outcome(models.TextChoices):
    """检查结果, in the national categories of 双随机 result records."""

    NO_PROBLEM = "no_problem", "未发现问题"
    CORRECTED = "corrected", "发现问题已责令改正"
    PENDING = "pending", "发现问题待后续处理"
    NO_ACTIVITY = "no_activity", "未发现开展本次抽查涉及的经营活动"
    UNREACHABLE = "unreachable", "通过登记的住所（经营场所）无法联系"
    OBSTRUCTED = "obstructed", "不配合检查情节严重"
    CLOSED = "closed", "已关闭停业或正在组织清算"
    OTHER = "other", "其他"


# Outcomes for which no check item could be examined.
NOT_EXAMINED = {Outcome.NO_ACTIVITY, Outcome.UNREACHABLE, Outcome.OBSTRUCTED, Outcome.CLOSED}
PROBLEM_FOUND = {Outcome.CORRECTED, Outcome.PENDING}


class Inspection(models.Model):
    """检查: one visit by at least two randomly assigned inspectors."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", "待检查"
        ENTERED = "entered", "已录入，待提交复核"
        SUBMITTED = "submitted", "待复核"
        PUBLISHED = "published", "已公开"

    authority = models.ForeignKey(Authority, verbose_name="检查机关", on_delete=models.PROTECT,
                                  related_name="inspections")
    institution = models.ForeignKey(Institution, verbose_name="检查对象",
                                    on_delete=models.PROTECT, related_name="inspections")
    plans = models.ManyToManyField(InspectionPlan, verbose_name="抽查计划",
                                   related_name="inspections")
    inspectors = models.ManyToManyField(Inspector, verbose_name="执法人员",
                                        related_name="inspections")
    window_start = models.DateField("可检查日期自")
    window_end = models.DateField("可检查日期至")
    visited_on = models.DateField("检查日期", null=True, blank=True)
    outcome = models.CharField("检查结果", max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField("检查情况说明", blank=True,
                                    help_text="将向社会公开；请勿填写个人姓名、身份证号码、电话")
    penalties = models.ManyToManyField(Penalty, verbose_name="后续行政处罚", blank=True,
                                       related_name="inspections")
    status = models.CharField("状态", max_length=20, choices=Status.choices,
                              default=Status.ASSIGNED, editable=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     editable=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    editable=False)
    published_on = models.DateField("公开日期", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-window_end", "institution__name", "pk"]
        verbose_name = "检查结果"
        verbose_name_plural = "检查结果"

    def __str__(self):
        return f"{self.institution.name}（{self.window_start:%Y}年检查）"

    def get_absolute_url(self):
        return reverse("inspections:result", args=[self.pk])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def plan_list(self):
        return list(self.plans.all())

    @property
    def merged(self):
        """综合查一次: one visit served more than one plan."""
        return len(self.plan_list()) > 1

    def clean(self):
        errors = {}
        if self.visited_on and self.window_start and not (
                self.window_start <= self.visited_on):
            errors["visited_on"] = f"检查日期不能早于计划检查日期（{self.window_start:%Y-%m-%d}）。"
        from licensing.date_bounds import date_errors

        errors.update(date_errors(self, past=("visited_on",)))
        if errors:
            raise ValidationError(errors)


class ItemResult(models.Model):
    """The result of one check item at one inspection: 合格 / 不合格 / 合理缺项."""

    class Result(models.TextChoices):
        PASS = "pass", "合格"
        FAIL = "fail", "不合格"
        NOT_APPLICABLE = "na", "合理缺项"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE,
                                   related_name="item_results")
    item = models.ForeignKey(PlanItem, verbose_name="检查内容", on_delete=models.PROTECT,
                             related_name="results")
    result = models.CharField("结果", max_length=10, choices=Result.choices)
    finding = models.TextField("发现的问题", blank=True,
                               help_text="不合格的须填写；将向社会公开，请勿填写个人信息")

    class Meta:
        ordering = ["inspection", "item__sort_order", "item__pk"]
        verbose_name = "检查内容结果"
        verbose_name_plural = "检查内容结果"
        constraints = [models.UniqueConstraint(fields=["inspection", "item"],
                                               name="one_result_per_item")]

    def __str__(self):
        return f"{self.item}：{self.get_result_display()}"


class FollowUp(ClusterableModel):
    """回头看 (R15): a unit penalised in the previous year, and its rectification (整改)."""

    class Status(models.TextChoices):
        DONE = "done", "已整改"
        ONGOING = "ongoing", "整改中"
        NOT_DONE = "not_done", "未整改"

    plan = models.ForeignKey(InspectionPlan, verbose_name="抽查计划", on_delete=models.PROTECT,
                             related_name="follow_ups")
    institution = models.ForeignKey(Institution, verbose_name="受处罚单位",
                                    on_delete=models.PROTECT, related_name="follow_ups")
    penalty = models.ForeignKey(Penalty, verbose_name="上一年度的行政处罚", null=True,
                                blank=True, on_delete=models.PROTECT, related_name="follow_ups")
    status = models.CharField("整改情况", max_length=20, choices=Status.choices,
                              default=Status.ONGOING)
    checked_on = models.DateField("核查日期", null=True, blank=True)
    note = models.TextField("核查情况", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["plan", "institution__name"]
        verbose_name = "回头看"
        verbose_name_plural = "回头看"
        constraints = [models.UniqueConstraint(fields=["plan", "institution", "penalty"],
                                               name="one_follow_up_per_penalty")]

    def __str__(self):
        return f"{self.institution.name} 回头看（{self.get_status_display()}）"

    def clean(self):
        from licensing.date_bounds import date_errors

        errors = date_errors(self, past=("checked_on",))
        if self.penalty_id and self.institution_id and (
                self.penalty.institution_id != self.institution_id):
            errors["penalty"] = "所选处罚不属于该单位。"
        if self.status == self.Status.DONE and not self.checked_on:
            errors["checked_on"] = "登记“已整改”的，须填写核查日期。"
        if errors:
            raise ValidationError(errors)


class FollowUpDocument(Orderable):
    """整改证明材料: a document in the staff-only collection (never public)."""

    follow_up = ParentalKey(FollowUp, related_name="documents", on_delete=models.CASCADE)
    document = models.ForeignKey("wagtaildocs.Document", verbose_name="证明材料",
                                 on_delete=models.PROTECT, related_name="+")
    title = models.CharField("材料名称", max_length=100)

    class Meta(Orderable.Meta):
        verbose_name = "整改证明材料"
        verbose_name_plural = "整改证明材料"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from ..evidence import evidence_refusal, keep_private

        if reason := evidence_refusal(self.document, self.follow_up.plan):
            raise ValidationError(reason)  # forms check first (admin_viewsets)
        keep_private(self.document)
        super().save(*args, **kwargs)


class RiskNotice(models.Model):
    """风险提示 (R19): a warning published from the analysis of inspection results."""

    authority = models.ForeignKey(Authority, verbose_name="发布机关", on_delete=models.PROTECT,
                                  related_name="risk_notices")
    plan = models.ForeignKey(InspectionPlan, verbose_name="所依据的抽查计划", null=True,
                             blank=True, on_delete=models.PROTECT, related_name="risk_notices")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("提示内容")
    published_on = models.DateField("发布日期", null=True, blank=True,
                                    help_text="填写后即向社会公开，不能再修改或删除")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = "风险提示"
        verbose_name_plural = "风险提示"

    def __str__(self):
        return self.title

    def clean(self):
        from licensing.date_bounds import date_errors

        errors = date_errors(self, past=("published_on",))
        if errors:
            raise ValidationError(errors)
