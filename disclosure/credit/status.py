"""信用状况 of an institution on a day, from its records (the facts for scheme.credit_level)."""

from dataclasses import dataclass

from django.utils import timezone

from licensing.choices import EventKind

from . import scheme


@dataclass(frozen=True)
class CreditStatus:
    level: str
    reasons: list
    computed_on: object

    @property
    def label(self):
        return scheme.LEVEL_LABELS[self.level]

    @property
    def meaning(self):
        return scheme.LEVEL_MEANINGS[self.level]


def credit_facts(institution, day):
    """What the status depends on, read from the database as it stands on `day`."""
    penalties = list(institution.penalties.all())
    public = tuple(p.decision_no for p in penalties if p.is_public(day))
    blacklisted = tuple(e.reason for e in institution.blacklist_entries.all() if e.in_force(day))
    # A licence revoked by a penalty's decision (its event carries the decision number).
    penalty_numbers = {p.decision_no for p in penalties if not p.ended_on or p.ended_on > day}
    revoked = tuple(sorted({
        event.licence.licence_no
        for licence in institution.licences.all() for event in licence.events.all()
        if event.kind == EventKind.REVOKED and event.date <= day
        and event.document_no in penalty_numbers
    }))
    start, end = scheme.cycle_of(day)
    points = sum(r.points for r in institution.point_records.all()
                 if not r.person_name and start <= r.recorded_on <= min(end, day))
    return scheme.CreditFacts(public_penalties=public, blacklist_reasons=blacklisted,
                              revoked_licences=revoked, cycle_points=points)


def credit_status(institution, day=None):
    """信用状况 (R10) as of `day` (today by default), with the reasons that produced it."""
    day = day or timezone.localdate()
    level, reasons = scheme.credit_level(credit_facts(institution, day))
    return CreditStatus(level=level, reasons=reasons, computed_on=day)
