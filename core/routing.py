"""Reads on a PostgreSQL streaming replica, writes and a person's read-after-write on the primary.

Installed only when `DATABASE_REPLICA_URL` is set (see the settings). The router sends a read to the
`replica` alias only inside a request that `ReplicaReadsMiddleware` has cleared for it: a GET, HEAD or
OPTIONS request whose client has not written in the last `REPLICA_PIN_SECONDS` (a cookie set by the
response to any write) and that has not written itself yet. Everything else reads the primary: POST
flows, management commands, task workers, and sessions always (a replica lagging behind a log-out
must not keep someone signed in). The replica is a hot standby kept by PostgreSQL itself; nothing
here copies data."""

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS
from django.dispatch import receiver

REPLICA = "replica"
PIN_COOKIE = "ecpin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Apps whose rows are read on the primary whatever the request (sessions: log-in and log-out take
# effect at once on every server).
PRIMARY_APPS = frozenset({"sessions"})


@dataclass
class ReadState:
    replica: bool = False  # may reads of this request go to the replica?
    wrote: bool = False  # has this request written (then its reads stay on the primary)?


_state: ContextVar[ReadState] = ContextVar("ess_coop_read_state", default=ReadState())  # noqa: B039 - never mutated


def in_use():
    """Is the replica router installed (DATABASE_REPLICA_URL set)?"""
    return f"{__name__}.PrimaryReplicaRouter" in settings.DATABASE_ROUTERS


def pin_seconds():
    return getattr(settings, "REPLICA_PIN_SECONDS", 10)


class PrimaryReplicaRouter:
    """Django database router: `db_for_read` is the replica only when the request allows it."""

    def db_for_read(self, model, **hints):
        state = _state.get()
        if state.replica and not state.wrote and model._meta.app_label not in PRIMARY_APPS:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        state = _state.get()
        if state.replica:  # the shared default state is never flagged: only a request's own one
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # a hot standby is read-only: it follows the primary's schema


class ReplicaReadsMiddleware:
    """Clears safe requests of unpinned clients for replica reads; pins a client after a write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        safe = request.method in SAFE_METHODS
        state = ReadState(replica=safe and PIN_COOKIE not in request.COOKIES)
        _state.set(state)
        response = self.get_response(request)
        if not safe or state.wrote:
            # The client reads the primary for a while: long enough for the replica to catch up.
            seconds = pin_seconds()
            response.set_cookie(
                PIN_COOKIE, "1", max_age=seconds, httponly=True, samesite="Lax", secure=request.is_secure()
            )
        return response


@receiver(request_finished, dispatch_uid="core-routing-reset")
def _reset(**kwargs):
    # After the response is sent (streamed exports included): back to primary-only reads.
    _state.set(ReadState())


def using_replica() -> bool:
    """True when this request's reads go to the replica (for diagnostics and tests)."""
    state = _state.get()
    return state.replica and not state.wrote
