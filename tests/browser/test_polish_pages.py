"""axe-core audits of the pages issue 15 added or changed: the legal pages, a stakeholder diagram that
scrolls sideways on a phone, an organisation page with the study's spelling of its name."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PAGES = ["/accessibilite/", "/mentions-legales/", "/donnees-personnelles/", "/etudes-de-cas/3/", "/acteurs/alter-eco/"]


def test_polished_pages_have_no_serious_or_critical_accessibility_violation(site, page):
    axe = Axe()
    problems = {}
    for path in PAGES:
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(site + path)
            violations = axe.run(page).response["violations"]
            serious = [(v["id"], len(v["nodes"])) for v in violations if v["impact"] in ("serious", "critical")]
            if serious:
                problems[f"{path} @{width}px"] = serious
    assert problems == {}


def test_diagram_keeps_its_text_size_on_a_phone_and_scrolls_sideways(site, page):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(site + "/etudes-de-cas/8/")
    svg_width, view_box_width, box_width = page.evaluate(
        """() => { const box = document.querySelector('.diagram-svg'); const svg = box.querySelector('svg');
                   return [svg.getBoundingClientRect().width, svg.viewBox.baseVal.width, box.clientWidth]; }"""
    )
    assert (round(svg_width) == round(view_box_width), svg_width > box_width) == (True, True)
