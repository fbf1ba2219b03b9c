"""Writes of the curators' tools, with their rules: imports confirmed in the admin — at once, or as a
background task whose progress the admin shows — their refused rows given back as a file, the empty
templates of each section, and the invitations to complete a profile.

An import is one transaction (importing.import_datasets): its progress cannot be committed from inside
it. The rows done are kept in the shared cache after each chunk and, on PostgreSQL, written to the job's
row through a second connection of their own; the result is written when the transaction ends."""

import logging
from datetime import timedelta

import tablib
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from actors.models import Actor
from core.addresses import absolute_url
from core.background import enqueue_on_commit

from . import quality
from .formats import FORMATS
from .importing import import_datasets
from .models import ImportJob, ImportStatus, Invitation
from .resources import SECTIONS
from .resources.base import ERROR_COLUMN

logger = logging.getLogger(__name__)
FORMAT_OF = {fmt().get_extension(): fmt for fmt in FORMATS}  # {"csv": FlexibleCSV, "xlsx": …, "json": …}
RESOURCE_OF = dict(SECTIONS)
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
    claimed = ImportJob.objects.filter(pk=job_id, status__in=[ImportStatus.QUEUED, ImportStatus.FAILED]).update(
        status=ImportStatus.RUNNING, rows_done=0, message=""
    )  # one worker only, even if two get the task
    if not claimed:
        return None
    job = ImportJob.objects.get(pk=job_id)
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


# --- Invitations to complete a profile ------------------------------------------------------------


def invitation_recipients(actor):
    """The actor's public contact address and its editors' addresses."""
    editors = actor.editorships.exclude(user__email="").values_list("user__email", flat=True)
    return list(dict.fromkeys([*([actor.email] if actor.email else []), *editors]))


def resend_after():
    """Invitations sent after this moment are too recent to send another."""
    return timezone.now() - timedelta(days=settings.INVITATION_RESEND_DAYS)


@transaction.atomic
def invite_to_complete(actor_id, by):
    """Record an invitation to complete the profile and send it in the background; ValueError when the
    last one is too recent or nobody can receive it."""
    from .tasks import send_invitation

    actor = Actor.objects.select_for_update().get(pk=actor_id)  # two curators at once: one invitation
    last = actor.invitations.order_by("-sent_at").first()
    if last is not None and last.sent_at > resend_after():
        raise ValueError(
            _("« %(name)s » a déjà été invitée le %(date)s : pas de nouvelle invitation avant %(days)s jours.")
            % {
                "name": actor.name,
                "date": formats.date_format(timezone.localtime(last.sent_at), "j F Y"),
                "days": settings.INVITATION_RESEND_DAYS,
            }
        )
    recipients = invitation_recipients(actor)
    if not recipients:
        raise ValueError(
            _("« %(name)s » n’a ni courriel de contact ni éditeur : personne à inviter.") % {"name": actor.name}
        )
    invitation = Invitation.objects.create(actor=actor, recipients=recipients, sent_by=by)
    enqueue_on_commit(send_invitation, invitation.pk)
    return invitation


def send_invitation(invitation_id):
    """E-mail each recipient of an invitation (one message each: addresses are never shown to others)."""
    invitation = Invitation.objects.select_related("actor").filter(pk=invitation_id).first()
    if invitation is None:
        return 0
    actor = quality.annotated_actors().get(pk=invitation.actor_id)
    context = {
        "site_name": settings.SITE_NAME,
        "actor": actor,
        "missing": quality.missing_labels(actor),
        "edit_url": absolute_url(reverse("contributions:edit", args=[actor.slug])),
        "claim_url": absolute_url(reverse("contributions:claim", args=[actor.slug])),
        "days": settings.INVITATION_RESEND_DAYS,
    }
    subject = render_to_string("curation/email/invitation_subject.txt", context).strip()
    body = render_to_string("curation/email/invitation_body.txt", context)
    for recipient in invitation.recipients:
        send_mail(subject, body, None, [recipient])
    return len(invitation.recipients)
