"""Admin forms: limit choices to the user's territory and competence, and refuse what the
rules refuse (the server validates whatever the browser sends)."""

from django import forms
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from wagtail.admin.forms import WagtailAdminModelForm

from .choices import Level, Service
from .competence import PERSONNEL, competent_rule
from .models import GUANGXI, Authority, Region, Technology
from .territory import (
    authority_of,
    decision_refusal,
    institution_refusal,
    licence_refusal,
    refusal_for,
)


class TechnologyCheckboxes(forms.CheckboxSelectMultiple):
    """技术类别 as checkboxes, by name (never the code), each tagged with its service.

    With `service_field_id` (the id of the form's 项目 drop-down) only the techniques of
    the chosen service are shown, and a few lines of script follow the drop-down; a
    service without techniques shows a sentence instead. The form still checks on the
    server that every ticked technique belongs to the service."""

    template = "licensing/admin/technology_checkboxes.html"

    def __init__(self, *args, service_field_id=None, selected_service=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.service_field_id = service_field_id
        self.selected_service = selected_service

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        technology = getattr(value, "instance", None)
        if technology is not None:
            option["label"] = technology.name
            option["service"] = technology.service
            option["shown"] = (self.service_field_id is None
                               or technology.service == self.selected_service)
        return option

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = [o for _group, group, _i in context["widget"]["optgroups"] for o in group]
        context["widget"].update(
            service_field_id=self.service_field_id, selected_service=self.selected_service or "",
            any_shown=any(o.get("shown", True) for o in options),
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template directory, which the default form renderer does not search.
        return mark_safe(render_to_string(self.template, self.get_context(name, value, attrs)))


def offered_services(user, *, deciding, keep=None, day=None):
    """The services the form's 项目 drop-down offers (competence.py, on `day`, today by
    default): what the user's level decides (a county: 婚前医学检查, 产前筛查, 母婴保健专项技术;
    a city: none — it approves personnel; the region: ART, sperm banks, prenatal
    diagnosis). Region staff keep the whole register, so a licence form (`deciding`
    False) offers them every service; a superuser sees every service. `keep` (the
    record's own service) is always offered, so an existing record still shows it."""
    authority = authority_of(user) if user else None
    day = day or timezone.localdate()
    if authority is None or (authority.level == Level.PROVINCE and not deciding):
        services = list(Service)
    else:
        services = [s for s in Service if competent_rule(s, day).level == authority.level]
    if keep and keep not in services:
        services.append(Service(keep))
    return services


NO_LICENCE_SERVICE = "本机关目前没有可登记的机构许可项目（人员资格请在“人员资格”中登记）"
NO_DECISION_SERVICE = "本机关目前没有可审批的机构许可项目（人员资格请在“人员资格”中登记）"


def _limit_services(form, services, empty):
    """The 项目 drop-down shows `services` only, and the technology checklist theirs.

    The field itself still accepts every service, so that a service the user may not
    decide, sent anyway, is refused by the territorial rule (territory.py) in clean(),
    with the sentence that names who decides it."""
    if "service" in form.fields:
        field = form.fields["service"]
        field.widget.choices = [("", "请选择" if services else empty)] + [
            (s.value, s.label) for s in services
        ]
        if not services:
            field.help_text = empty
    if "technologies" not in form.fields:
        return
    name = form.add_prefix("service")  # a disabled field sends nothing: keep the record's
    selected = form.data.get(name) if form.is_bound and name in form.data else (
        form.initial.get("service") or getattr(form.instance, "service", None)
    )
    field = form.fields["technologies"]
    # The widget first, then the queryset, which hands the widget its choices.
    field.widget = TechnologyCheckboxes(
        service_field_id=form["service"].auto_id if "service" in form.fields else None,
        selected_service=selected,
    )
    kept = [t.pk for t in form.instance.technologies.all()] if form.instance.pk else []
    field.queryset = Technology.objects.filter(
        Q(service__in=[s.value for s in services]) | Q(pk__in=kept)
    ).order_by("service", "sort_order")
    field.label_from_instance = lambda technology: technology.name
    field.help_text = "只显示所选项目的技术类别。"


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
        services = offered_services(self.for_user, deciding=False,
                                    keep=self.instance.service if self.instance.pk else None)
        _limit_services(self, services, NO_LICENCE_SERVICE)

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


def own_authorities(user):
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
            self.fields["authority"].queryset = own_authorities(self.for_user)
            self.fields["authority"].initial = self.fields["authority"].queryset.first()
        services = offered_services(self.for_user, deciding=True,
                                    keep=self.instance.service if self.instance.pk else None)
        _limit_services(self, services, NO_DECISION_SERVICE)
        if self.is_decided:
            # 第1至4步 stay as decided (a correction is a new record); the panels say so.
            for name, field in self.fields.items():
                if name != "published_on":
                    field.disabled = True
        elif "published_on" in self.fields:
            self.fields["published_on"].help_text = (
                "第5步：作出准予许可决定并保存之后再填写；现在请留空。"
            )

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


# ART and sperm-bank staff are not approved by a city (PersonnelQualification.clean).
PERSONNEL_EXCLUDED = (Service.ART, Service.SPERM_BANK)


class PersonnelForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "authority" in self.fields:
            queryset = own_authorities(self.for_user)
            if not authority_of(self.for_user):  # a superuser picks among the cities
                queryset = queryset.filter(region__level=Level.CITY)
            self.fields["authority"].queryset = queryset
        if "service" in self.fields:  # offered: what the city approves people for (the
            # model's clean() refuses the others with its own sentence)
            self.fields["service"].widget.choices = [("", "请选择")] + [
                (s.value, s.label) for s in Service if s not in PERSONNEL_EXCLUDED
            ]

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
