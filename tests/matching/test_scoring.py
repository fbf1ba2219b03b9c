"""The partner score on the study's data: who comes first, and the reasons given."""

import pytest

from actors.models import Actor
from matching import scoring
from matching.selectors import find_partners, need_domains, participations_of


@pytest.fixture(autouse=True)
def loaded(study, db):
    return study


def need(domains=(), **kwargs):
    return scoring.Need(domains=need_domains(list(domains)), **kwargs)


def reasons(match):
    return [r.text for r in match.reasons]


def test_water_in_madagascar_puts_east_first_with_its_amo_role_for_the_region():
    first = find_partners(need(["eau-et-assainissement"], countries=("MG",)))[0]
    assert (first.actor.slug, first.has_projects) == ("east", True)
    assert any(
        "assistance à maîtrise d’ouvrage pour Région Île-de-France, sous subvention, depuis 2006" in r
        for r in reasons(first)
    )


def test_points_are_the_sum_of_the_documented_weights():
    first = find_partners(need(["eau-et-assainissement"], countries=("MG",)))[0]
    assert [r.points for r in first.reasons] == [
        scoring.PROJECT_IN_DOMAIN,
        scoring.PROJECT_IN_PLACE * 2,
        scoring.DECLARED_DOMAIN,
        scoring.DECLARED_PLACE,
    ]
    assert first.score == 13


def test_places_say_the_country_with_its_preposition():
    first = find_partners(need(["eau-et-assainissement"], countries=("MG",)))[0]
    assert reasons(first)[1].startswith("a mené 2 projets à Madagascar\u00a0:")


def test_role_mode_and_type_of_collectivity_are_reasons():
    matches = {
        m.actor.slug: m
        for m in find_partners(
            need(zones=("afrique-de-l-ouest",), role="operateur", mode="subvention", kind="departement")
        )
    }
    assert "opérateur / maître d’œuvre pour Conseil général de l’Isère, sous subvention, depuis 1999" in reasons(
        matches["tetraktys"]
    )
    assert "a travaillé avec un département\u00a0: Conseil général de l’Isère" in reasons(matches["tetraktys"])


def test_actor_without_project_is_ranked_on_its_declarations_and_says_so():
    actor = Actor.objects.prefetch_related("domains", "countries").get(slug="eau-vive")
    eau_vive = scoring.score(
        actor, list(participations_of([actor.pk])), need(["eau-et-assainissement"], zones=("afrique-de-l-ouest",))
    )
    assert (eau_vive.has_projects, all(r.declared for r in eau_vive.reasons), eau_vive.score) == (
        False,
        True,
        scoring.DECLARED_DOMAIN + scoring.DECLARED_PLACE,
    )


def test_recorded_projects_outrank_declarations():
    ranked = [m.actor.slug for m in find_partners(need(["energies-renouvelables"], countries=("ML",)))]
    assert (ranked[0], ranked.index("eden") < ranked.index("energies-solidaires")) == ("le-damier-mali", True)


def test_respondent_gets_its_point_and_says_so():
    matches = {m.actor.slug: m for m in find_partners(need(["eau-et-assainissement"]))}
    assert "répondant à l’étude" in reasons(matches["electriciens-sans-frontieres"])


def test_empty_need_finds_nobody():
    assert find_partners(scoring.Need()) == []


def test_score_is_pure_on_given_participations():
    east = Actor.objects.prefetch_related("domains", "countries").get(slug="east")
    participations = list(participations_of([east.pk]))
    match = scoring.score(east, participations, need(role="amo"))
    assert [r.points for r in match.reasons] == [scoring.ROLE_HELD]


def test_rank_orders_by_score_then_projects_then_name():
    a, b, c = (Actor(name=n, sort_name=n) for n in ("b", "a", "c"))
    matches = [
        scoring.Match(a, [scoring.Reason("x", 2)], has_projects=False),
        scoring.Match(b, [scoring.Reason("x", 2)], has_projects=False),
        scoring.Match(c, [scoring.Reason("x", 2)], has_projects=True),
    ]
    assert [m.actor.name for m in scoring.rank(matches)] == ["c", "a", "b"]
