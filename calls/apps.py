from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = _("Appels à partenaires")

    def ready(self):
        from core.touching import touch_on_links

        from .models import Call
        from .moderation import register_queues
        from .search_index import register_all

        register_all()
        register_queues()
        touch_on_links(Call, "countries")
