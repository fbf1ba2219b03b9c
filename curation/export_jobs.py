"""Exports of the whole directory asked from the admin: written at once when the directory is small,
by a background task otherwise (EXPORT_BACKGROUND_ROWS), to the private storage; the curator follows
the job's page and downloads the file from it."""

import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.utils import timezone

from actors.models import Actor, Collectivity, Domain
from core.background import enqueue_on_commit
from projects.models import Agreement, Participant, Project

from .exporting import export_directory
from .models import ExportJob, ImportStatus

FORMATS = {"csv": "zip", "xlsx": "xlsx", "json": "json"}  # format → extension of the file given


def private_storage():
    return storages["private"]


def directory_rows():
    return sum(model.objects.count() for model in (Domain, Collectivity, Actor, Project, Participant, Agreement))


def start_export(user, export_format):
    """Record the export and write it: now if the directory is small, else in the background."""
    if export_format not in FORMATS:
        raise ValueError(export_format)
    job = ExportJob.objects.create(export_format=export_format, created_by=user)
    if directory_rows() > settings.EXPORT_BACKGROUND_ROWS:
        from .tasks import run_export_job

        enqueue_on_commit(run_export_job, job.pk)
    else:
        run_export(job.pk)
    return job


def run_export(job_id):
    """Write the file of an export job (safe to run again: the file is written anew)."""
    job = ExportJob.objects.get(pk=job_id)
    ExportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    try:
        name = f"exports/annuaire-{timezone.localdate().isoformat()}-{job.pk}.{FORMATS[job.export_format]}"
        with tempfile.TemporaryDirectory() as folder:
            path, rows = write_file(job.export_format, Path(folder))
            with path.open("rb") as stream:
                saved = private_storage().save(name, File(stream))
    except Exception as exc:
        ExportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, message=str(exc)[:2000])
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE, file_path=saved, rows=rows, finished_at=timezone.now()
    )
    return saved


def write_file(export_format, folder):
    """(path, rows) of the export written in `folder`; CSV: the section files zipped."""
    if export_format != "csv":
        path = folder / f"annuaire.{export_format}"
        return path, sum(export_directory(export_format, path).values())
    counts = export_directory("csv", folder / "csv")
    path = folder / "annuaire.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for section in sorted((folder / "csv").glob("*.csv")):
            archive.write(section, section.name)
    return path, sum(counts.values())
