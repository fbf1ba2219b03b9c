"""PostgreSQL: search vectors kept inline in their rows (storage MAIN) rather than moved out to the TOAST
table, where the long descriptions go instead. A list's count and facets read the vector of every
document a search matches; out of line, each read was a TOAST lookup: « eau » at 200,000 actors matched
190,000 documents in about 500 ms a scan, 180 ms inline, and the summary query of the actors list's
first search for it took 5.6 s instead of 8.6 s. The UPDATE stores the existing vectors anew under the
new storage (a value left as it is keeps its place)."""

from django.db import migrations

FORWARD = [
    "ALTER TABLE core_searchdocument ALTER COLUMN vector SET STORAGE MAIN",
    "UPDATE core_searchdocument SET vector = vector || ''::tsvector",
]
BACKWARD = ["ALTER TABLE core_searchdocument ALTER COLUMN vector SET STORAGE EXTENDED"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("core", "0003_backgroundtask")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
