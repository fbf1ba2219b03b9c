from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API et données ouvertes")

    def ready(self):
        from core.listing import register_whole_directory

        from . import schema  # noqa: F401 - registers the OpenAPI extension of the page filters
        from .tasks import connect_signals, whole_directory_url

        connect_signals()
        register_whole_directory(whole_directory_url)
