"""The credit part of an institution's public page (registered in licensing.sections)."""

from django.db.models import Max

from licensing.sections import Section

from .public import blacklist_in_force_q, public_penalty_q
from .status import credit_status


def context(institution, day):
    status = credit_status(institution, day)
    return {
        "credit": status,
        "penalties": institution.penalties.filter(public_penalty_q(day)).select_related(
            "authority"),
        "blacklist": institution.blacklist_entries.filter(blacklist_in_force_q(day)),
    }


def updated(institution):
    days = [model.filter(institution=institution).aggregate(day=Max("updated_at"))["day"]
            for model in (institution.penalties.model.objects,
                          institution.blacklist_entries.model.objects,
                          institution.point_records.model.objects)]
    days = [d for d in days if d]
    return max(days).date() if days else None


SECTION = Section(template="credit/institution_section.html", context=context, order=50,
                  updated=updated)
