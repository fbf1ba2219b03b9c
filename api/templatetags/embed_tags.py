"""The « Intégrer cette liste » link of the list pages' toolbar."""

from django import template
from django.urls import reverse

from api.embeds import LIST_OF_PAGE, filters_query

register = template.Library()


@register.simple_tag(takes_context=True)
def embed_link(context):
    """/integrer/?liste=…&<the list's filters> on an embeddable list page, else ''."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    liste = LIST_OF_PAGE.get(match.view_name) if match else None
    if liste is None:
        return ""
    query = filters_query(request.GET)
    return f"{reverse('opendata:embed_builder')}?liste={liste}" + (f"&{query}" if query else "")
