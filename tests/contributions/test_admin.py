"""The moderation queue in the admin: one list, oldest first, a review page per submission."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from contributions import services
from contributions.models import Submission
from projects.models import Project
from tests.factories import CollectivityFactory, CuratorFactory, EditorshipFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:contributions_submission_changelist")


@pytest.fixture
def curator_client(client):
    curator = CuratorFactory()
    client.force_login(curator)
    client.user = curator
    return client


def decision(submission, choice, reason=""):
    """The decision form as the review page posts it (with the version the curator read)."""
    return {"decision": choice, "reason": reason, "version": submission.version}


def review_url(submission):
    return reverse("admin:contributions_submission_review", args=[submission.pk])


def test_queue_lists_pending_submissions_of_every_kind_oldest_first(curator_client):
    now = timezone.now()
    kinds = ["change", "claim", "profile", "reference"]
    for age, kind in enumerate(kinds):
        submission = SubmissionFactory(kind=kind, actor__status="pending" if kind == "profile" else "published")
        Submission.objects.filter(pk=submission.pk).update(created_at=now - datetime.timedelta(days=age))
    SubmissionFactory(status="approved", reviewed_at=now)
    response = curator_client.get(QUEUE)
    listed = [s.kind for s in response.context["cl"].result_list]
    assert listed == list(reversed(kinds))


def test_review_page_shows_the_field_by_field_difference(curator_client):
    editorship = EditorshipFactory(actor__description="Avant.", actor__city="Paris")
    data = {name: getattr(editorship.actor, name) for name in services.PROFILE_FIELDS}
    data.update(description="Après.", city="Lyon", domains=[], countries=[])
    submission = services.submit_change(editorship.user, editorship.actor, data)
    response = curator_client.get(review_url(submission))
    rows = sorted((row.label, row.before, row.after) for row in response.context["differences"])
    assert rows == [("Description", "Avant.", "Après."), ("Ville", "Paris", "Lyon")]


def test_curator_approves_from_the_review_page(curator_client):
    submission = SubmissionFactory(kind="claim")
    response = curator_client.post(review_url(submission), decision(submission, "approve"))
    submission.refresh_from_db()
    assert response.status_code == 302
    assert submission.status == "approved"
    assert len(mail.outbox) == 1


def test_rejection_without_a_reason_is_refused(curator_client):
    submission = SubmissionFactory()
    response = curator_client.post(review_url(submission), {"decision": "reject", "reason": ""})
    submission.refresh_from_db()
    assert response.status_code == 200
    assert submission.status == "pending"
    assert len(mail.outbox) == 0
    assert "Expliquez le refus" in response.content.decode()


def test_curator_cannot_decide_on_their_own_submission(curator_client):
    submission = SubmissionFactory(user=curator_client.user)
    curator_client.post(review_url(submission), {"decision": "approve", "reason": ""})
    submission.refresh_from_db()
    assert submission.status == "pending"


def test_submissions_cannot_be_edited_by_hand(curator_client):
    submission = SubmissionFactory()
    response = curator_client.post(
        reverse("admin:contributions_submission_change", args=[submission.pk]), {"status": "approved"}
    )
    submission.refresh_from_db()
    assert response.status_code == 403
    assert submission.status == "pending"


def published_change(proposed, description="Publiée."):
    editorship = EditorshipFactory(actor__description=description)
    data = {name: getattr(editorship.actor, name) for name in services.PROFILE_FIELDS}
    data.update(description=proposed, domains=[], countries=[])
    return editorship, services.submit_change(editorship.user, editorship.actor, data)


def test_approval_of_a_version_changed_since_it_was_opened_is_refused(curator_client):
    editorship, submission = published_change("Version lue par la curatrice.")
    opened = curator_client.get(review_url(submission)).context["form"]["version"].value()
    data = {name: getattr(editorship.actor, name) for name in services.PROFILE_FIELDS}
    data.update(description="Version jamais lue.", domains=[], countries=[])
    services.submit_change(editorship.user, editorship.actor, data)
    response = curator_client.post(review_url(submission), {"decision": "approve", "reason": "", "version": opened})
    editorship.actor.refresh_from_db()
    submission.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == review_url(submission)
    assert editorship.actor.description == "Publiée."
    assert submission.status == "pending"
    page = curator_client.get(response["Location"]).content.decode()
    assert "modifiée par son auteur" in page
    assert "<ins>Version jamais lue</ins>" in page


def test_approval_of_the_version_read_applies_it(curator_client):
    editorship, submission = published_change("Version lue.")
    opened = curator_client.get(review_url(submission)).context["form"]["version"].value()
    curator_client.post(review_url(submission), {"decision": "approve", "reason": "", "version": opened})
    editorship.actor.refresh_from_db()
    assert editorship.actor.description == "Version lue."


def test_second_approval_gets_a_message_not_an_error(curator_client):
    submission = SubmissionFactory(kind="claim")
    data = decision(submission, "approve")
    first = curator_client.post(review_url(submission), data)
    second = curator_client.post(review_url(submission), data, follow=True)
    assert first.status_code == 302
    assert second.status_code == 200
    assert "Cette demande a déjà été traitée." in second.content.decode()
    assert Submission.objects.get().status == "approved"


def test_review_shows_a_word_level_difference_and_the_logo_as_an_image(curator_client):
    _editorship, submission = published_change(
        "Nous formons des électriciennes au Mali et au Sénégal.", description="Nous formons des électriciens au Mali."
    )
    pending_logo = "logos/en-attente/" + "a" * 32 + ".png"
    default_storage.save(pending_logo, ContentFile(b"png"))
    submission.payload["logo"] = pending_logo
    submission.save()
    content = curator_client.get(review_url(submission)).content.decode()
    assert "<del>électriciens</del>" in content
    assert "<ins>électriciennes</ins>" in content
    assert "<ins> et au Sénégal</ins>" in content
    assert "<del>Nous formons" not in content
    assert f'src="/media/{pending_logo}"' in content


def test_saving_the_form_again_keeps_the_pending_logo():
    editorship, submission = published_change("Un.")
    submission.payload["logo"] = "logos/en-attente/" + "b" * 32 + ".png"
    submission.save()
    data = {name: getattr(editorship.actor, name) for name in services.PROFILE_FIELDS}
    again = services.submit_change(
        editorship.user, editorship.actor, {**data, "description": "Deux.", "domains": [], "countries": []}
    )
    assert again.payload == {"description": "Deux.", "logo": "logos/en-attente/" + "b" * 32 + ".png"}


def test_a_stale_submission_object_cannot_be_approved_twice():
    """Two decisions racing: the second re-reads the row under lock and finds it decided."""
    payload = {"title": "Projet", "collectivity": CollectivityFactory().pk, "role": "operateur"}
    submission = SubmissionFactory(kind="reference", payload=payload)
    stale = Submission.objects.get(pk=submission.pk)
    Submission.objects.filter(pk=submission.pk).update(status="approved", reviewed_at=timezone.now())
    with pytest.raises(PermissionDenied, match="déjà été traitée"):
        services.approve(stale, CuratorFactory())
    assert Project.objects.count() == 0


def test_an_edit_sent_during_a_decision_is_kept_as_a_new_submission():
    """The decision writes only its own fields: the proposal written meanwhile is not overwritten, and
    once the change is decided a new edit starts a new submission."""
    editorship, submission = published_change("Première.")
    in_memory = Submission.objects.get(pk=submission.pk)
    Submission.objects.filter(pk=submission.pk).update(payload={"description": "Écrite pendant la décision."})
    services.decide(in_memory, CuratorFactory(), "approved", "")
    submission.refresh_from_db()
    assert submission.payload == {"description": "Écrite pendant la décision."}
    data = {name: getattr(editorship.actor, name) for name in services.PROFILE_FIELDS}
    later = services.submit_change(
        editorship.user, editorship.actor, {**data, "description": "Après.", "domains": [], "countries": []}
    )
    assert later.pk != submission.pk
    assert later.status == "pending"
    assert Submission.objects.count() == 2
