from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets de coopération")

    def ready(self):
        from .search_index import register_all

        register_all()
