"""python manage.py import_directory PATH [--dry-run] [--section acteurs]"""

from django.core.management.base import BaseCommand, CommandError

from core import search
from curation import files
from curation.files import FileError
from curation.importing import import_datasets, read_path


class Command(BaseCommand):
    help = (
        "Importe un dossier de CSV, un classeur XLSX ou un fichier JSON (ceux d’export_directory) : tout ou rien, "
        "chaque ligne refusée expliquée ; code de sortie non nul à la moindre erreur."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Vérifie le fichier sans rien écrire.")
        parser.add_argument(
            "--section",
            help="Pour un fichier d’une seule section dont le nom ne la dit pas (acteurs, collectivites, projets…).",
        )
        parser.add_argument(
            "--max-mo",
            type=int,
            default=files.MAX_BYTES // (1024 * 1024),
            help=(
                "Taille maximale d’un fichier, en Mo (40 par défaut, comme dans l’administration ; un export de "
                "l’annuaire entier la dépasse vers 30 000 acteurs : 126 Mo pour 100 000). Le fichier est lu "
                "entier en mémoire."
            ),
        )

    def handle(self, *args, path, dry_run, section, max_mo, **options):
        with files.size_limit(max_mo * 1024 * 1024):
            try:
                datasets = read_path(path, section)
            except FileError as exc:
                raise CommandError(str(exc)) from exc
        report = import_datasets(datasets, dry_run=dry_run)
        for part in report.sections:
            self.stdout.write(
                f"{part.name} : {part.new} nouvelles, {part.updated} mises à jour, {part.skipped} inchangées, "
                f"{part.refused} refusées"
            )
            for line, column, message in sorted(part.errors, key=lambda e: (e[0] or 0, e[1])):
                where = f"ligne {line}" if line else "fichier"
                if column:
                    where += f", colonne « {column} »"
                self.stderr.write(f"  {part.name}, {where} : {message}")
        if not report.ok:
            raise CommandError("Import refusé : rien n’a été écrit.")
        if dry_run:
            self.stdout.write(self.style.WARNING("Essai à blanc : rien n’a été écrit."))
        else:
            names = {r.kind: str(r.model._meta.verbose_name_plural) for r in search.registrations()}
            indexed = ", ".join(f"{names[kind]} : {count}" for kind, count in report.indexed.items()) or "aucune"
            self.stdout.write(f"Fiches indexées à nouveau pour la recherche : {indexed}.")
            self.stdout.write(self.style.SUCCESS("Import terminé."))
