"""Curators' pages in the admin: probable duplicates, their side-by-side merge, data quality."""

from django.contrib import admin, messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from actors.models import Actor, Collectivity

from . import duplicates, merging, quality, services
from .forms import InvitationForm, MergeForm, PairForm, QualityFilterForm
from .models import ImportJob, NotDuplicate


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


QUALITY_PAGE_SIZE = 50


@permission_required("actors.view_actor", raise_exception=True)
def data_quality(request):
    """Actors to complete, filtered and sorted (counted and paged in SQL), each with what it lacks and
    its last invitation; collectivities without a description."""
    form = QualityFilterForm(request.GET)
    page = Paginator(quality.actors_to_complete(**form.filters()), QUALITY_PAGE_SIZE).get_page(request.GET.get("page"))
    collectivity_count, collectivities = quality.collectivities_without_description()
    context = {
        **admin_context(request, _("Qualité des données")),
        "form": form,
        "page": page,
        "rows": [(actor, quality.missing_labels(actor)) for actor in page],
        "resend_after": services.resend_after(),
        "can_invite": request.user.has_perm("actors.change_actor"),
        "collectivity_count": collectivity_count,
        "collectivities": collectivities,
    }
    return TemplateResponse(request, "curation/quality.html", context)


@permission_required("actors.change_actor", raise_exception=True)
@require_POST
def invite(request):
    """« Inviter à compléter la fiche » : recorded at once, e-mailed by the worker; back to the same page."""
    form = InvitationForm(request.POST)
    if not form.is_valid():
        raise Http404(_("Fiche invalide."))
    try:
        invitation = services.invite_to_complete(form.cleaned_data["actor"], by=request.user)
    except Actor.DoesNotExist:
        raise Http404(_("Cette fiche n’existe plus.")) from None
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Invitation envoyée pour « %(name)s » (%(count)s destinataire(s)).")
            % {"name": invitation.actor.name, "count": len(invitation.recipients)},
        )
    back = request.POST.get("next", "")
    return redirect(back if back.startswith(reverse("curation:quality")) else "curation:quality")


# --- Imports: their page (progress, then result), their refused rows, the sections' templates ------

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def attachment(content, file_name):
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_name.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def import_job_or_404(request, pk):
    job = get_object_or_404(ImportJob.objects.defer("data").select_related("created_by"), pk=pk)
    if not request.user.has_perm(services.import_permission(job.section)):
        raise PermissionDenied
    return job


def import_job(request, pk):
    """An import's page: a progress bar refreshed every two seconds (htmx; a meta refresh without
    JavaScript) while it runs, then its counts and refused rows."""
    job = import_job_or_404(request, pk)
    context = {
        **admin_context(request, _("Import de « %(name)s »") % {"name": job.file_name}),
        "job": job,
        "rows_done": services.rows_done(job),
        "list_url": changelist_url(services.section_model(job.section)),
        "section_label": services.RESOURCE_OF[job.section].get_display_name(),
        "errors": job.errors[:200],
    }
    template = "curation/import_job_status.html" if request.headers.get("HX-Request") else "curation/import_job.html"
    return TemplateResponse(request, template, context)


def import_job_refused(request, pk):
    """The refused rows of a finished import, in its file's format and columns, with « erreur »."""
    job = get_object_or_404(ImportJob, pk=pk)
    if not request.user.has_perm(services.import_permission(job.section)):
        raise PermissionDenied
    if not job.refused:
        raise Http404(_("Aucune ligne refusée."))
    return attachment(*services.refused_rows_file(job))


def import_template(request, section, extension):
    """An empty file of a section with the French headers the import reads."""
    if section not in services.RESOURCE_OF or extension not in ("csv", "xlsx"):
        raise Http404
    if not request.user.has_perm(services.import_permission(section)):
        raise PermissionDenied
    return attachment(*services.template_file(section, extension))
