from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets de coopération")

    def ready(self):
        from core import warming
        from core.touching import touch_on_children, touch_on_links

        from .filters import warm_list
        from .models import Agreement, Participant, Project
        from .search_index import register_all

        register_all()
        warming.register(warm_list)
        touch_on_links(Project, "domains", "countries")
        touch_on_children(Participant, "project", "actor", "collectivity")
        touch_on_children(Agreement, "project")
