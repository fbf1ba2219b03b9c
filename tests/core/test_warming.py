"""core.warming: after a change, the costliest cached values are recomputed in the background, one
warm-up at a time (the tests' task backend runs it at once)."""

import pytest
from django.core.cache import cache
from django.http import QueryDict

from actors.countries import sync_countries
from actors.filters import ActorFilter
from actors.models import Actor, Country
from core import directory_cache, tasks, warming
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def warm_ups(settings, monkeypatch):
    settings.WARM_UP_AFTER_CHANGES = True
    runs = []
    monkeypatch.setattr(tasks, "warm", lambda: runs.append(1) or warming.warm())
    return runs


def test_after_a_committed_change_the_unfiltered_lists_and_statistics_are_computed(
    warm_ups, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ActorFactory(legal_form="association")
    whole = ActorFilter(QueryDict(), queryset=Actor.objects.published()).state()
    count, facets = directory_cache.get("summary", whole)
    assert (warm_ups, count, facets["forme"].get("association")) == ([1], 1, 1)
    assert directory_cache.get("statistics", "fr")["actor_total"] == 1


@pytest.mark.django_db(transaction=True)  # each change commits, as in production
def test_changes_while_a_warm_up_is_queued_enqueue_no_other(warm_ups, monkeypatch):
    monkeypatch.setattr(tasks, "warm", lambda: warm_ups.append(1))  # still queued while the worker is busy
    sync_countries(Country)  # a previous transactional test's flush emptied the migration's rows
    cache.add(warming.queued_key(), 1, 60)  # one is waiting for the worker
    ActorFactory()
    queued = list(warm_ups)
    cache.delete(warming.queued_key())  # the worker took it
    ActorFactory()
    assert (queued, warm_ups) == ([], [1])


def test_no_warm_up_when_turned_off(warm_ups, settings, django_capture_on_commit_callbacks):
    settings.WARM_UP_AFTER_CHANGES = False
    with django_capture_on_commit_callbacks(execute=True):
        ActorFactory()
    assert warm_ups == []
