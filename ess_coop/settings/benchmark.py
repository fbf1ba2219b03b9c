"""The page benchmark (scripts/benchmark_pages.py): production settings served over plain HTTP on loopback,
plus the minimal comparison view and the per-response SQL query count."""

from .production import *  # noqa: F403
from .production import MIDDLEWARE, env

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
ROOT_URLCONF = "ess_coop.benchmark_urls"
MIDDLEWARE = ["ess_coop.benchmark.QueryCountMiddleware", *MIDDLEWARE]
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
