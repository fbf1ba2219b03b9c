"""Rebuilding the search index, and deferred indexing: only what a block touched, once, at its end."""

import pytest

from actors.models import Actor
from core import search
from core.models import SearchDocument
from projects.models import Participant, Project
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


def test_rebuild_indexes_a_project_with_more_than_a_thousand_actors():
    # Prefetching each participant's actor tested the ids in one OR per actor, over SQLite's expression
    # depth (1,000) as soon as a batch of projects counted more actors.
    project = ProjectFactory(slug="p", title="Puits")
    actors = Actor.objects.bulk_create(
        Actor(name=f"Membre {n}", slug=f"membre-{n}", legal_form="association", status="published") for n in range(1001)
    )
    actors[-1].name = "Hydraulique sans frontières"
    actors[-1].save()
    Participant.objects.bulk_create(Participant(project=project, actor=actor, role="operateur") for actor in actors)
    search.rebuild(kinds=["project"])
    assert [p.slug for p in search.search(Project.objects.published(), "hydraulique")] == ["p"]


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
