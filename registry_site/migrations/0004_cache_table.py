"""The cache's table (settings.CACHES, DatabaseCache), made by `migrate` so that every
set-up path has it; `createcachetable` skips a table that exists."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("registry_site", "0003_open_data_ledger")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
