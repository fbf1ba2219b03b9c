from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Recherche de partenaires")

    def ready(self):
        from actors.exports import extend_actor_export

        from .exports import EVIDENCE_COLUMNS, with_evidence
        from .filters import register_experience_filters

        register_experience_filters()
        extend_actor_export(with_evidence, EVIDENCE_COLUMNS)
