"""Small template helpers shared by every page: navigation state, query strings, number formats."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_current(context, prefix):
    """' aria-current="page"' when the current view's name (namespace:url_name) starts with `prefix`."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match and match.view_name.startswith(prefix):
        return mark_safe(' aria-current="page"')
    return ""
