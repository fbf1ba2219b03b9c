"""The site-wide search index: one document per published, searchable object, kept in step by
signals. PostgreSQL searches a weighted `tsvector` (GIN index, `french_unaccent` configuration);
SQLite an FTS5 table of French stems. Both are created by this app's migrations.

Also the curators' view of background tasks (`BackgroundTask`, see `core.background`)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult


class SearchDocument(models.Model):
    kind = models.CharField(_("nature"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("identifiant de l’objet"))
    title = models.TextField(_("titre"))
    title_plain = models.TextField(_("titre sans accents"), help_text=_("Pour les suggestions par trigrammes."))
    keywords = models.TextField(_("mots-clés"), blank=True)
    body = models.TextField(_("texte"), blank=True)
    url = models.CharField(_("adresse"), max_length=300)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["kind", "object_id"]
        verbose_name = _("document de recherche")
        verbose_name_plural = _("documents de recherche")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="searchdocument_kind_object_unique"),
        ]

    def __str__(self):
        return f"{self.kind}:{self.object_id} {self.title}"

    def get_absolute_url(self):
        return self.url


class BackgroundTask(DBTaskResult):
    """The database backend's task results, under a French name for the curators' admin."""

    class Meta:
        proxy = True
        verbose_name = _("tâche d’arrière-plan")
        verbose_name_plural = _("tâches d’arrière-plan")

    def __str__(self):
        return f"{self.task_name} ({self.get_status_display()})"
