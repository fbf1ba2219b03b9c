"""The moderation queue in the admin: one list, oldest first, a review page per submission."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contributions import services
from contributions.models import Submission
from tests.factories import CuratorFactory, EditorshipFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:contributions_submission_changelist")


@pytest.fixture
def curator_client(client):
    curator = CuratorFactory()
    client.force_login(curator)
    client.user = curator
    return client


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
    assert sorted(response.context["differences"]) == [("Description", "Avant.", "Après."), ("Ville", "Paris", "Lyon")]


def test_curator_approves_from_the_review_page(curator_client):
    submission = SubmissionFactory(kind="claim")
    response = curator_client.post(review_url(submission), {"decision": "approve", "reason": ""})
    submission.refresh_from_db()
    assert (response.status_code, submission.status, len(mail.outbox)) == (302, "approved", 1)


def test_rejection_without_a_reason_is_refused(curator_client):
    submission = SubmissionFactory()
    response = curator_client.post(review_url(submission), {"decision": "reject", "reason": ""})
    submission.refresh_from_db()
    assert (response.status_code, submission.status, len(mail.outbox)) == (200, "pending", 0)
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
    assert (response.status_code, submission.status) == (403, "pending")
