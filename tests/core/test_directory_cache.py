"""The shared cache of counts and facets: reused while nothing changes, never stale after an edit."""

import threading

import pytest
from django.core.cache import cache
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection

from actors import selectors
from actors.models import Actor, Country
from core import directory_cache, search
from tests.factories import ActorFactory, DomainFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_cached_computes_once_while_the_data_does_not_change():
    calls = []
    assert [directory_cache.cached("test", "k", lambda: calls.append(1) or len(calls)) for _ in range(3)] == [1, 1, 1]


def _full_key(name, key):
    return directory_cache._full_key(name, key)


def test_cached_waits_for_the_value_another_process_is_computing(monkeypatch):
    monkeypatch.setattr(directory_cache, "WAIT_STEP", 0.01)
    cache.add(_full_key("test", "busy") + ":computing", 1, 60)  # another process holds the computation
    timer = threading.Timer(0.05, lambda: cache.set(_full_key("test", "busy"), "theirs", 60))
    timer.start()
    calls = []
    value = directory_cache.cached("test", "busy", lambda: calls.append(1) or "mine")
    timer.join()
    assert (value, calls) == ("theirs", [])


def test_cached_computes_when_the_other_computation_ends_without_a_value(monkeypatch):
    monkeypatch.setattr(directory_cache, "WAIT_STEP", 0.01)
    lock = _full_key("test", "failed") + ":computing"
    cache.add(lock, 1, 60)
    timer = threading.Timer(0.05, lambda: cache.delete(lock))
    timer.start()
    value = directory_cache.cached("test", "failed", lambda: "mine")
    timer.join()
    assert (value, cache.get(lock)) == ("mine", None)


def test_cached_releases_its_lock_when_the_computation_fails():
    def fail():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        directory_cache.cached("test", "boom", fail)
    assert cache.get(_full_key("test", "boom") + ":computing") is None


def test_a_save_makes_cached_values_obsolete():
    before = directory_cache.data_version()
    ActorFactory()
    assert directory_cache.data_version() != before


def test_a_link_change_makes_cached_values_obsolete():
    actor = ActorFactory()
    before = directory_cache.data_version()
    actor.countries.add("ML")
    assert directory_cache.data_version() != before


def test_the_version_changes_again_when_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ActorFactory()
        ActorFactory()
    assert len(callbacks) >= 1
    before = directory_cache.data_version()
    for callback in callbacks:
        callback()
    assert directory_cache.data_version() != before


def test_reindexing_after_bulk_writes_makes_cached_values_obsolete():
    before = directory_cache.data_version()
    Actor.objects.bulk_create([Actor(name="En masse", slug="en-masse", legal_form="association")])
    assert directory_cache.data_version() == before  # no signal from bulk_create…
    search.rebuild()
    assert directory_cache.data_version() != before  # …but the re-index that follows it


def test_list_page_is_never_stale_after_an_edit(client):
    actor = ActorFactory(name="Eau Vive", legal_form="association")
    first = client.get("/acteurs/?forme=association")
    actor.legal_form = "cooperative"
    actor.save()
    second = client.get("/acteurs/?forme=association")
    third = client.get("/acteurs/?forme=cooperative")
    assert (first.context["page_obj"].paginator.count, second.context["page_obj"].paginator.count) == (1, 0)
    counts = {f["name"]: {o["value"]: o["count"] for o in f["options"]} for f in third.context["facets"]}
    assert (counts["forme"]["association"], counts["forme"]["cooperative"]) == (0, 1)


def test_search_results_are_never_stale_after_an_edit(client):
    actor = ActorFactory(name="Eau Vive")
    assert [a.pk for a in client.get("/acteurs/?q=eau").context["page_obj"]] == [actor.pk]
    actor.name = "Soleil Levant"
    actor.save()
    assert list(client.get("/acteurs/?q=eau").context["page_obj"]) == []
    assert cache.get(directory_cache._version_key()) is not None


def test_migrate_replaces_the_data_version():
    # A deployment runs migrate: values cached by the previous code are never read again.
    before = directory_cache.data_version()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert directory_cache.data_version() != before


def test_each_database_has_its_own_data_version(monkeypatch):
    ours = directory_cache.data_version()
    monkeypatch.setitem(connection.settings_dict, "NAME", "autre-base")
    assert directory_cache.data_version() != ours


