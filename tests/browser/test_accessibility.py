"""axe-core audits of the main page types: no serious or critical violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/acteurs/",
    "/acteurs/?q=eau&pays=MG",
    "/collectivites/",
    "/projets/",
    "/etudes-de-cas/",
    "/recherche/?q=tourisme",
    "/statistiques/",
    "/acteurs/east/",
    "/collectivites/region-ile-de-france/",
    "/projets/mobil-asie/",
    "/etudes-de-cas/8/",
    "/etudes-de-cas/3/",
    "/acteurs/alter-eco/",
    "/accessibilite/",
    "/mentions-legales/",
    "/donnees-personnelles/",
]


def test_pages_have_no_serious_or_critical_accessibility_violation(site, page):
    axe = Axe()
    problems = {}
    for path in PAGES:
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(site + path)
            results = axe.run(page)
            serious = [
                (v["id"], v["impact"], len(v["nodes"]))
                for v in results.response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if serious:
                problems[f"{path} @{width}px"] = serious
    assert problems == {}
