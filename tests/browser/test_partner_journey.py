"""The chargée de mission's journey, in a real browser: a zone, experience filters, « trouver un
partenaire », two actors compared, the list exported — and axe-core on every new page, maps drawn."""

import csv
import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NEW_PAGES = [
    "/acteurs/?zone=afrique-de-l-ouest&domaine=eau-et-assainissement",
    "/acteurs/?role=operateur&collectivite=francaise&mode=subvention",
    "/acteurs/?q=eau+Madagascar+microcr%C3%A9dit",
    "/trouver-un-partenaire/",
    "/trouver-un-partenaire/?domaine=eau-et-assainissement&pays=MG",
    "/trouver-un-partenaire/methode/",
    "/acteurs/comparer/?a=east&a=batik-international",
    "/etudes-de-cas/?zone=afrique-de-l-ouest",
    "/projets/",
    "/statistiques/",
    "/acteurs/east/",
    "/collectivites/region-ile-de-france/",
    "/projets/mobil-asie/",
]


def test_chargee_de_mission_finds_compares_and_exports_partners(site, page):
    # West Africa in one tick, then water: the water actors working in Mali, Senegal, Guinea…
    page.goto(site + "/acteurs/")
    page.locator("fieldset.facet-zone").get_by_role("checkbox", name="Afrique de l’Ouest").check()
    expect(page).to_have_url(f"{site}/acteurs/?zone=afrique-de-l-ouest")
    page.locator("fieldset.facet-domaine").get_by_role("checkbox", name="Accès à l’eau et à l’assainissement").check()
    expect(page.locator("ol.results > li h3")).to_have_count(2)
    expect(page.locator("ol.results")).to_contain_text("Eau vive")
    # Bénin has no water actor: it stays in the country facet, at 0.
    expect(page.locator("fieldset.facet-pays li.facet-zero").filter(has_text="Bénin")).to_have_count(1)

    # Proven experience: operators under a subsidy who worked with a French collectivity, in West Africa.
    # Each tick is seen in the address (the list updated) before the next, as a person waits for the list:
    # a tick on a panel the previous answer is replacing could be lost on a loaded machine.
    page.goto(site + "/acteurs/?zone=afrique-de-l-ouest")
    page.locator("fieldset.facet-role").get_by_role("checkbox", name="Opérateur / maître d’œuvre").check()
    expect(page).to_have_url(re.compile(r"role=operateur"))
    page.locator("fieldset.facet-mode").get_by_role("checkbox", name="Subvention").check()
    expect(page).to_have_url(re.compile(r"mode=subvention"))
    page.locator("fieldset.facet-collectivite").get_by_role("checkbox", name="Une collectivité française").check()
    expect(page).to_have_url(re.compile(r"collectivite=francaise"))
    expect(page.locator("ol.results")).to_contain_text("Tétraktys")
    expect(page.locator("ol.results")).to_contain_text("Incite Formation")

    # « Trouver un partenaire »: water in Madagascar — EAST first, with its reasons and evidence.
    page.get_by_role("link", name="Trouver un partenaire").first.click()
    page.get_by_label("Domaine").select_option("eau-et-assainissement")
    page.get_by_label("ou pays").select_option("MG")
    page.get_by_role("button", name="Chercher").click()
    first = page.locator("ol.matches > li").first
    expect(first.locator("h3")).to_have_text("Eau, agriculture et santé en milieu tropical (EAST)")
    expect(first).to_contain_text(
        "assistance à maîtrise d’ouvrage pour Région Île-de-France, sous subvention, depuis 2006"
    )

    # Compare the first two.
    page.locator("ol.matches > li").nth(0).get_by_role("checkbox").check()
    page.locator("ol.matches > li").nth(1).get_by_role("checkbox").check()
    page.get_by_role("button", name="Comparer la sélection").click()
    expect(page).to_have_url(f"{site}/acteurs/comparer/?a=east&a=france-libertes")
    expect(page.locator("table.compare thead th")).to_have_count(2)
    expect(page.locator("table.compare")).to_contain_text("Subvention")

    # Take the list to a meeting.
    page.goto(site + "/acteurs/?zone=afrique-de-l-ouest&role=operateur&mode=subvention")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV (Excel)").click()
    with open(download_info.value.path(), encoding="utf-8-sig") as stream:
        rows = list(csv.reader(io.StringIO(stream.read()), delimiter=";"))
    names = [row[0] for row in rows[1:]]
    assert ("Tétraktys" in names, len(rows) - 1) == (True, int(page.locator("#results-title").inner_text().split()[0]))
    tetraktys = dict(zip(rows[0], rows[1 + names.index("Tétraktys")], strict=True))
    assert "Conseil général de l’Isère" in tetraktys["Collectivités partenaires"].split(" ; ")
    assert "Subvention" in tetraktys["Modes de contractualisation"]


def test_new_pages_have_no_serious_or_critical_accessibility_violation(site, page):
    axe = Axe()
    problems = {}
    for path in NEW_PAGES:
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(site + path)
            if page.locator("figure[data-map]").count():
                page.locator("figure[data-map] svg.world-map").first.wait_for()
            results = axe.run(page)
            serious = [
                (v["id"], v["impact"], len(v["nodes"]))
                for v in results.response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if serious:
                problems[f"{path} @{width}px"] = serious
    assert problems == {}


def test_maps_draw_shaded_countries_that_link_to_the_filtered_list(site, page):
    page.goto(site + "/acteurs/")
    link = page.locator("svg.world-map a[href*='pays=ML']")
    link.wait_for(state="attached")
    assert page.locator("svg.world-map path.map-country").count() > 150
    href = link.get_attribute("href")
    page.goto(site + "/acteurs/" + href)
    expect(page.locator(".chips")).to_contain_text("Mali")
