"""An ESS actor's whole journey in a real browser, and a curator's part in it."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from tests.factories import CuratorFactory

pytestmark = pytest.mark.browser
PASSWORD = "une-phrase-de-passe-solide"


def log_in(page, site, email, password, next_url=""):
    page.goto(f"{site}/compte/login/{next_url}")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label(re.compile(r"^Mot de passe\W*$")).fill(password)
    page.get_by_role("button", name="Connexion").click()


def curator_decides(chromium, site, curator, actor_name):
    context = chromium.new_context(locale="fr-FR")
    page = context.new_page()
    log_in(page, site, curator.email, "motdepasse-solide-42", "?next=/admin/contributions/submission/")
    row = page.locator("#result_list tbody tr", has_text=actor_name).first
    expect(row).to_be_visible()
    row.get_by_role("link", name="Examiner").click()
    page.get_by_label("Accepter").check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.locator(".messagelist")).to_contain_text("Demande acceptée")
    context.close()


def test_actor_signs_up_claims_edits_and_the_change_is_published_after_review(site, page, chromium):
    curator = CuratorFactory(email="curatrice@arene.example")
    EmailAddress.objects.create(user=curator, email=curator.email, verified=True, primary=True)

    # Sign up, then verify the e-mail address with the link sent.
    page.goto(site + "/compte/signup/")
    page.get_by_label("Courriel").fill("presidente@eau-vive.example")
    page.get_by_label(re.compile(r"^Mot de passe\W*$")).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_role("button", name="Création de compte").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vérifiez votre adresse e-mail")
    link = re.search(r"https?://\S+/compte/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link.replace("http://testserver", site))
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("heading", name="Mon espace acteur")).to_be_visible()

    # Claim the existing entry « Eau vive ».
    page.get_by_role("link", name="Revendiquer une fiche existante").click()
    page.get_by_label("Nom ou sigle de l’organisation").fill("eau vive")
    page.get_by_role("button", name="Chercher").click()
    page.get_by_role("link", name="Revendiquer « Eau vive »").click()
    page.get_by_label("Votre fonction dans l’organisation").fill("Présidente")
    page.get_by_label("Numéro RNA").fill("W751234567")
    page.get_by_label("Ce qui permet de vérifier votre lien avec l’organisation").fill("Élue présidente en 2024.")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.locator(".messages")).to_contain_text("Demande envoyée")
    expect(page.locator("table")).to_contain_text("En attente")

    curator_decides(chromium, site, curator, "Eau vive")
    assert "acceptée" in mail.outbox[-1].subject

    # Now an editor: change the description; the public page waits for review.
    page.reload()
    page.get_by_role("link", name="Modifier la fiche").click()
    page.get_by_label("Description").fill("Eau vive accompagne l’accès à l’eau potable au Sahel.")
    page.get_by_role("button", name="Envoyer pour validation").click()
    expect(page.locator(".messages")).to_contain_text("Modifications envoyées")
    page.goto(site + "/acteurs/eau-vive/")
    expect(page.locator("main")).not_to_contain_text("accompagne l’accès à l’eau potable au Sahel")

    curator_decides(chromium, site, curator, "Eau vive")
    page.goto(site + "/acteurs/eau-vive/")
    expect(page.locator("main")).to_contain_text("Eau vive accompagne l’accès à l’eau potable au Sahel.")


def test_script_in_a_description_does_nothing_in_the_browser(site, page):
    from actors.models import Actor

    Actor.objects.filter(slug="eau-vive").update(
        description='<script>window.pwned = true; alert("x")</script><img src=x onerror="window.pwned=true">'
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(site + "/acteurs/eau-vive/")
    expect(page.locator("main")).to_contain_text("<script>window.pwned = true;")
    assert dialogs == []
    assert page.evaluate("window.pwned === undefined")
