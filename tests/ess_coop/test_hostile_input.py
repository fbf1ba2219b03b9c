"""Hostile input never gives a server error: header injection, refused Host headers."""

import logging
import uuid

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


def test_newline_in_the_contact_subject_is_flattened_not_a_500(client):
    actor = ActorFactory(email="x@example.org")
    response = client.post(
        reverse("contributions:contact", args=[actor.slug]),
        {"name": "A", "email": "a@example.org", "subject": "Bonjour\r\nBcc: victime@example.org", "message": "M"},
    )
    (message,) = mail.outbox
    assert (response.status_code, message.subject, message.bcc) == (
        302,
        "[ess_coop] Bonjour Bcc: victime@example.org",
        [],
    )


def test_hostile_host_is_logged_once_as_a_warning_and_never_mailed(client, settings):
    settings.ADMINS = [("Admin", "admin@example.org")]
    host = f"evil-{uuid.uuid4().hex}.example"
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("django.security.DisallowedHost")
    logger.addHandler(handler)
    try:
        statuses = [client.get("/", HTTP_HOST=host).status_code for _ in range(3)]
    finally:
        logger.removeHandler(handler)
    assert statuses == [400, 400, 400]
    assert [(r.levelname, r.exc_info, host in r.getMessage()) for r in records] == [("WARNING", None, True)]
    assert mail.outbox == []


def test_non_integer_id_in_an_admin_autocomplete_field_is_a_form_error(admin_client):
    from tests.factories import ParticipantFactory

    participant = ParticipantFactory()
    response = admin_client.post(
        reverse("admin:projects_participant_change", args=[participant.pk]),
        {"project": "abc", "actor": "1 OR 1=1", "role": "operateur", "position": "1"},
    )
    errors = response.context["adminform"].form.errors
    assert (response.status_code, sorted(errors)) == (200, ["actor", "project"])


@pytest.mark.parametrize("value", ["abc", "1.5", "", "99999999999999999999999999", "-3"])
def test_non_integer_id_posted_to_the_merge_pages_is_a_404_not_a_500(client, value):
    from tests.factories import CuratorFactory

    client.force_login(CuratorFactory())
    kept = ActorFactory()
    merge = client.post(reverse("curation:merge") + f"?nature=acteur&a={kept.pk}&b={value}", {"keep": "a"})
    refuse = client.post(reverse("curation:not_duplicates"), {"nature": "acteur", "a": kept.pk, "b": value})
    assert (merge.status_code, refuse.status_code, kept.__class__.objects.filter(pk=kept.pk).exists()) == (
        404,
        404,
        True,
    )
