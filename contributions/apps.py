from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "contributions"
    verbose_name = _("Espace acteur et modération")

    def ready(self):
        from django.conf import settings

        from .moderation import register_submissions
        from .roles import ensure_curators_group, verify_superuser_address

        register_submissions()

        post_migrate.connect(ensure_curators_group, sender=self, dispatch_uid="contributions-curators-group")
        post_save.connect(
            verify_superuser_address, sender=settings.AUTH_USER_MODEL, dispatch_uid="contributions-superuser-address"
        )
