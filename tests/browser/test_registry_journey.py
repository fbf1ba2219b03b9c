"""An association signs up, finds its profile filled in from the national registry (a recorded
answer, never the network) and sees its pending profile announced on its page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.conftest import registry_answer

pytestmark = pytest.mark.browser
PASSWORD = "une-phrase-de-passe-solide"


def sign_up(page, site, email):
    page.goto(site + "/compte/signup/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label(re.compile(r"^Mot de passe\W*$")).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_role("button", name="Création de compte").click()
    link = re.search(r"https?://\S+/compte/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(site + "/compte/" + link.split("/compte/", 1)[1])
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("heading", name="Mon espace acteur")).to_be_visible()


def test_association_fills_its_profile_from_the_registry_and_sees_it_pending(site, page, registry):
    route = registry["default"].respond(json=registry_answer("eau_vive_siret"))
    sign_up(page, site, "presidente@evi.example")

    page.get_by_role("link", name="Créer la fiche de mon organisation").click()
    page.get_by_label("SIRET, SIREN ou numéro RNA de l’organisation").fill("732 829 320 00074")
    page.get_by_role("button", name="Chercher dans le registre").click()
    expect(page.locator(".registry-lookup .notice")).to_contain_text("Trouvé dans le registre")
    assert route.calls.last.request.url.params["q"] == "73282932000074"
    expect(page.get_by_label(re.compile(r"^Nom\W*$"))).to_have_value("Eau Vive Internationale")
    expect(page.get_by_label("SIRET", exact=True)).to_have_value("73282932000074")
    expect(page.get_by_label("Ville")).to_have_value("Paris")
    expect(page.get_by_label("Forme juridique")).to_have_value("association")
    page.get_by_role("button", name="Envoyer la fiche").click()
    expect(page.locator(".messages")).to_contain_text("publiée après validation")

    page.get_by_role("link", name="Voir l’aperçu").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Eau Vive Internationale")
    expect(page.locator("main")).to_contain_text("Aperçu visible de vous seul")
    expect(page.locator("main")).to_contain_text("Modification en attente de validation")
    expect(page.get_by_role("link", name="Modifier la fiche")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Demandez à modifier sa fiche")


def test_registry_down_means_manual_entry(site, page):
    sign_up(page, site, "tresorier@evi.example")
    page.get_by_role("link", name="Créer la fiche de mon organisation").click()
    page.get_by_label("SIRET, SIREN ou numéro RNA de l’organisation").fill("73282932000074")
    page.get_by_role("button", name="Chercher dans le registre").click()
    expect(page.locator(".registry-lookup .notice")).to_contain_text("Registre injoignable, saisie manuelle.")
    expect(page.get_by_label(re.compile(r"^Nom\W*$"))).to_have_value("")
