"""`manage.py restore PATH`: restore an archive of `backup` into an empty installation, then check it."""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from ess_coop.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restaure une archive de « backup » (base et médias) dans une installation vide, puis vérifie "
        "le nombre de lignes de chaque table et l’empreinte de chaque fichier."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Archive écrite par « manage.py backup »")
        parser.add_argument(
            "--force", action="store_true", help="Écraser une installation qui contient déjà des données."
        )

    def handle(self, *args, path, force, **options):
        # pg_restore drops and recreates the tables: no connection of ours may hold them meanwhile.
        connections.close_all()
        try:
            manifest = restore_backup(
                path, connections[DEFAULT_DB_ALIAS].settings_dict, default_storage.path(""), force=force
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Restauré et vérifié : {len(manifest['tables'])} tables, {rows} lignes, "
            f"{len(manifest['files'])} fichiers de médias (sauvegarde du {manifest['created_at']})."
        )
