"""Every admin changelist, add and change page answers for a superuser, with a bounded number of queries."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Role
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    CaseStudyFactory,
    CollectivityFactory,
    DomainFactory,
    EditorshipFactory,
    KeyFigureFactory,
    KeyPointFactory,
    PartFactory,
    ParticipantFactory,
    ProjectFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"actors", "projects", "case_studies", "contributions"}
NO_ADD = {"country", "submission"}  # reference data and submissions are never added by hand
MODELS = sorted((m for m in admin.site._registry if m._meta.app_label in PROJECT_APPS), key=lambda m: m._meta.label)


def populate(n):
    """n of everything, linked the way the study links them."""
    root = DomainFactory()
    for _ in range(n):
        theme = DomainFactory(parent=root)
        actor = ActorFactory()
        actor.domains.add(theme)
        actor.countries.add("ML")
        project = ProjectFactory()
        project.domains.add(theme)
        project.countries.add("ML")
        operator = ParticipantFactory(project=project, actor=actor)
        funder = ParticipantFactory(
            project=project, actor=None, collectivity=CollectivityFactory(), role=Role.FINANCEUR
        )
        AgreementFactory(project=project, parties=[operator, funder])
        case_study = CaseStudyFactory(project=project)
        KeyPointFactory(case_study=case_study)
        PartFactory(case_study=case_study)
        KeyFigureFactory(case_study=case_study)
        EditorshipFactory(actor=actor)
        SubmissionFactory(actor=actor)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_changelist_answers_with_bounded_queries(admin_client, model, django_assert_max_num_queries):
    populate(3)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with django_assert_max_num_queries(15):
        response = admin_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_changelist_queries_do_not_grow_with_rows(admin_client, model, django_assert_max_num_queries):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    populate(2)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    populate(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(url)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_add_page_answers(admin_client, model, django_assert_max_num_queries):
    populate(2)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    with django_assert_max_num_queries(25):
        response = admin_client.get(url)
    assert response.status_code == (403 if model._meta.model_name in NO_ADD else 200)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_change_page_answers(admin_client, model, django_assert_max_num_queries):
    populate(3)
    obj = model._default_manager.order_by("pk").first()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    with django_assert_max_num_queries(40):
        response = admin_client.get(url)
    assert response.status_code == 200


def test_admin_index_is_in_french(admin_client):
    response = admin_client.get(reverse("admin:index"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Acteurs de l’ESS" in content
    assert "Études de cas" in content


def test_admin_refuses_anonymous(client):
    response = client.get(reverse("admin:actors_actor_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
