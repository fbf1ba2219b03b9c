"""The cached parts of the list pages (filter panel, map, rows) show an edit at once."""

from functools import partial

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


@pytest.mark.parametrize("url", ["/acteurs/?q=eau&pays=ML", "/projets/?page=2", "/recherche/?q=eau", "/statistiques/"])
def test_a_cached_page_reads_the_shared_cache_twice(client, monkeypatch, settings, url):
    settings.PUBLIC_PAGE_CACHE = False  # the page computed from its cached parts
    ActorFactory.create_batch(3, name="Eau vive", country="ML")
    client.get(url)
    reads, depth = [], [0]
    for name in ("get", "get_many"):
        monkeypatch.setattr(cache, name, partial(count_read, getattr(cache, name), reads, depth))
    assert (client.get(url).status_code, len(reads)) == (200, 2)  # the data version, then all the page needs


def count_read(read, reads, depth, *args, **kwargs):
    """Counts the calls made by the page, not those the cache backend makes itself (get_many → get)."""
    if not depth[0]:
        reads.append(args[0])
    depth[0] += 1
    try:
        return read(*args, **kwargs)
    finally:
        depth[0] -= 1
