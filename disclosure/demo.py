"""Demo list editions: the past half-years, published as the register stood then."""

from datetime import timedelta

from django.utils import timezone

from .editions import licence_records
from .list_rules import edition_rows, list_edition_for, previous_edition_period
from .models import ListEdition

DEMO_HALF_YEARS = 3


def seed_list_editions(today=None):
    """Publish the last few half-years' editions that are missing (idempotent).

    Demo data only: they skip the review workflow. The oldest is published a day
    after its deadline, so the public list shows what a late edition looks like.
    """
    period = previous_edition_period(list_edition_for(today or timezone.localdate()))
    periods = []
    for _ in range(DEMO_HALF_YEARS):
        periods.append(period)
        period = previous_edition_period(period)
    records = licence_records()
    created = 0
    for n, period in enumerate(reversed(periods)):
        if ListEdition.objects.filter(as_of=period.as_of, corrects__isnull=True).exists():
            continue
        edition = ListEdition.objects.create(
            as_of=period.as_of, rows=edition_rows(records, period.as_of), live=True
        )
        edition.freeze()
        published = period.due + timedelta(days=1) if n == 0 else period.due - timedelta(days=3)
        ListEdition.objects.filter(pk=edition.pk).update(published_on=published)
        created += 1
    return created
