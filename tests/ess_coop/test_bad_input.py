"""No query string, however malformed, makes a public list answer with a server error."""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ActorFactory, CollectivityFactory, DomainFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LISTS = ["/acteurs/", "/collectivites/", "/projets/", "/recherche/", "/etudes-de-cas/", "/statistiques/"]
PARAMETERS = ["q", "forme", "domaine", "pays", "type", "mode", "initiative", "repondant", "page", "tri", "format"]
NASTY = [
    "",
    "0",
    "-1",
    "99999999999999999999999999",
    "1e400",
    "NaN",
    "ML",
    "ml",
    "ZZ",
    "association",
    "eau-et-assainissement",
    "csv",
    "xlsx",
    "pdf",
    "' OR 1=1 --",
    "'; DROP TABLE actors_actor; --",
    '"',
    "eau*",
    "NEAR(a b)",
    "<script>alert(1)</script>",
    "%00",
    "\x00",
    "é" * 10_000,
    "a" * 10_240,
    "\u202e\ufeff",
    "🙂",
]
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=60))
query_strings = st.lists(st.tuples(st.sampled_from([*PARAMETERS, "x", "page[]"]), values), max_size=6)


@pytest.fixture
def some_data():
    root = DomainFactory(slug="eau-et-assainissement")
    actor = ActorFactory(name="Eau vive")
    actor.domains.add(root)
    actor.countries.add("ML")
    CollectivityFactory()
    ProjectFactory(title="Eau potable")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(path=st.sampled_from(LISTS), pairs=query_strings)
def test_list_pages_never_answer_a_server_error(client, some_data, path, pairs):
    response = client.get(f"{path}?{urlencode(pairs)}")
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("value", NASTY)
def test_list_pages_survive_each_nasty_value_in_every_parameter(client, some_data, path, value):
    response = client.get(path, {name: value for name in PARAMETERS if name != "format"})
    assert response.status_code in (200, 400)
