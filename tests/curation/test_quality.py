"""Data quality and completeness (duplicates and merges: test_duplicates.py, test_merging.py)."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor
from actors.quality import completeness
from curation import services
from curation.models import Invitation
from tests.factories import (
    ActorFactory,
    CuratorFactory,
    DomainFactory,
    EditorshipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_curator_pages_are_refused_to_editors(client):
    client.force_login(EditorshipFactory().user)
    assert client.get(reverse("curation:duplicates")).status_code == 302


def test_quality_page_lists_missing_fields_oldest_update_first(client):
    client.force_login(CuratorFactory())
    ActorFactory(name="Sans rien", description="")
    complete = ActorFactory(name="Complète", description="Oui.", website="https://example.org")
    complete.domains.add(DomainFactory())
    complete.countries.add("ML")
    old = ActorFactory(name="Ancienne", description="Oui.")
    Actor.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=800))
    response = client.get(reverse("curation:quality"))
    rows = [(actor.name, [str(m) for m in missing]) for actor, missing in response.context["rows"]]
    assert rows == [
        ("Ancienne", ["Domaines", "Pays d’intervention", "Contact"]),
        ("Sans rien", ["Description", "Domaines", "Pays d’intervention", "Contact"]),
    ]
    assert names(client, ancien="on") == ["Ancienne"]


def names(client, **params):
    response = client.get(reverse("curation:quality"), params)
    return [actor.name for actor, _missing in response.context["rows"]]


def test_quality_page_filters_by_missing_field_domain_and_country(client):
    client.force_login(CuratorFactory())
    water = DomainFactory(slug="eau", name="Eau")
    well = DomainFactory(slug="puits", name="Puits", parent=water)
    no_contact = ActorFactory(name="Sans contact", description="Oui.", email="")
    no_contact.domains.add(well)
    no_contact.countries.add("ML")
    reachable = ActorFactory(name="Joignable", description="", email="a@example.org", country="SN")
    reachable.domains.add(DomainFactory(slug="sante", name="Santé"))
    assert names(client, manque="contact") == ["Sans contact"]
    assert names(client, manque="description") == ["Joignable"]
    assert names(client, manque=["description", "pays"]) == ["Joignable"]
    assert names(client, domaine="eau") == ["Sans contact"]  # a domain includes its themes
    assert names(client, pays="SN") == ["Joignable"]  # based there
    assert names(client, pays="ML") == ["Sans contact"]  # working there
    assert names(client, tri="nom") == ["Joignable", "Sans contact"]
    assert names(client, pays="ZZ", domaine="inconnu", tri="x") == ["Sans contact", "Joignable"]  # ignored


def test_quality_page_is_paginated_and_counted_in_sql(client, django_assert_max_num_queries):
    client.force_login(CuratorFactory())
    for n in range(55):
        ActorFactory(name=f"Acteur {n:02d}", description="")
    # session, user, permissions ×2, actors counted, collectivities counted, page of actors,
    # page of collectivities, domains of the filter, savepoint ×2
    with django_assert_max_num_queries(11):
        response = client.get(reverse("curation:quality"), {"tri": "nom", "page": 2})
    assert response.context["page"].paginator.count == 55
    assert [actor.name for actor, _m in response.context["rows"]] == [f"Acteur {n:02d}" for n in range(50, 55)]
    assert "tri=nom&amp;page=1" in response.content.decode()


def test_invitation_is_recorded_sent_to_contact_and_editors_and_not_resent(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(CuratorFactory())
    actor = ActorFactory(name="Eau vive", slug="eau-vive", email="contact@eauvive.org", description="")
    editor = EditorshipFactory(actor=actor).user
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("curation:invite"), {"actor": actor.pk, "next": "/admin/curation/qualite/?tri=nom"}
        )
    assert response.url == "/admin/curation/qualite/?tri=nom"
    assert sorted(m.to[0] for m in mailoutbox) == sorted(["contact@eauvive.org", editor.email])
    assert "Complétez la fiche de «\xa0Eau vive\xa0»" in mailoutbox[0].subject
    assert "/espace-acteur/revendiquer/eau-vive/" in mailoutbox[0].body
    assert "- Description" in mailoutbox[0].body
    invitation = Invitation.objects.get()
    page = client.get(reverse("curation:quality")).content.decode()
    assert f"Invitée le {timezone.localtime(invitation.sent_at):%-d}" in page  # the page shows Paris time
    assert f'name="actor" value="{actor.pk}"' not in page  # no button within the resend delay
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("curation:invite"), {"actor": actor.pk})
    assert Invitation.objects.count() == 1 and len(mailoutbox) == 2


def test_invitation_can_be_sent_again_after_the_delay(settings):
    actor = ActorFactory(email="contact@example.org")
    first = services.invite_to_complete(actor.pk, by=None)
    Invitation.objects.filter(pk=first.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=settings.INVITATION_RESEND_DAYS + 1)
    )
    services.invite_to_complete(actor.pk, by=None)
    assert Invitation.objects.count() == 2


def test_invitation_without_any_address_is_refused():
    actor = ActorFactory(email="")
    with pytest.raises(ValueError, match="personne à inviter"):
        services.invite_to_complete(actor.pk, by=None)


def test_invitation_needs_the_change_permission(client):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_actor"))
    client.force_login(user)
    assert client.get(reverse("curation:quality")).status_code == 200
    assert client.post(reverse("curation:invite"), {"actor": ActorFactory().pk}).status_code == 403


def test_completeness_score_and_advice():
    actor = ActorFactory(description="Une association.", website="https://example.org", city="Montreuil")
    score, missing = completeness(actor)
    assert score == 43
    assert [str(label) for label, _advice in missing] == [
        "Domaines",
        "Pays d’intervention",
        "SIREN ou RNA",
        "Références",
    ]


def test_editors_see_their_completeness(client):
    editorship = EditorshipFactory(actor__description="")
    client.force_login(editorship.user)
    content = client.get(reverse("contributions:edit", args=[editorship.actor.slug])).content.decode()
    assert "Fiche complète à" in content and "Présentez l’organisation en quelques phrases." in content
