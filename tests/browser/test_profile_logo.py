"""The logo chosen in the profile form survives a validation error, in a real browser."""

import io
import re

import pytest
from playwright.sync_api import expect

from actors.models import Actor
from tests.factories import VerifiedUserFactory

pytestmark = pytest.mark.browser


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (240, 120), "green").save(buffer, "PNG")
    return buffer.getvalue()


def test_logo_chosen_before_an_error_is_shown_kept_and_saved(live_server, transactional_db, page):
    from actors.countries import sync_countries
    from actors.models import Country

    sync_countries(Country)  # a previous transactional test's flush emptied the migration's rows
    user = VerifiedUserFactory(email="presidente@fonio.example")
    page.goto(f"{live_server.url}/compte/login/?next=/espace-acteur/creer/")
    page.get_by_label("Courriel").fill(user.email)
    page.get_by_label(re.compile(r"^Mot de passe\W*$")).fill("motdepasse-solide-42")
    page.get_by_role("button", name="Connexion").click()

    page.get_by_label(re.compile(r"^Nom")).first.fill("Les Amis du fonio")
    page.get_by_label(re.compile(r"^Forme juridique")).select_option("association")
    page.get_by_label(re.compile(r"^SIREN")).fill("123456789")
    page.get_by_label(re.compile(r"^Logo")).set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.get_by_role("button", name="Envoyer la fiche").click()

    kept = page.get_by_role("img", name="Logo choisi pour «\u00a0Les Amis du fonio\u00a0»")
    expect(kept).to_be_visible()
    assert kept.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [240, 120]
    assert page.get_by_label(re.compile(r"^Logo")).evaluate("input => input.files.length") == 0

    page.get_by_label(re.compile(r"^SIREN")).fill("")
    page.get_by_role("button", name="Envoyer la fiche").click()
    expect(page.get_by_role("heading", name="Mon espace acteur")).to_be_visible()
    assert bool(re.fullmatch(r"logos/[0-9a-f]{32}\.png", Actor.objects.get().logo.name))
