"""A list edition's own file and history, read from the edition itself (the model's
preview and freezing use these, so this module imports no model: editions.py does)."""

from django.utils import timezone

from search.indexing import refresh_object

from .list_rules import canonical_csv, diff, edition_preamble, sha256_hex


def _published(model):
    return model.objects.filter(live=True, published_on__isnull=False).select_related(
        "corrects"
    )


def previous_published(edition):
    """What an edition is compared with: the edition it corrects, else the latest
    published edition of an earlier half-year (its own latest correction, if any)."""
    if edition.corrects_id:
        return edition.corrects
    return _published(type(edition)).filter(as_of__lt=edition.as_of).order_by(
        "-as_of", "-published_on", "-pk"
    ).first()


def changes_since_previous(edition):
    previous = previous_published(edition)
    return previous, diff(previous.rows if previous else [], edition.rows)


def correction_number(edition):
    """Which correction of its half-year a draft `edition` will be when published (1, 2 …):
    one more than the corrections of that as-of date already published. None for a
    regular edition."""
    if not edition.corrects_id:
        return None
    published = type(edition).objects.filter(
        as_of=edition.as_of, corrects__isnull=False, published_on__isnull=False
    ).exclude(pk=edition.pk)
    return published.count() + 1


def edition_csv(edition):
    """The canonical CSV of `edition`: the stored bytes once published (editions published
    before the as-of line keep theirs); for a draft, the bytes its publication will store:
    the as-of line (and, for a correction, which correction of which file), then the table."""
    if edition.frozen:
        return edition.csv_text.encode("utf-8")
    corrects = edition.corrects
    preamble = edition_preamble(
        edition.as_of, correction_number(edition), corrects.sha256 if corrects else ""
    )
    return canonical_csv(edition.rows, preamble)


def freeze_edition(edition):
    """On first publication: store the canonical CSV, its hash and the date, for good."""
    if edition.frozen:
        return
    data = edition_csv(edition)
    type(edition).objects.filter(pk=edition.pk, published_on__isnull=True).update(
        csv_text=data.decode("utf-8"), sha256=sha256_hex(data),
        published_on=timezone.localdate(),
    )
    edition.refresh_from_db()
    refresh_object(edition)  # now public: searchable
