from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EssCoopConfig(AppConfig):
    name = "ess_coop"
    verbose_name = _("Annuaire ESS et coopération")

    def ready(self):
        from core import warming

        from .statistics import warm_statistics

        warming.register(warm_statistics)
