"""Curators' pages in the admin: probable duplicates, their side-by-side merge, data quality."""

from django.contrib import admin, messages
from django.contrib.auth.decorators import permission_required
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from actors.models import Actor, Collectivity

from . import duplicates, merging, quality
from .forms import MergeForm, PairForm
from .models import NotDuplicate


def admin_context(request, title):
    return {**admin.site.each_context(request), "title": title}


@permission_required("actors.view_actor", raise_exception=True)
@require_http_methods(["GET", "POST"])
def duplicates_page(request):
    """The probable duplicates of both directories; POST starts their computation again (large ones)."""
    if request.method == "POST":
        for model in (Actor, Collectivity):
            duplicates.refresh_in_background(model)
        messages.info(
            request, _("Le calcul des doublons probables est relancé : rechargez la page dans quelques minutes.")
        )
        return redirect("curation:duplicates")
    groups = []
    for nature, label, model in (
        ("acteur", _("Acteurs de l’ESS"), Actor),
        ("collectivite", _("Collectivités"), Collectivity),
    ):
        pairs, computed_at = duplicates.suggestions(model)
        groups.append((nature, label, pairs, computed_at))
    context = {**admin_context(request, _("Doublons probables")), "groups": groups}
    return TemplateResponse(request, "curation/duplicates.html", context)


def pair_or_404(data):
    """(nature, model, a, b) from a valid PairForm, or a 404."""
    form = PairForm(data)
    if not form.is_valid():
        raise Http404(_("Paire de fiches invalide."))
    nature = form.cleaned_data["nature"]
    model = merging.MODELS[nature]
    records = model.objects.in_bulk([form.cleaned_data["a"], form.cleaned_data["b"]])
    if len(records) != 2:
        raise Http404(_("Une des deux fiches n’existe plus."))
    return nature, model, records[form.cleaned_data["a"]], records[form.cleaned_data["b"]]


def shown(value):
    if isinstance(value, bool):
        return _("Oui") if value else _("Non")
    return value


def comparison_rows(model, a, b):
    rows = []
    for field in merging.merged_fields(model):
        first, second = getattr(a, field.attname), getattr(b, field.attname)
        display = (
            (a._get_FIELD_display(field), b._get_FIELD_display(field))
            if field.choices
            else (shown(first), shown(second))
        )
        rows.append(
            {
                "name": field.name,
                "label": capfirst(field.verbose_name),
                "a": display[0],
                "b": display[1],
                "differs": first != second,
                "default": "b" if (not first and second) else "a",
            }
        )
    return rows


@permission_required("actors.change_actor", raise_exception=True)
@require_http_methods(["GET", "POST"])
def merge_page(request):
    """Both records side by side, field by field; the curator picks the record kept and each value."""
    nature, model, a, b = pair_or_404(request.GET)
    rows = comparison_rows(model, a, b)
    initial = {"keep": "a", **{f"champ_{row['name']}": row["default"] for row in rows if row["differs"]}}
    form = MergeForm(request.POST or None, rows=rows, initial=initial)
    if request.method == "POST" and form.is_valid():
        kept, removed = (a, b) if form.cleaned_data["keep"] == "a" else (b, a)
        try:
            merge = merging.merge(kept, removed, by=request.user, choose=form.choices())
        except (ValueError, IntegrityError) as exc:
            messages.error(request, _("Fusion impossible : %(reason)s") % {"reason": exc})
        else:
            messages.success(
                request,
                _("« %(removed)s » fusionnée dans « %(kept)s ». Elle peut être annulée depuis la liste des fusions.")
                % {"removed": merge.removed_name, "kept": merge.kept_name},
            )
            return redirect("curation:duplicates")
    counts = {
        "a": a.participations.count(),
        "b": b.participations.count(),
    }
    context = {
        **admin_context(request, _("Comparer avant de fusionner")),
        "nature": nature,
        "a": a,
        "b": b,
        "rows": [(row, form[f"champ_{row['name']}"] if row["differs"] else None) for row in rows],
        "form": form,
        "counts": counts,
    }
    return TemplateResponse(request, "curation/merge_confirm.html", context)


@permission_required("actors.change_actor", raise_exception=True)
@require_POST
def not_duplicates(request):
    """« Ce ne sont pas des doublons » : the pair is remembered and never suggested again."""
    nature, _model, a, b = pair_or_404(request.POST)
    first, second = sorted((a, b), key=lambda record: record.pk)
    NotDuplicate.objects.get_or_create(
        nature=nature,
        first_id=first.pk,
        second_id=second.pk,
        defaults={"first_name": first.name[:255], "second_name": second.name[:255], "decided_by": request.user},
    )
    messages.success(
        request,
        _("« %(a)s » et « %(b)s » ne seront plus proposées comme doublons.") % {"a": first.name, "b": second.name},
    )
    return redirect("curation:duplicates")


@permission_required("actors.view_actor", raise_exception=True)
def data_quality(request):
    context = {**admin_context(request, _("Qualité des données")), **quality.incomplete_entries()}
    return TemplateResponse(request, "curation/quality.html", context)
