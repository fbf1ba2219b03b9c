"""Rendered fragments of the detail pages (an entry's description, facts, page of projects, map…) kept
in the shared cache: `{% fragment name %}…{% endfragment %}` (core_tags) around what shows directory
data only, all of a page's fragments read in one cache read. The view passes what those fragments
show as lazy values, computed only when one is not cached, so that a warm page reads little more than
its entry's row. What is personal (editing links, the contact button, messages) stays outside them."""

import hashlib

from django.core.cache import cache
from django.utils import translation

from . import directory_cache


def fragment_context(request, *parts, names=()):
    """`fragment_key`, `fragment_timeout` and `cached_fragments` ({name: HTML} of the fragments `names`
    found in the cache, in one read) for the template. The key holds what the fragments depend on: the
    data version (any write to the directory replaces it, so an edit of the entry or of anything its page
    shows is seen at once), the language, the site's address (the JSON-LD's absolute links) and `parts`,
    what tells the page's entries apart."""
    fixed = [directory_cache.data_version(), translation.get_language() or "", request.build_absolute_uri("/")]
    key = ":".join(fixed + [str(part) for part in parts])
    keys = {name: cache_key(name, key) for name in names}
    found = cache.get_many(keys.values()) if keys else {}
    return {
        "fragment_key": key,
        "fragment_timeout": directory_cache.TIMEOUT,
        "cached_fragments": {name: found[k] for name, k in keys.items() if k in found},
    }


def detail_context(request, entry, page="", names=()):
    """`fragment_context` of an entry's page: the entry and the page of its paginated rows."""
    return fragment_context(request, entry._meta.label_lower, entry.pk, page, names=names)


def cache_key(name, key):
    return "ess_coop:fragment:" + hashlib.sha256(f"{name}:{key}".encode()).hexdigest()[:32]
