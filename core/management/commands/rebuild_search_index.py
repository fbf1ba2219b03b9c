"""Rebuild the site-wide search index (after bulk writes that bypass signals)."""

from django.core.management.base import BaseCommand

from core.models import SearchDocument
from core.search import rebuild


class Command(BaseCommand):
    help = "Reconstruit l’index de recherche de toutes les fiches publiées."

    def handle(self, *args, **options):
        rebuild()
        self.stdout.write(self.style.SUCCESS(f"Index reconstruit : {SearchDocument.objects.count()} documents."))
