"""Merges: side-by-side confirmation, everything moved, every merge recorded and undoable."""

import pytest
from django.urls import reverse

from actors.models import Actor, Collectivity
from contributions.models import Editorship, Submission
from curation import merging
from curation.models import Merge
from projects.models import Agreement, Participant, Role
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


@pytest.fixture
def two_actors():
    """A kept and a removed actor with participations (one a twin), agreements, editors, a submission."""
    domain, other_domain = DomainFactory(), DomainFactory()
    kept = ActorFactory(name="Eau Vive", description="", city="Paris")
    kept.domains.add(other_domain)
    removed = ActorFactory(name="Eau vive (doublon)", description="Une description.", rna="W751234567", city="Lyon")
    removed.domains.add(domain, other_domain)
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
    return {
        "kept": kept,
        "removed": removed,
        "domain": domain,
        "other_domain": other_domain,
        "moved": moved,
        "funder": funder,
        "agreement": agreement,
        "kept_twin": kept_twin,
        "removed_twin": removed_twin,
        "other": other,
        "twin_agreement": twin_agreement,
        "editorship": EditorshipFactory(actor=removed),
        "submission": SubmissionFactory(actor=removed),
    }


def state():
    """Everything a merge touches, as comparable values."""
    actors = {
        a.pk: {f.attname: getattr(a, f.attname) for f in Actor._meta.concrete_fields if f.name != "updated_at"}
        for a in Actor.objects.all()
    }
    return {
        "actors": actors,
        "domains": sorted(Actor.domains.through.objects.values_list("actor_id", "domain_id")),
        "countries": sorted(Actor.countries.through.objects.values_list("actor_id", "country_id")),
        "participants": sorted(Participant.objects.values_list("pk", "project_id", "actor_id", "collectivity_id")),
        "parties": sorted(Agreement.parties.through.objects.values_list("agreement_id", "participant_id")),
        "editorships": sorted(Editorship.objects.values_list("pk", "actor_id", "user_id")),
        "submissions": sorted(Submission.objects.values_list("pk", "actor_id")),
        "history": sorted(Actor.history.values_list("history_id", "id")),
    }


def test_merge_moves_participations_agreements_editors_submissions_and_history(two_actors):
    kept, removed = two_actors["kept"], two_actors["removed"]
    curator = CuratorFactory()

    merge = merging.merge(kept, removed, by=curator)

    kept.refresh_from_db()
    assert not Actor.objects.filter(pk=removed.pk).exists()
    assert (kept.description, kept.city, kept.rna) == ("Une description.", "Paris", "W751234567")
    assert sorted(d.pk for d in kept.domains.all()) == sorted([two_actors["domain"].pk, two_actors["other_domain"].pk])
    assert [str(c.code) for c in kept.countries.all()] == ["ML"]
    assert Participant.objects.get(pk=two_actors["moved"].pk).actor == kept
    assert sorted(p.pk for p in two_actors["twin_agreement"].parties.all()) == sorted(
        [two_actors["kept_twin"].pk, two_actors["other"].pk]
    )
    assert Editorship.objects.filter(actor=kept, user=two_actors["editorship"].user).exists()
    assert Submission.objects.get(pk=two_actors["submission"].pk).actor == kept
    assert "Eau vive (doublon, modifiée)" in list(kept.history.values_list("name", flat=True))
    assert (merge.kept_id, merge.removed_id, merge.merged_by, merge.summary["déplacés"]["demandes à modérer"]) == (
        kept.pk,
        removed.pk,
        curator,
        1,
    )


def test_undo_brings_back_the_removed_record_its_links_and_the_kept_values(two_actors):
    before = state()
    merge = merging.merge(two_actors["kept"], two_actors["removed"], by=CuratorFactory())
    assert state() != before
    merging.undo(merge, by=CuratorFactory())
    after = state()
    history = after.pop("history")
    expected_history = before.pop("history")
    for pk in before["actors"]:
        assert {k: v for k, v in after["actors"][pk].items() if v != before["actors"][pk][k]} == {}
    assert after == before
    # Every former history row is back on its record; the merge and its undo add rows of their own.
    assert set(expected_history) <= set(history)
    assert Merge.objects.get().is_undone is True


def test_undo_keeps_the_kept_record_s_edits_made_after_the_merge(two_actors):
    kept, removed = two_actors["kept"], two_actors["removed"]
    merge = merging.merge(kept, removed)
    kept.refresh_from_db()
    kept.description, kept.city = "Écrite après la fusion.", "Marseille"
    kept.save()

    undone = merging.undo(merge)

    kept.refresh_from_db()
    assert (kept.description, kept.city, kept.rna) == ("Écrite après la fusion.", "Marseille", "")
    assert undone.kept_as_edited == ["description"]
    assert Actor.objects.filter(pk=removed.pk).exists() is True
    assert Participant.objects.get(pk=two_actors["moved"].pk).actor_id == removed.pk


