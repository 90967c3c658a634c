"""A document's visible window (documents.Document.visible_from / visible_until).

The columns are added with ALTER TABLE … ADD COLUMN … NOT NULL DEFAULT on both
engines: existing entries get the open bounds (always visible) at once, PostgreSQL
without rewriting the table, and SQLite without the table copy Django's AddField
would make there, which would also drop the result-order indexes migration 0004
created in raw SQL. The model's state is the plain AddField.
"""

import datetime

from django.db import migrations, models

TABLE = "search_indexentry"
COLUMNS = (("visible_from", "0001-01-01"), ("visible_until", "9999-12-31"))


class Migration(migrations.Migration):
    dependencies = [("search", "0004_exact_values_and_order")]

    operations = [
        migrations.RunSQL(
            [f"ALTER TABLE {TABLE} ADD COLUMN {name} date NOT NULL DEFAULT '{bound}'"
             for name, bound in COLUMNS],
            [f"ALTER TABLE {TABLE} DROP COLUMN {name}" for name, _bound in COLUMNS],
            state_operations=[
                migrations.AddField(
                    model_name="indexentry", name="visible_from",
                    field=models.DateField(default=datetime.date(1, 1, 1)),
                ),
                migrations.AddField(
                    model_name="indexentry", name="visible_until",
                    field=models.DateField(default=datetime.date(9999, 12, 31)),
                ),
            ],
        ),
    ]
