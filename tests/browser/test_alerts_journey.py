"""A visitor follows a filtered search in a real browser, confirms by e-mail, and gets a digest with a
new matching entry once the background worker has run; then unsubscribes in one click."""

import datetime
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from actors.models import Country
from alerts.models import Alert
from tests.factories import ActorFactory

pytestmark = pytest.mark.browser


def test_visitor_follows_a_search_confirms_and_receives_a_digest(site, page, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    page.goto(site + "/acteurs/?pays=ML&forme=association")
    page.get_by_role("link", name="Suivre cette recherche par courriel").click()
    expect(page.locator("main")).to_contain_text("Pays\u00a0: Mali")
    page.get_by_label("Votre adresse électronique").fill("veille@val-de-marne.example")
    page.get_by_label("Chaque jour").check()
    page.get_by_role("button", name="Suivre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmez votre adresse")

    confirm_url = re.search(r"https?://\S+/alertes/confirmer/\S+/", mail.outbox[-1].body).group(0)
    page.goto(site + "/alertes/" + confirm_url.split("/alertes/", 1)[1])
    page.get_by_role("button", name="Confirmer").click()
    expect(page.locator(".messages")).to_contain_text("Alerte confirmée")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes alertes")

    # A day later, a new association working in Mali joins the directory.
    alert = Alert.objects.get()
    Alert.objects.filter(pk=alert.pk).update(last_sent_at=timezone.now() - datetime.timedelta(days=1))
    newcomer = ActorFactory(name="Puits du Sahel", legal_form="association")
    newcomer.countries.set([Country.objects.get(code="ML")])
    outside = ActorFactory(name="Coopérative andine", legal_form="cooperative")
    outside.countries.set([Country.objects.get(code="PE")])

    sent = len(mail.outbox)
    call_command("send_alert_digests", "--frequency", "daily", stdout=StringIO())
    assert len(mail.outbox) == sent  # queued, not sent in the command
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    digest = mail.outbox[-1]
    assert digest.to == ["veille@val-de-marne.example"]
    assert "Puits du Sahel" in digest.body and "Coopérative andine" not in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    page.goto(site + "/alertes/" + unsubscribe.split("/alertes/", 1)[1])
    page.get_by_role("button", name="Me désinscrire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Désinscription faite")
    assert not Alert.objects.exists()
