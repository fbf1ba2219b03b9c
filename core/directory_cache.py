"""The shared cache (CACHE_URL, Redis in production) for what is expensive to compute and rarely
changes — statistics, facet counts, result counts — never served stale after an edit.

Every cached value's key holds the directory's data version. Any save, deletion or link change of a
model of the directory apps (`settings.DIRECTORY_APPS`) replaces the version at once and again when
the transaction commits (so that a page computed between the write and its commit cannot stay
cached); writes that send no signal (bulk loads, imports) end by re-indexing, which calls
`data_changed()` too, and so does every `migrate` (a deployment may change what a cached value holds).
The version is kept per database, so that two databases sharing one cache never read each other's
values. Old entries are never read again and expire by themselves."""

import hashlib
import threading
import time
import uuid
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.functional import Promise

from . import routing, warming

VERSION_KEY = "ess_coop:data-version"
TIMEOUT = 60 * 60
# A value being computed (`_compute_once`): its lock outlives any computation, and a process waits for
# another's value at most WAIT_SECONDS (below gunicorn's 30 s), looking every WAIT_STEP.
LOCK_SECONDS, WAIT_SECONDS, WAIT_STEP = 60, 20, 0.05
_MISSING = object()
_scope = threading.local()  # what `read_ahead` read, for the duration of its block
_process = {}  # {data version: {key: value}}: the `in_process` values of the current version only


def _version_key():
    return f"{VERSION_KEY}:{connection.settings_dict['NAME']}"


def data_version():
    known = getattr(_scope, "version", None)
    if known is not None:
        return known
    version = cache.get(_version_key())
    if version is None:
        cache.add(_version_key(), uuid.uuid4().hex, None)
        version = cache.get(_version_key())
    return version


def _new_version():
    _end_scope()  # a write inside a `read_ahead` block: what it read is obsolete
    # The time of the change travels with the version: see `store_timeout`.
    cache.set(_version_key(), f"{uuid.uuid4().hex}.{int(time.time())}", None)


def store_timeout(timeout=TIMEOUT):
    """How long to keep a value computed now: `timeout`, or 0 (not kept) in the first
    REPLICA_PIN_SECONDS of a data version when reads may come from a replica — it may not have replayed
    the change yet, and a value computed from its older rows would stay under the new version."""
    if not routing.in_use():
        return timeout
    _, _, changed = data_version().partition(".")
    recent = changed.isdigit() and time.time() - int(changed) < routing.pin_seconds()
    return 0 if recent else timeout


def data_changed():
    """Forget every cached value now and when the current transaction commits; then recompute the
    costliest ones in the background (`core.warming`)."""
    _new_version()
    current = transaction.get_connection()
    if current.in_atomic_block and not any(item[1] is _new_version for item in current.run_on_commit):
        transaction.on_commit(_new_version)
        transaction.on_commit(warming.schedule)
    elif not current.in_atomic_block:
        warming.schedule()


def _full_key(name, key, version=None):
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:24]
    return f"ess_coop:{name}:{version or data_version()}:{digest}"


def cached(name, key, compute, timeout=TIMEOUT, in_process=False):
    """`compute()`, or its value cached under `name` and `key` (any repr-able value) for this data version.
    With `in_process`, also kept in this process for the data version (small values every page reads
    before it knows what else it needs: no round trip to the shared cache)."""
    version = data_version()
    full_key = _full_key(name, key, version)
    if in_process and full_key in _process.get(version, {}):
        return _process[version][full_key]
    value = _read(full_key)
    if value is _MISSING:
        value = _compute_once(full_key, compute, timeout)
    if in_process:
        if version not in _process:
            _process.clear()  # values of older versions are never read again
        _process.setdefault(version, {})[full_key] = value
    return value


