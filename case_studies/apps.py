from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseStudiesConfig(AppConfig):
    name = "case_studies"
    verbose_name = _("Études de cas")

    def ready(self):
        from .search_index import register_all

        register_all()
