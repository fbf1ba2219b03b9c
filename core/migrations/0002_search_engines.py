"""The database side of search, per engine.

PostgreSQL: the unaccent and pg_trgm extensions (trusted on PostgreSQL 15), a `french_unaccent`
text-search configuration (unaccent, then French stemming) used for both index and queries, a GIN
index on the stored vector and a trigram GIN index on the unaccented titles.
SQLite: an FTS5 table of stems (rowid = search document id)."""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$""",
    "CREATE INDEX IF NOT EXISTS searchdocument_vector_gin ON core_searchdocument USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS searchdocument_title_trgm ON core_searchdocument USING gin (title_plain gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS searchdocument_title_trgm",
    "DROP INDEX IF EXISTS searchdocument_vector_gin",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS core_search_fts USING fts5(title, keywords, body, tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS core_search_fts"]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
