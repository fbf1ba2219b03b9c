"""Settings shared by every environment; every deployment-specific value comes from the environment."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is optional; the real environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "django_countries",
    "django_ratelimit",
    "django_filters",
    "import_export",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_tasks_rq",
    "django_rq",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "ess_coop",
    "core",
    "actors",
    "projects",
    "case_studies",
    "contributions",
    "curation",
    "matching",
    "api",
    "calls",
    "alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "ess_coop.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "ess_coop.wsgi.application"

# SQLite by default (an absolute path: a relative sqlite URL depends on the working directory,
# django-environ#187); PostgreSQL when DATABASE_URL says postgres://…
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Persistent connections (seconds; 0 = one connection per request), checked before reuse so that a
# restarted database costs one failed check, not one failed request.
CONN_MAX_AGE = env.int("CONN_MAX_AGE", default=0)
CONN_HEALTH_CHECKS = env.bool("CONN_HEALTH_CHECKS", default=True)
DATABASES["default"].update(CONN_MAX_AGE=CONN_MAX_AGE, CONN_HEALTH_CHECKS=CONN_HEALTH_CHECKS)
# PostgreSQL's JIT compiles a large query for seconds before running it: 7 of the 16 s of a list's facet
# summary for a new search at 200,000 actors. The site's queries gain nothing from it.
PG_OPTIONS = {"options": "-c jit=off"}
if "postgresql" in DATABASES["default"]["ENGINE"]:
    DATABASES["default"].setdefault("OPTIONS", {}).update(PG_OPTIONS)
# A PostgreSQL streaming replica (hot standby) for the reads of safe requests (core/routing.py);
# without it, everything stays on the primary.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=10)  # a writer reads the primary this long
DATABASE_ROUTERS = []
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"].update(
        CONN_MAX_AGE=CONN_MAX_AGE, CONN_HEALTH_CHECKS=CONN_HEALTH_CHECKS, TEST={"MIRROR": "default"}
    )
    DATABASES["replica"].setdefault("OPTIONS", {}).update(PG_OPTIONS)
    DATABASE_ROUTERS = ["core.routing.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(1, "core.routing.ReplicaReadsMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"].endswith(".LocMemCache"):
    # The embedded default: past Django's 300 entries a third are culled at random, the data version
    # (core.directory_cache) among them, and every count, statistic and fragment is computed again.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20_000)
# Apps whose writes make the cached statistics, facet counts and result counts obsolete (core.directory_cache).
DIRECTORY_APPS = ["actors", "projects", "case_studies"]
# Other models whose writes change what public pages show: an actor's editors decide its contact button.
DIRECTORY_CACHE_EXTRA_MODELS = ["contributions.Editorship"]
# Whole public pages kept for visitors without a session (core.page_cache); off: every page is computed.
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Files for the curators only (whole-directory exports with personal data): outside MEDIA_ROOT.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env("PRIVATE_ROOT", default=str(BASE_DIR / "private"))},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# E-mail: console unless EMAIL_URL (smtp://user:password@host:587 or smtp+tls://…) is set.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ess_coop <ne-pas-repondre@ess-coop.localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ADMINS = [("Admin", a) for a in env.list("ADMINS", default=[])]

# --- Accounts (django-allauth): e-mail and password, verified e-mail, no account enumeration ------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "contributions.forms.SignupForm"  # adds the honeypot field
ACCOUNT_ADAPTER = "contributions.adapters.AccountAdapter"  # the client address behind a proxy
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, a little stricter on sign-up; they need the shared cache of CACHE_URL.
    "signup": "5/m/ip,20/h/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "5/m/ip,3/m/key",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "contributions:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# --- Rate limits of our own forms (claims, contact): django-ratelimit on the default cache -------
RATELIMIT_VIEW = "contributions.views.rate_limited"
# Behind a reverse proxy: the client address for every rate limit (allauth's through the adapter,
# django-ratelimit's through this callable) comes from core.client_ip, set by these two (README).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default="")
RATELIMIT_IP_META_KEY = "core.client_ip.client_ip"
# Exports of whole lists (CSV/XLSX) per client and per minute (core.listing).
EXPORT_RATE_LIMIT = env("EXPORT_RATE_LIMIT", default="10/m")
# A filtered list export above this many rows is refused with a page pointing to the open-data file
# (the whole list always goes there); below it, rows stream in bounded memory.
EXPORT_MAX_ROWS = env.int("EXPORT_MAX_ROWS", default=20000)
# List exports running at once on the whole site (slots in the shared cache): with 3 gunicorn workers,
# one export at a time leaves two for the pages; a slot left by a crash is freed after EXPORT_SLOT_SECONDS.
EXPORT_CONCURRENCY = env.int("EXPORT_CONCURRENCY", default=1)
EXPORT_SLOT_SECONDS = env.int("EXPORT_SLOT_SECONDS", default=300)
# A list page whose counts are not cached yet (a new search, the first visit after an edit) costs seconds
# of SQL at national scale: NEW_LIST_RATE_LIMIT of them per client, NEW_LIST_CONCURRENCY computed at once
# on the whole site (slots in the shared cache, freed after NEW_LIST_SLOT_SECONDS at worst), so that
# varied `q=` values cannot hold every worker (core.listing.admit_new_list).
NEW_LIST_RATE_LIMIT = env("NEW_LIST_RATE_LIMIT", default="60/m")
NEW_LIST_CONCURRENCY = env.int("NEW_LIST_CONCURRENCY", default=2)
NEW_LIST_SLOT_SECONDS = env.int("NEW_LIST_SLOT_SECONDS", default=60)
# After a change, the background worker recomputes the unfiltered lists' counts and the statistics
# (core.warming), so that their first visitor does not wait for them: only with a shared cache (the
# worker's own memory would keep them for nobody).
WARM_UP_AFTER_CHANGES = env.bool(
    "WARM_UP_AFTER_CHANGES", default=not CACHES["default"]["BACKEND"].endswith(".LocMemCache")
)
# Above this many rows (all sections), the admin's whole-directory export runs as a background task.
EXPORT_BACKGROUND_ROWS = env.int("EXPORT_BACKGROUND_ROWS", default=20000)
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
SITE_NAME = env("SITE_NAME", default="ess_coop")  # how e-mails name the site
# The national company registry's open search API (actors.registry); short timeout, never blocking.
REGISTRY_BASE_URL = env("REGISTRY_BASE_URL", default="https://recherche-entreprises.api.gouv.fr")
REGISTRY_TIMEOUT = env.float("REGISTRY_TIMEOUT", default=3.0)
# Starts the subject of every e-mail the site sends: contact relay, decisions, accounts, admins (the
# calls' and alerts' templates write the same « [SITE_NAME] »).
EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
# Named on « Mentions légales », « Accessibilité » and « Données personnelles » (set them when deploying).
SITE_PUBLISHER = env("SITE_PUBLISHER", default="")
SITE_PUBLICATION_DIRECTOR = env("SITE_PUBLICATION_DIRECTOR", default="")
SITE_HOST = env("SITE_HOST", default="")
SITE_CONTACT_EMAIL = env("SITE_CONTACT_EMAIL", default="contact@ess-coop.localhost")

# --- Uploads ------------------------------------------------------------------------------------
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Content Security Policy (django-csp 4): scripts and styles from this site only ---------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Background tasks (core.background): the database by default, Redis with RQ in production -----
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",  # worker: manage.py db_worker
    "rq": "django_tasks_rq.RQBackend",  # worker: manage.py rqworker --with-scheduler --job-class django_tasks_rq.Job
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",  # runs in the request (tests)
}
TASKS_BACKEND = env("TASKS_BACKEND", default="database")
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
RQ_QUEUES = {"default": {"URL": env("RQ_URL", default="redis://127.0.0.1:6379/0"), "DEFAULT_TIMEOUT": 3600}}

# --- django-import-export -------------------------------------------------------------------------
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True  # LibreOffice XLSX can carry a million blank rows
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"  # only those who may change the records import them
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Between the preview and the confirmation the file waits in the shared cache (several servers).
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False  # done by our resources, for = + - @ tab and CR
# Above this many rows, a confirmed admin import runs as a background task (its page shows the progress).
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=2000)
# « Inviter à compléter la fiche » : not again for the same actor within this many days.
INVITATION_RESEND_DAYS = env.int("INVITATION_RESEND_DAYS", default=30)

# --- Read API (Django REST framework) and its OpenAPI schema (drf-spectacular) ---------------------
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["api.filters.PageFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageOrderCursorPagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
    # `format` belongs to the pages' exports (format=csv); the API always answers JSON.
    "URL_FORMAT_OVERRIDE": None,
}
# Requests per anonymous client address, counted in the shared cache (CACHE_URL).
API_ANON_RATE = env("API_ANON_RATE", default="120/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "API de l’annuaire ess_coop",
    "DESCRIPTION": (
        "Lecture de l’annuaire publié : acteurs de l’ESS, collectivités, projets de coopération décentralisée "
        "(participants, rôles, conventions, modes de contractualisation), études de cas et domaines. Les listes "
        "acceptent les mêmes paramètres que les pages du site (q, forme, domaine, pays, type, mode, initiative, "
        "repondant, tri…) et se parcourent par curseur. Données sous Licence Ouverte / Open Licence 2.0 (Etalab)."
    ),
    "VERSION": "1",
    "LICENSE": {
        "name": "Licence Ouverte / Open Licence 2.0",
        "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": True,
}

# Who may frame the embeddable lists (/integrer/<liste>/); every other page refuses any framing.
EMBED_FRAME_ANCESTORS = env.list("EMBED_FRAME_ANCESTORS", default=["*"])

# The publisher of the IATI file (projets-iati.xml): its IATI organisation identifier, name and type. The
# default is a local placeholder, not a registered identifier: set yours before publishing to the IATI Registry.
IATI_REPORTING_ORG_REF = env("IATI_REPORTING_ORG_REF", default="ESSCOOP")
IATI_REPORTING_ORG_NAME = env("IATI_REPORTING_ORG_NAME", default="Annuaire ess_coop")
IATI_REPORTING_ORG_TYPE = env("IATI_REPORTING_ORG_TYPE", default="90")

COUNTRIES_FIRST = ["FR"]
COUNTRIES_FIRST_REPEAT = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"once_per_host": {"()": "ess_coop.log_filters.OncePerHost"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
    },
    "loggers": {
        # Hostile Host headers: one warning per host on the console, never an e-mail to ADMINS.
        "django.security.DisallowedHost": {
            "handlers": ["console"],
            "filters": ["once_per_host"],
            "level": "WARNING",
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
