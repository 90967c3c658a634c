"""执法人员名录库 (the inspectors an authority may send) and declared conflicts (回避).

Names and 执法证号 are for staff only: a published draw names inspectors by an opaque
code that says nothing about the person.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from licensing.models import Authority, Institution


def new_code():
    """An opaque roster code (执法人员代码): random, so it reveals neither name nor order."""
    return f"JC{secrets.token_hex(4).upper()}"


class Inspector(models.Model):
    """执法人员: one person on an authority's roster (执法人员名录库)."""

    authority = models.ForeignKey(Authority, verbose_name="所属机关", on_delete=models.PROTECT,
                                  related_name="inspectors")
    name = models.CharField("姓名", max_length=50, help_text="不对外公开")
    certificate_no = models.CharField("执法证号", max_length=40, unique=True,
                                      help_text="不对外公开")
    field = models.CharField("执法领域", max_length=50, default="妇幼健康")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="登录账号", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="inspector_record",
        help_text="关联后，该账号可录入分派给本人的检查结果")
    code = models.CharField("公开代码", max_length=12, unique=True, editable=False,
                            default=new_code, help_text="抽查名单中代替姓名公开")
    active = models.BooleanField("在库", default=True, help_text="不在库的人员不参与抽取")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["authority", "name"]
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员名录库"

    def __str__(self):
        return f"{self.name}（{self.code}）"


class Conflict(models.Model):
    """回避 (行政处罚法第四十三条): this inspector is never sent to this institution."""

    inspector = models.ForeignKey(Inspector, verbose_name="执法人员", on_delete=models.CASCADE,
                                  related_name="conflicts")
    institution = models.ForeignKey(Institution, verbose_name="医疗机构",
                                    on_delete=models.CASCADE, related_name="inspector_conflicts")
    reason = models.CharField("回避事由", max_length=200,
                              help_text="如：近亲属在该机构任职；曾在该机构工作")
    declared_on = models.DateField("申报日期")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["inspector", "institution"]
        verbose_name = "回避申报"
        verbose_name_plural = "回避申报"
        constraints = [models.UniqueConstraint(fields=["inspector", "institution"],
                                               name="one_conflict_per_pair")]

    def __str__(self):
        return f"{self.inspector} 回避 {self.institution}"

    def clean(self):
        from licensing.date_bounds import date_errors

        errors = date_errors(self, past=("declared_on",))
        if errors:
            raise ValidationError(errors)
