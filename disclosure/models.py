"""Disclosure: the semiannual list editions (R2) and the review that publishes them."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.models import (
    AbstractGroupApprovalTask,
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)

from licensing.models import validate_uscc

from .application_rules import (
    APPROVED,
    DISCLOSED,
    RECEIVED,
    REFUSED,
    STATUS_LABELS,
    disclosed_on_time,
    disclosure_deadline,
)
from .edition_files import changes_since_previous, edition_csv, freeze_edition
from .list_rules import list_edition_for


class FrozenEditionError(PermissionDenied):
    """A published edition never changes; a mistake is corrected by a correction edition."""

    def __init__(self):
        super().__init__("已公布的名单不能修改或删除；如有错误，请生成并发布更正版名单。")


class ListEdition(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model
):
    """One edition of 已取得人类辅助生殖技术和人类精子库许可的医疗机构名单."""

    # Fixed on publication; changing any of them afterwards is refused.
    FROZEN_FIELDS = (
        "as_of", "corrects_id", "note", "rows", "csv_text", "sha256", "published_on", "live",
    )

    as_of = models.DateField("名单截止日期")
    corrects = models.ForeignKey(
        "self", verbose_name="更正的名单", null=True, blank=True, on_delete=models.PROTECT,
        related_name="corrections",
    )
    note = models.TextField("说明", blank=True, help_text="更正版须说明更正了什么")
    rows = models.JSONField("名单内容", default=list, editable=False)
    generated_at = models.DateTimeField("生成时间", default=timezone.now, editable=False)
    csv_text = models.TextField("公布的CSV", blank=True, editable=False)
    sha256 = models.CharField("CSV的SHA-256", max_length=64, blank=True, editable=False)
    published_on = models.DateField("公布日期", null=True, blank=True, editable=False)

    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState", content_type_field="base_content_type",
        object_id_field="object_id", related_query_name="list_edition", for_concrete_model=False,
    )
    revisions = GenericRelation(
        "wagtailcore.Revision", content_type_field="base_content_type",
        object_id_field="object_id", related_query_name="list_edition", for_concrete_model=False,
    )

    class Meta:
        ordering = ["-as_of", "-pk"]
        verbose_name = "半年名单"
        verbose_name_plural = "半年名单"
        constraints = [
            models.UniqueConstraint(
                fields=["as_of"], condition=Q(corrects__isnull=True),
                name="one_regular_edition_per_as_of",
            )
        ]

    def __str__(self):
        title = f"截至{self.as_of:%Y年%m月%d日}的辅助生殖机构和人类精子库名单"
        return f"{title}（更正版）" if self.corrects_id else title

    # Immutability: see FROZEN_FIELDS.
    def save(self, *args, **kwargs):
        stored = self._stored_frozen_values()
        if stored and any(getattr(self, name) != stored[name] for name in self.FROZEN_FIELDS):
            raise FrozenEditionError()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("list_edition_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self._stored_frozen_values():
            raise FrozenEditionError()
        return super().delete(*args, **kwargs)

    @property
    def frozen(self):
        return self.published_on is not None

    @property
    def due(self):
        """复核公布期限 of this edition's half-year."""
        return list_edition_for(self.as_of).due

    def published_on_time(self):
        return None if not self.frozen else self.published_on <= self.due

    def row_count(self):
        return len(self.rows)

    row_count.short_description = "机构数"

    def group_counts(self):
        counts = {}
        for row in self.rows:
            counts[row["group"]] = counts.get(row["group"], 0) + 1
        return counts

    def csv_bytes(self):
        """The stored bytes once published; for a draft, what publication will store."""
        return edition_csv(self)

    def get_preview_template(self, request, mode_name):
        return "disclosure/list_edition_preview.html"

    def get_preview_context(self, request, mode_name):
        previous, changes = changes_since_previous(self)
        return {"edition": self, "previous": previous, "changes": changes}

    def _stored_frozen_values(self):
        if not self.pk:
            return None
        stored = type(self).objects.filter(pk=self.pk, published_on__isnull=False).values(
            *self.FROZEN_FIELDS
        ).first()
        return stored

    def freeze(self):
        """On first publication: store the canonical CSV, its hash and the date, for good
        (edition_files.freeze_edition: the as-of line and the table)."""
        freeze_edition(self)


