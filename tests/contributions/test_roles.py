"""The role matrix: anonymous visitor, editor, curator, superuser — every forbidden action is refused.

| action                                   | anonymous | editor (own) | editor (other) | curator | superuser |
| read published pages                     | yes       | yes          | yes            | yes     | yes       |
| read a draft / pending profile publicly  | no        | no           | no             | no      | no        |
| edit a profile in the actors' space      | login     | yes          | 404            | 404     | 404       |
| publish without review                   | no        | no           | no             | admin   | admin     |
| reach the admin                          | login     | no           | no             | yes     | yes       |
| approve a submission                     | no        | no           | no             | others' | yes       |
| manage users in the admin                | no        | no           | no             | no      | yes       |
"""

import pytest
from django.urls import reverse

from actors.models import Actor
from contributions import services
from contributions.models import Submission
from tests.factories import ActorFactory, CuratorFactory, EditorshipFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    editorship = EditorshipFactory(actor__name="Eau vive")
    client.force_login(editorship.user)
    client.editorship = editorship
    return client


def test_anonymous_reads_published_content_only(client):
    published = ActorFactory()
    drafts = [ActorFactory(status=s) for s in ("draft", "pending", "rejected", "archived")]
    assert client.get(published.get_absolute_url()).status_code == 200
    assert [client.get(a.get_absolute_url()).status_code for a in drafts] == [404] * 4


def test_anonymous_is_sent_to_log_in_for_the_space_and_the_admin(client):
    actor = ActorFactory()
    urls = [
        reverse("contributions:dashboard"),
        reverse("contributions:edit", args=[actor.slug]),
        reverse("admin:index"),
    ]
    assert [client.get(u).status_code for u in urls] == [302, 302, 302]


def test_editor_cannot_read_another_organisations_draft_by_guessing(editor):
    other = ActorFactory(status="pending", name="Brouillon d’un autre")
    for url in (
        other.get_absolute_url(),
        reverse("contributions:edit", args=[other.slug]),
        reverse("contributions:add_reference", args=[other.slug]),
        f"/admin/actors/actor/{other.pk}/change/",
    ):
        response = editor.get(url)
        assert response.status_code in (302, 404), url
        assert "Brouillon d’un autre" not in response.content.decode(), url


def test_editor_cannot_reach_the_admin(editor):
    response = editor.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_editor_cannot_approve_their_own_claim(editor):
    submission = SubmissionFactory(user=editor.editorship.user)
    response = editor.post(
        reverse("admin:contributions_submission_review", args=[submission.pk]), {"decision": "approve"}
    )
    submission.refresh_from_db()
    assert response.status_code == 302
    assert submission.status == "pending"
    with pytest.raises(Exception, match="curateurs"):
        services.approve(submission, editor.editorship.user)


def test_editor_cannot_publish_without_review(editor):
    actor = editor.editorship.actor
    data = {name: getattr(actor, name) for name in services.PROFILE_FIELDS}
    editor.post(reverse("contributions:edit", args=[actor.slug]), {**data, "name": "Nom changé", "status": "published"})
    created = editor.post(
        reverse("contributions:create"), {"name": "Auto-publiée", "legal_form": "association", "status": "published"}
    )
    actor.refresh_from_db()
    assert actor.name == "Eau vive"
    assert created.status_code == 302
    assert Actor.objects.get(name="Auto-publiée").status == "pending"


def test_curator_moderates_and_edits_but_does_not_manage_users(client):
    curator = CuratorFactory()
    client.force_login(curator)
    actor = ActorFactory()
    assert [
        client.get(reverse("admin:index")).status_code,
        client.get(reverse("admin:contributions_submission_changelist")).status_code,
        client.get(reverse("admin:actors_actor_change", args=[actor.pk])).status_code,
        client.get(reverse("admin:auth_user_changelist")).status_code,
        client.get(reverse("admin:auth_group_changelist")).status_code,
        client.get(reverse("admin:actors_actor_delete", args=[actor.pk])).status_code,
    ] == [200, 200, 200, 403, 403, 403]


def test_curator_decides_others_submissions(client):
    curator = CuratorFactory()
    client.force_login(curator)
    submission = SubmissionFactory()
    client.post(
        reverse("admin:contributions_submission_review", args=[submission.pk]),
        {"decision": "approve", "version": submission.version},
    )
    submission.refresh_from_db()
    assert submission.status == "approved"


def test_superuser_does_everything(admin_client):
    own = SubmissionFactory(user=UserFactory())
    assert [
        admin_client.get(reverse("admin:auth_user_changelist")).status_code,
        admin_client.post(
            reverse("admin:contributions_submission_review", args=[own.pk]),
            {"decision": "approve", "version": own.version},
        ).status_code,
    ] == [200, 302]
    assert Submission.objects.get().status == "approved"


def test_admin_login_is_throttled_through_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")