def test_undo_twice_is_refused(two_actors):
    merge = merging.merge(two_actors["kept"], two_actors["removed"])
    merging.undo(merge)
    with pytest.raises(ValueError, match="déjà été annulée"):
        merging.undo(merge)


def test_merging_a_record_into_itself_is_refused():
    actor = ActorFactory()
    with pytest.raises(ValueError):
        merging.merge(actor, actor)


def test_collectivity_merge_moves_rows_of_other_apps_and_undo_restores_them():
    kept, removed = (
        CollectivityFactory(name="Ville de Chinon"),
        CollectivityFactory(name="Chinon", official_code="37072"),
    )
    participation = ParticipantFactory(actor=None, collectivity=removed, role=Role.FINANCEUR)
    merge = merging.merge(kept, removed)
    kept.refresh_from_db()
    assert (Participant.objects.get(pk=participation.pk).collectivity_id, kept.official_code) == (kept.pk, "37072")
    merging.undo(merge)
    kept.refresh_from_db()
    restored = Collectivity.objects.get(pk=removed.pk)
    assert (restored.official_code, kept.official_code) == ("37072", "")
    assert Participant.objects.get(pk=participation.pk).collectivity_id == removed.pk


def test_the_duplicates_page_never_merges_in_one_click(client):
    client.force_login(CuratorFactory())
    first, second = ActorFactory(name="Eau vive"), ActorFactory(name="EAU VIVE")
    client.post(reverse("curation:duplicates"), {"nature": "acteur", "garder": first.pk, "fusionner": second.pk})
    assert Actor.objects.count() == 2


def test_confirmation_page_shows_both_records_field_by_field_and_merges_what_was_chosen(client):
    client.force_login(CuratorFactory())
    a = ActorFactory(name="Eau vive", city="Paris", description="")
    b = ActorFactory(name="EAU VIVE", city="Lyon", description="Une association.")
    url = reverse("curation:merge") + f"?nature=acteur&a={a.pk}&b={b.pk}"
    page = client.get(url)
    content = page.content.decode()
    assert (page.status_code, Actor.objects.count()) == (200, 2)
    assert ("Paris" in content, "Lyon" in content, "Une association." in content) == (True, True, True)
    assert page.context["form"].initial["champ_description"] == "b"
    response = client.post(
        url, {"keep": "b", "champ_name": "a", "champ_city": "a", "champ_description": "b", "champ_slug": "b"}
    )
    kept = Actor.objects.get()
    assert (response.status_code, kept.pk, kept.name, kept.city, kept.description) == (
        302,
        b.pk,
        "Eau vive",
        "Paris",
        "Une association.",
    )


def test_confirmation_page_refuses_bad_pairs_without_a_500(client):
    client.force_login(CuratorFactory())
    actor = ActorFactory()
    base = reverse("curation:merge")
    statuses = [
        client.get(f"{base}?nature=acteur&a=abc&b={actor.pk}").status_code,
        client.get(f"{base}?nature=acteur&a={actor.pk}&b={actor.pk}").status_code,
        client.get(f"{base}?nature=inconnue&a=1&b=2").status_code,
        client.get(f"{base}?nature=acteur&a={actor.pk}&b=999999").status_code,
        client.post(reverse("curation:not_duplicates"), {"nature": "acteur", "a": "1.5", "b": actor.pk}).status_code,
    ]
    assert statuses == [404, 404, 404, 404, 404]


def test_undo_from_the_admin_list_of_merges(client, two_actors):
    client.force_login(CuratorFactory())
    merge = merging.merge(two_actors["kept"], two_actors["removed"])
    response = client.post(
        reverse("admin:curation_merge_changelist"), {"action": "undo_merges", "_selected_action": [merge.pk]}
    )
    assert (response.status_code, Actor.objects.filter(pk=two_actors["removed"].pk).exists()) == (302, True)
    assert Merge.objects.get().undone_by is not None


def test_undo_from_the_admin_names_the_fields_kept_as_edited(client, two_actors):
    client.force_login(CuratorFactory())
    kept = two_actors["kept"]
    merge = merging.merge(kept, two_actors["removed"])
    Actor.objects.filter(pk=kept.pk).update(description="Écrite après la fusion.")
    response = client.post(
        reverse("admin:curation_merge_changelist"),
        {"action": "undo_merges", "_selected_action": [merge.pk]},
        follow=True,
    )
    (message,) = [str(m) for m in response.context["messages"]]
    assert message.endswith("gardés tels quels sur «\u00a0Eau Vive\u00a0»\u00a0: description.")


def test_merges_list_and_page_in_the_admin(client, django_assert_max_num_queries):
    client.force_login(CuratorFactory())
    merge = merging.merge(ActorFactory(name="A"), ActorFactory(name="B"))
    with django_assert_max_num_queries(15):
        listing = client.get(reverse("admin:curation_merge_changelist"))
    assert (listing.status_code, client.get(merge.get_absolute_url()).status_code) == (200, 200)
