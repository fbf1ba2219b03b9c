"""The admin's whole-directory export: written at once when small, by a background task when large,
to the private storage; the curator follows its page and downloads the file."""

import io
import zipfile

import pytest
from django.urls import reverse

from curation.export_jobs import private_storage
from curation.models import ExportJob
from tests.factories import ActorFactory, CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def download(client, job):
    response = client.get(reverse("curation:export_download", args=[job.pk]))
    content = b"".join(response.streaming_content)
    response.close()
    return response, content


def test_small_directory_export_is_written_at_once_and_downloaded(client):
    ActorFactory(slug="eau-vive", email="contact@eau-vive.example")
    client.force_login(CuratorFactory())
    response = client.post(reverse("curation:export_directory"), {"format": "csv"})
    job = ExportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    file_response, content = download(client, job)
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert (response["Location"], job.status, "Export terminé" in page, file_response.status_code) == (
        job.get_absolute_url(),
        "done",
        True,
        200,
    )
    assert "acteurs.csv" in archive.namelist()
    assert "contact@eau-vive.example" in archive.read("acteurs.csv").decode("utf-8-sig")


def test_large_directory_export_runs_as_a_background_task(client, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_BACKGROUND_ROWS = 0
    ActorFactory()
    client.force_login(CuratorFactory())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("curation:export_directory"), {"format": "xlsx"})
    job = ExportJob.objects.get()
    waiting = client.get(job.get_absolute_url()).content.decode()
    for callback in callbacks:  # what the worker does once the request has committed
        callback()
    job.refresh_from_db()
    finished = client.get(job.get_absolute_url()).content.decode()
    assert ("Export en attente du travailleur" in waiting, 'http-equiv="refresh"' in waiting) == (True, True)
    assert (job.status, private_storage().exists(job.file_path), 'id="export-file"' in finished) == (
        "done",
        True,
        True,
    )


def test_directory_export_is_for_curators_only(client):
    client.force_login(UserFactory(is_staff=True))
    responses = [client.get(reverse("curation:export_directory")), client.post(reverse("curation:export_directory"))]
    assert [r.status_code for r in responses] == [403, 403]
