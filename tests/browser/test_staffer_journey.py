"""What a collectivity's staffer does, in a real browser: search, filter, open, read, download."""

import csv
import io

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_staffer_searches_filters_opens_an_actor_and_a_case_study_then_downloads_a_csv(site, page):
    page.goto(site + "/")
    page.get_by_role("searchbox", name="Rechercher dans l’annuaire").fill("eau")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", name="Acteurs de l’ESS")).to_be_visible()
    expect(page.get_by_role("link", name="Eau, agriculture et santé en milieu tropical (EAST)")).to_be_visible()

    # The full list of actors matching « eau », then narrowed to Madagascar with a checkbox (live update).
    page.goto(site + "/acteurs/?q=eau")
    page.locator("fieldset.facet-pays").get_by_role("checkbox", name="Madagascar").check()
    expect(page).to_have_url(f"{site}/acteurs/?q=eau&pays=MG")
    expect(page.locator(".chips")).to_contain_text("Madagascar")
    results = page.locator("ol.results > li h3")
    titles = results.all_inner_texts()
    assert "Eau, agriculture et santé en milieu tropical (EAST)" in titles

    # The URL is the state: back returns to the unfiltered search.
    page.go_back()
    expect(page).to_have_url(f"{site}/acteurs/?q=eau")

    page.goto(site + "/acteurs/?q=eau&pays=MG")
    page.get_by_role("link", name="Eau, agriculture et santé en milieu tropical (EAST)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Eau, agriculture et santé en milieu tropical")
    expect(page.get_by_role("heading", name="Projets et références")).to_be_visible()
    expect(page.locator(".references")).to_contain_text("Assistance à maîtrise d’ouvrage")

    # The case study of the Antananarivo programme, with its stakeholder diagram.
    page.goto(site + "/etudes-de-cas/7/")
    expect(page.get_by_role("heading", name="À retenir")).to_be_visible()
    diagram = page.locator(".diagram-svg svg")
    expect(diagram).to_be_visible()
    box = diagram.bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    expect(page.locator(".diagram-svg")).to_contain_text("Commune urbaine")
    page.get_by_text("Le schéma en texte").click()
    expect(page.locator(".diagram-text")).to_contain_text("Convention de financement")

    # Download the filtered list for a meeting.
    page.goto(site + "/acteurs/?pays=MG")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV (Excel)").click()
    download = download_info.value
    with open(download.path(), encoding="utf-8-sig") as stream:
        content = stream.read()
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][:3] == ["Nom", "Sigle", "Forme juridique"]
    assert "Eau, agriculture et santé en milieu tropical" in [row[0] for row in rows[1:]]
    shown = page.locator("#results-title").inner_text()
    assert int(shown.split()[0]) == len(rows) - 1  # every matching row, the count the page shows
