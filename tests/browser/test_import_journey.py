"""A curator imports a file with a refused row: chooses to import the valid rows, downloads the refused one;
a large import shows its progress bar, which turns into the result when the worker is done."""

import os
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from actors.models import Actor
from tests.factories import CuratorFactory

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SHOTS_DIR")


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def upload(page, live_server, tmp_path, text):
    path = Path(tmp_path) / "acteurs.csv"
    path.write_text(text, encoding="utf-8")
    page.goto(live_server.url + "/admin/actors/actor/import/")
    page.get_by_label("Fichier à importer").set_input_files(str(path))
    page.get_by_label("Format").select_option(label="CSV pour Excel (UTF-8, séparateur «\xa0;\xa0»)")
    page.get_by_role("button", name="Envoyer").click()


def test_curator_imports_the_valid_rows_and_downloads_the_refused_one(live_server, transactional_db, page, tmp_path):
    log_in(page, live_server, CuratorFactory())
    upload(page, live_server, tmp_path, "Nom;Forme juridique;Pays du siège\nUne;Association;Mali\nRefusée;sarl;\n")
    partial = page.get_by_role("button", name="Importer les lignes valides et récupérer les lignes refusées")
    expect(partial).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/import-preview-partial-1280.png", full_page=True)
    partial.click()
    expect(page.get_by_role("heading", name="Import terminé")).to_be_visible()
    assert list(Actor.objects.values_list("name", "country")) == [("Une", "ML")]
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger les lignes refusées").click()
    assert download.value.suggested_filename.startswith("acteurs-lignes-refusees-")
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Nom;Forme juridique;Pays du siège;erreur"
    assert lines[1].startswith("Refusée;sarl;;Forme juridique")


def test_large_import_shows_a_progress_bar_then_its_result(live_server, page, tmp_path, settings, run_tasks):
    settings.IMPORT_BACKGROUND_ROWS = 3
    log_in(page, live_server, CuratorFactory())
    upload(
        page, live_server, tmp_path, "Nom;Forme juridique\n" + "".join(f"Acteur {n};association\n" for n in range(8))
    )
    page.get_by_role("button", name="Confirmer l’importation").click()
    progress = page.get_by_role("progressbar")
    expect(progress).to_have_attribute("max", "8")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/import-progress-1280.png", full_page=True)
    run_tasks()
    expect(page.get_by_role("heading", name="Import terminé")).to_be_visible(timeout=10_000)  # htmx polling
    expect(page.locator("#import-counts")).to_contain_text("8 nouvelles fiches")
    assert Actor.objects.count() == 8
