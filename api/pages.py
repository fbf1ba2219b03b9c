"""Site pages of the open data: /donnees/ (API guide, files, licence) and the files' stable addresses."""

from django.core.files.storage import default_storage
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render

from . import interop, opendata
from .licence import licence_info
from .tasks import schedule_if_stale


def open_data(request):
    manifest = opendata.read_manifest()
    schedule_if_stale(manifest)
    return render(
        request,
        "api/open_data.html",
        {
            "manifest": manifest,
            "licence": licence_info(),
            "api_root": request.build_absolute_uri("/api/v1/"),
            "site_root": request.build_absolute_uri("/"),
            "mappings": interop.mappings(),
        },
    )


def download(request, name):
    """/donnees/fichiers/<name>: the file of the current generation (a stable address to link to)."""
    entry = opendata.current_file(name)
    if entry is None:
        raise Http404
    return HttpResponseRedirect(default_storage.url(entry["chemin"]))
