"""Licensing decisions (行政许可决定) and personnel qualifications (人员资格审批).

An Approval follows one application from receipt to decision. A grant creates
the licence in the register (or renews it, 校验); a refusal stays on record.
Grants are disclosed to the public (双公示) within 7 working days.
"""


from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from stdnum.cn import ric
from wagtail.models import RevisionMixin

from search.indexing import deferred, refresh_object

from ..choices import EventKind, Service
from ..competence import in_transition
from ..date_bounds import date_errors
from ..working_days import publicity_deadline, working_days_between
from .register import Authority, Institution, Licence, LicenceEvent, Technology

# R7: what a prenatal-screening application must carry (产前筛查申请材料).
SCREENING_CHECKLIST = {
    "has_medical_licence": "《医疗机构执业许可证》及其副本",
    "has_staff_certificates": (
        "有关医师的《母婴保健技术考核合格证书》或加注母婴保健技术考核合格及技术类别的《医师执业证书》"
    ),
    "has_application_form": (
        "申请登记书（医疗机构基本信息、开展产前筛查技术的可行性、与产前诊断机构合作的情况）"
    ),
    "has_other_documents": "法律法规规章规定的其他材料",
}

# 许可证书名称 by service, for the 双公示 list.
CERTIFICATE_NAMES = {
    Service.ART: "人类辅助生殖技术批准证书",
    Service.SPERM_BANK: "人类精子库批准证书",
}
MCH_CERTIFICATE = "母婴保健技术服务执业许可证"


