"""Queue the curators' daily summary of pending requests: run daily from cron (see the README)."""

from django.core.management.base import BaseCommand

from contributions.tasks import send_curator_digests


class Command(BaseCommand):
    help = "Met en file le résumé quotidien des demandes en attente, pour les curateurs qui l’ont choisi."

    def handle(self, *args, **options):
        result = send_curator_digests.enqueue()
        self.stdout.write(f"send_curator_digests : {result.status}")
