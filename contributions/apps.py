from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "contributions"
    verbose_name = _("Espace acteur et modération")

    def ready(self):
        from .roles import ensure_curators_group

        post_migrate.connect(ensure_curators_group, sender=self, dispatch_uid="contributions-curators-group")
