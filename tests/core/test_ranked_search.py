"""Relevance order by one joined ranking query, cut to the page asked for."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import Actor, Collectivity
from core import search
from core.models import SearchDocument
from tests.factories import ActorFactory, CollectivityFactory

pytestmark = pytest.mark.django_db


def test_ranked_ids_put_name_matches_before_description_matches():
    in_text = ActorFactory(name="Lumière du Sahel", description="Des puits pour l’eau potable.")
    in_name = ActorFactory(name="Eau Vive", description="Une association.")
    ActorFactory(name="Soleil", description="Rien à voir.")
    assert search.ranked_ids(Actor.objects.published(), "eau") == [in_name.pk, in_text.pk]


def test_ranked_ids_keep_the_queryset_filters_and_cut_the_page():
    actors = [ActorFactory(name=f"Eau {n}") for n in range(5)]
    ActorFactory(name="Eau cachée", status="draft")
    ranked = search.ranked_ids(Actor.objects.published(), "eau")
    assert (sorted(ranked), search.ranked_ids(Actor.objects.published(), "eau", 1, 3)) == (
        sorted(a.pk for a in actors),
        ranked[1:3],
    )


def test_ranked_results_page_holds_the_objects_in_rank_order():
    ActorFactory(name="Lumière", description="eau")
    best = ActorFactory(name="Eau Eau", description="eau")
    results = search.RankedResults(Actor.objects.published(), "eau", count=2)
    assert (len(results), results[0], [a.name for a in results[0:2]]) == (2, best, ["Eau Eau", "Lumière"])


def test_searched_list_page_reads_its_rows_without_matching_again(client, settings):
    settings.PUBLIC_PAGE_CACHE = False
    found = ActorFactory(name="Eau Vive", legal_form="cooperative")
    ActorFactory(name="Eau Claire")
    client.get("/acteurs/?q=eau&forme=cooperative")  # ranks the page and keeps its keys
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/acteurs/?q=eau&forme=cooperative")
    searching = [q["sql"] for q in queries.captured_queries if SearchDocument._meta.db_table in q["sql"]]
    assert (searching, list(response.context["page_obj"].object_list)) == ([], [found])


def test_ranked_ids_closest_puts_the_entries_holding_most_words_first():
    one = ActorFactory(name="Eau Vive", description="Une association.")
    both = ActorFactory(name="Lumière", description="L’eau au Sahel.")
    ActorFactory(name="Soleil", description="Rien à voir.")
    actors = search.closest(Actor.objects.published(), "eau sahel")
    assert search.ranked_ids(actors, "eau sahel", closest=True) == [both.pk, one.pk]


def test_best_of_each_counts_every_match_and_keeps_the_best_of_each_queryset():
    best = ActorFactory(name="Eau Eau", description="eau")
    others = [ActorFactory(name=f"Lumière {n}", description="eau") for n in range(3)]
    CollectivityFactory(name="Ville d’eau")
    groups = search.best_of_each([Actor.objects.published(), Collectivity.objects.published()], "eau", 2)
    assert [(count, len(ids)) for count, ids in groups] == [(4, 2), (1, 1)]
    assert groups[0][1] == search.ranked_ids(Actor.objects.published(), "eau", 0, 2) == [best.pk, others[0].pk]


def test_best_of_each_closest_finds_entries_holding_some_of_the_words():
    actor = ActorFactory(name="Eau Vive")
    groups = search.best_of_each([Actor.objects.published()], "eau zzzyx", 8, closest=True)
    assert (search.best_of_each([Actor.objects.published()], "eau zzzyx", 8), groups) == ([(0, [])], [(1, [actor.pk])])
