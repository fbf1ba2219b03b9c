"""A call for partners in a real browser: a collectivity posts it, a curator publishes it, the
background worker notifies a matching actor, who answers; the collectivity reads the answer."""

import datetime
import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from actors.models import Collectivity, Country, Domain
from calls.models import EmailDomain
from tests.browser.test_actor_journey import log_in
from tests.factories import ActorFactory, CuratorFactory, VerifiedUserFactory

pytestmark = pytest.mark.browser
PASSWORD = "motdepasse-solide-42"


@pytest.fixture
def database_queue(settings):
    """Tasks go to the database queue; the returned function runs the real worker until it is empty."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    return lambda: call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())


def test_collectivity_posts_a_call_curator_publishes_actor_is_notified_and_answers(
    site, page, chromium, database_queue
):
    collectivity = Collectivity.objects.get(name="Conseil général du Val-de-Marne")
    EmailDomain.objects.create(collectivity=collectivity, domain="valdemarne.example")
    staff = VerifiedUserFactory(email="agent@valdemarne.example")
    curator = CuratorFactory(email="curatrice@arene.example")
    EmailAddress.objects.create(user=curator, email=curator.email, verified=True, primary=True)
    actor = ActorFactory(name="Hydro Sahel", email="contact@hydro-sahel.example")
    actor.domains.set([Domain.objects.get(slug="eau-et-assainissement")])
    actor.countries.set([Country.objects.get(code="ML")])

    # The staff member ties their account (their address is in the declared domain), then posts a call.
    log_in(page, site, staff.email, PASSWORD, "?next=/espace-collectivite/")
    page.get_by_label("Votre collectivité").select_option(label=collectivity.name)
    page.get_by_label("Votre fonction").fill("Chargée de mission coopération")
    page.get_by_role("button", name="Demander le rattachement").click()
    expect(page.locator(".messages")).to_contain_text("Compte rattaché")
    page.get_by_role("link", name="Publier un appel").click()
    page.get_by_label("Titre").fill("Opérateur pour l’eau potable à Kayes")
    page.get_by_label("Domaine").select_option(label="Accès à l’eau et à l’assainissement")
    page.get_by_placeholder("Chercher un pays").fill("mali")
    expect(page.get_by_label("Maldives")).to_be_hidden()
    page.get_by_label("Mali", exact=True).check()
    page.get_by_label("Rôle recherché").select_option("operateur")
    page.get_by_label("Contrat envisagé").select_option("prestation")
    page.get_by_label("Date limite de réponse").fill((timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    page.get_by_label("Description du besoin").fill("Accompagner les communes de Kayes dans la gestion de l’eau.")
    page.get_by_role("button", name="Envoyer l’appel").click()
    expect(page.locator(".messages")).to_contain_text("publié après validation")

    # A curator publishes it from the admin queue.
    curator_page = chromium.new_context(locale="fr-FR").new_page()
    log_in(curator_page, site, curator.email, PASSWORD, "?next=/admin/calls/call/")
    curator_page.locator("#result_list tbody tr", has_text="Opérateur pour l’eau potable").get_by_role(
        "link", name="Examiner"
    ).click()
    curator_page.get_by_label("Accepter").check()
    curator_page.get_by_role("button", name="Enregistrer la décision").click()
    expect(curator_page.locator(".messagelist")).to_contain_text("Appel publié")
    curator_page.context.close()

    # The worker runs the queued notification: the matching actor gets the call by e-mail.
    assert not [m for m in mail.outbox if actor.email in m.to]
    database_queue()
    notification = next(m for m in mail.outbox if actor.email in m.to)
    assert "Opérateur pour l’eau potable à Kayes" in notification.subject
    call_url = re.search(r"https?://\S+/appels/\S+/", notification.body).group(0)

    # The actor follows the link and answers through the relay.
    actor_page = chromium.new_context(locale="fr-FR").new_page()
    actor_page.goto(site + "/appels/" + call_url.split("/appels/", 1)[1])
    expect(actor_page.get_by_role("link", name="Trouver un partenaire avec ces critères")).to_have_attribute(
        "href", re.compile(r"domaine=eau-et-assainissement&pays=ML&role=operateur&mode=prestation")
    )
    actor_page.get_by_role("link", name="Répondre à cet appel").click()
    actor_page.get_by_label("Votre nom").fill("Awa Traoré")
    actor_page.get_by_label("Votre organisation").fill("Hydro Sahel")
    actor_page.get_by_label("Votre adresse électronique").fill("awa@hydro-sahel.example")
    actor_page.get_by_label("Votre réponse").fill("Nous gérons des réseaux d’eau dans la région de Kayes depuis 2015.")
    actor_page.get_by_role("button", name="Envoyer la réponse").click()
    expect(actor_page.locator(".messages")).to_contain_text("Réponse envoyée")
    actor_page.context.close()
    relayed = mail.outbox[-1]
    assert (relayed.to, relayed.reply_to) == ([staff.email], ["awa@hydro-sahel.example"])

    # The collectivity reads the answer in its space.
    page.goto(site + "/espace-collectivite/")
    expect(page.locator("#reponses ~ ul")).to_contain_text("Nous gérons des réseaux d’eau dans la région de Kayes")
