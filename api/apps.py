from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API et données ouvertes")

    def ready(self):
        from . import schema  # noqa: F401 - registers the OpenAPI extension of the page filters
        from .tasks import connect_signals

        connect_signals()
