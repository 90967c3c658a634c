"""The database backend (default): the index lives in the site's own database.

Text matching uses the engine's inverted index over the stored terms — SQLite
FTS5 or PostgreSQL's GIN-indexed tsvector — with the two kinds of match the
tokeniser defines: a whole term, or a term's prefix. Facets and filters are
plain tables; licence windows are evaluated by search.conditions on the day.

Each query reads as few rows as it can:
- up to TOTAL_LIMIT + 1 matches are fetched as the engine finds them, and it stops
  there; if that is all of them, they are counted and sorted here;
- past TOTAL_LIMIT, the first records in result order are read and tested one by
  one, which fills a page when matches are common, instead of sorting all of them
  (and when that walk comes back short, they are sorted after all);
- a licence filter that few windows pass is applied as the list of their records;
  one that many pass is tested record by record;
- a document's visible window (documents.Document.visible_from / visible_until) is
  two range comparisons on the entry's own columns, made with the query's other
  conditions on the rows the text match or the walk reads (nearly every row passes;
  an entry out of its window is simply not a match), so every count, page, facet,
  retry and admin listing leaves it out on that day.

The text is matched as search.matching plans it: every unit (one of its alternatives)
in one FTS5 / tsquery expression; a tolerant match counts, for each record, the units
it satisfies (one inverted-index lookup per unit) and ranks by that count.
"""

import operator
from functools import reduce

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate, Concat
from django.utils import timezone

from .. import registry
from ..conditions import to_q
from ..documents import TOTAL_LIMIT, SearchPage
from ..matching import text_match
from ..models import IndexEntry, IndexLicence, IndexValue
from .base import SearchBackend
from .database_writes import DatabaseIndexWriter, normalised_identifier

WALK_STEP = 1000  # records a walk reads at most in result order before it sorts instead
ROW = ("sort_key", "type", "object_id", "pk")  # a result row: the result order, then the pk


class TermsMatch(Func):
    """PostgreSQL: terms_vector @@ to_tsquery('simple', query). terms_vector is the stored,
    GIN-indexed to_tsvector('simple', terms) (migration 0004), unknown to the model."""

    output_field = BooleanField()

    def __init__(self, tsquery):
        super().__init__()
        self.tsquery = tsquery

    def as_sql(self, compiler, connection, **extra_context):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.terms_vector @@ to_tsquery('simple', %s)", (self.tsquery,)


def ids(pks):
    """PostgreSQL: a value for `pk__in` / `entry_id__in` holding the ids as one array
    parameter; its planner then looks each one up by index (and psycopg binds one value
    instead of a thousand)."""
    return RawSQL("SELECT unnest(%s::bigint[])", [list(pks)])


def visible(entries, on):
    """Entries whose visible window holds the day `on` (today if None)."""
    on = on or timezone.localdate()
    return entries.filter(visible_from__lte=on, visible_until__gte=on)


def until(entries, sort_key):
    """Entries whose sort key is no later than `sort_key` (in result order)."""
    if connection.vendor == "postgresql":
        return entries.alias(key=Collate("sort_key", "C")).filter(key__lte=sort_key)
    return entries.filter(sort_key__lte=sort_key)


def expression(units, term, conjunction, disjunction):
    """Units as one FTS5 or tsquery expression: every unit, one alternative of each."""
    def alternative(terms):
        joined = f" {conjunction} ".join(term(t) for t in terms)
        return f"({joined})" if len(terms) > 1 else joined

    def unit(alternatives):
        if len(alternatives) == 1:
            return alternative(alternatives[0])
        return "(" + f" {disjunction} ".join(alternative(a) for a in alternatives) + ")"

    return f" {conjunction} ".join(unit(u) for u in units)


def fts_term(term):
    return f'"{term.text}"' if term.whole else f'"{term.text}"*'


def tsquery_term(term):
    return f"'{term.text}'" if term.whole else f"'{term.text}':*"


