"""Rebuilding the search index, and deferred indexing: only what a block touched, once, at its end."""

import pytest

from actors.models import Actor
from core import search
from core.models import SearchDocument
from tests.factories import ActorFactory, CollectivityFactory, ParticipantFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_rebuild_of_some_kinds_keeps_the_others():
    actor = ActorFactory(slug="a", name="Eau vive")
    ProjectFactory(slug="p", title="Eau potable")
    SearchDocument.objects.filter(kind="project").update(title="gardé")
    SearchDocument.objects.filter(kind="actor").delete()
    search.rebuild(kinds=["actor"])
    kept = set(SearchDocument.objects.filter(kind="project").values_list("title", flat=True))
    assert (kept, list(SearchDocument.objects.filter(kind="actor").values_list("object_id", flat=True))) == (
        {"gardé"},
        [actor.pk],
    )


def test_rebuild_finds_words_of_linked_rows():
    project = ProjectFactory(slug="p", title="Puits")
    ParticipantFactory(project=project, actor=ActorFactory(slug="a", name="Hydraulique sans frontières"))
    SearchDocument.objects.all().delete()
    search.rebuild()
    found = search.search(project.__class__.objects.published(), "hydraulique")
    assert [p.slug for p in found] == ["p"]


def test_deferred_indexing_indexes_only_what_the_block_touched():
    untouched = ActorFactory(slug="ancienne", name="Eau ancienne")
    SearchDocument.objects.filter(object_id=untouched.pk).delete()  # left out of the index on purpose
    with search.deferred_indexing() as pending:
        ActorFactory(slug="nouvelle", name="Eau nouvelle")
        bulk = Actor.objects.bulk_create(
            [Actor(slug="en-masse", name="Eau en masse", legal_form="association", status="published")]
        )
        search.touched(Actor, [a.pk for a in bulk])
        CollectivityFactory(slug="ville", name="Ville d’eau")
        inside = SearchDocument.objects.count()
    indexed = sorted(
        SearchDocument.objects.filter(kind="actor", title__startswith="Eau").values_list("title", flat=True)
    )
    assert (inside, sorted(pending.pks), indexed) == (0, ["actor", "collectivity"], ["Eau en masse", "Eau nouvelle"])


def test_cancelled_deferred_indexing_indexes_nothing():
    with search.deferred_indexing() as pending:
        ActorFactory(slug="x", name="Eau vive")
        pending.cancel()
    assert SearchDocument.objects.count() == 0


def test_touched_outside_a_deferred_block_indexes_at_once():
    bulk = Actor.objects.bulk_create(
        [Actor(slug="en-masse", name="Eau en masse", legal_form="association", status="published")]
    )
    search.touched(Actor, [bulk[0].pk])
    assert list(SearchDocument.objects.values_list("title", flat=True)) == ["Eau en masse"]
