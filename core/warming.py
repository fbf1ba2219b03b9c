"""The costliest cached values recomputed in the background right after the data changes.

Any edit makes every cached value obsolete (`directory_cache`); without this, the first visitor of the
unfiltered actors list after an edit waited for its counts (seconds at national scale). Apps register
what to recompute (`register`); a change, once committed, enqueues one `core.tasks.warm_up` — not one
per change: while one is queued, later changes wait for it (it reads the data as they left it).
WARM_UP_AFTER_CHANGES turns it off (the tests do: each of them changes the data)."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection

QUEUED_KEY = "ess_coop:warm-up-queued"
QUEUED_SECONDS = 600  # a task lost by a crashed worker does not block the next ones for longer

_warmers = []


def register(warmer):
    """Recompute `warmer()`'s cached values after each change (a function of no argument)."""
    if warmer not in _warmers:
        _warmers.append(warmer)
    return warmer


def queued_key():
    return f"{QUEUED_KEY}:{connection.settings_dict['NAME']}"


def schedule():
    """Enqueue a warm-up unless one is already waiting (called once a change is committed)."""
    if not settings.WARM_UP_AFTER_CHANGES or not _warmers:
        return
    if cache.add(queued_key(), 1, QUEUED_SECONDS):
        from .tasks import warm_up

        warm_up.enqueue()


def warm():
    """Recompute every registered value for the current data version; a change from now on enqueues
    the next warm-up."""
    cache.delete(queued_key())
    for warmer in _warmers:
        warmer()
