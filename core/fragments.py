"""Rendered fragments of the detail pages (an entry's description, facts, page of projects, map…) kept
in the shared cache: `{% cache fragment_timeout name fragment_key %}` around what shows directory data
only. The view passes what those fragments show as lazy values, computed only when one is not cached,
so that a warm page reads little more than its entry's row. What is personal (editing links, the
contact button, messages) stays outside them."""

from django.utils import translation

from . import directory_cache


def fragment_context(request, *parts):
    """`fragment_key` and `fragment_timeout` for the template. The key holds what the fragments depend
    on: the data version (any write to the directory replaces it, so an edit of the entry or of anything
    its page shows is seen at once), the language, the site's address (the JSON-LD's absolute links)
    and `parts`, what tells the page's entries apart."""
    fixed = [directory_cache.data_version(), translation.get_language() or "", request.build_absolute_uri("/")]
    return {
        "fragment_key": ":".join(fixed + [str(part) for part in parts]),
        "fragment_timeout": directory_cache.TIMEOUT,
    }


def detail_context(request, entry, page=""):
    """`fragment_context` of an entry's page: the entry and the page of its paginated rows."""
    return fragment_context(request, entry._meta.label_lower, entry.pk, page)