def _compute_once(full_key, compute, timeout):
    """`compute()` for a missing value, run by one process at a time: a process that finds another
    computing the same key waits for its value (at most WAIT_SECONDS) instead of running the same
    queries — after an edit, or for a new search, concurrent visitors of one page cost one computation."""
    lock = f"{full_key}:computing"
    owner = not store_timeout(timeout) or cache.add(lock, 1, LOCK_SECONDS)
    if not owner:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP)
            value = cache.get(full_key, _MISSING)
            if value is not _MISSING:
                _remember(full_key, value)
                return value
            if cache.get(lock) is None:  # the other process failed or could not keep its value
                break
    try:
        value = compute()
        _write(full_key, value, timeout)
    finally:
        if owner:
            cache.delete(lock)
    return value


def computing(name, key):
    """Whether a process is computing the value of `name` and `key` for this data version."""
    return cache.get(f"{_full_key(name, key)}:computing") is not None


def plain(value):
    """`value` with its lazy translations made text, in dicts, lists and tuples: for a value cached per
    language (unpickling a lazy string builds its proxy class anew, a millisecond each)."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return type(value)(*(plain(item) for item in value))
    if isinstance(value, list | tuple):
        return type(value)(plain(item) for item in value)
    return value


def get(name, key, default=None):
    """The value cached under `name` and `key` for this data version, or `default`."""
    value = _read(_full_key(name, key))
    return default if value is _MISSING else value


def put(name, key, value, timeout=TIMEOUT):
    """Keep `value` under `name` and `key` for this data version (what a query computed along the way)."""
    _write(_full_key(name, key), value, timeout)


@contextmanager
def read_ahead(named=(), raw=None):
    """Within the block, the data version and the values cached under `named` ((name, key) pairs) are
    read once, together with the plain cache keys of `raw` ({label: key}): two round trips to the shared
    cache for all that a page may need (each is slow on a loaded machine). Yields {label: (key, value or
    None)}. Either may be a function giving them, called once the version is known (keys may hold it)."""
    version = data_version()
    _end_scope()
    _scope.version = version
    keys = [_full_key(name, key) for name, key in (named() if callable(named) else named)]
    raw = (raw() if callable(raw) else raw) or {}
    found = cache.get_many([*keys, *raw.values()])
    _scope.found, _scope.asked = found, set(keys)
    try:
        yield {label: (key, found.get(key)) for label, key in raw.items()}
    finally:
        _end_scope()


def _end_scope():
    _scope.version = _scope.found = _scope.asked = None


def _read(full_key):
    asked = getattr(_scope, "asked", None)
    if asked and full_key in asked:
        return _scope.found.get(full_key, _MISSING)
    return cache.get(full_key, _MISSING)


def _write(full_key, value, timeout):
    if keep := store_timeout(timeout):
        cache.set(full_key, value, keep)
    _remember(full_key, value)


def _remember(full_key, value):
    if getattr(_scope, "asked", None):
        _scope.found[full_key] = value
        _scope.asked.add(full_key)


def _on_change(sender, **kwargs):
    if not kwargs.get("raw"):
        data_changed()


def _on_links(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        _on_change(sender, **kwargs)


def _on_migrate(sender, **kwargs):
    _new_version()


def connect():
    """Listen to each model of the directory apps and to the few others that public pages show
    (`DIRECTORY_CACHE_EXTRA_MODELS`) — not to every sender: a receiver for all models would make every
    bulk deletion load and signal its rows one by one — and to `migrate`."""
    post_migrate.connect(_on_migrate, dispatch_uid="directory-cache-migrate")
    models = [m for label in settings.DIRECTORY_APPS for m in apps.get_app_config(label).get_models()]
    models += [apps.get_model(label) for label in settings.DIRECTORY_CACHE_EXTRA_MODELS]
    for model in models:
        if model.__name__.startswith("Historical"):
            continue
        uid = f"directory-cache-{model._meta.label_lower}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}-delete")
        for m2m in model._meta.local_many_to_many:
            m2m_changed.connect(_on_links, sender=m2m.remote_field.through, dispatch_uid=f"{uid}-{m2m.name}")
