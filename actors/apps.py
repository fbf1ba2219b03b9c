from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "actors"
    verbose_name = _("Acteurs et collectivités")

    def ready(self):
        from core import warming
        from core.touching import touch_on_links

        from .filters import warm_lists
        from .models import Actor
        from .search_index import register_all

        register_all()
        touch_on_links(Actor, "domains", "countries")
        warming.register(warm_lists)
