"""The actors list's country and domain filters and counts stay right after every kind of write (on
PostgreSQL they read arrays that triggers keep current; on SQLite the link tables)."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from actors.filters import ActorFilter
from actors.models import Actor
from core import directory_cache
from tests.factories import ActorFactory, DomainFactory

pytestmark = pytest.mark.django_db


def matches(**params):
    return sorted(ActorFilter(params, queryset=Actor.objects.published()).qs.values_list("slug", flat=True))


def counts(name):
    filterset = ActorFilter({}, queryset=Actor.objects.published())
    return {k: n for k, n in filterset.compute_facet_counts()[name].items() if n}


@pytest.fixture
def domains():
    water, energy = DomainFactory(slug="eau"), DomainFactory(slug="energie")
    return water, energy, DomainFactory(slug="potable", parent=water)


def test_country_filter_and_counts_follow_headquarters_links_and_bulk_writes():
    based = ActorFactory(slug="based", country="ML")
    working = ActorFactory(slug="working", country="FR")
    working.countries.add("SN", "ML")
    Actor.countries.through.objects.bulk_create([Actor.countries.through(actor=based, country_id="BF")])
    before = (matches(pays=["ML"]), matches(pays=["BF"]), counts("pays"))
    based.country = "SN"
    based.save()
    working.countries.remove("ML")
    after = (matches(pays=["ML"]), matches(pays=["SN"]), counts("pays"))
    assert (before, after) == (
        (["based", "working"], ["based"], {"ML": 2, "SN": 1, "BF": 1, "FR": 1}),
        ([], ["based", "working"], {"SN": 2, "BF": 1, "FR": 1}),
    )


def test_domain_filter_and_counts_include_themes_and_follow_a_theme_moved(domains):
    water, energy, drinking = domains
    ActorFactory(slug="themed").domains.add(drinking)
    ActorFactory(slug="rooted").domains.add(water, drinking)
    Actor.domains.through.objects.bulk_create([Actor.domains.through(actor=ActorFactory(slug="bulk"), domain=energy)])
    before = (matches(domaine=["eau"]), matches(domaine=["potable"]), counts("domaine"))
    drinking.parent = energy
    drinking.save()
    after = (matches(domaine=["eau"]), matches(domaine=["energie"]), counts("domaine"))
    assert (before, after) == (
        (["rooted", "themed"], ["rooted", "themed"], {"eau": 2, "potable": 2, "energie": 1}),
        (["rooted"], ["bulk", "rooted", "themed"], {"eau": 1, "potable": 2, "energie": 3}),
    )


def test_deleted_links_and_actors_leave_the_counts(domains):
    water, _energy, _drinking = domains
    gone, kept = ActorFactory(country="ML"), ActorFactory(slug="kept", country="ML")
    gone.domains.add(water)
    kept.domains.add(water)
    gone.delete()
    kept.domains.clear()
    assert (matches(pays=["ML"]), counts("pays"), counts("domaine")) == (["kept"], {"ML": 1}, {})


def test_country_universe_is_the_same_whether_the_whole_list_or_a_filtered_one_computes_it():
    ActorFactory(slug="bamako", country="ML", legal_form="association")
    ActorFactory(slug="dakar", country="SN", legal_form="cooperative").countries.add("ML")
    universes, arms = [], []
    for query in ("", "forme=cooperative"):
        directory_cache.data_changed()  # nothing cached: this list computes the universe with its counts
        filterset = ActorFilter(QueryDict(query), queryset=Actor.objects.published())
        with CaptureQueriesContext(connection) as queries:
            filterset.summary()
        arms.append(sum(query["sql"].count("CAST(k AS TEXT)") for query in queries.captured_queries))
        universes.append(filterset.facet_universe()["pays"])
    facets, sparse = len(ActorFilter.facets), len(ActorFilter.sparse_facets)
    # The whole list's facets are its universe: counted once, not twice.
    assert (universes, arms) == ([{"ML": 2, "SN": 1}] * 2, [facets + 1, facets + 1 + sparse])
