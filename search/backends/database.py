"""The database backend (default): the index lives in the site's own database.

Text matching uses the engine's inverted index over the stored terms — SQLite
FTS5 or PostgreSQL's GIN-indexed tsvector — with the two kinds of match the
tokeniser defines: a whole term, or a term's prefix. Facets and filters are
plain tables; licence windows are evaluated by search.conditions on the day.
"""

from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, F, Func, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate

from .. import registry
from ..conditions import to_q
from ..documents import SearchPage
from ..models import IndexEntry, IndexLicence, IndexValue
from ..tokenizer import normalise, query_terms, search_text
from .base import SearchBackend

BATCH = 2000


class TermsMatch(Func):
    """PostgreSQL: to_tsvector('simple', terms) @@ to_tsquery('simple', query), written as
    the GIN index's expression (Django's SearchVector adds COALESCE, which the index
    would not match)."""

    output_field = BooleanField()

    def __init__(self, tsquery):
        super().__init__(F("terms"))
        self.tsquery = tsquery

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_tsvector('simple', {sql}) @@ to_tsquery('simple', %s)", (*params, self.tsquery)


def normalised_identifier(value):
    return "".join(normalise(value).upper().split())


class DatabaseBackend(SearchBackend):
    name = "database"

    # -- searching --------------------------------------------------------------

    def search(self, query):
        entries = self.filtered(query)
        total = entries.count()
        start = (query.page - 1) * query.per_page
        page = self.ordered(entries, query)[start : start + query.per_page]
        hits = list(page.values_list("type", "object_id"))
        facets = self.facets(entries, query) if query.facets else {}
        return SearchPage(hits=hits, total=total, facets=facets, backend=self.name)

    def filtered(self, query):
        entries = IndexEntry.objects.all()
        if query.types:
            entries = entries.filter(type__in=query.types)
        entries = self.match_text(entries, query.text)
        if query.city:
            entries = entries.filter(city=query.city)
        if query.county:
            entries = entries.filter(county=query.county)
        return self.match_licence(entries, query)

    def match_text(self, entries, text):
        terms = query_terms(text)
        if not terms:
            return entries
        if connection.vendor == "postgresql":
            expression = " & ".join(
                f"'{t.text}'" if t.whole else f"'{t.text}':*" for t in terms
            )
            return entries.filter(TermsMatch(expression))
        expression = " AND ".join(f'"{t.text}"' if t.whole else f'"{t.text}"*' for t in terms)
        return entries.filter(
            pk__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [expression])
        )

    def object_ids(self, type_name, text):
        """Ids of `type_name` records matching `text` (a subquery, for admin listings)."""
        entries = self.match_text(IndexEntry.objects.filter(type=type_name), text)
        return entries.values("object_id")

    def match_licence(self, entries, query):
        """service / technology / status: on one licence window, or on the entry's own values."""
        if not (query.service or query.technology or query.status):
            return entries
        window = Q()
        if query.service:
            window &= Q(service=query.service)
        if query.technology:
            window &= Q(technologies__contains=f" {query.technology} ")
        if query.status in registry.status_values():
            window &= to_q(registry.status_conditions(query.status, query.on))
        elif query.status:  # not a licence status (an application's): no licence has it
            window &= Q(pk__in=[])
        # Uncorrelated subqueries: the engine computes each set once, not once per entry.
        on_licence = Q(pk__in=IndexLicence.objects.filter(window).values("entry_id"))
        own = Q(has_licences=False)
        for facet in ("service", "technology", "status"):
            if value := getattr(query, facet):
                own &= Q(pk__in=IndexValue.objects.filter(
                    facet=facet, value=value, from_licence=False).values("entry_id"))
        return entries.filter(on_licence | own)

    def ordered(self, entries, query):
        sort_key = "sort_key"
        if connection.vendor == "postgresql":  # code-point order, as SQLite and Elasticsearch
            sort_key = Collate("sort_key", "C")
        order = [sort_key, "type", "object_id"]
        if exact := normalised_identifier(query.text):  # an exact identifier ranks first
            entries = entries.annotate(rank=Case(
                When(exact__contains=f" {exact} ", then=Value(0)), default=Value(1),
                output_field=IntegerField(),
            ))
            order.insert(0, "rank")
        return entries.order_by(*order)

    def facets(self, entries, query):
        counts = {}
        for facet in ("type", "city", "county"):
            rows = entries.exclude(**{facet: ""}).values_list(facet).annotate(n=Count("pk"))
            counts[facet] = dict(rows.values_list(facet, "n"))
        for facet in ("service", "technology"):
            rows = IndexValue.objects.filter(entry__in=entries, facet=facet).values_list(
                "value").annotate(n=Count("entry", distinct=True))
            counts[facet] = dict(rows.values_list("value", "n"))
        counts["status"] = self.status_counts(entries, query)
        return {facet: values for facet, values in counts.items() if values}

    def status_counts(self, entries, query):
        counts = {}
        matched = entries.values("pk")
        for status in registry.status_values():
            windows = IndexLicence.objects.filter(
                to_q(registry.status_conditions(status, query.on)), entry_id__in=matched
            ).values("entry_id")
            own = IndexValue.objects.filter(entry_id__in=matched, facet="status", value=status,
                                            from_licence=False).values("entry_id")
            if n := IndexEntry.objects.filter(Q(pk__in=windows) | Q(pk__in=own)).count():
                counts[status] = n
        for value, n in IndexValue.objects.filter(
            entry__in=entries, facet="status", from_licence=False
        ).exclude(value__in=registry.status_values()).values_list("value").annotate(
            n=Count("entry", distinct=True)
        ).values_list("value", "n"):
            counts[value] = n
        return counts

    # -- indexing ---------------------------------------------------------------

    @transaction.atomic
    def index(self, documents):
        documents = list(documents)
        for document in documents:
            self.remove(document.type, [document.id])
        self._insert(documents)

    @transaction.atomic
    def remove(self, type_name, ids):
        entries = IndexEntry.objects.filter(type=type_name, object_id__in=list(ids))
        if connection.vendor == "sqlite":
            pks = list(entries.values_list("pk", flat=True))
            with connection.cursor() as cursor:
                cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(pk,) for pk in pks])
        entries.delete()

    def rebuild(self, documents_by_type, progress=None):
        """Empty the index and load every document, in batches."""
        with transaction.atomic(), connection.cursor() as cursor:
            for model in (IndexValue, IndexLicence, IndexEntry):  # children first, one DELETE each
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
            if connection.vendor == "sqlite":
                cursor.execute("DELETE FROM search_fts")
        for type_name, documents in documents_by_type.items():
            done, batch = 0, []
            for document in documents:
                batch.append(document)
                if len(batch) >= BATCH:
                    done += self._insert_batch(batch)
                    batch = []
                    if progress:
                        progress(type_name, done)
            done += self._insert_batch(batch)
            if progress:
                progress(type_name, done)
        if connection.vendor == "postgresql":
            # Fresh statistics after a bulk load; without them the planner picks nested
            # loops for the facet subqueries and a count can take minutes.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE search_indexentry, search_indexvalue, search_indexlicence")

    @transaction.atomic
    def _insert_batch(self, documents):
        self._insert(documents)
        return len(documents)

    def _insert(self, documents):
        if not documents:
            return
        entries = IndexEntry.objects.bulk_create(self._entry(d) for d in documents)
        values, windows = [], []
        for entry, document in zip(entries, documents, strict=True):
            values += self._values(entry.pk, document)
            windows += [
                (entry.pk, w.service, " " + " ".join(w.technologies) + " ", w.state,
                 w.valid_from, w.valid_until)
                for w in document.licences
            ]
        # Plain rows, not model instances: a rebuild writes millions of them.
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {IndexValue._meta.db_table} (entry_id, facet, value, from_licence)"
                " VALUES (%s, %s, %s, %s)", values,
            )
            cursor.executemany(
                f"INSERT INTO {IndexLicence._meta.db_table} (entry_id, service, technologies,"
                " state, valid_from, valid_until) VALUES (%s, %s, %s, %s, %s, %s)", windows,
            )
            if connection.vendor == "sqlite":
                cursor.executemany(
                    "INSERT INTO search_fts(rowid, terms) VALUES (%s, %s)",
                    [(entry.pk, entry.terms) for entry in entries],
                )

    @staticmethod
    def _entry(document):
        identifiers = [normalised_identifier(v) for v in document.exact if v]
        return IndexEntry(
            type=document.type, object_id=document.id, title=document.title[:300],
            subtitle=document.subtitle[:300], sort_key=document.sort_key[:300],
            terms=search_text(*document.text).strip(),
            exact=" " + " ".join(identifiers) + " " if identifiers else "",
            city=document.city, county=document.county, has_licences=bool(document.licences),
        )

    @staticmethod
    def _values(entry_id, document):
        """(entry_id, facet, value, from_licence) rows of a document's facet values."""
        own = [("service", v) for v in document.services]
        own += [("technology", v) for v in document.technologies]
        own += [("status", v) for v in document.statuses]
        derived = {("service", w.service) for w in document.licences}
        derived |= {("technology", t) for w in document.licences for t in w.technologies}
        return [(entry_id, f, v, False) for f, v in dict.fromkeys(own)] + [
            (entry_id, f, v, True) for f, v in sorted(derived)
        ]

    def health(self):
        return {"backend": self.name, "status": "ok", "documents": IndexEntry.objects.count()}
