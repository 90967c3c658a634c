"""Sections that other apps add to an institution's public page.

The credit status (disclosure.credit) and, later, inspection results belong on an
institution's page, but licensing must not import those apps (dependencies point
one way: DESIGN.md). They register a section here from their AppConfig.ready();
the page renders each in order.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

_sections = []


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable  # context(institution, day) -> dict
    order: int = 100
    updated: Callable = lambda institution: None  # the day its data last changed, or None


def register(section):
    _sections.append(section)
    _sections.sort(key=lambda s: s.order)


def render_sections(request, institution, day):
    """(html of each section, the latest day any of them changed)."""
    html, days = [], []
    for section in _sections:
        html.append(render_to_string(section.template, section.context(institution, day),
                                     request=request))
        days.append(section.updated(institution))
    return html, [d for d in days if d]
