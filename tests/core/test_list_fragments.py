"""The cached parts of the list pages (filter panel, map, rows) show an edit at once."""

import pytest
from django.core.cache import cache

from tests.factories import ActorFactory, CallFactory

pytestmark = pytest.mark.django_db


def cached_rows():
    return [key for key in cache._cache if "ess_coop:row:" in key]


def results(response):
    html = response.content.decode()
    return html[html.index('<ol class="results"') : html.index("</ol>", html.index('<ol class="results"'))]


def test_list_rows_panel_and_map_show_an_edit_at_once(client):
    actor = ActorFactory(name="Ancien nom", country="FR")
    first = client.get("/acteurs/").content.decode()
    actor.name = "Nouveau nom"
    actor.save()
    actor.countries.add("ML")
    second = client.get("/acteurs/").content.decode()
    assert (
        "Ancien nom" in first,
        'value="ML"' in first,
        "Nouveau nom" in second,
        "Ancien nom" in second,
        'value="ML"' in second,
        '"code": "ML"' in second,
    ) == (True, False, True, False, True, True)


def test_list_rows_are_kept_once_rendered(client):
    ActorFactory.create_batch(3)
    first = results(client.get("/acteurs/?tri=-nom"))
    kept = len(cached_rows())
    assert (kept, results(client.get("/acteurs/?tri=-nom")) == first, len(cached_rows())) == (3, True, 3)


def test_rows_of_lists_outside_the_directory_are_not_kept(client):
    CallFactory()
    client.get("/appels/")
    assert cached_rows() == []
