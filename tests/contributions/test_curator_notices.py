"""Curators told of new requests: at each request, in a daily summary, or not at all (their choice)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from calls import services as call_services
from contributions import services
from contributions.models import CuratorNotice, CuratorPreference, SubmissionKind
from tests.factories import (
    ActorFactory,
    CallFactory,
    CollectivityFactory,
    CuratorFactory,
    EditorshipFactory,
    MembershipFactory,
    SubmissionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def curator(notice=None, **kwargs):
    user = CuratorFactory(**kwargs)
    if notice is not None:
        CuratorPreference.objects.create(user=user, notice=notice)
    return user


def test_curators_are_the_curators_group_and_superusers():
    member = curator()
    boss = UserFactory(is_superuser=True, is_staff=True)
    UserFactory(is_staff=True)  # staff outside the group
    CuratorFactory(is_active=False)
    CuratorFactory(email="")
    assert sorted(services.curators().values_list("pk", flat=True)) == sorted([member.pk, boss.pk])


def test_curators_who_never_chose_get_the_daily_summary():
    daily, immediate, silent, never = (
        curator(CuratorNotice.DAILY),
        curator(CuratorNotice.IMMEDIATE),
        curator(CuratorNotice.NONE),
        curator(),
    )
    assert list(services.curators_choosing(CuratorNotice.DAILY)) == [daily, never]
    assert list(services.curators_choosing(CuratorNotice.IMMEDIATE)) == [immediate]
    assert list(services.curators_choosing(CuratorNotice.NONE)) == [silent]


def test_a_claim_mails_the_immediate_curators_after_the_commit(mailoutbox, django_capture_on_commit_callbacks):
    immediate = curator(CuratorNotice.IMMEDIATE)
    curator(CuratorNotice.DAILY)
    actor = ActorFactory(name="Eau vive")
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submit_claim(UserFactory(), actor, "présidente", "", "", "Je la préside.")
    assert [m.to for m in mailoutbox] == [[immediate.email]]
    assert "Nouvelle demande à modérer" in mailoutbox[0].subject and "Eau vive" in mailoutbox[0].subject
    assert reverse("admin:contributions_submission_review", args=[submission.pk]) in mailoutbox[0].body
    assert reverse("contributions:curator_preferences") in mailoutbox[0].body


def test_a_claim_updated_in_place_is_not_announced_again(mailoutbox, django_capture_on_commit_callbacks):
    curator(CuratorNotice.IMMEDIATE)
    user, actor = UserFactory(), ActorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_claim(user, actor, "présidente", "", "", "Je la préside.")
        services.submit_claim(user, actor, "présidente", "", "", "Je la préside, vraiment.")
    assert len(mailoutbox) == 1


def test_a_request_decided_before_the_worker_is_not_announced(mailoutbox):
    curator(CuratorNotice.IMMEDIATE)
    submission = SubmissionFactory(status="approved", reviewed_at="2026-11-29T10:00:00Z")
    assert services.notify_curators_of_request("submission", submission.pk) == 0
    assert mailoutbox == []


def test_the_author_curator_is_not_told_of_their_own_request(mailoutbox):
    author = curator(CuratorNotice.IMMEDIATE)
    submission = SubmissionFactory(user=author)
    assert services.notify_curators_of_request("submission", submission.pk) == 0


def test_a_new_call_and_a_membership_to_check_are_announced(mailoutbox, django_capture_on_commit_callbacks):
    immediate = curator(CuratorNotice.IMMEDIATE)
    staff = MembershipFactory()
    call = CallFactory.build(collectivity=staff.collectivity, domain=CallFactory().domain, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        call_services.submit_call(staff.user, call, [])
        call_services.request_membership(UserFactory(), CollectivityFactory(name="Ville de Montreuil"), "Chargé")
    assert [m.to for m in mailoutbox] == [[immediate.email], [immediate.email]]
    assert reverse("admin:calls_call_review", args=[call.pk]) in mailoutbox[0].body
    assert "Ville de Montreuil" in mailoutbox[1].subject


def test_daily_summary_lists_what_waits_oldest_first(mailoutbox, run_tasks):
    daily, never = curator(CuratorNotice.DAILY), curator()
    curator(CuratorNotice.IMMEDIATE)
    first = SubmissionFactory(actor__name="Première", kind=SubmissionKind.CLAIM)
    SubmissionFactory(actor__name="Seconde", kind=SubmissionKind.REFERENCE)
    out = StringIO()
    call_command("send_curator_digest", stdout=out)
    run_tasks()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([daily.email, never.email])
    body = mailoutbox[0].body
    assert "2 demandes en attente de modération" in mailoutbox[0].subject
    assert body.index("Première") < body.index("Seconde")
    assert reverse("admin:contributions_submission_review", args=[first.pk]) in body
    assert CuratorPreference.objects.get(user=never).last_digest_at is not None


def test_daily_summary_is_sent_once_a_day_and_not_when_nothing_waits(mailoutbox):
    daily = curator(CuratorNotice.DAILY)
    assert services.send_curator_digest(daily.pk) == 0  # nothing pending
    SubmissionFactory()
    assert services.send_curator_digest(daily.pk) == 1
    assert services.send_curator_digest(daily.pk) == 0  # the task ran again the same day
    assert len(mailoutbox) == 1


def test_preferences_page_saves_the_choice(client, django_assert_max_num_queries):
    user = curator()
    client.force_login(user)
    url = reverse("contributions:curator_preferences")
    with django_assert_max_num_queries(8):
        page = client.get(url)
    assert page.context["form"].initial == {"notice": CuratorNotice.DAILY}
    assert "À chaque demande" in page.content.decode()
    response = client.post(url, {"notice": CuratorNotice.IMMEDIATE})
    assert response.status_code == 302
    assert services.notice_of(user) == CuratorNotice.IMMEDIATE


def test_preferences_page_is_for_curators_only(client):
    client.force_login(EditorshipFactory().user)
    assert client.get(reverse("contributions:curator_preferences")).status_code == 302  # the admin's login
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("contributions:curator_preferences")).status_code == 403


def test_admin_home_links_the_preferences(client):
    client.force_login(curator())
    assert reverse("contributions:curator_preferences") in client.get(reverse("admin:index")).content.decode()
