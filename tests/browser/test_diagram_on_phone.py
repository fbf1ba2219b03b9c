"""A stakeholder diagram on a phone keeps its text size and scrolls sideways (the axe-core audits of the
pages, legal pages included, are in test_accessibility.py)."""

import pytest

pytestmark = pytest.mark.browser


def test_diagram_keeps_its_text_size_on_a_phone_and_scrolls_sideways(site, page):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(site + "/etudes-de-cas/8/")
    svg_width, view_box_width, box_width = page.evaluate(
        """() => { const box = document.querySelector('.diagram-svg'); const svg = box.querySelector('svg');
                   return [svg.getBoundingClientRect().width, svg.viewBox.baseVal.width, box.clientWidth]; }"""
    )
    assert (round(svg_width) == round(view_box_width), svg_width > box_width) == (True, True)
