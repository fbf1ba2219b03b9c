"""Fill the database with a synthetic national-scale directory (see ess_coop.directory_generator)."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from actors.models import Domain
from ess_coop import directory_generator


class Command(BaseCommand):
    help = (
        "Ajoute un annuaire synthétique réaliste (acteurs, collectivités, projets, participants, conventions, "
        "historique et index de recherche), par exemple --actors 200000 --collectivities 20000 --projects 50000."
    )

    def add_arguments(self, parser):
        parser.add_argument("--actors", type=int, default=2000)
        parser.add_argument("--collectivities", type=int, default=200)
        parser.add_argument("--projects", type=int, default=500)
        parser.add_argument("--seed", type=int, default=2011, help="Même graine, même annuaire.")
        parser.add_argument("--no-index", action="store_true", help="Ne pas reconstruire l’index de recherche.")

    def handle(self, *args, actors, collectivities, projects, seed, no_index, **options):
        if min(actors, collectivities, projects) < 0:
            raise CommandError("Les nombres doivent être positifs.")
        if not Domain.objects.exists():
            call_command("load_study", stdout=self.stdout)  # the domains (and the study) come first
        started = time.monotonic()
        try:
            counts = directory_generator.generate(
                actors=actors, collectivities=collectivities, projects=projects, seed=seed, rebuild_index=not no_index
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Généré en {time.monotonic() - started:.1f} s : {summary}."))
