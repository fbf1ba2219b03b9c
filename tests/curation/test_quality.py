"""Data quality and completeness (duplicates and merges: test_duplicates.py, test_merging.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor
from actors.quality import completeness
from tests.factories import (
    ActorFactory,
    CuratorFactory,
    DomainFactory,
    EditorshipFactory,
)

pytestmark = pytest.mark.django_db


def test_curator_pages_are_refused_to_editors(client):
    client.force_login(EditorshipFactory().user)
    assert client.get(reverse("curation:duplicates")).status_code == 302


def test_quality_page_lists_missing_fields_and_stale_entries(client):
    client.force_login(CuratorFactory())
    ActorFactory(name="Sans rien", description="")
    complete = ActorFactory(name="Complète", description="Oui.", website="https://example.org")
    complete.domains.add(DomainFactory())
    complete.countries.add("ML")
    old = ActorFactory(name="Ancienne", description="Oui.")
    Actor.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=800))
    response = client.get(reverse("curation:quality"))
    rows = {actor.name: [str(m) for m in missing] for actor, missing in response.context["actors"]}
    assert rows["Sans rien"] == ["Description", "Domaines", "Pays d’intervention", "Contact"]
    assert "Complète" not in rows
    assert [e.name for e in response.context["stale"]] == ["Ancienne"]


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
