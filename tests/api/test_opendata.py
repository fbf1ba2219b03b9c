"""The open-data files: published entries only, no personal data, the licence, and a round trip
through import_directory into an empty directory."""

import hashlib
import io
import json
import zipfile
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from actors.models import Actor, Collectivity, Domain
from api import opendata, tasks
from curation.importing import import_datasets, read_path
from projects.models import Agreement, Participant, Project, Role
from tests.curation.test_import import empty_directory
from tests.factories import ActorFactory, AgreementFactory, ParticipantFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def archive_of(manifest):
    entry = next(e for e in manifest["fichiers"] if e["nom"] == opendata.ARCHIVE)
    with default_storage.open(entry["chemin"]) as stream:
        content = stream.read()
    return entry, content, zipfile.ZipFile(io.BytesIO(content))


def test_archive_has_every_section_the_licence_and_no_personal_data():
    ActorFactory(slug="eau-vive", email="contact@eau-vive.example")
    ActorFactory(slug="brouillon", status="draft")
    entry, content, archive = archive_of(opendata.build_open_data())
    names = set(archive.namelist())
    assert {"LISEZMOI.txt", "metadonnees.json", "annuaire.json", "csv/acteurs.csv", "csv/conventions.csv"} <= names
    assert entry["sha256"] == hashlib.sha256(content).hexdigest()
    assert entry["taille"] == len(content)
    actors_csv = archive.read("csv/acteurs.csv").decode("utf-8-sig")
    assert "eau-vive" in actors_csv
    assert "brouillon" not in actors_csv
    assert "Courriel" not in actors_csv.splitlines()[0]
    everything = b"".join(archive.read(name) for name in names)
    assert b"contact@eau-vive.example" not in everything
    assert "Licence Ouverte / Open Licence 2.0" in archive.read("LISEZMOI.txt").decode()
    metadata = json.loads(archive.read("metadonnees.json"))
    assert metadata["licence"]["identifiant"] == "etalab-2.0"
    assert metadata["sections"]["acteurs"] == 1
    assert metadata["colonnes_retirees"] == {"acteurs": ["Courriel"]}


def test_participants_and_agreements_of_unpublished_organisations_stay_out():
    project = ProjectFactory(slug="eau")
    shown = ParticipantFactory(project=project, actor=ActorFactory(slug="visible"), role=Role.OPERATEUR)
    hidden = ParticipantFactory(project=project, actor=ActorFactory(slug="cache", status="draft"), role=Role.AMO)
    funder = ParticipantFactory(project=project, actor=ActorFactory(slug="financeur"), role=Role.FINANCEUR)
    AgreementFactory(project=project, slug="a-deux", parties=[shown, funder, hidden])
    AgreementFactory(project=project, slug="avec-cache", parties=[shown, hidden])
    _entry, _content, archive = archive_of(opendata.build_open_data())
    participants = archive.read("csv/participants.csv").decode("utf-8-sig")
    assert "acteur:visible" in participants and "acteur:cache" not in participants
    agreements = archive.read("csv/conventions.csv").decode("utf-8-sig")
    assert "a-deux" in agreements and "avec-cache" not in agreements
    assert "acteur:cache" not in agreements


def test_new_generation_replaces_the_previous_files():
    first = opendata.build_open_data(now=timezone.now() - timedelta(hours=1))
    second = opendata.build_open_data()
    assert not default_storage.exists(first["fichiers"][0]["chemin"])
    assert default_storage.exists(second["fichiers"][0]["chemin"])
    assert opendata.current_file(opendata.ARCHIVE)["chemin"] == second["fichiers"][0]["chemin"]


MODELS = (Domain, Collectivity, Actor, Project, Participant, Agreement)


def test_archive_round_trips_through_import_directory_into_an_empty_directory(study, tmp_path):
    _entry, _content, archive = archive_of(opendata.build_open_data())
    archive.extractall(tmp_path)
    in_files = json.loads(archive.read("metadonnees.json"))["sections"]
    assert in_files["acteurs"] > 150 and in_files["conventions"] > 10
    empty_directory()
    assert all(model.objects.count() == 0 for model in MODELS)
    out = StringIO()
    call_command("import_directory", str(tmp_path / "csv"), stdout=out, stderr=out)
    imported = dict(
        zip(["domaines", "collectivites", "acteurs", "projets", "participants", "conventions"], MODELS, strict=True)
    )
    assert {name: model.objects.count() for name, model in imported.items()} == in_files


