"""Every public page costs a bounded number of SQL queries, whatever the number of results."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import Actor, Collectivity
from projects.models import Role
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    CaseStudyFactory,
    CollectivityFactory,
    DomainFactory,
    KeyFigureFactory,
    KeyPointFactory,
    PartFactory,
    ParticipantFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

# Budgets with an empty cache (counts, facets and statistics computed), savepoints of the test's
# transaction included; once cached, list pages, search and statistics run none (only the two savepoints).
PAGES = {
    "/": 7,
    "/acteurs/": 7,
    "/acteurs/?q=eau&pays=ML&domaine=eau-et-assainissement&forme=association&repondant=1": 8,
    "/acteurs/?q=eau+bamako&zone=afrique-de-l-ouest&role=operateur&mode=subvention&collectivite=francaise": 9,
    "/acteurs/?zone_projet=afrique-de-l-ouest&pays_projet=ML": 7,
    "/acteurs/?format=csv": 8,
    "/collectivites/": 4,
    "/collectivites/?type=region&pays=FR": 4,
    "/projets/": 9,
    "/projets/?mode=subvention&domaine=eau-et-assainissement&zone=afrique-de-l-ouest": 9,
    "/etudes-de-cas/": 7,
    "/etudes-de-cas/?zone=afrique-de-l-ouest&forme=association&mode=subvention": 7,
    "/trouver-un-partenaire/?domaine=eau-et-assainissement&zone=afrique-de-l-ouest&role=operateur&type=region": 10,
    "/trouver-un-partenaire/?pays=ML&mode=subvention": 10,
    "/trouver-un-partenaire/methode/": 2,
    "/acteurs/comparer/?a=actor-0&a=actor-1&a=more-actor-3": 9,
    "/recherche/?q=eau": 6,
    "/statistiques/": 4,
    "/acteurs/actor-0/": 10,
    "/collectivites/collectivity-0/": 9,
    "/projets/project-0/": 8,
    "/etudes-de-cas/1/": 10,
}


def populate(n, start=0):
    root = DomainFactory(slug="eau-et-assainissement", name="Accès à l’eau")
    for i in range(start, start + n):
        theme = DomainFactory(parent=root)
        actor = ActorFactory(slug=f"actor-{i}", name=f"Eau {i}", is_respondent=True)
        actor.domains.add(theme)
        actor.countries.add("ML", "SN")
        collectivity = CollectivityFactory(slug=f"collectivity-{i}", kind="region")
        project = ProjectFactory(slug=f"project-{i}", title=f"Eau potable {i}")
        project.domains.add(theme)
        project.countries.add("ML")
        operator = ParticipantFactory(project=project, actor=actor)
        funder = ParticipantFactory(project=project, actor=None, collectivity=collectivity, role=Role.FINANCEUR)
        partner = ParticipantFactory(project=project, actor=ActorFactory(country="ML"), role=Role.PARTENAIRE_LOCAL)
        AgreementFactory(project=project, parties=[operator, funder])
        AgreementFactory(project=project, parties=[operator, funder, partner], kind="convention-specifique", mode="")
        if i < 8:
            case_study = CaseStudyFactory(number=i + 1, project=project, title=f"Eau {i}")
            for position in range(1, 4):
                KeyPointFactory(case_study=case_study, position=position)
                PartFactory(case_study=case_study, position=position)
                KeyFigureFactory(case_study=case_study, position=position)


def count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize(("url", "budget"), PAGES.items(), ids=list(PAGES))
def test_page_query_count_is_bounded_and_independent_of_results(client, url, budget, django_assert_max_num_queries):
    populate(2)
    few = count(client, url)
    ActorFactory.create_batch(30, name="Eau bis")  # more rows than a page
    for i in range(2, 14):
        theme = DomainFactory()
        actor = ActorFactory(slug=f"more-actor-{i}", name=f"Eau {i}")
        actor.domains.add(theme)
        project = ProjectFactory(slug=f"more-project-{i}", title=f"Eau {i}")
        ParticipantFactory(project=project, actor=actor)
    with django_assert_max_num_queries(budget):
        many = count(client, url)
    assert many == few


WARM_PAGES = {
    "/acteurs/": 2,
    "/acteurs/?q=eau&pays=ML": 2,
    "/collectivites/": 2,
    "/projets/": 2,
    "/etudes-de-cas/": 2,
    "/recherche/?q=eau": 2,
    "/statistiques/": 2,
}


@pytest.mark.parametrize(("url", "budget"), WARM_PAGES.items(), ids=list(WARM_PAGES))
def test_cached_page_query_count_is_small_and_independent_of_results(client, settings, url, budget):
    settings.PUBLIC_PAGE_CACHE = False  # the page computed from its cached parts (the whole page: test_page_cache)
    populate(2)
    count(client, url)
    few = count(client, url)
    ActorFactory.create_batch(30, name="Eau ter")
    count(client, url)
    assert (few, count(client, url)) == (budget, budget)


# Detail pages once their fragments are cached (core.fragments): their entry's row (the compared actors'
# rows) and two savepoints, plus, on the actor's page, whether it can be contacted (not directory data:
# never cached).
WARM_DETAIL_PAGES = {
    "/acteurs/actor-0/": 4,
    "/acteurs/actor-0/?page=2": 4,
    "/collectivites/collectivity-0/": 3,
    "/projets/project-0/": 3,
    "/etudes-de-cas/1/": 3,
    "/acteurs/comparer/?a=actor-0&a=actor-1&a=more-actor-3": 3,
}


@pytest.mark.parametrize(("url", "budget"), WARM_DETAIL_PAGES.items(), ids=list(WARM_DETAIL_PAGES))
def test_cached_detail_page_query_count_is_small_and_independent_of_results(client, settings, url, budget):
    settings.PUBLIC_PAGE_CACHE = False  # the page computed from its cached fragments
    populate(2)
    count(client, url)
    few = count(client, url)
    for i in range(45):
        project = ProjectFactory(slug=f"busy-{i}")
        ParticipantFactory(project=project, actor=Actor.objects.get(slug="actor-0"))
        ParticipantFactory(project=project, actor=None, collectivity=Collectivity.objects.get(slug="collectivity-0"))
    count(client, url)
    assert (few, count(client, url)) == (budget, budget)


def test_detail_pages_paginate_what_can_grow(client):
    populate(1)
    actor = ActorFactory(slug="busy-actor", name="Très actif")
    collectivity = CollectivityFactory(slug="busy-collectivity")
    for i in range(45):
        project = ProjectFactory(slug=f"busy-{i}", title=f"Projet {i}")
        ParticipantFactory(project=project, actor=actor)
        ParticipantFactory(project=project, actor=None, collectivity=collectivity, role=Role.FINANCEUR)
    pages = [client.get(url) for url in ("/acteurs/busy-actor/", "/collectivites/busy-collectivity/?page=3")]
    shown = (len(pages[0].context["participations"]), len(pages[1].context["cooperations"]))
    assert (shown, pages[0].context["page_obj"].paginator.num_pages, pages[1].context["page_obj"].number) == (
        (20, 5),
        3,
        3,
    )