class SecondPersonApprovalTask(AbstractGroupApprovalTask):
    """复核: a member of the chosen groups other than the person who submitted approves."""

    class Meta:
        verbose_name = "他人复核"
        verbose_name_plural = "他人复核"

    @staticmethod
    def _submitted_by(obj):
        state = getattr(obj, "current_workflow_state", None)
        return state.requested_by if state else None

    def get_actions(self, obj, user):
        if user == self._submitted_by(obj):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve" and user == task_state.workflow_state.requested_by:
            raise PermissionDenied("提交人不能复核自己提交的名单，须由另一名工作人员复核。")
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls):
        return gettext_lazy("所选用户组中提交人以外的成员复核通过后发布")


class SetupApplication(models.Model):
    """新的设置申请 (R3): an application to set up an ART service or a sperm bank."""

    institution = models.ForeignKey(
        "licensing.Institution", verbose_name="登记册中的申请机构", null=True, blank=True,
        on_delete=models.PROTECT, related_name="setup_applications",
        help_text="已在登记册中的机构请选择；新机构留空并填写下方信息",
    )
    applicant_name = models.CharField("申请机构名称", max_length=100)
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, validators=[validate_uscc]
    )
    region = models.ForeignKey(
        "licensing.Region", verbose_name="所在县（市、区）", on_delete=models.PROTECT,
        limit_choices_to={"level": "county", "code__startswith": "45"}, related_name="+",
    )
    address = models.CharField("地址", max_length=200)
    applies_art = models.BooleanField("申请人类辅助生殖技术", default=False)
    technologies = models.ManyToManyField(
        "licensing.Technology", verbose_name="申请的辅助生殖技术", blank=True,
        limit_choices_to={"service": "art"}, related_name="+",
    )
    applies_sperm_bank = models.BooleanField("申请设置人类精子库", default=False)
    received_on = models.DateField("申请接收日期")
    contact_office = models.CharField("联系部门", max_length=100, help_text="对外公开")
    office_phone = models.CharField("部门办公电话", max_length=30, help_text="对外公开")
    contact_person = models.CharField("经办人", max_length=50, blank=True,
                                      help_text="不对外公开")
    contact_mobile = models.CharField("经办人手机", max_length=30, blank=True,
                                      help_text="不对外公开")
    status = models.CharField("办理状态", max_length=20, choices=list(STATUS_LABELS.items()),
                              default=RECEIVED)
    disclosed_on = models.DateField("信息公开日期", null=True, blank=True, editable=False)
    outcome_note = models.TextField("办理结果说明", blank=True)
    approval = models.ForeignKey(
        "licensing.Approval", verbose_name="审批记录", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"service__in": ["art", "sperm_bank"]},
        help_text="准予或不予许可时，选择自治区卫生健康委作出的审批记录",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "设置申请"
        verbose_name_plural = "设置申请"

    def __str__(self):
        return f"{self.applicant_name}（{self.received_on:%Y-%m-%d}受理）"

    def clean(self):
        errors = {}
        if not (self.applies_art or self.applies_sperm_bank):
            errors["applies_art"] = "请至少选择一项申请事项。"
        if self.received_on and self.received_on > timezone.localdate():
            errors["received_on"] = "申请接收日期不能晚于今天。"
        if self.status in (APPROVED, REFUSED) and not self.approval_id:
            errors["approval"] = "作出许可决定的，须关联审批记录。"
        if self.approval_id and self.status in (APPROVED, REFUSED) and (
            self.approval.decision != self.status
        ):
            errors["approval"] = "审批记录的决定与办理状态不一致。"
        from licensing.date_bounds import date_errors

        for name, message in date_errors(self, past=("received_on",)).items():
            errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)

    @property
    def deadline(self):
        return disclosure_deadline(self.received_on)

    def days_left(self, today=None):
        """Calendar days until the disclosure deadline (negative when overdue)."""
        return (self.deadline - (today or timezone.localdate())).days

    def days_overdue(self, today=None):
        return -self.days_left(today)

    def disclosed_on_time(self):
        return None if not self.disclosed_on else disclosed_on_time(
            self.received_on, self.disclosed_on
        )

    def get_status_display(self):
        return STATUS_LABELS[self.status]

    def services_applied(self):
        parts = []
        if self.applies_art:
            techs = "、".join(t.name for t in self.technologies.all())
            parts.append(f"人类辅助生殖技术（{techs}）" if techs else "人类辅助生殖技术")
        if self.applies_sperm_bank:
            parts.append("人类精子库")
        return "；".join(parts)

    services_applied.short_description = "申请事项"

    @property
    def licence(self):
        """The licence an approval produced."""
        return self.approval.licence if self.approval_id else None


