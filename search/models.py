"""What an app needs to make its records findable; `search` imports no app."""

from datetime import date

from django.db import models

# A visible window's open bounds, stored as the extreme dates rather than NULL: the
# visibility test is then two plain range comparisons on NOT NULL columns (no OR, no
# IS NULL), which every engine evaluates on the row it reads and estimates right.
ALWAYS_FROM = date.min  # 0001-01-01
ALWAYS_UNTIL = date.max  # 9999-12-31


class IndexEntry(models.Model):
    """One searchable record in the database backend (the Document it was given)."""

    type = models.CharField(max_length=30)
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    sort_key = models.CharField(max_length=300, blank=True)
    # The tokenised terms, space-separated and padded (" t1 t2 "); SQLite searches them
    # through the FTS5 table search_fts (kept by triggers, migration 0007: a migration
    # that rebuilds this table on SQLite drops them), PostgreSQL through the GIN-indexed
    # column terms_vector (migration 0004), and a record at hand is tested with LIKE.
    terms = models.TextField()
    city = models.CharField(max_length=6, blank=True)
    county = models.CharField(max_length=6, blank=True)
    # Found only on days from visible_from to visible_until (documents.Document); most
    # records have the open bounds ALWAYS_FROM / ALWAYS_UNTIL. No index of their own:
    # nearly every row passes, so the test runs on the row the text match or the walk
    # has already read (an index would only tempt a planner away from the text index).
    visible_from = models.DateField(default=ALWAYS_FROM)
    visible_until = models.DateField(default=ALWAYS_UNTIL)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["type", "object_id"], name="one_entry_per_record")
        ]
        # The result order's indexes are in migration 0004: PostgreSQL's sort in
        # code-point order (COLLATE "C"), which SQLite has no name for.
        indexes = [
            models.Index(fields=["city"]),
            models.Index(fields=["county"]),
        ]

    def __str__(self):
        return f"{self.type}:{self.object_id} {self.title}"


class IndexValue(models.Model):
    """A facet value of an entry (service, technology, status), or one of its
    identifiers (facet "exact"). Values a document has directly are filtered on;
    values derived from its licences only count."""

    EXACT = "exact"

    entry = models.ForeignKey(IndexEntry, on_delete=models.CASCADE, related_name="values")
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=100)
    from_licence = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["facet", "value", "entry"])]

    def __str__(self):
        return f"{self.facet}={self.value}"


class IndexLicence(models.Model):
    """A licence window of an entry: service, technologies and status are evaluated
    on one and the same licence, the status on the query's day. A record without
    licences (a decision, a notice) has its own values here instead, one row per
    service, with its fixed status as the state (from_licence False): every filter
    then reads one table."""

    entry = models.ForeignKey(IndexEntry, on_delete=models.CASCADE, related_name="licences")
    service = models.CharField(max_length=30, blank=True)
    technologies = models.CharField(max_length=200, blank=True)  # " AIH IVF-ET "
    state = models.CharField(max_length=30, blank=True)
    valid_from = models.DateField(null=True)
    valid_until = models.DateField(null=True)
    from_licence = models.BooleanField(default=True)

    class Meta:
        indexes = [
            models.Index(fields=["entry", "service"]),
            models.Index(fields=["service", "state", "valid_until"]),
            models.Index(fields=["state", "valid_until"]),
        ]

    def __str__(self):
        return f"{self.service} {self.state} {self.valid_from}–{self.valid_until}"


class IndexVersion(models.Model):
    """The index's version (one row): every write to the index moves it in the writer's
    transaction, so the search answers kept under a version (result_cache) go stale
    exactly when the index changes — at commit, for every reader at once."""

    value = models.BigIntegerField()

    def __str__(self):
        return str(self.value)
