"""Admin forms: limit choices to the user's territory and refuse what the rules refuse."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from .choices import Level, Service
from .models import GUANGXI, Authority, Region, Technology
from .territory import authority_of, institution_refusal, licence_refusal


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
        authority = authority_of(self.for_user) if self.for_user else None
        if "authority" in self.fields:
            field = self.fields["authority"]
            if authority and authority.level != Level.PROVINCE:
                field.queryset = Authority.objects.filter(pk=authority.pk)
                field.initial = authority.pk
            else:
                field.queryset = Authority.objects.filter(region__code__startswith=GUANGXI)
        if "technologies" in self.fields:
            self.fields["technologies"].widget = forms.CheckboxSelectMultiple()
            self.fields["technologies"].queryset = Technology.objects.all()

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
