"""Writes of the curators' tools, with their rules: imports confirmed in the admin — at once, or as a
background task whose progress the admin shows — their refused rows given back as a file, and the
empty templates of each section.

An import is one transaction (importing.import_datasets): its progress cannot be committed from inside
it. The rows done are kept in the shared cache after each chunk and, on PostgreSQL, written to the job's
row through a second connection of their own; the result is written when the transaction ends."""

import logging

import tablib
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from core.background import enqueue_on_commit

from .formats import FORMATS
from .importing import import_datasets
from .models import ImportJob, ImportStatus
from .resources import SECTIONS

logger = logging.getLogger(__name__)
FORMAT_OF = {fmt().get_extension(): fmt for fmt in FORMATS}  # {"csv": FlexibleCSV, "xlsx": …, "json": …}
RESOURCE_OF = dict(SECTIONS)
ERROR_COLUMN = "erreur"
MAX_ERRORS_KEPT = 1000


def section_model(section):
    return RESOURCE_OF[section]._meta.model


def import_permission(section):
    """The permission that opens an import of the section (the admin's import permission: « change »)."""
    opts = section_model(section)._meta
    return f"{opts.app_label}.change_{opts.model_name}"


def read_dataset(data, extension):
    """The rows of a file as the admin's format reads them (a tablib Dataset)."""
    return FORMAT_OF[extension]().create_dataset(data)


# --- Import jobs ----------------------------------------------------------------------------------


def start_import(user, section, file_name, extension, data, partial=False):
    """Record the confirmed import and run it: at once when small, else by the background worker."""
    from .tasks import run_import_job

    total = read_dataset(data, extension).height
    job = ImportJob.objects.create(
        section=section,
        file_name=file_name[:255],
        file_format=extension,
        data=data,
        partial=partial,
        total_rows=total,
        created_by=user,
    )
    if total > settings.IMPORT_BACKGROUND_ROWS:
        enqueue_on_commit(run_import_job, job.pk)
    else:
        try:
            run_import(job.pk)
        except Exception:  # recorded on the job, whose page says so
            logger.exception("Import %s failed", job.pk)
        job.refresh_from_db()
    return job


def progress_key(job_id):
    return f"curation:import-progress:{job_id}"


class Progress:
    """Counts the rows done, chunk after chunk, where the admin's page can read them mid-import."""

    def __init__(self, job_id):
        self.job_id, self.done, self.side = job_id, 0, None

    def __call__(self, rows):
        self.done += rows
        cache.set(progress_key(self.job_id), self.done, timeout=24 * 3600)
        if connection.vendor == "postgresql":
            if self.side is None:  # outside the import's transaction: committed at once
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            with self.side.cursor() as cursor:
                table = ImportJob._meta.db_table
                cursor.execute(f"UPDATE {table} SET rows_done = %s WHERE id = %s", [self.done, self.job_id])  # noqa: S608

    def close(self):
        if self.side is not None:
            self.side.close()


def rows_done(job):
    """The rows done so far (from the cache while the import's transaction is open)."""
    if job.is_finished:
        return job.rows_done
    return max(job.rows_done, cache.get(progress_key(job.pk)) or 0)


def run_import(job_id):
    """Import a job's file (safe to run again: a finished job is left alone, a failed one starts over)."""
    job = ImportJob.objects.filter(pk=job_id, status__in=[ImportStatus.QUEUED, ImportStatus.FAILED]).first()
    if job is None:
        return None
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, rows_done=0, message="")
    progress = Progress(job.pk)
    try:
        dataset = read_dataset(bytes(job.data), job.file_format)
        report = import_datasets({job.section: dataset}, partial=job.partial, progress=progress)
    except Exception as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, message=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    finally:
        progress.close()
    finish(job, report)
    return job.pk


def finish(job, report):
    section = report.sections[0] if report.sections else None
    written = report.ok or (job.partial and report.partly_ok)  # else the transaction was rolled back
    errors = [[line, column, message] for s in report.sections for line, column, message in s.errors]
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE,
        rows_done=job.total_rows,
        new=section.new if section and written else 0,
        updated=section.updated if section and written else 0,
        skipped=section.skipped if section and written else 0,
        errors=errors[:MAX_ERRORS_KEPT],
        refused={str(line): text for line, text in report.refused_lines.get(job.section, {}).items()},
        finished_at=timezone.now(),
    )
    cache.delete(progress_key(job.pk))


def refused_rows_file(job):
    """(content, file name) of the refused rows, in the file's own format and columns, plus « erreur »."""
    dataset = read_dataset(bytes(job.data), job.file_format)
    refused = tablib.Dataset(headers=[*dataset.headers, ERROR_COLUMN])
    for line, message in sorted((int(line), message) for line, message in job.refused.items()):
        refused.append([*dataset[line - 2], message])  # line 1 is the header
    date = timezone.localdate().isoformat()
    return FORMAT_OF[job.file_format]().export_data(refused), f"{job.section}-lignes-refusees-{date}.{job.file_format}"


def template_file(section, extension):
    """(content, file name) of an empty file of the section: the French headers the import reads."""
    headers = RESOURCE_OF[section]().column_names()
    content = FORMAT_OF[extension]().export_data(tablib.Dataset(headers=headers))
    return content, f"modele-{section}.{extension}"
