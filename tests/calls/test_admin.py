import pytest
from django.urls import reverse

from actors.models import Country
from calls.models import Call, CallNotification
from core import search
from tests.factories import ActorFactory, CallFactory, CuratorFactory, DomainFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def version(call):
    return Call.objects.get(pk=call.pk).updated_at.isoformat()


def test_curator_publishes_a_call_and_the_worker_notifies_actors(
    client, mailoutbox, run_tasks, django_capture_on_commit_callbacks
):
    domain = DomainFactory()
    actor = ActorFactory(email="contact@eauvive.example")
    actor.domains.set([domain])
    actor.countries.set([Country.objects.get(code="ML")])
    membership = MembershipFactory()
    call = CallFactory(
        collectivity=membership.collectivity,
        author=membership.user,
        domain=domain,
        countries=[Country.objects.get(code="ML")],
        status="pending",
        reviewed_at=None,
    )
    client.force_login(CuratorFactory())
    home = client.get(reverse("admin:index"))
    queue = client.get(reverse("admin:calls_call_changelist"))
    review_url = reverse("admin:calls_call_review", args=[call.pk])
    review = client.get(review_url)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url, {"decision": "approve", "reason": "", "version": version(call)})
    assert "Appels à partenaires à publier" in home.text and call.title in queue.text
    assert (review.status_code, response.status_code) == (200, 302)
    assert [m.to for m in mailoutbox] == [[membership.user.email]]  # the actors' e-mails wait for the worker
    run_tasks()
    assert [m.to for m in mailoutbox][1:] == [["contact@eauvive.example"]]
    assert CallNotification.objects.get().actor == actor
    assert Call.objects.get().status == "published"


def test_curator_verifies_memberships_from_the_list(client, mailoutbox):
    membership = MembershipFactory(status="pending", method="", verified_at=None)
    client.force_login(CuratorFactory())
    client.post(reverse("admin:calls_membership_changelist"), {"action": "verify", "_selected_action": [membership.pk]})
    membership.refresh_from_db()
    assert (membership.status, len(mailoutbox)) == ("verified", 1)


def test_rejecting_needs_a_reason(client):
    call = CallFactory(status="pending", reviewed_at=None)
    client.force_login(CuratorFactory())
    url = reverse("admin:calls_call_review", args=[call.pk])
    response = client.post(url, {"decision": "reject", "reason": "", "version": version(call)})
    call.refresh_from_db()
    assert (response.status_code, call.status) == (200, "pending")


def test_published_calls_are_searchable():
    CallFactory(title="Opérateur pour l’assainissement à Kayes")
    CallFactory(title="Assainissement en attente", status="pending", reviewed_at=None)
    assert [c.title for c in search.search(Call.objects.all(), "assainissement")] == [
        "Opérateur pour l’assainissement à Kayes"
    ]


def test_a_call_changed_since_it_was_read_is_not_decided(client):
    call = CallFactory(status="pending", reviewed_at=None)
    read = version(call)
    call.description = "Changée entre-temps."
    call.save()
    client.force_login(CuratorFactory())
    client.post(reverse("admin:calls_call_review", args=[call.pk]), {"decision": "approve", "version": read})
    assert Call.objects.get(pk=call.pk).status == "pending"


def test_membership_add_with_a_non_id_collectivity_is_a_form_error(admin_client):
    # Found by the form fuzz: a word posted as the collectivity raised ValueError (a 500).
    response = admin_client.post(reverse("admin:calls_membership_add"), {"collectivity": "published", "user": "x"})
    assert response.status_code == 200
