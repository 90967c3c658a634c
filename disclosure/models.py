"""Disclosure: the semiannual list editions (R2) and the review that publishes them."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import PermissionDenied
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

from .list_rules import canonical_csv, list_edition_for, sha256_hex


class FrozenEditionError(PermissionDenied):
    """A published edition never changes; a mistake is corrected by a correction edition."""

    def __init__(self):
        super().__init__("已公布的名单不能修改或删除；如有错误，请生成并发布更正版名单。")


class ListEdition(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model
):
    """One edition of 已取得人类辅助生殖技术和人类精子库许可的医疗机构名单."""

    # Fixed on publication; changing any of them afterwards is refused.
    FROZEN_FIELDS = ("as_of", "corrects_id", "note", "rows", "csv_text", "sha256", "published_on")

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
        return self.csv_text.encode("utf-8") if self.frozen else canonical_csv(self.rows)

    def get_preview_template(self, request, mode_name):
        return "disclosure/list_edition_preview.html"

    def get_preview_context(self, request, mode_name):
        from .editions import changes_since_previous

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
        """On first publication: store the canonical CSV, its hash and the date, for good."""
        if self.frozen:
            return
        data = canonical_csv(self.rows)
        type(self).objects.filter(pk=self.pk).update(
            csv_text=data.decode("utf-8"), sha256=sha256_hex(data),
            published_on=timezone.localdate(),
        )
        self.refresh_from_db()


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
