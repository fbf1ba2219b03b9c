"""Backups (ess_coop/backup.py): a round trip into an empty installation keeps every row and every file."""

import io
import json
import tarfile

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from ess_coop.backup import MANIFEST_NAME, BackupError, media_checksums, restore_backup, table_counts
from tests.factories import EditorshipFactory, SubmissionFactory, VerifiedUserFactory


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "green").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media_root(settings, tmp_path):
    """Files on disk (the test settings keep them in memory), under a folder of this test's own."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}},
    }
    return root


@pytest.fixture
def empty_database(tmp_path):
    """A DATABASES entry for an empty database of the same engine: a second file, or a second PostgreSQL
    database created here and dropped after (named after this worker's test database: xdist-safe)."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        yield {"ENGINE": source["ENGINE"], "NAME": str(tmp_path / "restored.sqlite3")}
        return
    target = {**source, "NAME": f"{source['NAME']}_restore"}
    admin = psycopg.connect(
        dbname="postgres",
        user=source["USER"] or None,
        password=source["PASSWORD"] or None,
        host=source["HOST"] or None,
        port=source["PORT"] or None,
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}"')
    admin.execute(f'CREATE DATABASE "{target["NAME"]}"')
    yield target
    admin.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}" WITH (FORCE)')
    admin.close()


@pytest.fixture
def directory_with_people(media_root):
    """A verified user, a submission, an editorship, history rows and a logo file."""
    user = VerifiedUserFactory()
    editorship = EditorshipFactory(user=user)
    SubmissionFactory(user=user, actor=editorship.actor)
    editorship.actor.logo.save("logo.png", ContentFile(png_bytes()))
    editorship.actor.description = "Une seconde version, pour une seconde ligne d’historique."
    editorship.actor.save()
    return editorship.actor


@pytest.mark.django_db(transaction=True)
def test_backup_restored_into_an_empty_database_has_every_row_and_every_file(
    directory_with_people, media_root, empty_database, tmp_path
):
    archive = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    restored_media = tmp_path / "restored-media"

    manifest = restore_backup(archive, empty_database, restored_media)

    source_counts = table_counts(connection.connection, manifest["engine"])
    assert manifest["tables"] == source_counts
    assert source_counts["account_emailaddress"] == 1
    assert source_counts["contributions_submission"] == 1
    assert source_counts["contributions_editorship"] == 1
    assert source_counts["actors_historicalactor"] == 3  # created, logo saved, description changed
    assert len(manifest["files"]) == 1
    (logo,) = manifest["files"]
    assert (restored_media / logo).read_bytes() == (media_root / logo).read_bytes() == png_bytes()
    assert media_checksums(restored_media) == media_checksums(media_root)


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_installation_with_data_is_refused_without_force(directory_with_people, tmp_path):
    archive = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    with pytest.raises(CommandError, match="n’est pas vide"):
        call_command("restore", str(archive), stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_restore_whose_result_differs_from_the_manifest_fails(
    directory_with_people, media_root, empty_database, tmp_path
):
    archive = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    # A manifest promising one more user than the dump holds: the check after the restore must see it.
    with tarfile.open(archive, "r:gz") as original:
        members = {m.name: original.extractfile(m).read() for m in original.getmembers() if m.isfile()}
    manifest = json.loads(members[MANIFEST_NAME])
    manifest["tables"]["auth_user"] += 1
    members[MANIFEST_NAME] = json.dumps(manifest).encode()
    tampered = tmp_path / "modifiee.tar.gz"
    with tarfile.open(tampered, "w:gz") as archive_out:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive_out.addfile(info, io.BytesIO(data))

    with pytest.raises(BackupError, match="table auth_user : 1 ligne"):
        restore_backup(tampered, empty_database, tmp_path / "restored-media")
