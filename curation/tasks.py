"""Background tasks of curation: probable duplicates of a large directory, long imports, invitations."""

from core.background import background_task


@background_task()
def refresh_duplicates(nature):
    """Compute the probable duplicates of one directory and store them for the duplicates page."""
    from .duplicates import store_suggestions

    store_suggestions(nature)


@background_task()
def run_import_job(job_id):
    """Import a confirmed file recorded by curation.services.start_import (safe to run again)."""
    from .services import run_import

    return run_import(job_id)


@background_task()
def send_invitation(invitation_id):
    """E-mail an invitation to complete a profile (recorded by curation.services.invite_to_complete)."""
    from .services import send_invitation as send

    return send(invitation_id)


@background_task()
def run_export_job(job_id):
    """Write the file of a whole-directory export asked from the admin (curation.export_jobs)."""
    from .export_jobs import run_export

    return run_export(job_id)
