"""Admin forms: limit choices to the user's territory and refuse what the rules refuse."""

from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from .choices import Level, Service
from .competence import PERSONNEL
from .models import GUANGXI, Authority, Region, Technology
from .territory import (
    authority_of,
    decision_refusal,
    institution_refusal,
    licence_refusal,
    refusal_for,
)


def _technology_checkboxes(form):
    """Approved techniques as checkboxes. The queryset is set after the widget, which
    is what hands the widget its choices."""
    if "technologies" in form.fields:
        form.fields["technologies"].widget = forms.CheckboxSelectMultiple()
        form.fields["technologies"].queryset = Technology.objects.all()


def _territory_code(user):
    authority = authority_of(user) if user else None
    return authority.region.code if authority else GUANGXI


class InstitutionForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            field = self.fields["region"]
            field.queryset = Region.objects.filter(
                level=Level.COUNTY, code__startswith=_territory_code(self.for_user)
            ).select_related("parent")
            field.label_from_instance = lambda region: f"{region.full_name}（{region.code}）"

    def clean(self):
        cleaned = super().clean()
        region = cleaned.get("region")
        if self.for_user and region:
            action = "change" if self.instance.pk else "add"
            if reason := institution_refusal(self.for_user, region, action):
                self.add_error("region", reason)
        return cleaned


class LicenceForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "valid_until" in self.fields:
            # The term changes through the history (校验、变更 with 新的有效期至), so that
            # the list of any past date can still be computed from it.
            self.fields["valid_until"].disabled = True
            self.fields["valid_until"].help_text = "有效期变更请在下方许可事项记录中登记校验或变更"
        authority = authority_of(self.for_user) if self.for_user else None
        if "authority" in self.fields:
            field = self.fields["authority"]
            if authority and authority.level != Level.PROVINCE:
                field.queryset = Authority.objects.filter(pk=authority.pk)
                field.initial = authority.pk
            else:
                field.queryset = Authority.objects.filter(region__code__startswith=GUANGXI)
        _technology_checkboxes(self)

    def clean(self):
        cleaned = super().clean()
        service = cleaned.get("service")
        technologies = cleaned.get("technologies") or []
        wrong = [t.name for t in technologies if t.service != service]
        if wrong:
            self.add_error("technologies", f"所选技术不属于该许可项目：{'、'.join(wrong)}")
        if service == Service.ART and not technologies:
            self.add_error("technologies", "人类辅助生殖技术许可须至少选择一项批准技术。")
        institution = cleaned.get("institution")
        if self.for_user and institution:
            reason = licence_refusal(
                self.for_user, region=institution.region, service=service,
                decided_on=cleaned.get("decided_on"),
                licensing_authority=cleaned.get("authority"),
                action="change" if self.instance.pk else "add",
            )
            if reason:
                self.add_error(None, reason)
        return cleaned


def _own_authorities(user):
    """The authorities a user may decide for: its own, or any in Guangxi for a superuser."""
    authority = authority_of(user) if user else None
    if authority:
        return Authority.objects.filter(pk=authority.pk)
    return Authority.objects.filter(region__code__startswith=GUANGXI)


class ApprovalForm(WagtailAdminModelForm):
    """Records an application and its decision; once decided, only 公示日期 may change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "authority" in self.fields:
            self.fields["authority"].queryset = _own_authorities(self.for_user)
            self.fields["authority"].initial = self.fields["authority"].queryset.first()
        _technology_checkboxes(self)
        if self.is_decided:
            for name, field in self.fields.items():
                if name != "published_on":
                    field.disabled = True

    @property
    def is_decided(self):
        from .models import Approval

        return bool(self.instance.pk) and Approval.objects.filter(
            pk=self.instance.pk
        ).exclude(decision=Approval.Decision.PENDING).exists()

    def clean(self):
        cleaned = super().clean()
        if self.is_decided:
            return self._clean_publication(cleaned)
        service = cleaned.get("service")
        wrong = [t.name for t in cleaned.get("technologies") or [] if t.service != service]
        if wrong:
            self.add_error("technologies", f"所选技术不属于该申请项目：{'、'.join(wrong)}")
        if cleaned.get("published_on"):
            self.add_error("published_on", "请在作出准予许可决定后再登记公示日期。")
        self._clean_licence(cleaned)
        institution = cleaned.get("institution")
        if self.for_user and institution:
            from .models import Approval

            reason = decision_refusal(
                self.for_user, model=Approval, subject=service,
                decided_on=cleaned.get("decided_on") or cleaned.get("received_on"),
                deciding_authority=cleaned.get("authority"), region=institution.region,
                action="change" if self.instance.pk else "add",
            )
            if reason:
                self.add_error(None, reason)
        return cleaned

    def _clean_licence(self, cleaned):
        """对应许可: only a renewal names one, and it must be a licence the user may change
        (the form field would otherwise accept any licence id in Guangxi)."""
        from .models import Approval

        licence = cleaned.get("licence")
        if licence is None:
            return
        if cleaned.get("kind") != Approval.Kind.RENEWAL:
            self.add_error("licence", "新设许可无需选择对应许可，准予后自动生成。")
        elif self.for_user and (reason := refusal_for(self.for_user, "change", licence)):
            self.add_error("licence", reason)

    def _clean_publication(self, cleaned):
        day = cleaned.get("published_on")
        if day and not self.instance.needs_publicity:
            self.add_error("published_on", "只有准予许可的决定需要公示。")
        elif day and day < self.instance.decided_on:
            self.add_error("published_on", "公示日期不能早于许可决定日期。")
        elif day and day > timezone.localdate():
            self.add_error("published_on", "公示日期不能晚于今天。")
        return cleaned


class PersonnelForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "authority" in self.fields:
            queryset = _own_authorities(self.for_user)
            if not authority_of(self.for_user):  # a superuser picks among the cities
                queryset = queryset.filter(region__level=Level.CITY)
            self.fields["authority"].queryset = queryset

    def clean(self):
        cleaned = super().clean()
        institution = cleaned.get("institution")
        if self.for_user and institution:
            from .models import PersonnelQualification

            reason = decision_refusal(
                self.for_user, model=PersonnelQualification, subject=PERSONNEL,
                decided_on=cleaned.get("decided_on"), deciding_authority=cleaned.get("authority"),
                region=institution.region, action="change" if self.instance.pk else "add",
            )
            if reason:
                self.add_error(None, reason)
        return cleaned
