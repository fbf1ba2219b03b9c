"""python manage.py build_open_data: write the open-data files now (a daily cron can run it too)."""

from django.core.management.base import BaseCommand

from api.opendata import build_open_data


class Command(BaseCommand):
    help = "Génère les fichiers de données ouvertes (annuaire publié en CSV et JSON, normes) et leur manifeste."

    def handle(self, *args, **options):
        manifest = build_open_data()
        for entry in manifest["fichiers"]:
            self.stdout.write(f"{entry['chemin']} : {entry['taille']} octets, SHA-256 {entry['sha256']}")
        self.stdout.write(self.style.SUCCESS("Données ouvertes générées."))
