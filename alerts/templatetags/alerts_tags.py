"""On a followable list page: the links to follow its search by e-mail and to its Atom feed."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from alerts.lists import from_url

register = template.Library()

FEEDS = {"acteurs": "alerts:feed_actors", "projets": "alerts:feed_projects", "appels": "alerts:feed_calls"}


@register.simple_tag(takes_context=True)
def follow_links(context):
    """{"follow": url, "feed": url} for the current list and filters, or None on other pages."""
    request = context.get("request")
    if request is None:
        return None
    followable, query = from_url(request.get_full_path())
    if followable is None:
        return None
    address = f"{followable.path}?{query}" if query else followable.path
    feed = reverse(FEEDS[followable.kind])
    return {
        "follow": f"{reverse('alerts:follow')}?{urlencode({'adresse': address})}",
        "feed": f"{feed}?{query}" if query else feed,
    }
