"""Every change is kept (who, when, what), shown in the admin and revertible by a curator."""

import pytest
from django.urls import reverse

from actors.models import Actor
from case_studies.models import CaseStudy
from contributions import services
from projects.models import Agreement, Project
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    CaseStudyFactory,
    CollectivityFactory,
    CuratorFactory,
    EditorshipFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator_client(client):
    curator = CuratorFactory()
    client.force_login(curator)
    client.user = curator
    return client


def admin_post(client, obj, **changes):
    """Post the object's own admin form back with some fields changed."""
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif hasattr(value, "pk"):
            data[name] = value.pk
        else:
            data[name] = value
    data.update(changes)
    for prefix in ("participants", "agreements", "key_points", "parts", "key_figures"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return client.post(url, data)


def test_admin_change_is_recorded_with_its_author(curator_client):
    actor = ActorFactory(description="Avant.")
    response = admin_post(curator_client, actor, description="Après.")
    assert response.status_code == 302
    latest = actor.history.first()
    assert latest.description == "Après."
    assert latest.history_user == curator_client.user
    assert latest.history_type == "~"


def test_history_page_is_visible_in_the_admin(curator_client):
    actor = ActorFactory()
    actor.name = "Nouveau nom"
    actor.save()
    response = curator_client.get(reverse("admin:actors_actor_history", args=[actor.pk]))
    assert response.status_code == 200
    assert "Nouveau nom" in response.content.decode()


def test_curator_reverts_to_an_earlier_version(curator_client):
    actor = ActorFactory(description="Première version.")
    actor.description = "Vandalisme."
    actor.save()
    first = actor.history.order_by("history_date").first()
    url = reverse("admin:actors_actor_simple_history", args=[actor.pk, first.history_id])
    form = curator_client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields if form.initial.get(name) is not None}
    data["domains"], data["countries"] = [], []
    response = curator_client.post(url, data)
    actor.refresh_from_db()
    assert response.status_code == 302
    assert actor.description == "Première version."


@pytest.mark.parametrize(
    "factory", [ActorFactory, CollectivityFactory, ProjectFactory, AgreementFactory, CaseStudyFactory]
)
def test_every_model_of_the_directory_keeps_its_history(factory):
    obj = factory()
    obj.save()
    pk = obj.pk
    obj.delete()
    assert list(type(obj).history.filter(id=pk).values_list("history_type", flat=True).order_by("history_date")) == [
        "+",
        "~",
        "-",
    ]


def test_many_to_many_changes_are_kept():
    actor = ActorFactory()
    actor.countries.add("ML")
    assert [list(h.countries.values_list("country_id", flat=True)) for h in actor.history.order_by("history_date")][
        -1
    ] == ["ML"]


def test_an_approved_change_is_recorded_as_the_curators():
    editorship = EditorshipFactory(actor__city="Paris")
    data = {name: getattr(editorship.actor, name) for name in services.PROFILE_FIELDS}
    data.update(city="Lyon", domains=[], countries=[])
    submission = services.submit_change(editorship.user, editorship.actor, data)
    curator = CuratorFactory()
    services.approve(submission, curator)
    latest = Actor.objects.get(pk=editorship.actor.pk).history.first()
    assert latest.city == "Lyon"
    assert latest.history_user == curator


def test_agreement_and_case_study_models_are_history_tracked():
    assert hasattr(Agreement, "history")
    assert hasattr(CaseStudy, "history")
    assert hasattr(Project, "history")
