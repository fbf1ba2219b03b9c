"""The actors' space (/espace-acteur/) and the contact form of actor pages."""

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from actors import registry
from actors.models import Actor
from actors.pages import actor_page
from actors.quality import completeness
from core import search
from core.publishing import PublicationStatus
from core.ratelimits import form_status, over_rate_limit

from . import selectors, services
from .forms import ClaimForm, ContactForm, CuratorPreferenceForm, ProfileForm, ReferenceForm
from .models import Submission


def rate_limited(request, exception=None):
    return render(request, "contributions/rate_limited.html", status=429)


@login_required
def dashboard(request):
    editorships = request.user.editorships.select_related("actor").order_by("actor__sort_name")
    submissions = Submission.objects.for_user(request.user).select_related("actor").order_by("-created_at")
    return render(
        request,
        "contributions/dashboard.html",
        {"editorships": editorships, "submissions": submissions},
    )


@login_required
@require_http_methods(["GET", "POST"])
def create_profile(request):
    registry_result = None
    initial = {}
    if request.method == "GET" and request.GET.get("numero"):
        # Pre-fill from the national registry; a failure only says so (manual entry), never blocks.
        registry_result = registry.lookup(request.GET["numero"][:20])
        initial = registry_result.profile_values() if registry_result.found else {}
    form = ProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actor = form.save(commit=False)
        services.submit_new_profile(request.user, actor, form.m2m(), logo=form.cleaned_data.get("logo_file"))
        messages.success(request, _("Fiche enregistrée : elle sera publiée après validation par l’équipe."))
        return redirect("contributions:dashboard")
    context = {"form": form, "creating": True, "registry": registry_result}
    return render(request, "contributions/profile_form.html", context)


def editable_actor(request, slug):
    """The actor, if the signed-in person edits it; a 404 otherwise (nothing to learn by guessing)."""
    actor = get_object_or_404(Actor, slug=slug)
    if not services.is_editor(request.user, actor):
        raise Http404
    return actor


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request, slug):
    actor = editable_actor(request, slug)
    pending = selectors.pending_change(actor, request.user)
    pending_logo = pending.payload.get("logo", "") if pending else ""
    form = ProfileForm(request.POST or None, request.FILES or None, instance=actor, pending_logo=pending_logo)
    if request.method == "POST" and form.is_valid():
        # Nothing is written to the published profile: the form's instance is only read.
        submission = services.submit_change(
            request.user, Actor.objects.get(pk=actor.pk), form.cleaned_data, logo=form.cleaned_data.get("logo_file")
        )
        if submission is not None:
            messages.success(request, _("Modifications envoyées : la fiche publique changera après validation."))
        elif actor.status == PublicationStatus.PUBLISHED:
            messages.info(request, _("Aucune modification à envoyer."))
        else:
            messages.success(request, _("Fiche enregistrée."))
        return redirect("contributions:dashboard")
    if request.method == "GET" and pending:
        form = ProfileForm(initial=selectors.proposed_initial(pending), instance=actor, pending_logo=pending_logo)
    return render(
        request,
        "contributions/profile_form.html",
        {"form": form, "actor": actor, "pending": pending, "completeness": completeness(actor)},
    )


@login_required
def preview(request, slug):
    """The page of a profile not yet published, as it will look, for its editors only."""
    actor = editable_actor(request, slug)
    if actor.is_published:
        return redirect(actor)
    return actor_page(request, actor, preview=True)


@login_required
def claim_search(request):
    query = request.GET.get("q", "")[:200]
    results = []
    if search.has_terms(query):
        results = list(search.best_first(Actor.objects.published(), query)[:20])
    edited = set(request.user.editorships.values_list("actor_id", flat=True))
    return render(request, "contributions/claim_search.html", {"query": query, "results": results, "edited": edited})


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="10/h", method="POST", block=False)
def claim(request, slug):
    actor = get_object_or_404(Actor.objects.published(), slug=slug)
    if services.is_editor(request.user, actor):
        messages.info(request, _("Vous éditez déjà cette fiche."))
        return redirect("contributions:dashboard")
    form = ClaimForm(request.POST or None)
    limited = over_rate_limit(request, form, _("Trop de demandes en peu de temps : réessayez dans une heure."))
    if request.method == "POST" and not limited and form.is_valid():
        data = form.cleaned_data
        number = data["siren"] or data["rna"]
        record = registry.lookup(number).as_dict() if number else None
        services.submit_claim(
            request.user, actor, data["role"], data["siren"], data["rna"], data["justification"], record
        )
        messages.success(request, _("Demande envoyée : l’équipe vérifiera votre lien avec l’organisation."))
        return redirect("contributions:dashboard")
    return render(request, "contributions/claim_form.html", {"form": form, "actor": actor}, status=form_status(limited))


@login_required
@require_http_methods(["GET", "POST"])
def add_reference(request, slug):
    actor = editable_actor(request, slug)
    form = ReferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.submit_reference(request.user, actor, form.cleaned_data)
        messages.success(request, _("Référence envoyée : elle sera publiée après validation."))
        return redirect("contributions:dashboard")
    return render(request, "contributions/reference_form.html", {"form": form, "actor": actor})


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="5/h", method="POST", block=False)
def contact(request, slug):
    actor = get_object_or_404(Actor.objects.published(), slug=slug)
    recipients = selectors.contact_recipients(actor)
    if not recipients:
        raise Http404
    form = ContactForm(request.POST or None)
    limited = over_rate_limit(
        request, form, _("Trop de messages envoyés depuis votre connexion : réessayez dans une heure.")
    )
    if request.method == "POST" and not limited and form.is_valid():
        services.send_contact_message(actor, recipients, form.cleaned_data)
        messages.success(request, _("Message envoyé. L’organisation vous répondra directement."))
        return redirect(reverse("actors:actor_detail", kwargs={"slug": actor.slug}))
    return render(
        request, "contributions/contact_form.html", {"form": form, "actor": actor}, status=form_status(limited)
    )


def curator_preferences(request):
    """A curator's choice of notices of new requests (linked from the admin's home page)."""
    if not services.is_curator(request.user):
        raise PermissionDenied
    form = CuratorPreferenceForm(request.POST or None, initial={"notice": services.notice_of(request.user)})
    if request.method == "POST" and form.is_valid():
        services.set_notice(request.user, form.cleaned_data["notice"])
        messages.success(request, _("Vos préférences de notification sont enregistrées."))
        return redirect("contributions:curator_preferences")
    context = {**admin.site.each_context(request), "title": _("Mes notifications de curation"), "form": form}
    return render(request, "contributions/curator_preferences.html", context)
