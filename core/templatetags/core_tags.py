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


@register.tag("cached_part")
def cached_part(parser, token):
    """`{% cached_part "name" [values] %}…{% endcached_part %}`: a part of a page, from `parts` ({name:
    (cache key, HTML or None)}, read ahead by the view for the data version) or rendered and then kept in
    the shared cache; a part the view did not name is rendered every time. `values`, a mapping (or a
    function giving one, called only then), is added to the context to render it."""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError("cached_part takes the part's name, then optionally its values")
    nodelist = parser.parse(("endcached_part",))
    parser.delete_first_token()
    values = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return CachedPartNode(nodelist, parser.compile_filter(bits[1]), values)


class CachedPartNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist, self.name, self.values = nodelist, name, values

    def render(self, context):
        key, html = (context.get("parts") or {}).get(self.name.resolve(context), (None, None))
        if html is None:
            with context.push(**(self.values.resolve(context) if self.values else {})):
                html = self.nodelist.render(context)
            if key and (keep := directory_cache.store_timeout()):
                cache.set(key, html, keep)
        return html