def computed_twice_after_a_change(settings, monkeypatch, seconds_later):
    settings.DATABASE_ROUTERS = ["core.routing.PrimaryReplicaRouter"]
    ActorFactory()  # a change: a new data version, stamped now
    changed_at = directory_cache.time.time()
    monkeypatch.setattr(directory_cache.time, "time", lambda: changed_at + seconds_later)
    calls = []
    for _ in range(2):
        directory_cache.cached("test", "k", lambda: calls.append(1))
    return len(calls)


def test_cached_value_is_not_kept_while_a_replica_may_lag_behind_a_change(settings, monkeypatch):
    assert computed_twice_after_a_change(settings, monkeypatch, seconds_later=1) == 2


def test_cached_value_is_kept_once_the_replica_had_time_to_replay_the_change(settings, monkeypatch):
    assert computed_twice_after_a_change(settings, monkeypatch, seconds_later=settings.REPLICA_PIN_SECONDS) == 1


def test_cached_value_is_kept_at_once_without_a_replica(settings, monkeypatch):
    settings.DATABASE_ROUTERS = []
    ActorFactory()
    calls = []
    for _ in range(2):
        directory_cache.cached("test", "k", lambda: calls.append(1))
    assert len(calls) == 1


def test_search_page_is_never_stale_after_an_edit(client):
    actor = ActorFactory(name="Eau Vive")
    first = client.get("/recherche/?q=eau").content.decode()
    actor.name = "Soleil Levant"
    actor.save()
    ActorFactory(name="Eau Claire")
    second = client.get("/recherche/?q=eau").content.decode()
    assert [(name in page) for page in (first, second) for name in ("Eau Vive", "Eau Claire")] == [
        True,
        False,
        False,
        True,
    ]


def test_the_closest_decision_is_never_stale_after_an_edit(client):
    actor = ActorFactory(name="Eau Vive", description="Puits.")
    closest = "Aucune fiche ne contient tous ces mots"
    first = client.get("/acteurs/?q=eau+sahel").content.decode()
    actor.description = "Puits au Sahel."
    actor.save()
    assert (closest in first, closest in client.get("/acteurs/?q=eau+sahel").content.decode()) == (True, False)


def test_statistics_are_never_stale_after_an_edit(client):
    actor = ActorFactory(legal_form="association")
    first = client.get("/statistiques/").context
    actor.legal_form = "cooperative"
    actor.save()
    ProjectFactory()
    second = client.get("/statistiques/").context
    forms = [{row["value"]: row["count"] for row in context["by_form"]} for context in (first, second)]
    assert [(f["association"], f["cooperative"]) for f in forms] == [(1, 0), (0, 1)]
    assert (first["project_total"], second["project_total"]) == (0, 1)


def test_partner_search_domains_are_never_stale_after_a_rename(client):
    domain = DomainFactory(slug="eau-et-assainissement", name="Accès à l’eau")
    first = client.get("/trouver-un-partenaire/").content.decode()
    domain.name = "Eau et assainissement"
    domain.save()
    second = client.get("/trouver-un-partenaire/").content.decode()
    assert ("Accès à l’eau" in first, "Accès à l’eau" in second, "Eau et assainissement" in second) == (
        True,
        False,
        True,
    )


def test_cached_countries_follow_a_change_of_zone():
    country = Country.objects.get(code="MR")
    before = {str(c.code): c.zone for c in selectors.cached_countries()}["MR"]
    country.zone = "maghreb"
    country.save()
    after = {str(c.code): c.zone for c in selectors.cached_countries()}["MR"]
    assert (before, after) == ("afrique-de-l-ouest", "maghreb")


def test_values_kept_in_process_are_read_without_the_shared_cache_until_the_data_changes(monkeypatch):
    first = directory_cache.cached("test", "k", lambda: "avant", in_process=True)
    get = cache.get
    reads = []
    monkeypatch.setattr(cache, "get", lambda key, *args: reads.append(key) or get(key, *args))
    again = directory_cache.cached("test", "k", lambda: "ignoré", in_process=True)
    monkeypatch.undo()
    assert reads == [directory_cache._version_key()]  # the data version only
    ActorFactory()
    assert (first, again, directory_cache.cached("test", "k", lambda: "après", in_process=True)) == (
        "avant",
        "avant",
        "après",
    )
