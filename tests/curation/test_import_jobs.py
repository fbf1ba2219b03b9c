"""Admin import confirmed as a recorded job: partial import with the refused rows as a file, large
imports in the background with a progress bar, the sections' templates, French export names."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from actors.models import Actor
from curation import services
from curation.models import ImportJob, ImportStatus
from tests.factories import CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:actors_actor_import")
PROCESS = reverse("admin:actors_actor_process_import")
CSV_FORMAT = "0"
MIXED = "Nom;Forme juridique\nUne;association\nRefusée;sarl\nDeux;Fondation\n"


@pytest.fixture
def curator_client(client):
    client.force_login(CuratorFactory())
    return client


def preview(client, text, name="acteurs.csv"):
    upload = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(IMPORT, {"format": CSV_FORMAT, "import_file": upload, "resource": "0"})


def confirm(client, response):
    form = response.context["confirm_form"]
    return client.post(PROCESS, {name: form[name].value() for name in form.fields})


def test_preview_with_refused_rows_offers_the_partial_import(curator_client):
    response = preview(curator_client, MIXED)
    content = response.content.decode()
    assert response.context["partial"] is True
    assert "Importer les lignes valides et récupérer les lignes refusées" in content
    assert response.context["confirm_form"]["partial"].value() is True


def test_preview_of_a_valid_file_offers_the_ordinary_confirmation(curator_client):
    response = preview(curator_client, "Nom;Forme juridique\nUne;association\n")
    assert "partial" not in response.context
    assert response.context["confirm_form"]["partial"].value() is False


def test_preview_where_every_row_is_refused_offers_nothing(curator_client):
    response = preview(curator_client, "Nom;Forme juridique\nRefusée;sarl\n")
    assert "confirm_form" not in response.context


def test_partial_import_writes_the_valid_rows_and_gives_back_the_refused_ones(curator_client):
    response = confirm(curator_client, preview(curator_client, MIXED))
    job = ImportJob.objects.get()
    assert response.url == reverse("curation:import_job", args=[job.pk])
    assert sorted(Actor.objects.values_list("name", flat=True)) == ["Deux", "Une"]
    assert (job.status, job.new, job.written, list(job.refused)) == (ImportStatus.DONE, 2, True, ["3"])
    page = curator_client.get(response.url).content.decode()
    assert "Import terminé" in page and "Télécharger les lignes refusées" in page
    download = curator_client.get(reverse("curation:import_refused", args=[job.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="acteurs-lignes-refusees-')
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Nom", "Forme juridique", "erreur"]
    assert rows[1][:2] == ["Refusée", "sarl"]
    assert rows[1][2].startswith("Forme juridique\xa0: valeur inconnue")


def test_refused_rows_file_imports_back_once_fixed(curator_client):
    confirm(curator_client, preview(curator_client, MIXED))
    job = ImportJob.objects.get()
    content = curator_client.get(reverse("curation:import_refused", args=[job.pk])).content.decode("utf-8-sig")
    assert content.splitlines()[0] == "Nom;Forme juridique;erreur"
    fixed = content.replace("Refusée;sarl;", "Refusée;association;")  # the « erreur » column may stay
    confirm(curator_client, preview(curator_client, fixed))
    assert sorted(Actor.objects.values_list("name", flat=True)) == ["Deux", "Refusée", "Une"]


def test_ordinary_confirmation_stays_all_or_nothing(curator_client):
    response = confirm(curator_client, preview(curator_client, "Nom;Forme juridique\nUne;association\n"))
    job = ImportJob.objects.get()
    assert (job.partial, job.written, job.new) == (False, True, 1)
    assert response.status_code == 302


def test_large_import_runs_in_the_background_with_its_progress(
    curator_client, settings, run_tasks, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 2
    rows = "".join(f"Acteur {n};association\n" for n in range(5))
    previewed = preview(curator_client, "Nom;Forme juridique\n" + rows)
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(curator_client, previewed)
    job = ImportJob.objects.get()
    assert (job.status, job.total_rows, Actor.objects.count()) == (ImportStatus.QUEUED, 5, 0)
    page = curator_client.get(response.url).content.decode()
    assert '<progress id="import-progress" max="5" value="0">' in page
    assert 'hx-trigger="every 2s"' in page
    run_tasks()
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.new, Actor.objects.count()) == (ImportStatus.DONE, 5, 5, 5)
    fragment = curator_client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "Import terminé" in fragment and "hx-trigger" not in fragment and "<progress" not in fragment


def test_failed_import_is_shown_on_its_page(curator_client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr("curation.services.import_datasets", broken)
    response = confirm(curator_client, preview(curator_client, "Nom;Forme juridique\nUne;association\n"))
    job = ImportJob.objects.get()
    assert (job.status, job.message) == (ImportStatus.FAILED, "disque plein")
    assert "Échec de l’import" in curator_client.get(response.url).content.decode()


def test_import_job_page_queries(curator_client, django_assert_max_num_queries):
    confirm(curator_client, preview(curator_client, MIXED))
    job = ImportJob.objects.get()
    with django_assert_max_num_queries(7):  # session, user, job, permissions ×2, savepoint ×2
        assert curator_client.get(reverse("curation:import_job", args=[job.pk])).status_code == 200


def test_import_job_page_needs_the_import_permission(client, curator_client):
    confirm(curator_client, preview(curator_client, MIXED))
    job = ImportJob.objects.get()
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("curation:import_job", args=[job.pk])).status_code == 403
    assert client.get(reverse("curation:import_refused", args=[job.pk])).status_code == 403


def test_templates_have_the_french_headers_the_import_reads(curator_client):
    response = curator_client.get(reverse("curation:import_template", args=["acteurs", "csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="modele-acteurs.csv"'
    header = response.content.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[:3] == ["Identifiant", "Nom", "Sigle"] and "Pays d’intervention" in header
    response = curator_client.get(reverse("curation:import_template", args=["collectivites", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]][:4] == ["Identifiant", "Nom", "Sigle", "Type"]


def test_import_page_links_the_templates(curator_client):
    content = curator_client.get(IMPORT).content.decode()
    assert reverse("curation:import_template", args=["acteurs", "xlsx"]) in content
    assert "CSV pour Excel (UTF-8, séparateur" in content


def test_unknown_template_is_not_found(curator_client):
    assert curator_client.get(reverse("curation:import_template", args=["inconnu", "csv"])).status_code == 404


def test_export_page_is_in_french_and_names_its_files_in_french(curator_client):
    page = curator_client.get(reverse("admin:actors_actor_export")).content.decode()
    assert "Classeur Excel (XLSX)" in page and "Acteurs de l’ESS" in page
    assert "Tout sélectionner" in page and ">Pays d’intervention</label>" in page and "Slug" not in page
    response = curator_client.post(
        reverse("admin:actors_actor_export"), {"format": CSV_FORMAT, "resource": "0", "actorresource_name": "on"}
    )
    assert response["Content-Disposition"].startswith('attachment; filename="annuaire-acteurs-20')


def test_curators_see_the_imports_in_the_admin(curator_client):
    confirm(curator_client, preview(curator_client, MIXED))
    response = curator_client.get(reverse("admin:curation_importjob_changelist"))
    assert response.status_code == 200
    assert reverse("curation:import_job", args=[ImportJob.objects.get().pk]) in response.content.decode()


def test_a_finished_import_is_not_run_again(curator_client):
    confirm(curator_client, preview(curator_client, MIXED))
    job = ImportJob.objects.get()
    assert services.run_import(job.pk) is None
    assert Actor.objects.count() == 2
