"""What the public may see of credit records, evaluated on the day of the request.

A penalty is public from its publication date to its 公示截止期, unless it was a
警告 alone not marked for publication, or its publication ended early (信用修复,
or a decision changed, revoked or annulled). No job withdraws anything: the
queries below ask the date, as a licence's status does.
"""

from django.db.models import Q
from django.utils import timezone

from .models import BlacklistEntry, Penalty


def public_penalty_q(day):
    """The condition `Penalty.is_public(day)` as a query (the two must agree: tested)."""
    warning_only = Q(kinds="警告") & Q(publish_warning=False)
    return (
        Q(published_on__isnull=False, published_on__lte=day, public_until__gte=day)
        & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        & ~warning_only
    )


def public_penalties(day=None):
    day = day or timezone.localdate()
    return Penalty.objects.filter(public_penalty_q(day)).select_related(
        "institution__region__parent", "authority")


def blacklist_in_force_q(day):
    return (
        Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        & (Q(lifted_on__isnull=True) | Q(lifted_on__gt=day))
    )


def public_blacklist(day=None):
    day = day or timezone.localdate()
    return BlacklistEntry.objects.filter(blacklist_in_force_q(day)).select_related(
        "institution__region__parent", "authority")