class Approval(RevisionMixin, ClusterableModel):
    """审批记录: one application and the decision on it."""

    class Kind(models.TextChoices):
        NEW = "new", "新设许可"
        RENEWAL = "renewal", "校验"

    class Decision(models.TextChoices):
        PENDING = "pending", "审查中"
        APPROVED = "approved", "准予许可"
        REFUSED = "refused", "不予许可"

    institution = models.ForeignKey(
        Institution, verbose_name="申请机构", on_delete=models.PROTECT, related_name="approvals"
    )
    service = models.CharField("申请项目", max_length=30, choices=Service.choices)
    technologies = ParentalManyToManyField(
        Technology, verbose_name="申请技术", blank=True, related_name="approvals"
    )
    kind = models.CharField("申请类型", max_length=10, choices=Kind.choices, default=Kind.NEW)
    authority = models.ForeignKey(
        Authority, verbose_name="审批机关", on_delete=models.PROTECT, related_name="approvals"
    )
    received_on = models.DateField("申请受理日期")
    materials_checked_on = models.DateField("材料审查日期", null=True, blank=True)
    has_medical_licence = models.BooleanField(SCREENING_CHECKLIST["has_medical_licence"],
                                              default=False)
    has_staff_certificates = models.BooleanField("医师考核合格证书或加注的医师执业证书",
                                                 default=False)
    has_application_form = models.BooleanField("申请登记书", default=False)
    has_other_documents = models.BooleanField(SCREENING_CHECKLIST["has_other_documents"],
                                              default=False)
    site_review_on = models.DateField("现场评审日期", null=True, blank=True)
    site_review_experts = models.TextField("现场评审专家", blank=True)
    city_experts = models.TextField(
        "市级选派专家", blank=True,
        help_text="2021年7月1日至12月31日过渡期：市级指导并选派专家参与现场评审，须填写",
    )
    decision = models.CharField(
        "审批决定", max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField("许可决定日期", null=True, blank=True)
    decision_no = models.CharField("行政许可决定文书号", max_length=60, blank=True)
    reasons = models.TextField("决定理由", blank=True, help_text="不予许可的，须说明理由")
    # For a grant: the licence to create (新设) or the licence renewed (校验).
    licence_no = models.CharField("许可证编号", max_length=60, blank=True)
    valid_from = models.DateField("有效期自", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    licence = models.ForeignKey(
        Licence, verbose_name="对应许可", null=True, blank=True, on_delete=models.PROTECT,
        related_name="approvals", help_text="校验时选择被校验的许可；新设许可在准予后自动生成",
    )
    published_on = models.DateField("公示日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-decided_on", "-received_on", "-pk"]
        # The public list of decisions, newest first: read in this order, 20 at a time.
        indexes = [models.Index(fields=["-decided_on", "-id"], name="approval_newest_first")]
        verbose_name = "审批记录"
        verbose_name_plural = "审批记录"

    def __str__(self):
        return f"{self.institution} — {self.get_service_display()}{self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("institution_detail", args=[self.institution_id])

    # -- validation -------------------------------------------------------

    def clean(self):
        errors = {}
        self._check_dates(errors)
        if self.decision == self.Decision.REFUSED and not self.reasons.strip():
            errors["reasons"] = "不予许可的，须说明理由。"
        if self.decision == self.Decision.APPROVED:
            self._check_grant(errors)
        if self.decision != self.Decision.PENDING:
            if not self.decided_on:
                errors["decided_on"] = "作出决定的，须填写许可决定日期。"
            if not self.decision_no.strip():
                errors["decision_no"] = "作出决定的，须填写行政许可决定文书号。"
        if errors:
            raise ValidationError(errors)

    def _check_dates(self, errors):
        steps = [("received_on", self.received_on),
                 ("materials_checked_on", self.materials_checked_on),
                 ("site_review_on", self.site_review_on), ("decided_on", self.decided_on)]
        known = [(name, day) for name, day in steps if day]
        for (_, before), (name, after) in zip(known, known[1:], strict=False):
            if after < before:
                errors[name] = "日期顺序有误：应依次为受理、材料审查、现场评审、作出决定。"
        bounds = date_errors(
            self, past=("received_on", "materials_checked_on", "site_review_on", "decided_on",
                        "published_on"),
            term=("valid_from", "valid_until"),
        )
        for name, message in bounds.items():
            errors.setdefault(name, message)

    def _check_grant(self, errors):
        if self.service == Service.PRENATAL_SCREENING and self.missing_materials():
            errors["has_medical_licence"] = (
                "申请材料不齐，不能准予许可。缺少：" + "；".join(self.missing_materials())
            )
        if (self.decided_on and in_transition(self.decided_on)
                and self.service in (Service.PREMARITAL_EXAM, Service.PRENATAL_SCREENING)
                and not self.city_experts.strip()):
            errors["city_experts"] = "过渡期（2021年7月1日至12月31日）须记录市级选派的评审专家。"
        if self.kind == self.Kind.NEW:
            for name in ("licence_no", "valid_from", "valid_until"):
                if not getattr(self, name):
                    errors[name] = "准予新设许可的，须填写许可证编号和有效期。"
            taken = Licence.objects.filter(licence_no=self.licence_no).exclude(pk=self.licence_id)
            if self.licence_no and taken.exists():  # its own licence, once granted, is fine
                errors["licence_no"] = "该许可证编号已在登记册中使用。"
        elif not (self.licence_id and self.valid_until):
            errors["licence"] = "准予校验的，须选择被校验的许可并填写新的有效期至。"
        elif (self.licence.institution_id != self.institution_id
              or self.licence.service != self.service):
            errors["licence"] = "被校验的许可须是申请机构本机构、同一许可项目的许可。"
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = "有效期至不能早于有效期自。"

    def missing_materials(self):
        """R7 checklist items not ticked (prenatal screening only)."""
        return [label for name, label in SCREENING_CHECKLIST.items() if not getattr(self, name)]

    def save(self, *args, **kwargs):
        """A grant enters the register through services.enter_grant, which checks the
        user's right on the licence it writes; saving the record alone never does."""
        with deferred():  # indexed once, after the cluster wrote the technologies
            super().save(*args, **kwargs)
            refresh_object(self)

    # -- the register ------------------------------------------------------

    def apply_to_register(self):
        """A grant creates the licence (新设) or renews it (校验); refusals change nothing.

        Called by services.enter_grant only, after the user's right on that licence
        has been checked."""
        if self.decision != self.Decision.APPROVED:
            return None
        if self.kind == self.Kind.NEW:
            licence = Licence(
                institution=self.institution, service=self.service, authority=self.authority,
                decision_no=self.decision_no, licence_no=self.licence_no,
                decided_on=self.decided_on, valid_from=self.valid_from,
                valid_until=self.valid_until,
            )
            licence.technologies.set(self.technologies.all())
            licence.save()
            self.licence = licence
            type(self).objects.filter(pk=self.pk).update(licence=licence)
        else:
            LicenceEvent.objects.create(
                licence=self.licence, kind=EventKind.VERIFIED, date=self.decided_on,
                document_no=self.decision_no, new_valid_until=self.valid_until,
            )
            self.licence.save()  # recomputes 有效期至 from the events
        return self.licence

    # -- publicity (双公示) --------------------------------------------------

    @property
    def needs_publicity(self):
        return self.decision == self.Decision.APPROVED and self.decided_on is not None

    @property
    def publicity_deadline(self):
        return publicity_deadline(self.decided_on) if self.needs_publicity else None

    def working_days_left(self, today=None):
        """Working days until the deadline (negative when overdue); None if nothing is due."""
        if not self.needs_publicity or self.published_on:
            return None
        return working_days_between(today or timezone.localdate(), self.publicity_deadline)

    def publicity_label(self, today=None):
        """The countdown staff see: 剩余N个工作日 / 已超期N个工作日 / 已公示."""
        if not self.needs_publicity:
            return "无需公示"
        if self.published_on:
            return "已公示（按时）" if self.published_on_time() else "已公示（超期）"
        left = self.working_days_left(today)
        if left < 0:
            return f"已超期{-left}个工作日"
        return "今天截止" if left == 0 else f"剩余{left}个工作日"

    publicity_label.short_description = "公示情况"

    def published_on_time(self):
        if not (self.needs_publicity and self.published_on):
            return None
        return self.published_on <= self.publicity_deadline

    # -- 双公示 fields ------------------------------------------------------

    @property
    def certificate_name(self):
        return CERTIFICATE_NAMES.get(self.service, MCH_CERTIFICATE)

    def content(self):
        """许可内容: the service and its approved technologies."""
        names = "、".join(t.name for t in self.technologies.all())
        text = f"{self.get_service_display()}（{self.get_kind_display()}）"
        return f"{text}：{names}" if names else text


class PersonnelQualification(models.Model):
    """人员资格: a person approved by the city to do premarital examination, prenatal
    screening … at one institution. Name and identity stay in the admin: the public
    sees only how many qualified people an institution has per service."""

    class CertificateKind(models.TextChoices):
        MCH_CERTIFICATE = "mch", "母婴保健技术考核合格证书"
        ENDORSED_PRACTICE = "endorsed", "加注母婴保健技术考核合格的医师执业证书"

    institution = models.ForeignKey(
        Institution, verbose_name="执业机构", on_delete=models.PROTECT,
        related_name="qualified_staff",
    )
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField(
        "居民身份证号码", max_length=18, help_text="仅供审批机关核对，不对外公开"
    )
    phone = models.CharField("联系电话", max_length=30, blank=True, help_text="不对外公开")
    service = models.CharField("技术类别", max_length=30, choices=Service.choices)
    certificate_kind = models.CharField(
        "证书类型", max_length=10, choices=CertificateKind.choices
    )
    certificate_no = models.CharField("证书编号", max_length=60)
    authority = models.ForeignKey(
        Authority, verbose_name="审批机关", on_delete=models.PROTECT,
        related_name="personnel_approvals",
    )
    decided_on = models.DateField("审批日期")
    valid_until = models.DateField("有效期至", null=True, blank=True)

    class Meta:
        ordering = ["institution__name", "name"]
        verbose_name = "人员资格审批"
        verbose_name_plural = "人员资格审批"

    def __str__(self):
        return f"{self.name}（{self.get_service_display()}，{self.institution}）"

    def clean(self):
        errors = {}
        if self.id_number and not ric.is_valid(self.id_number):
            errors["id_number"] = "居民身份证号码校验不通过，请核对。"
        if self.service in (Service.ART, Service.SPERM_BANK):
            errors["service"] = "人类辅助生殖技术、人类精子库人员不在设区市审批范围内。"
        if self.decided_on and self.valid_until and self.valid_until < self.decided_on:
            errors["valid_until"] = "有效期至不能早于审批日期。"
        for name, message in date_errors(self, past=("decided_on",),
                                         term=("valid_until",)).items():
            errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)
