"""Reorganised for fast queries at 100k records and more:
- identifiers become indexed values (facet "exact"); terms are padded;
- a record without licences gets its own values as windows (IndexLicence), so that
  every service/technology/status filter reads one table;
- results have an index in their sort order (PostgreSQL: code-point order, COLLATE "C");
- PostgreSQL stores the tsvector, so testing a record does not recompute it.
"""

from django.db import migrations, models

ORDER_INDEXES = {
    "sqlite": [
        "CREATE INDEX IF NOT EXISTS search_entry_order ON search_indexentry "
        "(sort_key, type, object_id)",
        "CREATE INDEX IF NOT EXISTS search_entry_type_order ON search_indexentry "
        "(type, sort_key, object_id)",
    ],
    "postgresql": [
        "CREATE INDEX IF NOT EXISTS search_entry_order ON search_indexentry "
        '(sort_key COLLATE "C", type, object_id)',
        "CREATE INDEX IF NOT EXISTS search_entry_type_order ON search_indexentry "
        '(type, sort_key COLLATE "C", object_id)',
    ],
}


def move_identifiers(apps, schema_editor):
    """exact " ID1 ID2 " → one IndexValue(facet="exact") per identifier; pad the terms
    so that a term can be tested whole (" t ") or as a prefix (" t") with LIKE."""
    IndexEntry = apps.get_model("search", "IndexEntry")
    IndexValue = apps.get_model("search", "IndexValue")
    rows = IndexEntry.objects.exclude(exact="").values_list("pk", "exact").iterator()
    IndexValue.objects.bulk_create(
        (IndexValue(entry_id=pk, facet="exact", value=identifier)
         for pk, exact in rows for identifier in exact.split() if len(identifier) <= 100),
        batch_size=2000,
    )
    schema_editor.execute(
        "UPDATE search_indexentry SET terms = ' ' || terms || ' ' WHERE substr(terms, 1, 1) <> ' '"
    )


def own_windows(apps, schema_editor):
    """Own service/technology/status values → windows, for entries without licences."""
    IndexLicence = apps.get_model("search", "IndexLicence")
    IndexValue = apps.get_model("search", "IndexValue")
    own = {}
    for entry_id, facet, value in IndexValue.objects.filter(
        from_licence=False, entry__has_licences=False,
        facet__in=("service", "technology", "status"),
    ).values_list("entry_id", "facet", "value").iterator():
        own.setdefault(entry_id, {}).setdefault(facet, []).append(value)
    IndexLicence.objects.bulk_create(
        (IndexLicence(entry_id=entry_id, service=service, state=state, from_licence=False,
                      technologies=" " + " ".join(values.get("technology", [])) + " ")
         for entry_id, values in own.items()
         for service in values.get("service", [""]) for state in values.get("status", [""])),
        batch_size=2000,
    )


TSVECTOR = [
    "DROP INDEX IF EXISTS search_indexentry_terms_gin",
    "ALTER TABLE search_indexentry ADD COLUMN terms_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED",
    "CREATE INDEX search_indexentry_terms_vector ON search_indexentry USING GIN (terms_vector)",
]
TSVECTOR_REVERSE = [
    "ALTER TABLE search_indexentry DROP COLUMN terms_vector",
    "CREATE INDEX search_indexentry_terms_gin ON search_indexentry "
    "USING GIN (to_tsvector('simple', terms))",
]


def stored_tsvector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in TSVECTOR:
            schema_editor.execute(statement)


def computed_tsvector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in TSVECTOR_REVERSE:
            schema_editor.execute(statement)


def create_order_indexes(apps, schema_editor):
    for statement in ORDER_INDEXES.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_order_indexes(apps, schema_editor):
    for name in ("search_entry_order", "search_entry_type_order"):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_licence_window_index")]

    operations = [
        migrations.AlterField(
            model_name="indexvalue", name="value", field=models.CharField(max_length=100),
        ),
        migrations.RunPython(move_identifiers, migrations.RunPython.noop),
        migrations.RemoveField(model_name="indexentry", name="exact"),
        migrations.AddField(
            model_name="indexlicence", name="from_licence",
            field=models.BooleanField(default=True),
        ),
        migrations.AlterField(
            model_name="indexlicence", name="service",
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.AlterField(
            model_name="indexlicence", name="state",
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.RunPython(own_windows, migrations.RunPython.noop),
        migrations.RemoveField(model_name="indexentry", name="has_licences"),
        migrations.RunPython(stored_tsvector, computed_tsvector),
        migrations.RemoveIndex(model_name="indexentry", name="search_inde_type_a4f06d_idx"),
        migrations.RunPython(create_order_indexes, drop_order_indexes),
        migrations.AddIndex(
            model_name="indexlicence",
            index=models.Index(fields=["state", "valid_until"], name="search_inde_state_e6bf16_idx"),
        ),
    ]