class ApplicationNotice(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model
):
    """申请机构信息公开: the public notice of one application (draft → review → publish)."""

    application = models.OneToOneField(
        SetupApplication, verbose_name="设置申请", on_delete=models.PROTECT,
        related_name="notice",
    )
    body = models.TextField("公告正文", blank=True, help_text="申请机构基本情况、规划布局等说明")
    comment_from = models.DateField("意见征集起始日", null=True, blank=True)
    comment_until = models.DateField("意见征集截止日", null=True, blank=True)
    objection_address = models.CharField(
        "异议受理地址或邮箱", max_length=200, blank=True,
        help_text="设置意见征集期时填写，公众可在期内提出异议",
    )

    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState", content_type_field="base_content_type",
        object_id_field="object_id", related_query_name="application_notice",
        for_concrete_model=False,
    )
    revisions = GenericRelation(
        "wagtailcore.Revision", content_type_field="base_content_type",
        object_id_field="object_id", related_query_name="application_notice",
        for_concrete_model=False,
    )

    class Meta:
        verbose_name = "申请信息公开"
        verbose_name_plural = "申请信息公开"

    def __str__(self):
        return f"关于{self.application.applicant_name}设置申请的信息公开"

    def save(self, *args, **kwargs):
        # Once disclosed, a notice stays public (admin views refuse unpublishing as well).
        if self.pk and not self.live and type(self).objects.filter(
            pk=self.pk, live=True, first_published_at__isnull=False
        ).exists():
            raise PermissionDenied("已发布的申请信息公开不能撤回。")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("application_detail", args=[self.application_id])

    def delete(self, *args, **kwargs):
        if type(self).objects.filter(pk=self.pk, first_published_at__isnull=False).exists():
            raise PermissionDenied("已发布的申请信息公开不能删除。")
        return super().delete(*args, **kwargs)

    def clean(self):
        errors = {}
        if (self.comment_from is None) != (self.comment_until is None):
            errors["comment_until"] = "意见征集期须同时填写起止日期。"
        elif self.comment_from and self.comment_until < self.comment_from:
            errors["comment_until"] = "意见征集截止日不能早于起始日。"
        if self.comment_from and not self.objection_address.strip():
            errors["objection_address"] = "设置意见征集期的，须填写异议受理地址或邮箱。"
        from licensing.date_bounds import date_errors

        bounds = date_errors(self, term=("comment_from", "comment_until"))
        for name, message in bounds.items():
            errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)

    def record_disclosure(self):
        """On first publication: the application is disclosed today."""
        application = self.application
        if application.disclosed_on:
            return
        application.disclosed_on = timezone.localdate()
        if application.status == RECEIVED:
            application.status = DISCLOSED
        application.save(update_fields=["disclosed_on", "status", "updated_at"])
