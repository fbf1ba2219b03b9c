"""python manage.py export_directory --format csv|xlsx|json PATH"""

from django.core.management.base import BaseCommand

from curation.exporting import export_directory


class Command(BaseCommand):
    help = (
        "Écrit tout l’annuaire : en CSV, un dossier PATH avec un fichier par section ; en XLSX, un classeur "
        "avec une feuille par section ; en JSON, un fichier avec une liste par section."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default="xlsx")
        parser.add_argument(
            "--public",
            action="store_true",
            help="Seulement ce qui est publié, sans données personnelles (les données ouvertes).",
        )
        parser.add_argument("path")

    def handle(self, *args, format, path, public, **options):
        counts = export_directory(format, path, public=public)
        summary = ", ".join(f"{name} : {n}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Annuaire exporté dans {path} ({summary})."))
