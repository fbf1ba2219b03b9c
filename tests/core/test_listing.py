"""core.listing.facet_groups: every facet's options with counts and state, ready for the template."""

import pytest
from django.http import QueryDict

from actors.filters import ActorFilter
from actors.models import Actor, Country
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
