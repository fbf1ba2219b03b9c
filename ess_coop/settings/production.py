"""Production: refuses to start without a real secret key; secure cookies and HSTS behind a TLS proxy.

`manage.py check --deploy` is clean with these settings (tests/ess_coop/test_settings.py)."""

from ess_coop.secret_key import check_secret_key

from .base import *  # noqa: F403
from .base import SECRET_KEY, env

SECRET_KEY = check_secret_key(SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)
# gunicorn's workers keep their database connections (see CONN_HEALTH_CHECKS in base).
CONN_MAX_AGE = env.int("CONN_MAX_AGE", default=60)
for _database in DATABASES.values():  # noqa: F405
    _database["CONN_MAX_AGE"] = CONN_MAX_AGE

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is a one-way choice for the whole domain (removal from browsers' lists takes months):
# off unless the operator opts in with SECURE_HSTS_PRELOAD=true (README, « Déploiement »).
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

SILENCED_SYSTEM_CHECKS = [
    # Django's RedisCache increments with Redis INCR (atomic, shared by every worker), which is all
    # django-ratelimit needs; its check only lists the backends it was tested with.
    "django_ratelimit.W001",
    # Not preloading HSTS is the documented default choice (see SECURE_HSTS_PRELOAD above).
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
