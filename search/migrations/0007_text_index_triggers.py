"""SQLite keeps its FTS5 table in step with the entries itself, as PostgreSQL keeps its
GIN index on the column: a save of the index writes one statement less for each of
its INSERT and DELETE. SQLite drops a table's triggers with the table, so a later
migration that rebuilds search_indexentry there must run CREATE again."""

from django.db import migrations

CREATE = (
    "CREATE TRIGGER IF NOT EXISTS search_fts_after_insert AFTER INSERT ON search_indexentry"
    " BEGIN INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_after_delete AFTER DELETE ON search_indexentry"
    " BEGIN DELETE FROM search_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_after_update AFTER UPDATE OF terms"
    " ON search_indexentry"
    " BEGIN UPDATE search_fts SET terms = new.terms WHERE rowid = new.id; END",
)
DROP = tuple(f"DROP TRIGGER IF EXISTS search_fts_after_{event}"
             for event in ("insert", "delete", "update"))


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_index_version")]

    operations = [migrations.RunPython(create, drop)]
