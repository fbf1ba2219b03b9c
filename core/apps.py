from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Socle commun")

    def ready(self):
        from . import directory_cache
        from .admin_widgets import install

        install()
        directory_cache.connect()
