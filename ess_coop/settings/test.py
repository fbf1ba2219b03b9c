"""Test settings: fast hasher, in-memory cache and e-mail, plain static storage."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "fr"
# Serve static files from the finders: no collectstatic before the tests (and no "No directory" warning).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# django-ratelimit refuses a per-process cache in production; the tests' locmem cache is on purpose.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Tasks run inside the enqueuing call; the `run_tasks` fixture switches to the database backend and its
# real worker where a test wants the queue itself.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
# No replica in tests, except for tests/core/test_routing.py: it installs the router itself and reads
# through this alias, a test mirror of the default database (a second connection to the same database).
DATABASES["replica"] = {**DATABASES["default"], "ATOMIC_REQUESTS": False, "TEST": {"MIRROR": "default"}}  # noqa: F405
DATABASE_ROUTERS = []
MIDDLEWARE = [m for m in MIDDLEWARE if m != "core.routing.ReplicaReadsMiddleware"]  # noqa: F405

# The registry is never reached from the tests: respx answers (tests/conftest.py, autouse).
REGISTRY_BASE_URL = "http://registre.test"

# Exports are rate-limited per client (core.listing); the tests export often from one address, and the
# rate limit's own test sets its value.
EXPORT_RATE_LIMIT = "1000/m"
EXPORT_CONCURRENCY = 4  # tests/actors/test_views.py sets 1 to check the slots
# New lists likewise (every test changes the data, so most lists are new): tests/core/test_listing.py
# sets low values to check the limit and the slots.
NEW_LIST_RATE_LIMIT = "100000/m"
NEW_LIST_CONCURRENCY = 50
# Every test changes the data: no warm-up task after each change (tests/core/test_warming.py turns it on).
WARM_UP_AFTER_CHANGES = False
