"""Trigram indexes on the sorted names (PostgreSQL only): the probable-duplicates self-join uses them."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS actor_sort_name_trgm ON actors_actor USING gin (sort_name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS collectivity_sort_name_trgm ON actors_collectivity USING gin (sort_name gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS actor_sort_name_trgm", "DROP INDEX IF EXISTS collectivity_sort_name_trgm"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("actors", "0008_logo_and_private_email"), ("core", "0002_search_engines")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
