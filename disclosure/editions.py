"""Making, freezing and reading list editions (the database side of list_rules.py)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from wagtail.log_actions import log

from licensing.models import Licence, LicenceEvent, Technology

from .edition_files import (  # noqa: F401 (read through this module by the views)
    changes_since_previous,
    correction_number,
    edition_csv,
    freeze_edition,
    previous_published,
)
from .list_rules import (
    GROUPS,
    LicenceRecord,
    edition_rows,
    list_edition_for,
    previous_edition_period,
)
from .models import FrozenEditionError, ListEdition


def licence_records():
    """Every ART and sperm-bank licence with its history, detached from the database."""
    licences = Licence.objects.filter(service__in=list(GROUPS)).select_related(
        "institution__region__parent", "authority"
    ).prefetch_related(
        Prefetch("technologies", queryset=Technology.objects.order_by("sort_order")),
        Prefetch("events", queryset=LicenceEvent.objects.order_by("date", "pk")),
    )
    return [
        LicenceRecord(
            service=licence.service, institution=licence.institution.name,
            uscc=licence.institution.uscc, region=licence.institution.region.full_name,
            region_code=licence.institution.region.code,
            technologies=tuple(t.name for t in licence.technologies.all()),
            licence_no=licence.licence_no, authority=licence.authority.name,
            valid_from=licence.valid_from, valid_until=licence.valid_until,
            events=tuple((e.date, e.kind, e.new_valid_until) for e in licence.events.all()),
        )
        for licence in licences
    ]


def next_due(today=None):
    """The edition staff must publish next: the earliest half-year that has ended and
    has no published regular edition yet, else the current half-year."""
    today = today or timezone.localdate()
    current = list_edition_for(today)
    published = set(
        ListEdition.objects.filter(corrects__isnull=True, published_on__isnull=False)
        .values_list("as_of", flat=True)
    )
    previous = previous_edition_period(current)
    return previous if previous.as_of not in published else current


def as_of_refusal(as_of, today=None):
    """Why no edition can be generated as of `as_of` today (a sentence), or None.

    The list is the register as it stood at the end of the as-of day, so the day must
    have passed: an edition as of 2026-12-31 can be generated from 2027-01-01."""
    today = today or timezone.localdate()
    if as_of is None or list_edition_for(as_of).as_of != as_of:
        return "名单截止日期应为6月30日或12月31日。"
    if as_of >= today:
        start = as_of + timedelta(days=1)
        return (f"截至{as_of.year}年{as_of.month}月{as_of.day}日的名单要在该日过后才能生成"
                f"（名单按各许可在截止日期当天的状态编制），请于{start.year}年{start.month}月"
                f"{start.day}日起再生成。")
    return None


def generatable_periods(today=None, count=4):
    """The half-years whose list can be generated today (their as-of date has passed),
    newest first."""
    today = today or timezone.localdate()
    period = list_edition_for(today)
    if period.as_of >= today:
        period = previous_edition_period(period)
    periods = [period]
    for _ in range(count - 1):
        period = previous_edition_period(period)
        periods.append(period)
    return periods


@transaction.atomic
def generate_draft(user, as_of, corrects=None, note=""):
    """Create (or refresh) the draft edition for `as_of` from the register as it stood then.

    A regular edition exists once per as-of date, and only once that date has passed;
    once published it is frozen, and a mistake is fixed by a correction edition
    (`corrects`) with a note of what it fixes. Only region staff compile the list (the
    admin page asks the same permission).
    """
    if not (user.is_superuser or user.has_perm("disclosure.add_listedition")):
        raise PermissionDenied("只有自治区卫生健康委工作人员可以编制半年名单。")
    if reason := as_of_refusal(corrects.as_of if corrects is not None else as_of):
        raise ValidationError(reason)
    if corrects is not None:
        if not corrects.frozen:
            raise PermissionDenied("只能更正已公布的名单。")
        as_of = corrects.as_of
        edition = ListEdition(as_of=as_of, corrects=corrects, note=note, live=False)
    else:
        edition = ListEdition.objects.filter(as_of=as_of, corrects__isnull=True).first()
        if edition and edition.frozen:
            raise FrozenEditionError()
        edition = edition or ListEdition(as_of=as_of, live=False)
    edition.rows = edition_rows(licence_records(), as_of)
    edition.generated_at = timezone.now()
    edition.save()
    edition.save_revision(user=user, log_action=True)
    return edition


def published_editions():
    return ListEdition.objects.filter(live=True, published_on__isnull=False).select_related(
        "corrects"
    )


def freeze_on_publish(sender, instance, **kwargs):
    """Wagtail's `published` signal: the first publication freezes the edition."""
    if isinstance(instance, ListEdition) and not instance.frozen:
        freeze_edition(instance)
        log(instance, "registry.edition_frozen", data={"sha256": instance.sha256})
