"""core.listing: every facet's options with counts and state, ready for the template (facet_groups), and
new lists limited per client and computed a few at a time (admit_new_list)."""

import threading

import factory
import pytest
from django.core.cache import cache
from django.http import QueryDict

from actors.filters import ActorFilter
from actors.models import Actor, Country
from core import directory_cache
from core.listing import facet_groups
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


def groups_of(query, counts):
    filterset = ActorFilter(QueryDict(query), queryset=Actor.objects.all())
    return {group["name"]: group for group in facet_groups(filterset, counts)}


def empty_counts(**counts):
    return {**{name: {} for name in ActorFilter.facets}, **counts}


def test_facet_groups_follow_the_filterset_facets_in_order():
    filterset = ActorFilter(QueryDict(""), queryset=Actor.objects.all())
    assert [g["name"] for g in facet_groups(filterset, empty_counts())] == [
        "forme",
        "domaine",
        "zone",
        "pays",
        "repondant",
        "collectivite",
        "mode",
        "role",
        "zone_projet",
        "pays_projet",
    ]


def test_facet_options_carry_their_count_and_whether_they_are_chosen():
    groups = groups_of("forme=cooperative", empty_counts(forme={"association": 4, "cooperative": 2}))
    options = {o["value"]: o for o in groups["forme"]["options"]}
    assert options["association"]["count"] == 4
    assert options["association"]["checked"] is False
    assert options["cooperative"]["checked"] is True
    assert options["fondation"]["count"] == 0
    assert groups["forme"]["multiple"] is True


def test_countries_list_those_of_the_whole_list_or_chosen_most_entries_first():
    # The options stay stable while filtering: they come from the whole list, not from the filtered counts.
    for code, number in [("ML", 3), ("SN", 1)]:
        for actor in ActorFactory.create_batch(number):
            actor.countries.set([Country.objects.get(code=code)])
    groups = groups_of("pays=BF", empty_counts(pays={"SN": 1}))
    # The factory's actors are based in France: « based in or working in » counts all four there.
    assert [o["value"] for o in groups["pays"]["options"]] == ["FR", "ML", "SN", "BF"]


def test_a_single_value_facet_is_not_multiple():
    groups = groups_of("repondant=1", empty_counts(repondant={"1": 5}))
    assert groups["repondant"]["multiple"] is False
    (option,) = groups["repondant"]["options"]
    assert option["value"] == "1"
    assert option["count"] == 5
    assert option["checked"] is True


# --- admit_new_list: new lists limited per client and computed a few at a time --------------------

ACTORS = "/acteurs/"


@pytest.fixture
def uncached_pages(settings):
    settings.PUBLIC_PAGE_CACHE = False  # each request reaches the list view


def test_new_lists_beyond_the_rate_limit_are_refused_while_seen_lists_still_answer(client, settings, uncached_pages):
    settings.NEW_LIST_RATE_LIMIT = "2/m"
    ActorFactory(legal_form="association")
    statuses = [client.get(ACTORS, {"forme": forme}).status_code for forme in ("association", "cooperative")]
    refused = client.get(ACTORS, {"forme": "fondation"})
    again = client.get(ACTORS, {"forme": "association"})  # its counts are cached: no new computation
    assert (statuses, refused.status_code, refused["Retry-After"], again.status_code) == ([200, 200], 429, "60", 200)
    assert "Trop de recherches" in refused.content.decode()


def test_a_page_of_search_results_not_seen_yet_is_a_new_list(client, settings, uncached_pages):
    settings.NEW_LIST_RATE_LIMIT = "1/m"
    ActorFactory.create_batch(21, name=factory.Sequence(lambda n: f"Eau vive {n}"))
    first = client.get(ACTORS, {"q": "eau"}).status_code
    seen = client.get(ACTORS, {"q": "eau"}).status_code  # every part cached: nothing new
    second_page = client.get(ACTORS, {"q": "eau", "page": "2"})  # its ranking is not
    assert (first, seen, second_page.status_code) == (200, 200, 429)


def test_a_new_list_is_refused_while_every_slot_computes_another(client, settings, uncached_pages):
    settings.NEW_LIST_CONCURRENCY = 1
    ActorFactory(legal_form="association")
    seen = client.get(ACTORS, {"forme": "association"}).status_code
    assert cache.get("new-lists:slot:0") is None  # freed once the page was computed
    cache.add("new-lists:slot:0", True, 60)  # another server computes a new list
    busy = client.get(ACTORS, {"forme": "cooperative"})
    cached = client.get(ACTORS, {"forme": "association"})
    cache.delete("new-lists:slot:0")
    later = client.get(ACTORS, {"forme": "cooperative"})
    assert (seen, busy.status_code, busy["Retry-After"], cached.status_code, later.status_code) == (
        200,
        503,
        "5",
        200,
        200,
    )
    assert "Recherche momentanément indisponible" in busy.content.decode()


def test_a_list_another_request_is_computing_is_served_without_a_slot(client, settings, uncached_pages, monkeypatch):
    settings.NEW_LIST_CONCURRENCY = 1
    monkeypatch.setattr(directory_cache, "WAIT_STEP", 0.01)
    ActorFactory(legal_form="association")
    state = ActorFilter(QueryDict("forme=association"), queryset=Actor.objects.published()).state()
    lock = directory_cache._full_key("summary", state) + ":computing"
    cache.add("new-lists:slot:0", True, 60)
    cache.add(lock, 1, 60)  # the other request ends without a value: this one then computes it
    timer = threading.Timer(0.05, lambda: cache.delete(lock))
    timer.start()
    response = client.get(ACTORS, {"forme": "association"})
    timer.join()
    assert (response.status_code, response.context["page_obj"].paginator.count) == (200, 1)
