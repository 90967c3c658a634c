"""The inspection history on an institution's public page (licensing.sections)."""

from django.db.models import Max

from licensing.sections import Section

from .public import published_results


def context(institution, day):
    return {"inspections": published_results().filter(institution=institution)}


def updated(institution):
    day = published_results().filter(institution=institution).aggregate(
        day=Max("updated_at"))["day"]
    return day.date() if day else None


SECTION = Section(template="inspections/institution_section.html", context=context, order=60,
                  updated=updated)
