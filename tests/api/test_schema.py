"""Property tests of the API against its own OpenAPI schema (schemathesis, in-process over WSGI, on the
study's data): no server error, every response as the schema says."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

EXAMPLES_PER_ENDPOINT = 20


def generated_schema():
    """The schema /api/v1/schema/ serves, generated at collection (without a request, so without a
    database); schemathesis's lazy `from_fixture` loader does not run on pytest 9."""
    document = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = get_wsgi_application()
    loaded.location = "/api/v1/schema/"
    return loaded


schema = generated_schema()


@pytest.fixture
def served_study(study, db, settings):
    settings.API_ANON_RATE = "1000000/minute"
    # The WSGI handler closes "old" connections around each request, and so would close the test's
    # transaction; Django's test client does the same disconnection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES_PER_ENDPOINT,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_answers_as_its_schema_says(case, served_study):
    # An unknown filter value is ignored, as on the pages (DESIGN: never an error): the API accepts what
    # the schema's enums do not list on purpose, so the "negative data rejected" check does not apply.
    case.call_and_validate(excluded_checks=[schemathesis.checks.negative_data_rejection])


def test_schema_is_openapi_3_in_french(client, db):
    document = client.get("/api/v1/schema/").json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["license"]["name"] == "Licence Ouverte / Open Licence 2.0"
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/acteurs/"]["get"]["parameters"]}
    assert {"q", "forme", "domaine", "pays", "repondant", "tri", "cursor"} <= set(parameters)
    assert parameters["forme"]["schema"]["items"]["enum"] == [
        "association",
        "cooperative",
        "fondation",
        "mutuelle",
        "entreprise",
        "reseau",
        "autre",
    ]
    assert "Répétez le paramètre" in parameters["pays"]["description"]
