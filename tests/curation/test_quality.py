"""Probable duplicates, their merge, data quality and completeness."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor
from actors.quality import completeness
from contributions.models import Editorship
from curation import quality
from projects.models import Participant, Role
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    CollectivityFactory,
    CuratorFactory,
    DomainFactory,
    EditorshipFactory,
    ParticipantFactory,
    ProjectFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db


def pairs(model=Actor):
    return [frozenset((a.name, b.name)) for a, b, _reason in quality.probable_duplicates(model)]


def test_same_siren_same_normalised_name_and_similar_names_are_probable_duplicates():
    ActorFactory(name="Association A", siren="732829320")
    ActorFactory(name="Tout autre nom", siret="73282932000074")
    ActorFactory(name="Électriciens sans frontières")
    ActorFactory(name="electriciens sans frontieres")
    ActorFactory(name="Tourisme et développement solidaires")
    ActorFactory(name="Tourisme & développement solidaire")
    ActorFactory(name="Batik International")
    found = pairs()
    assert frozenset(("Association A", "Tout autre nom")) in found
    assert frozenset(("Électriciens sans frontières", "electriciens sans frontieres")) in found
    assert frozenset(("Tourisme & développement solidaire", "Tourisme et développement solidaires")) in found
    assert not any("Batik International" in pair for pair in found)


def test_merge_moves_participations_agreements_editors_submissions_and_history():
    domain = DomainFactory()
    kept = ActorFactory(name="Eau Vive", description="", city="Paris")
    removed = ActorFactory(name="Eau vive (doublon)", description="Une description.", rna="W751234567", city="Lyon")
    removed.domains.add(domain)
    removed.countries.add("ML")
    removed.name = "Eau vive (doublon, modifiée)"
    removed.save()
    project = ProjectFactory()
    funder = ParticipantFactory(project=project, actor=None, collectivity=CollectivityFactory(), role=Role.FINANCEUR)
    moved = ParticipantFactory(project=project, actor=removed, role=Role.OPERATEUR)
    agreement = AgreementFactory(project=project, parties=[funder, moved])
    twin_project = ProjectFactory()
    kept_twin = ParticipantFactory(project=twin_project, actor=kept, role=Role.OPERATEUR)
    removed_twin = ParticipantFactory(project=twin_project, actor=removed, role=Role.OPERATEUR)
    other = ParticipantFactory(
        project=twin_project, actor=None, collectivity=CollectivityFactory(), role=Role.FINANCEUR
    )
    twin_agreement = AgreementFactory(project=twin_project, parties=[removed_twin, other])
    editorship = EditorshipFactory(actor=removed)
    submission = SubmissionFactory(actor=removed)
    curator = CuratorFactory()

    quality.merge(kept, removed, by=curator)

    kept.refresh_from_db()
    assert not Actor.objects.filter(pk=removed.pk).exists()
    assert (kept.description, kept.city, kept.rna) == ("Une description.", "Paris", "W751234567")
    assert (list(kept.domains.all()), [str(c.code) for c in kept.countries.all()]) == ([domain], ["ML"])
    assert Participant.objects.get(pk=moved.pk).actor == kept
    assert sorted(p.pk for p in agreement.parties.all()) == sorted([funder.pk, moved.pk])
    assert sorted(p.pk for p in twin_agreement.parties.all()) == sorted([kept_twin.pk, other.pk])
    assert Editorship.objects.filter(actor=kept, user=editorship.user).exists()
    submission.refresh_from_db()
    assert submission.actor == kept
    names = list(kept.history.order_by("history_date").values_list("name", flat=True))
    assert "Eau vive (doublon, modifiée)" in names
    assert kept.history.first().history_user == curator


def test_merging_a_record_into_itself_is_refused():
    actor = ActorFactory()
    with pytest.raises(ValueError):
        quality.merge(actor, actor)


def test_duplicates_page_lists_and_merges(client):
    client.force_login(CuratorFactory())
    first = ActorFactory(name="Eau vive")
    second = ActorFactory(name="EAU VIVE")
    response = client.get(reverse("curation:duplicates"))
    assert response.status_code == 200 and "EAU VIVE" in response.content.decode()
    response = client.post(
        reverse("curation:duplicates"), {"nature": "acteur", "garder": first.pk, "fusionner": second.pk}
    )
    assert (response.status_code, Actor.objects.filter(pk=second.pk).exists()) == (302, False)


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
    assert (score, [str(label) for label, _advice in missing]) == (
        43,
        ["Domaines", "Pays d’intervention", "SIREN ou RNA", "Références"],
    )


def test_editors_see_their_completeness(client):
    editorship = EditorshipFactory(actor__description="")
    client.force_login(editorship.user)
    content = client.get(reverse("contributions:edit", args=[editorship.actor.slug])).content.decode()
    assert "Fiche complète à" in content and "Présentez l’organisation en quelques phrases." in content