def test_json_file_round_trips_too(study, tmp_path):
    _entry, _content, archive = archive_of(opendata.build_open_data())
    archive.extract("annuaire.json", tmp_path)
    in_files = json.loads(archive.read("metadonnees.json"))["sections"]
    empty_directory()
    report = import_datasets(read_path(tmp_path / "annuaire.json"))
    assert report.ok, [s.errors[:3] for s in report.sections]
    assert Actor.objects.count() == in_files["acteurs"]
    assert Agreement.objects.count() == in_files["conventions"]


def test_command_builds_the_files():
    out = StringIO()
    call_command("build_open_data", stdout=out)
    assert "Données ouvertes générées" in out.getvalue()
    assert opendata.read_manifest()["fichiers"][0]["nom"] == opendata.ARCHIVE


def test_open_data_page_lists_files_with_size_and_checksum(client):
    manifest = opendata.build_open_data()
    response = client.get("/donnees/")
    assert response.status_code == 200
    page = response.content.decode()
    assert manifest["fichiers"][0]["sha256"] in page
    assert "Licence Ouverte / Open Licence 2.0" in page
    assert "curl" in page and "import requests" in page


def test_download_address_redirects_to_the_current_file(client):
    manifest = opendata.build_open_data()
    response = client.get(f"/donnees/fichiers/{opendata.ARCHIVE}")
    assert response.status_code == 302
    assert response["Location"] == default_storage.url(manifest["fichiers"][0]["chemin"])
    assert client.get("/donnees/fichiers/inconnu.zip").status_code == 404


def test_changes_schedule_one_deferred_generation(run_tasks, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        ActorFactory(slug="un")
        ActorFactory(slug="deux")
    waiting = DBTaskResult.objects.filter(task_path__endswith="rebuild_open_data")
    assert waiting.count() == 1
    assert waiting.get().run_after > timezone.now() + timedelta(minutes=5)


def test_stale_or_missing_files_are_rebuilt_by_the_worker(run_tasks, django_capture_on_commit_callbacks, client):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get("/donnees/").status_code == 200  # no files yet: asks for them
    run_tasks()
    assert opendata.read_manifest() is not None
    assert tasks.schedule_if_stale(opendata.read_manifest()) is False


def test_immediate_backend_never_rebuilds_inside_a_request():
    assert tasks.schedule_rebuild() is False


def test_export_of_a_whole_list_redirects_to_the_open_data_archive(client):
    ActorFactory(slug="eau-vive")
    opendata.build_open_data()
    responses = [client.get(url, {"format": "csv", "tri": "nom"}) for url in ("/acteurs/", "/projets/")]
    assert [(r.status_code, r["Location"]) for r in responses] == [(302, "/donnees/fichiers/annuaire-ess-coop.zip")] * 2


def test_export_of_a_filtered_list_streams_its_rows_even_with_the_archive(client):
    ActorFactory(slug="eau-vive", legal_form="association")
    opendata.build_open_data()
    response = client.get("/acteurs/", {"format": "csv", "forme": "association"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert (response.status_code, len(lines), lines[1].endswith("/acteurs/eau-vive/")) == (200, 2, True)


def test_export_of_a_whole_list_streams_while_no_archive_exists(client):
    from django.core.files.storage import default_storage as ds

    print("BEFORE", ds.location, ds.exists(opendata.MANIFEST))
    ActorFactory(slug="eau-vive")
    print("AFTER FACTORY", ds.exists(opendata.MANIFEST))
    response = client.get("/acteurs/", {"format": "csv"})

    assert response.status_code == 200, (ds.location, ds.exists(opendata.MANIFEST), opendata.read_manifest())
    assert len(b"".join(response.streaming_content).splitlines()) == 2


def test_export_above_the_maximum_points_to_the_archive(client, settings):
    settings.EXPORT_MAX_ROWS = 1
    ActorFactory.create_batch(2, legal_form="association")
    opendata.build_open_data()
    response = client.get("/acteurs/", {"format": "xlsx", "forme": "association"})
    page = response.content.decode()
    assert (
        response.status_code,
        "Export trop volumineux" in page,
        'href="/donnees/fichiers/annuaire-ess-coop.zip"' in page,
    ) == (
        200,
        True,
        True,
    )
