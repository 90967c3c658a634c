"""Writing the database backend's index: entries, facet values and licence windows (what
search.backends.database reads). The text index follows the entries by itself: SQLite's
FTS5 table through triggers (migration 0007), PostgreSQL's GIN index on the column."""

from django.db import connection, transaction
from django.db.models import Q

from ..models import ALWAYS_FROM, ALWAYS_UNTIL, IndexEntry, IndexLicence, IndexValue
from ..tokenizer import normalise, search_text

BATCH = 2000


def normalised_identifier(value):
    return "".join(normalise(value).upper().split())[:100]


class DatabaseIndexWriter:
    """index / remove / rebuild of SearchBackend, for the database backend."""

    def index(self, documents):
        documents = list(documents)
        ids_by_type = {}
        for document in documents:
            ids_by_type.setdefault(document.type, []).append(document.id)
        self.replace(ids_by_type, documents)

    def remove(self, type_name, ids):
        if ids:
            self.replace({type_name: list(ids)}, [])

    def replace(self, ids_by_type, documents):
        """Remove the entries of {type name: ids}, every type at once, and insert
        `documents`: the index's share of a save in a handful of statements. Part of the
        caller's transaction, without a savepoint of its own: a record saved without its
        index entry must not commit either."""
        with transaction.atomic(savepoint=False):
            condition = Q()
            for type_name, ids in ids_by_type.items():
                if ids:
                    condition |= Q(type=type_name, object_id__in=list(ids))
            if condition:
                self._delete_entries(IndexEntry.objects.filter(condition).values("pk"))
            self._insert(documents)

    @staticmethod
    def _delete_entries(entries):
        """Children first, then the entries, each in one statement on the entries'
        query: Django's delete would first read every entry to find what cascades."""
        query, params = entries.query.sql_with_params()
        # On SQLite a trigger deletes the entries' FTS5 rows (migration search 0007).
        tables = [(IndexValue._meta.db_table, "entry_id"),
                  (IndexLicence._meta.db_table, "entry_id"),
                  (IndexEntry._meta.db_table, "id")]
        with connection.cursor() as cursor:
            for table, column in tables:
                cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({query})", params)

    def rebuild(self, documents_by_type, progress=None):
        """Empty the index and load every document, in batches."""
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "sqlite":  # at once, before the triggers see each entry go
                cursor.execute("DELETE FROM search_fts")
            for model in (IndexValue, IndexLicence, IndexEntry):  # children first, one DELETE each
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
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
        # Fresh statistics after a bulk load: without them PostgreSQL picks nested loops
        # for the facet subqueries, and SQLite scans every entry of a type to check a
        # text match instead of looking up the few matches.
        with connection.cursor() as cursor:
            for model in (IndexEntry, IndexValue, IndexLicence):
                cursor.execute(f"ANALYZE {model._meta.db_table}")

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
            windows += self._windows(entry.pk, document)
        # Plain rows, not model instances: a rebuild writes millions of them.
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {IndexValue._meta.db_table} (entry_id, facet, value, from_licence)"
                " VALUES (%s, %s, %s, %s)", values,
            )
            cursor.executemany(
                f"INSERT INTO {IndexLicence._meta.db_table} (entry_id, service, technologies,"
                " state, valid_from, valid_until, from_licence)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s)", windows,
            )

    @staticmethod
    def _entry(document):
        return IndexEntry(
            type=document.type, object_id=document.id, title=document.title[:300],
            subtitle=document.subtitle[:300], sort_key=document.sort_key[:300],
            terms=search_text(*document.text, keywords=document.keywords),
            city=document.city, county=document.county,
            visible_from=document.visible_from or ALWAYS_FROM,
            visible_until=document.visible_until or ALWAYS_UNTIL,
        )

    @staticmethod
    def _windows(entry_id, document):
        """IndexLicence rows: the document's licences, or else its own values."""
        if document.licences:
            return [(entry_id, w.service, " " + " ".join(w.technologies) + " ", w.state,
                     w.valid_from, w.valid_until, True) for w in document.licences]
        if not (document.services or document.technologies or document.statuses):
            return []
        technologies = " " + " ".join(document.technologies) + " "
        return [(entry_id, service, technologies, state, None, None, False)
                for service in document.services or [""]
                for state in document.statuses or [""]]

    @staticmethod
    def _values(entry_id, document):
        """(entry_id, facet, value, from_licence) rows of a document's facet values."""
        own = [("service", v) for v in document.services]
        own += [("technology", v) for v in document.technologies]
        own += [("status", v) for v in document.statuses]
        derived = {("service", w.service) for w in document.licences}
        derived |= {("technology", t) for w in document.licences for t in w.technologies}
        own += [(IndexValue.EXACT, normalised_identifier(v)) for v in document.exact if v]
        return [(entry_id, f, v, False) for f, v in dict.fromkeys(own)] + [
            (entry_id, f, v, True) for f, v in sorted(derived)
        ]

