"""The site's URLs plus the minimal view of the page benchmark (used by `ess_coop.settings.benchmark` only)."""

from django.urls import path

from . import benchmark
from .urls import handler404, handler500
from .urls import urlpatterns as site_urlpatterns

urlpatterns = [path("__benchmark__/minimal/", benchmark.minimal_view, name="benchmark_minimal"), *site_urlpatterns]

__all__ = ["handler404", "handler500", "urlpatterns"]
