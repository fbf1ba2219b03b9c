"""The admin's whole-directory export: choose a format, follow the job, download the file."""

from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from . import export_jobs
from .models import ExportJob
from .views import admin_context

FORMAT_LABELS = {
    "csv": _lazy("CSV (un fichier par section, zippés)"),
    "xlsx": _lazy("XLSX (une feuille par section)"),
    "json": _lazy("JSON (une liste par section)"),
}


@permission_required("curation.add_exportjob", raise_exception=True)
@require_http_methods(["GET", "POST"])
def export_page(request):
    """GET: the formats and the latest exports; POST: start one (in the background when large)."""
    if request.method == "POST":
        export_format = request.POST.get("format")
        if export_format not in export_jobs.FORMATS:
            raise Http404
        return redirect(export_jobs.start_export(request.user, export_format))
    context = {
        **admin_context(request, _("Exporter tout l’annuaire")),
        "formats": list(FORMAT_LABELS.items()),
        "jobs": ExportJob.objects.select_related("created_by")[:10],
    }
    return TemplateResponse(request, "curation/export_directory.html", context)


@permission_required("curation.add_exportjob", raise_exception=True)
def export_job(request, pk):
    """An export's state (the page reloads itself while it runs), then its download link."""
    job = get_object_or_404(ExportJob.objects.select_related("created_by"), pk=pk)
    context = {**admin_context(request, _("Export de l’annuaire")), "job": job}
    return TemplateResponse(request, "curation/export_job.html", context)


@permission_required("curation.add_exportjob", raise_exception=True)
def export_download(request, pk):
    job = get_object_or_404(ExportJob, pk=pk, status="done")
    storage = export_jobs.private_storage()
    if not job.file_path or not storage.exists(job.file_path):
        raise Http404(_("Le fichier de cet export n’existe plus."))
    return FileResponse(storage.open(job.file_path, "rb"), as_attachment=True, filename=job.file_path.split("/")[-1])
