"""Background tasks of the shared machinery (see core.background for the conventions)."""

from .background import background_task
from .warming import warm


@background_task(attempts=1)
def warm_up():
    """Recompute the costliest cached values after a change (core.warming). Not retried: the next
    change enqueues another."""
    warm()
