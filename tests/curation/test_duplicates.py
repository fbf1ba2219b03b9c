"""Probable duplicates: identifiers, names, spelling variants — and what is never a duplicate."""

import pytest
from django.urls import reverse

from actors.models import Actor, Collectivity
from curation.duplicates import names_similar, probable_duplicates
from curation.models import NotDuplicate
from tests.factories import ActorFactory, CollectivityFactory, CuratorFactory

pytestmark = pytest.mark.django_db


def pairs(model=Actor):
    return [frozenset((a.name, b.name)) for a, b, _reason in probable_duplicates(model)]


def test_same_siren_same_normalised_name_and_spelling_variants_are_probable_duplicates():
    ActorFactory(name="Association A", siren="732829320")
    ActorFactory(name="Tout autre nom", siret="73282932000074")
    ActorFactory(name="Électriciens sans frontières")
    ActorFactory(name="electriciens sans frontieres")
    ActorFactory(name="Tourisme et développement solidaires")
    ActorFactory(name="Tourisme & développement solidaire")
    ActorFactory(name="Batik International")
    found = pairs()
    assert frozenset(("Association A", "Tout autre nom")) in found
    assert frozenset(("Électriciens sans frontières", "electriciens sans frontieres")) in found
    assert frozenset(("Tourisme & développement solidaire", "Tourisme et développement solidaires")) in found
    assert not any("Batik International" in pair for pair in found)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Conseil général de l’Eure", "Conseil général de l’Isère"),
        ("Conseil général de l’Essonne", "Conseil général de l’Eure"),
        ("Ville de Saint-Denis", "Ville de Vert-Saint-Denis"),
        ("Association des maires de France", "Association des régions de France"),
    ],
)
def test_names_differing_by_a_territory_or_a_whole_word_are_not_similar(first, second):
    assert names_similar(first, second) is False


def test_spelling_variants_are_similar():
    assert names_similar("Tourisme & développement solidaire", "Tourisme et développement solidaires") is True


def test_collectivities_of_different_territories_or_codes_are_never_duplicates():
    CollectivityFactory(name="Conseil général de l’Eure", territory="Eure", official_code="27")
    CollectivityFactory(name="Conseil général de l’Isère", territory="Isère", official_code="38")
    CollectivityFactory(name="Conseil général de l’Essonne", territory="Essonne")
    CollectivityFactory(name="Ville de Saint-Denis", territory="Seine-Saint-Denis")
    CollectivityFactory(name="Ville de Vert-Saint-Denis", territory="Seine-et-Marne")
    CollectivityFactory(name="Mairie", territory="Mali", country="ML")
    CollectivityFactory(name="Mairie", territory="Sénégal", country="SN")
    CollectivityFactory(name="Commune de Sainte-Marie", official_code="97418")
    CollectivityFactory(name="Commune de Sainte Marie", official_code="97209")
    CollectivityFactory(name="Région Île-de-France", territory="Île-de-France")
    CollectivityFactory(name="Region Ile-de-France", territory="Ile de France")
    assert pairs(Collectivity) == [frozenset(("Région Île-de-France", "Region Ile-de-France"))]


def test_a_pair_marked_not_duplicates_is_never_suggested_again(client):
    curator = CuratorFactory()
    client.force_login(curator)
    first, second = ActorFactory(name="Eau vive"), ActorFactory(name="EAU VIVE")
    assert frozenset(("Eau vive", "EAU VIVE")) in pairs()
    response = client.post(reverse("curation:not_duplicates"), {"nature": "acteur", "a": second.pk, "b": first.pk})
    remembered = NotDuplicate.objects.get()
    assert (response.status_code, remembered.first_id, remembered.second_id) == (302, first.pk, second.pk)
    assert remembered.decided_by == curator
    assert pairs() == []
    assert client.get(reverse("curation:duplicates")).context["groups"][0][2] == []


def test_duplicates_page_query_count_is_bounded(client, django_assert_max_num_queries):
    client.force_login(CuratorFactory())
    for n in range(30):
        ActorFactory(name=f"Association des amis numéro {n}")
        ActorFactory(name=f"Association des amis numero {n}")
    with django_assert_max_num_queries(25):
        response = client.get(reverse("curation:duplicates"))
    assert len(response.context["groups"][0][2]) == 30


def test_a_large_directory_is_computed_in_the_background_and_read_by_the_page(client, monkeypatch):
    from curation import duplicates

    monkeypatch.setattr(duplicates, "SYNC_LIMIT", 3)
    client.force_login(CuratorFactory())
    first, second = ActorFactory(name="Eau vive"), ActorFactory(name="EAU VIVE")
    ActorFactory.create_batch(3)
    assert duplicates.suggestions(Actor) == (None, None)  # nothing computed yet: a task is enqueued
    duplicates.store_suggestions("acteur")  # what the task does (the tests' backend runs it on commit)
    pairs, computed_at = duplicates.suggestions(Actor)
    assert ([(a.pk, b.pk) for a, b, _r in pairs], computed_at is not None) == ([(first.pk, second.pk)], True)
    NotDuplicate.objects.create(
        nature="acteur", first_id=first.pk, second_id=second.pk, first_name="a", second_name="b"
    )
    assert client.get(reverse("curation:duplicates")).context["groups"][0][2] == []
