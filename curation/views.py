"""Curators' pages in the admin: probable duplicates (and their merge), data quality."""

from django.contrib import admin, messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from actors.models import Actor, Collectivity

from . import quality
from .forms import PairForm

MODELS = {"acteur": Actor, "collectivite": Collectivity}


def admin_context(request, title):
    return {**admin.site.each_context(request), "title": title}


@permission_required("actors.change_actor", raise_exception=True)
@require_http_methods(["GET", "POST"])
def duplicates(request):
    if request.method == "POST":
        form = PairForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Demande de fusion incomplète ou invalide."))
            return redirect("curation:duplicates")
        model = MODELS[form.cleaned_data["nature"]]
        kept = get_object_or_404(model, pk=form.cleaned_data["garder"])
        removed = get_object_or_404(model, pk=form.cleaned_data["fusionner"])
        try:
            quality.merge(kept, removed, by=request.user)
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("« %(removed)s » fusionnée dans « %(kept)s ».") % {"removed": removed.name, "kept": kept.name},
            )
        return redirect("curation:duplicates")
    context = {
        **admin_context(request, _("Doublons probables")),
        "groups": [
            ("acteur", _("Acteurs de l’ESS"), quality.probable_duplicates(Actor)),
            ("collectivite", _("Collectivités"), quality.probable_duplicates(Collectivity)),
        ],
    }
    return TemplateResponse(request, "curation/duplicates.html", context)


@permission_required("actors.view_actor", raise_exception=True)
def data_quality(request):
    context = {**admin_context(request, _("Qualité des données")), **quality.incomplete_entries()}
    return TemplateResponse(request, "curation/quality.html", context)
