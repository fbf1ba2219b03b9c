"""Queue the alerts' digests: run daily and weekly from cron (see the README)."""

from django.core.management.base import BaseCommand

from alerts.models import Frequency
from alerts.tasks import send_digests


class Command(BaseCommand):
    help = "Met en file les résumés des alertes dues (quotidiennes ou hebdomadaires)."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=Frequency.values, required=True)

    def handle(self, *args, frequency, **options):
        result = send_digests.enqueue(frequency)
        self.stdout.write(f"send_digests({frequency}) : {result.status}")
