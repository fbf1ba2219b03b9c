"""Search that still answers: when no entry holds every word, those holding the most of them."""

import pytest
from django.urls import reverse

from actors.models import Actor
from core import search

MESSAGE = "Aucune fiche ne contient tous ces mots\u00a0; voici les plus proches."


@pytest.fixture(autouse=True)
def loaded(study, db):
    return study


def test_closest_ranks_entries_by_the_number_of_words_they_hold():
    actors = Actor.objects.published()
    assert list(search.search(actors, "eau Madagascar microcrédit")) == []
    ranked = list(search.closest(actors, "eau Madagascar microcrédit").order_by("-search_rank", "pk")[:1])
    assert [a.slug for a in ranked] == ["east"]


def test_closest_counts_each_word_once():
    best = search.closest(Actor.objects.published(), "eau Madagascar microcrédit").order_by("-search_rank").first()
    assert int(best.search_rank) == 2


def test_actor_list_falls_back_to_the_closest_entries_and_says_so(client):
    response = client.get(reverse("actors:actor_list"), {"q": "eau Madagascar microcrédit"})
    first = response.context["page_obj"].object_list[0]
    assert (response.context["closest"], first.slug, MESSAGE in response.content.decode()) == (True, "east", True)


def test_actor_list_with_every_word_found_does_not_fall_back(client):
    response = client.get(reverse("actors:actor_list"), {"q": "eau Madagascar"})
    assert (response.context["closest"], MESSAGE in response.content.decode()) == (False, False)


def test_search_page_falls_back_to_the_closest_entries_and_says_so(client):
    response = client.get(reverse("search"), {"q": "eau Madagascar microcrédit"})
    results = response.context["results"]
    actors = next(g for g in results["groups"] if g["key"] == "actors")
    assert (results["closest"], actors["results"][0].slug, MESSAGE in response.content.decode()) == (
        True,
        "east",
        True,
    )


def test_closest_on_a_word_nobody_has_gives_nothing(client):
    response = client.get(reverse("search"), {"q": "zzzyx"})
    results = response.context["results"]
    assert (results["total"], results["closest"]) == (0, False)
