"""`manage.py backup PATH`: the database, the media files and a manifest in one .tar.gz (ess_coop/backup.py)."""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from ess_coop.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les médias dans une archive .tar.gz (restaurée par « restore »)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Archive à écrire, par exemple /var/backups/ess_coop/2026-11-29.tar.gz")

    def handle(self, *args, path, **options):
        try:
            manifest = create_backup(path, connections[DEFAULT_DB_ALIAS], default_storage.path(""))
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"{path} : {len(manifest['tables'])} tables, {rows} lignes, {len(manifest['files'])} fichiers de médias."
        )
