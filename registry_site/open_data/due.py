"""Institutions whose public records change with the calendar alone: something of theirs
starts, ends or becomes public on a day between the ledger's last reading and today,
with no write to mark it (a licence expires, a penalty's 公示期 ends, a blacklist
entry runs out, a points cycle begins). Dates are data here, read from the records."""

from datetime import timedelta

from django.db.models import Q

from disclosure.credit import scheme
from disclosure.credit.models import BlacklistEntry, Penalty, PointRecord
from licensing.models import Approval, Licence, LicenceEvent


def between(field, since, today, after=0):
    """`field` + `after` days falls in (since, today]."""
    return Q(**{f"{field}__gt": since - timedelta(days=after),
                f"{field}__lte": today - timedelta(days=after)})


def owners_due(since, today):
    """Ids of the institutions with a date boundary in (since, today]."""
    if since >= today:
        return set()
    found = set()

    def add(queryset, field="institution_id"):
        found.update(queryset.values_list(field, flat=True).distinct())

    add(Licence.objects.filter(between("valid_from", since, today)
                               | between("valid_until", since, today, after=1)))
    add(LicenceEvent.objects.filter(between("date", since, today)), "licence__institution_id")
    add(Approval.objects.filter(between("published_on", since, today)))
    add(Penalty.objects.filter(between("published_on", since, today)
                               | between("public_until", since, today, after=1)
                               | between("ended_on", since, today)))
    add(BlacklistEntry.objects.filter(between("starts_on", since, today)
                                      | between("ends_on", since, today, after=1)
                                      | between("lifted_on", since, today)))
    cycle_start = scheme.cycle_of(today)[0]
    if since < cycle_start <= today:  # last cycle's points stop counting
        add(PointRecord.objects.all())
    else:
        add(PointRecord.objects.filter(between("recorded_on", since, today)))
    return found