def unit_q(unit):
    """A unit tested on a record's own padded terms (LIKE): one alternative, all its terms."""
    return reduce(operator.or_, (
        reduce(operator.and_, (
            Q(terms__contains=f" {t.text} " if t.whole else f" {t.text}") for t in terms
        )) for terms in unit
    ))


def units_held(match):
    """How many of the match's units a record satisfies (an expression on its terms)."""
    return reduce(operator.add, (
        Case(When(unit_q(unit), then=Value(1)), default=Value(0), output_field=IntegerField())
        for unit in match.units
    ))


def ordered(entries, walk=True):
    """Result order: sort key in code points (as SQLite and Elasticsearch compare), then
    type and id; migration 0004 indexes it. `walk=False`: sort the matches, never walk
    the index (that choice is DatabaseBackend.walk's: a planner that expects matches to
    be spread evenly walks far past a cluster of them, such as every name of one city)."""
    sort_key = F("sort_key") if walk else Concat("sort_key", Value(""))
    if connection.vendor == "postgresql":
        sort_key = Collate(sort_key, "C")
    return entries.order_by(sort_key, "type", "object_id")


class DatabaseBackend(DatabaseIndexWriter, SearchBackend):
    name = "database"

    # -- searching --------------------------------------------------------------

    def search(self, query):
        matches = self.filtered(query)
        exact = self.exact_ids(query.text)
        # Up to TOTAL_LIMIT + 1 matches, as they come (the engine stops there): their
        # number is the total, and when there are no more, they are sorted right here.
        rows = list(matches.values_list(*ROW)[: TOTAL_LIMIT + 1])
        many = len(rows) > TOTAL_LIMIT
        total = min(len(rows), TOTAL_LIMIT)
        start = (query.page - 1) * query.per_page
        stop = min(start + query.per_page, TOTAL_LIMIT)
        facets = {}
        if query.facets:  # over the few matches at hand, or else found again in a subquery
            facets = self.facets(self.within(query, None if many else rows), query)
        match = text_match(query.text, query.approximate)
        if match is not None and match.tolerant:
            rows = self.by_units_held(matches, match, exact, stop)
        elif many:
            rows = self.first_of_many(query, matches, exact, stop, sample=rows)
        else:
            rows.sort(key=lambda row: (row[-1] not in exact, *row))
        return SearchPage(
            hits=[(type_name, object_id) for _key, type_name, object_id, _pk in rows[start:stop]],
            total=total, facets=facets,
            backend=self.name, total_exact=not many,
        )

    def within(self, query, rows):
        """The entries to count facets over: the `rows` at hand on PostgreSQL, or else a
        subquery (SQLite runs it faster than it binds a thousand ids)."""
        if rows is not None and connection.vendor == "postgresql":
            return ids([row[-1] for row in rows])
        return self.filtered(query, text="find").values("pk")

    def first_of_many(self, query, matches, exact, stop, sample):
        """The first `stop` rows in result order of a query with more than TOTAL_LIMIT
        matches: exact identifiers, then a walk, or else a sort of the matches — of those
        no later than the stop-th of the `sample` (some matches at hand), since the first
        `stop` cannot be later than that."""
        first = []
        if exact:
            first = list(ordered(matches.filter(pk__in=exact), walk=False).values_list(*ROW))
        skip = [row[-1] for row in first]
        wanted = stop - len(first)
        if wanted <= 0:
            return first
        rest = self.walk(query, skip, wanted)
        if rest is None:
            rest = matches.exclude(pk__in=skip)
            known = sorted(row for row in sample if row[-1] not in exact)
            if len(known) >= wanted:
                rest = until(rest, known[wanted - 1][0])
            rest = list(ordered(rest, walk=False).values_list(*ROW)[:wanted])
        return first + rest

    @staticmethod
    def by_units_held(matches, match, exact, stop):
        """The first `stop` rows of a tolerant match: exact identifiers, then the records
        satisfying more of the text's units, then result order (as Elasticsearch scores)."""
        sort_key = F("sort_key")
        if connection.vendor == "postgresql":
            sort_key = Collate(sort_key, "C")
        ranked = matches.alias(held=units_held(match))
        order = [F("held").desc(), sort_key, "type", "object_id"]
        if exact:
            ranked = ranked.alias(first=Case(When(pk__in=list(exact), then=Value(0)),
                                             default=Value(1), output_field=IntegerField()))
            order.insert(0, "first")
        return list(ranked.order_by(*order).values_list(*ROW)[:stop])

    @staticmethod
    def exact_ids(text):
        """Entries holding `text` as an identifier (USCC, licence number): they rank first."""
        identifier = normalised_identifier(text)
        if not identifier:
            return set()
        return set(IndexValue.objects.filter(facet=IndexValue.EXACT, value=identifier)
                   .values_list("entry_id", flat=True))

    def walk(self, query, skip, stop):
        """The first `stop` matches (less `skip`) in result order, found by reading records
        in that order and testing each: first ten per match wanted, then up to WALK_STEP.
        None if that does not find them (the matches are rare or further down: sorting
        them is then cheaper)."""
        found, start = [], 0
        for end in sorted({min(10 * stop, WALK_STEP), WALK_STEP}):
            found += self.tested(query, skip, start, end)
            if len(found) >= stop:
                return found[:stop]
            if not found:  # none in the first records: they are further down
                return None
            start = end
        return None

    def tested(self, query, skip, start, end):
        """The matches among the records from `start` to `end` in result order."""
        candidates = ordered(self.scoped(query)).values("pk")[start:end]
        if connection.vendor == "postgresql":  # else it hashes a scan of the whole table
            candidates = ids(candidates.values_list("pk", flat=True))
        # The candidates are in scope already: test only the other conditions.
        tested = self.narrowed(IndexEntry.objects.filter(pk__in=candidates), query, text="test")
        return list(ordered(tested.exclude(pk__in=skip), walk=False).values_list(*ROW))

    def scoped(self, query):
        entries = IndexEntry.objects.all()
        if query.types:
            entries = entries.filter(type__in=query.types)
        return entries

    def filtered(self, query, text="stream"):
        """The entries matching `query`. `text` says how the text is matched: "stream" for
        a top-level count or page, "find" inside a subquery (facets), "test" for a walk
        (conditions cheap on a record at hand)."""
        return self.narrowed(self.scoped(query), query, text)

    def narrowed(self, entries, query, text):
        if text == "test":
            entries = self.has_terms(entries, query.text, query.approximate)
        else:
            entries = self.match_text(entries, query.text, stream=text == "stream",
                                      approximate=query.approximate)
        entries = visible(entries, query.on)
        if query.city:
            entries = entries.filter(city=query.city)
        if query.county:
            entries = entries.filter(county=query.county)
        return self.match_licence(entries, query, per_record=text == "test")

    def match_text(self, entries, text, stream=False, approximate=False):
        """Entries matching the text (search.matching), found through the engine's
        inverted index: every unit, or with `approximate` enough of them."""
        match = text_match(text, approximate)
        if match is None:
            return entries
        if match.tolerant:
            return entries.filter(pk__in=self.holding(match))
        if connection.vendor == "postgresql":
            return entries.filter(TermsMatch(expression(match.units, tsquery_term, "&", "|")))
        fts = expression(match.units, fts_term, "AND", "OR")
        if not stream:
            return entries.filter(pk__in=RawSQL(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [fts]))
        # A join, not `id IN (…)`: SQLite then reads the matches as a stream and a count
        # or a page can stop early, where IN would first collect every match. (The join
        # names the table, so it cannot be used inside another query.)
        return entries.extra(
            tables=["search_fts"],
            where=["search_fts.rowid = search_indexentry.id", "search_fts MATCH %s"],
            params=[fts],
        )

    @staticmethod
    def holding(match):
        """Ids of the entries satisfying at least match.minimum of its units: each unit
        looked up in the inverted index, the hits counted per entry."""
        if connection.vendor == "postgresql":
            table = IndexEntry._meta.db_table
            one = (f"SELECT id AS entry_id FROM {table}"
                   " WHERE terms_vector @@ to_tsquery('simple', %s)")
            params = [expression([u], tsquery_term, "&", "|") for u in match.units]
        else:
            one = "SELECT rowid AS entry_id FROM search_fts WHERE search_fts MATCH %s"
            params = [expression([u], fts_term, "AND", "OR") for u in match.units]
        each = " UNION ALL ".join([one] * len(match.units))
        return RawSQL(f"SELECT entry_id FROM ({each}) AS held GROUP BY entry_id"
                      " HAVING count(*) >= %s", [*params, match.minimum])

    @staticmethod
    def has_terms(entries, text, approximate=False):
        """The same match as match_text, tested on a record's own padded terms."""
        match = text_match(text, approximate)
        if match is None:
            return entries
        if match.tolerant:
            return entries.alias(held=units_held(match)).filter(held__gte=match.minimum)
        for unit in match.units:
            entries = entries.filter(unit_q(unit))
        return entries

    def object_ids(self, type_name, text, on=None):
        """Ids of `type_name` records matching `text` and visible on `on` (today): a
        subquery, for admin listings."""
        entries = self.match_text(visible(IndexEntry.objects.filter(type=type_name), on), text)
        return entries.values("object_id")

    def match_licence(self, entries, query, per_record=False):
        """service / technology / status, on one and the same window (a licence, or the
        record's own values)."""
        if not (query.service or query.technology or query.status):
            return entries
        window = Q()
        if query.service:
            window &= Q(service=query.service)
        if query.technology:
            window &= Q(technologies__contains=f" {query.technology} ")
        if query.status in registry.status_values():
            window &= Q(from_licence=True) & to_q(
                registry.status_conditions(query.status, query.on))
        elif query.status:  # a record's own status (an application's)
            window &= Q(from_licence=False, state=query.status)
        windows = IndexLicence.objects.filter(window)
        if not per_record:  # few windows: list their records; many: test each record
            per_record = windows[: TOTAL_LIMIT + 1].count() > TOTAL_LIMIT
        if per_record:
            return entries.filter(Exists(windows.filter(entry=OuterRef("pk"))))
        return entries.filter(pk__in=windows.values("entry_id"))

    def facets(self, within, query):
        """{facet: {value: count}} over the entries `within` (a subquery of their ids),
        in three queries: places and types, values, statuses."""
        counts = {facet: {} for facet in ("type", "city", "county", "service", "technology")}
        places = IndexEntry.objects.filter(pk__in=within).values_list("type", "city", "county")
        for *place, n in places.annotate(n=Count("pk")):
            for facet, value in zip(("type", "city", "county"), place, strict=True):
                if value:
                    counts[facet][value] = counts[facet].get(value, 0) + n
        own_statuses = {}
        for facet, value, n in IndexValue.objects.filter(
            entry_id__in=within, facet__in=("service", "technology", "status")
        ).values_list("facet", "value").annotate(n=Count("entry", distinct=True)):
            if facet == "status":
                own_statuses[value] = n
            else:
                counts[facet][value] = counts[facet].get(value, 0) + n
        counts["status"] = self.status_counts(within, query, own_statuses)
        return {facet: values for facet, values in counts.items() if values}

    def status_counts(self, within, query, own):
        """Entries with a licence in each status on the query's day, plus the entries whose
        document states the status itself (an application's), as Elasticsearch adds them."""
        windows = IndexLicence.objects.filter(entry_id__in=within, from_licence=True)
        counted = windows.aggregate(**{
            status: Count("entry", distinct=True,
                          filter=to_q(registry.status_conditions(status, query.on)))
            for status in registry.status_values()
        })
        counts = dict(own)
        for status, n in counted.items():
            counts[status] = counts.get(status, 0) + n
        return {status: n for status, n in counts.items() if n}

    def health(self):
        return {"backend": self.name, "status": "ok", "documents": IndexEntry.objects.count()}
