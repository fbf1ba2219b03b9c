"""Every constraint and index declared on a model exists in the database (a declared constraint that
never reached a migration is a known trap)."""

import pytest
from django.apps import apps
from django.db import connection

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("actors", "projects", "case_studies")


def declared():
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.db_table.startswith(f"{app}_historical"):
                continue
            for item in [*model._meta.constraints, *model._meta.indexes]:
                yield pytest.param(model, item.name, id=f"{model._meta.label}.{item.name}")


@pytest.mark.parametrize(("model", "name"), list(declared()))
def test_declared_constraint_exists_in_database(model, name):
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, model._meta.db_table))
        if connection.vendor == "sqlite" and name not in names:
            # SQLite's introspection cannot name every CHECK it does not parse: read the table's DDL.
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [model._meta.db_table])
            names |= {name} if f'CONSTRAINT "{name}"' in cursor.fetchone()[0] else set()
    assert name in names
