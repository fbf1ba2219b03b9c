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
import time
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from . import routing

VERSION_KEY = "ess_coop:data-version"
TIMEOUT = 60 * 60
_MISSING = object()


def _version_key():
    return f"{VERSION_KEY}:{connection.settings_dict['NAME']}"


def data_version():
    version = cache.get(_version_key())
    if version is None:
        cache.add(_version_key(), uuid.uuid4().hex, None)
        version = cache.get(_version_key())
    return version


def _new_version():
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
    """Forget every cached value now and when the current transaction commits."""
    _new_version()
    current = transaction.get_connection()
    if current.in_atomic_block and not any(item[1] is _new_version for item in current.run_on_commit):
        transaction.on_commit(_new_version)


def _full_key(name, key):
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:24]
    return f"ess_coop:{name}:{data_version()}:{digest}"


def cached(name, key, compute, timeout=TIMEOUT):
    """`compute()`, or its value cached under `name` and `key` (any repr-able value) for this data version."""
    full_key = _full_key(name, key)
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        if keep := store_timeout(timeout):
            cache.set(full_key, value, keep)
    return value


def get(name, key, default=None):
    """The value cached under `name` and `key` for this data version, or `default`."""
    return cache.get(_full_key(name, key), default)


def put(name, key, value, timeout=TIMEOUT):
    """Keep `value` under `name` and `key` for this data version (what a query computed along the way)."""
    cache.set(_full_key(name, key), value, timeout)


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
