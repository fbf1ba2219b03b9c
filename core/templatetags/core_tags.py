"""Template helpers of the public pages: JSON-LD, bar widths, query strings."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(value):
    """A <script type="application/ld+json"> block, escaped like Django's json_script."""
    data = json.dumps(value, ensure_ascii=False, sort_keys=True).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))  # noqa: S308


@register.simple_tag
def bar_width(value, maximum):
    """A percentage (0–100) for a bar chart cell."""
    try:
        return max(0, min(100, round(100 * float(value) / float(maximum or 1))))
    except (TypeError, ValueError):
        return 0
