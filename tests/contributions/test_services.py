import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from actors.models import Actor, Country
from contributions import services
from contributions.models import Editorship, Submission
from projects.models import Project
from tests.factories import (
    ActorFactory,
    CollectivityFactory,
    CuratorFactory,
    DomainFactory,
    EditorshipFactory,
    SubmissionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def profile_data(actor, **changes):
    data = {name: getattr(actor, name) for name in services.PROFILE_FIELDS}
    data["domains"] = list(actor.domains.all())
    data["countries"] = list(actor.countries.all())
    data.update(changes)
    return data


def test_new_profile_is_pending_and_its_author_its_editor():
    user = UserFactory()
    domain = DomainFactory()
    submission = services.submit_new_profile(
        user, Actor(name="Nouvelle association", legal_form="association"), {"domains": [domain], "countries": []}
    )
    actor = submission.actor
    assert actor.status == "pending"
    assert actor.source == "self"
    assert submission.kind == "profile"
    assert submission.status == "pending"
    assert list(Editorship.objects.filter(actor=actor).values_list("user", flat=True)) == [user.pk]
    assert list(Actor.objects.published()) == []


def test_change_to_a_published_profile_waits_for_review():
    editorship = EditorshipFactory(actor__description="Version validée.")
    actor = editorship.actor
    submission = services.submit_change(editorship.user, actor, profile_data(actor, description="Nouvelle version."))
    actor.refresh_from_db()
    assert actor.description == "Version validée."
    assert submission.payload == {"description": "Nouvelle version."}


def test_second_change_replaces_the_pending_one():
    editorship = EditorshipFactory()
    actor = editorship.actor
    services.submit_change(editorship.user, actor, profile_data(actor, description="Un."))
    services.submit_change(editorship.user, actor, profile_data(actor, description="Deux."))
    assert list(Submission.objects.values_list("payload", flat=True)) == [{"description": "Deux."}]


def test_change_to_an_unpublished_profile_applies_at_once():
    editorship = EditorshipFactory(actor__status="pending")
    actor = editorship.actor
    assert services.submit_change(editorship.user, actor, profile_data(actor, city="Montreuil")) is None
    actor.refresh_from_db()
    assert actor.city == "Montreuil"


def test_only_editors_submit_changes_and_references():
    actor = ActorFactory()
    with pytest.raises(PermissionDenied):
        services.submit_change(UserFactory(), actor, profile_data(actor, city="Paris"))
    with pytest.raises(PermissionDenied):
        services.submit_reference(
            UserFactory(), actor, {"collectivity": CollectivityFactory(), "title": "x", "role": "operateur"}
        )


def test_differences_list_each_changed_field_with_labels():
    editorship = EditorshipFactory(actor__legal_form="association", actor__city="Paris")
    actor = editorship.actor
    actor.countries.add("ML")
    submission = services.submit_change(
        editorship.user,
        actor,
        profile_data(
            actor, legal_form="cooperative", city="Lyon", countries=list(Country.objects.filter(code__in=["ML", "SN"]))
        ),
    )
    rows = services.differences(actor, submission.payload)
    assert sorted((row.label, row.before, row.after) for row in rows) == [
        ("Forme juridique", "Association", "Coopérative"),
        ("Pays d’intervention", "Mali", "Mali, Sénégal"),
        ("Ville", "Paris", "Lyon"),
    ]


def test_approving_a_change_applies_it_and_tells_its_author():
    curator = CuratorFactory()
    editorship = EditorshipFactory(actor__description="Ancienne.")
    submission = services.submit_change(
        editorship.user, editorship.actor, profile_data(editorship.actor, description="Nouvelle.")
    )
    services.approve(submission, curator, "Merci.")
    editorship.actor.refresh_from_db()
    submission.refresh_from_db()
    assert editorship.actor.description == "Nouvelle."
    assert submission.status == "approved"
    assert submission.reviewed_by == curator
    assert mail.outbox[0].to == [editorship.user.email]
    assert "acceptée" in mail.outbox[0].subject
    assert "Merci." in mail.outbox[0].body


def test_rejecting_requires_a_reason_and_sends_it():
    curator = CuratorFactory()
    submission = SubmissionFactory()
    with pytest.raises(ValueError):
        services.reject(submission, curator, "  ")
    services.reject(submission, curator, "Aucun lien vérifiable avec l’association.")
    submission.refresh_from_db()
    assert submission.status == "rejected"
    assert mail.outbox[0].to == [submission.user.email]
    assert "Aucun lien vérifiable avec l’association." in mail.outbox[0].body
    assert "refusée" in mail.outbox[0].subject


def test_approving_a_claim_makes_its_author_an_editor():
    submission = SubmissionFactory(kind="claim")
    services.approve(submission, CuratorFactory())
    assert services.is_editor(submission.user, submission.actor) is True


def test_approving_a_new_profile_publishes_it():
    submission = SubmissionFactory(kind="profile", actor__status="pending")
    services.approve(submission, CuratorFactory())
    submission.actor.refresh_from_db()
    assert submission.actor.status == "published"


def test_rejecting_a_new_profile_marks_it_rejected():
    submission = SubmissionFactory(kind="profile", actor__status="pending")
    services.reject(submission, CuratorFactory(), "Ce n’est pas une structure de l’ESS.")
    submission.actor.refresh_from_db()
    assert submission.actor.status == "rejected"


def test_approving_a_reference_creates_the_project_with_roles_and_agreement():
    collectivity = CollectivityFactory(name="Ville de Chinon")
    editorship = EditorshipFactory()
    submission = services.submit_reference(
        editorship.user,
        editorship.actor,
        {
            "title": "Plateforme d’initiative locale",
            "collectivity": collectivity,
            "role": "operateur",
            "mode": "prestation",
            "country": Country.objects.get(code="BF"),
            "places": "Tengodoko",
            "start_year": 2009,
            "end_year": 2011,
            "summary": "Appui à la création d’entreprises.",
        },
    )
    services.approve(submission, CuratorFactory())
    project = Project.objects.get(title="Plateforme d’initiative locale")
    roles = sorted((str(p.organisation), p.role) for p in project.participants.all())
    assert roles == [(str(editorship.actor), "operateur"), ("Ville de Chinon", "maitre-ouvrage")]
    (agreement,) = project.agreements.all()
    assert agreement.mode == "prestation"
    assert agreement.parties.count() == 2
    assert project.status == "published"
    assert project.source == "self"


def test_nobody_decides_on_their_own_submission():
    curator = CuratorFactory()
    submission = SubmissionFactory(user=curator)
    with pytest.raises(PermissionDenied):
        services.approve(submission, curator)


def test_only_curators_decide():
    submission = SubmissionFactory()
    with pytest.raises(PermissionDenied):
        services.approve(submission, UserFactory())


def test_a_decided_submission_cannot_be_decided_again():
    submission = SubmissionFactory()
    curator = CuratorFactory()
    services.approve(submission, curator)
    with pytest.raises(PermissionDenied):
        services.reject(submission, curator, "Trop tard.")
