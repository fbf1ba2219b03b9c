"""Whole-installation backups: one .tar.gz holding the database, the media files and a manifest.

The archive holds `database.dump` (PostgreSQL: `pg_dump -Fc`; SQLite: a copy made with the sqlite3 backup
API), `media/…` (every file under MEDIA_ROOT) and `manifest.json` (engine, date, every table's row count,
every media file's SHA-256). A restore checks the result against the manifest, so a restore that lost
anything fails loudly instead of being found out later. `dumpdata`/`loaddata` is not used: it fails on
history rows and does not carry the files.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.utils import timezone

DUMP_NAME = "database.dump"
MANIFEST_NAME = "manifest.json"
MEDIA_DIR = "media"
# Tables `migrate` fills by itself (Django's own, the countries and the curators' group of the data
# migrations): an installation with rows only there is still empty. A new data migration adds its table here.
MIGRATE_TABLES = {
    "django_migrations",
    "django_content_type",
    "django_site",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
    "actors_country",
}


class BackupError(Exception):
    """A backup or restore that cannot go on, or a restored installation that differs from its manifest."""


def engine_of(settings_dict):
    """« postgresql » or « sqlite » from a DATABASES entry; any other engine is refused."""
    engine = settings_dict["ENGINE"].rsplit(".", 1)[-1]
    if engine.startswith("postgres"):
        return "postgresql"
    if engine == "sqlite3":
        return "sqlite"
    raise BackupError(f"Moteur de base non pris en charge : {settings_dict['ENGINE']}")


# ---- reading a database (a DB-API connection: Django's own for the source, a fresh one for a target)


def table_names(raw_connection, engine):
    if engine == "postgresql":
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    cursor = raw_connection.cursor()
    cursor.execute(sql)
    return [row[0] for row in cursor.fetchall()]


def table_counts(raw_connection, engine):
    """{table: row count} for every table of the database, counted in SQL."""
    cursor = raw_connection.cursor()
    counts = {}
    for table in table_names(raw_connection, engine):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names come from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def open_raw(settings_dict):
    """A plain DB-API connection to a DATABASES entry (the restore target may not be Django's alias)."""
    if engine_of(settings_dict) == "sqlite":
        return sqlite3.connect(settings_dict["NAME"])
    import psycopg

    return psycopg.connect(autocommit=True, **pg_connection_kwargs(settings_dict))


def pg_connection_kwargs(settings_dict):
    kwargs = {
        "dbname": settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": str(settings_dict["PORT"]) if settings_dict.get("PORT") else None,
    }
    return {key: value for key, value in kwargs.items() if value is not None}


def pg_command(program, settings_dict, *args):
    """Run pg_dump/pg_restore against a DATABASES entry; the password goes through PGPASSWORD, not argv."""
    kwargs = pg_connection_kwargs(settings_dict)
    command = [program, "--dbname", kwargs["dbname"], "--no-owner", "--no-privileges", *args]
    for option, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if key in kwargs:
            command += [option, kwargs[key]]
    env = dict(os.environ)
    if "password" in kwargs:
        env["PGPASSWORD"] = kwargs["password"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{program} a échoué : {result.stderr.strip()}")


# ---- media


def media_checksums(media_root):
    """{relative path: SHA-256} of every file under media_root (empty when the folder does not exist)."""
    root = Path(media_root)
    if not root.is_dir():
        return {}
    checksums = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        checksums[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return checksums


# ---- backup


def create_backup(archive_path, connection, media_root):
    """Write the archive for Django's `connection` and `media_root`; return its manifest.

    SQLite is copied through the connection itself (works for an in-memory database too); PostgreSQL
    through pg_dump, which reads one consistent snapshot.
    """
    engine = engine_of(connection.settings_dict)
    connection.ensure_connection()
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP_NAME
        if engine == "postgresql":
            pg_command("pg_dump", connection.settings_dict, "--format=custom", "--file", str(dump))
        else:
            target = sqlite3.connect(dump)
            with target:
                connection.connection.backup(target)
            target.close()
        manifest = {
            "engine": engine,
            "created_at": timezone.now().isoformat(),
            "tables": table_counts(connection.connection, engine),
            "files": media_checksums(media_root),
        }
        (Path(work) / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        with tarfile.open(archive_path, "w:gz") as archive:
            archive.add(Path(work) / MANIFEST_NAME, arcname=MANIFEST_NAME)
            archive.add(dump, arcname=DUMP_NAME)
            if Path(media_root).is_dir():
                for relative in manifest["files"]:
                    archive.add(Path(media_root) / relative, arcname=f"{MEDIA_DIR}/{relative}")
    return manifest


# ---- restore


def installation_content(settings_dict, media_root):
    """What a restore would overwrite: tables with rows (beyond what `migrate` writes) and media files."""
    if engine_of(settings_dict) == "sqlite" and not Path(settings_dict["NAME"]).exists():
        tables = {}
    else:
        raw = open_raw(settings_dict)
        try:
            tables = table_counts(raw, engine_of(settings_dict))
        finally:
            raw.close()
    filled = sorted(table for table, count in tables.items() if count and table not in MIGRATE_TABLES)
    return filled, sorted(media_checksums(media_root))


def restore_backup(archive_path, settings_dict, media_root, force=False):
    """Restore the archive into the database `settings_dict` and `media_root`, then check the manifest.

    Refuses an installation holding data unless `force`. Returns the manifest; raises BackupError when
    any table count or file checksum differs from it after the restore.
    """
    engine = engine_of(settings_dict)
    filled, files = installation_content(settings_dict, media_root)
    if (filled or files) and not force:
        raise BackupError(
            "L’installation n’est pas vide "
            f"({len(filled)} table(s) avec des lignes, {len(files)} fichier(s) de médias) : "
            "relancez avec --force pour l’écraser."
        )
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(work, filter="data")
        manifest = json.loads((Path(work) / MANIFEST_NAME).read_text())
        if manifest["engine"] != engine:
            raise BackupError(f"Sauvegarde {manifest['engine']}, base {engine} : restauration impossible.")
        restore_database(Path(work) / DUMP_NAME, settings_dict, engine)
        restore_media(Path(work) / MEDIA_DIR, Path(media_root))
    verify(manifest, settings_dict, media_root)
    return manifest


def restore_database(dump, settings_dict, engine):
    if engine == "postgresql":
        # --clean drops what `migrate` may have created first, so a migrated empty installation works too.
        pg_command("pg_restore", settings_dict, "--clean", "--if-exists", "--exit-on-error", str(dump))
        return
    source = sqlite3.connect(dump)
    target = sqlite3.connect(settings_dict["NAME"])
    with target:
        source.backup(target)
    source.close()
    target.close()


def restore_media(source, media_root):
    media_root.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, media_root, dirs_exist_ok=True)


def verify(manifest, settings_dict, media_root):
    """Raise BackupError listing every table count and file checksum that differs from the manifest."""
    raw = open_raw(settings_dict)
    try:
        counts = table_counts(raw, manifest["engine"])
    finally:
        raw.close()
    checksums = media_checksums(media_root)
    problems = [
        f"table {table} : {counts.get(table)} ligne(s) au lieu de {count}"
        for table, count in manifest["tables"].items()
        if counts.get(table) != count
    ]
    problems += [f"table {table} : absente de la sauvegarde" for table in sorted(set(counts) - set(manifest["tables"]))]
    problems += [
        f"fichier {name} : différent ou absent"
        for name, digest in manifest["files"].items()
        if checksums.get(name) != digest
    ]
    if problems:
        raise BackupError("La restauration diffère de la sauvegarde :\n" + "\n".join(problems))
