"""Template helpers of the public pages: JSON-LD, bar widths, query strings."""

import json

from django import template
from django.core.cache import cache
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core import directory_cache, fragments
from core.listing import row_cache_key

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


@register.tag("cached_row")
def cached_row(parser, token):
    """`{% cached_row pk %}…{% endcached_row %}`: a list's row, from `cached_rows` (read by
    `core.listing.page_rows` for the data version in `row_key`) or rendered and then kept in the shared
    cache; without a `row_key`, rendered every time."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("cached_row takes the row's key")
    nodelist = parser.parse(("endcached_row",))
    parser.delete_first_token()
    return CachedRowNode(nodelist, parser.compile_filter(bits[1]))


class CachedRowNode(template.Node):
    def __init__(self, nodelist, pk):
        self.nodelist, self.pk = nodelist, pk

    def render(self, context):
        prefix, pk = context.get("row_key"), self.pk.resolve(context)
        if not prefix:
            return self.nodelist.render(context)
        html = context.get("cached_rows", {}).get(pk)
        if html is None:
            html = self.nodelist.render(context)
            if keep := context.get("fragment_timeout", directory_cache.TIMEOUT):
                cache.set(row_cache_key(prefix, pk), html, keep)
        return html


@register.tag("fragment")
def fragment(parser, token):
    """`{% fragment name %}…{% endfragment %}`: a detail page's fragment, from `cached_fragments` (read
    by `core.fragments.fragment_context` in one cache read) or from the cache under `fragment_key`, else
    rendered and kept there (core.fragments)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("fragment takes the fragment's name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, bits[1])


class FragmentNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        html = context.get("cached_fragments", {}).get(self.name)
        if html is not None:
            return html
        key = fragments.cache_key(self.name, context["fragment_key"])
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, context.get("fragment_timeout", directory_cache.TIMEOUT))
        return html
