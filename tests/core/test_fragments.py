"""The cached fragments of the detail pages: a warm page reads little, and an edit of the entry or of
anything its page shows is seen on the next request; what is personal is never cached."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from actors.pages import ACTOR_FRAGMENTS
from projects.models import Role
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    CaseStudyFactory,
    CollectivityFactory,
    DomainFactory,
    EditorshipFactory,
    PartFactory,
    ParticipantFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def computed_pages(settings):
    """Pages computed from their cached fragments, not served whole (core.page_cache)."""
    settings.PUBLIC_PAGE_CACHE = False


def warm(client, url):
    """(HTML, SQL queries) of `url` requested a second time (its fragments cached by the first)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return html, len(queries.captured_queries)


def project_with(actor=None, collectivity=None, title="Puits de Kayes"):
    project = ProjectFactory(title=title)
    operator = ParticipantFactory(project=project, actor=actor or ActorFactory(name="Hydro Sahel"))
    funder = ParticipantFactory(
        project=project, actor=None, collectivity=collectivity or CollectivityFactory(), role=Role.FINANCEUR
    )
    AgreementFactory(project=project, parties=[operator, funder], mode="subvention")
    return project


def test_actor_page_shows_an_edit_of_the_actor_or_of_what_it_shows_at_once(client):
    actor = ActorFactory(description="Ancienne présentation")
    domain = DomainFactory(name="Eau ancienne")
    actor.domains.add(domain)
    project = project_with(actor=actor)
    url = actor.get_absolute_url()
    before, queries = warm(client, url)
    actor.description = "Nouvelle présentation"
    actor.save()
    project.title = "Forages de Kayes"
    project.save()
    domain.name = "Eau nouvelle"
    domain.save()
    after = client.get(url).content.decode()
    assert (queries, "Ancienne présentation" in before, "Puits de Kayes" in before) == (4, True, True)
    assert (
        "Nouvelle présentation" in after,
        "Forages de Kayes" in after,
        "Puits de Kayes" in after,
        "Eau nouvelle" in after,
    ) == (True, True, False, True)


def test_actor_page_keeps_what_is_personal_out_of_its_cached_fragments(client):
    actor = ActorFactory()
    url = actor.get_absolute_url()
    anonymous, queries = warm(client, url)
    editorship = EditorshipFactory(actor=actor)
    editor = Client()
    editor.force_login(editorship.user)
    as_editor = editor.get(url).content.decode()
    afterwards = client.get(url).content.decode()
    assert (queries, "Écrire à cette organisation" in anonymous, "Demandez à modifier" in anonymous) == (4, False, True)
    assert ("Modifier la fiche" in as_editor, "Demandez à modifier" in as_editor) == (True, False)
    assert ("Écrire à cette organisation" in afterwards, "Modifier la fiche" in afterwards) == (True, False)


def test_actor_page_caches_each_page_of_its_projects_apart(client):
    actor = ActorFactory()
    for i in range(25):
        ParticipantFactory(project=ProjectFactory(title=f"Projet {i:02}", start_year=2000 + i), actor=actor)
    first, _queries = warm(client, actor.get_absolute_url())
    second, queries = warm(client, actor.get_absolute_url() + "?page=2")
    assert (queries, "Projet 24" in first, "Projet 24" in second, "Projet 00" in second) == (4, True, False, True)


def test_collectivity_page_shows_an_edit_of_a_partner_at_once(client):
    collectivity = CollectivityFactory(name="Région Nord")
    actor = ActorFactory(name="Hydro Sahel")
    project_with(actor=actor, collectivity=collectivity)
    url = collectivity.get_absolute_url()
    before, queries = warm(client, url)
    actor.name = "Hydro Sahel et Niger"
    actor.save()
    after = client.get(url).content.decode()
    assert (queries, "Hydro Sahel" in before, "Hydro Sahel et Niger" in after) == (3, True, True)


def test_project_page_shows_an_edit_of_a_participant_or_agreement_at_once(client):
    collectivity = CollectivityFactory(name="Région Nord")
    project = project_with(collectivity=collectivity)
    url = project.get_absolute_url()
    before, queries = warm(client, url)
    collectivity.name = "Région Grand Nord"
    collectivity.save()
    agreement = project.agreements.get()
    agreement.notes = "Avenant signé en 2012"
    agreement.save()
    after = client.get(url).content.decode()
    assert (queries, "Région Nord" in before, "Région Grand Nord" in after, "Avenant signé en 2012" in after) == (
        3,
        True,
        True,
        True,
    )


def test_case_study_page_shows_an_edit_of_its_parts_at_once(client):
    case_study = CaseStudyFactory(number=3, project=project_with())
    part = PartFactory(case_study=case_study, position=1, body="Ancien récit")
    url = case_study.get_absolute_url()
    before, queries = warm(client, url)
    part.body = "Nouveau récit"
    part.save()
    after = client.get(url).content.decode()
    assert (queries, "Ancien récit" in before, "Nouveau récit" in after, "Ancien récit" in after) == (
        3,
        True,
        True,
        False,
    )


def test_compare_page_shows_an_edit_of_a_compared_actor_at_once(client):
    project = project_with(actor=ActorFactory(slug="first"))
    ParticipantFactory(project=project, actor=ActorFactory(slug="second"), role=Role.PARTENAIRE_LOCAL)
    url = "/acteurs/comparer/?a=first&a=second"
    before, queries = warm(client, url)
    project.title = "Forages de Kayes"
    project.save()
    after = client.get(url).content.decode()
    assert (queries, "Puits de Kayes" in before, "Forages de Kayes" in after, "Puits de Kayes" in after) == (
        3,
        True,
        True,
        False,
    )


def test_a_warm_actor_page_reads_all_its_fragments_in_one_cache_read(client):
    actor = ActorFactory()
    project_with(actor=actor)
    cold = client.get(actor.get_absolute_url())
    warm = client.get(actor.get_absolute_url())
    assert (list(cold.context["cached_fragments"]), list(warm.context["cached_fragments"])) == (
        [],
        list(ACTOR_FRAGMENTS),
    )
    assert "Puits de Kayes" in warm.content.decode()
