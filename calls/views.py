"""Calls for partners: the public list (open and archived), a call's page and its answer form, and the
collectivity's space (tie an account, post a call, read the answers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from contributions.services import editable_actors
from core.listing import list_page
from core.ratelimits import form_status, over_rate_limit

from . import selectors, services
from .filters import CallFilter
from .forms import AnswerForm, CallForm, MembershipForm


def call_list(request):
    filterset = CallFilter(request.GET, queryset=selectors.open_calls())
    return list_page(request, filterset=filterset, template="calls/call_list.html", prefetch=["countries"])


def call_archive(request):
    filterset = CallFilter(request.GET, queryset=selectors.archived_calls())
    context = {"archive": True}
    return list_page(
        request, filterset=filterset, template="calls/call_list.html", prefetch=["countries"], extra_context=context
    )


def visible_call_or_404(request, slug):
    call = selectors.visible_call(slug, request.user)
    if call is None:
        raise Http404
    return call


def call_detail(request, slug):
    call = visible_call_or_404(request, slug)
    return render(request, "calls/call_detail.html", {"call": call, "countries": call.countries.all()})


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="5/h", method="POST", block=False)
def answer(request, slug):
    call = visible_call_or_404(request, slug)
    if not call.is_open:
        messages.info(request, _("Cet appel est clos : il ne reçoit plus de réponses."))
        return redirect(call)
    actors = editable_actors(request.user) if request.user.is_authenticated else None
    form = AnswerForm(request.POST or None, actors=actors)
    limited = over_rate_limit(
        request, form, _("Trop de messages envoyés depuis votre connexion : réessayez dans une heure.")
    )
    if request.method == "POST" and not limited and form.is_valid():
        data = form.cleaned_data
        services.answer_call(call, data, user=request.user, actor=data.get("actor"))
        messages.success(request, _("Réponse envoyée : la collectivité vous écrira directement."))
        return redirect(call)
    return render(request, "calls/answer_form.html", {"form": form, "call": call}, status=form_status(limited))


@login_required
@require_http_methods(["GET", "POST"])
def space(request):
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership = services.request_membership(
            request.user, form.cleaned_data["collectivity"], form.cleaned_data["job_title"]
        )
        if membership.is_verified:
            messages.success(request, _("Compte rattaché : vous pouvez publier des appels."))
        else:
            messages.success(request, _("Demande envoyée : l’équipe vérifiera votre rattachement."))
        return redirect("calls:space")
    calls = list(selectors.calls_of(request.user))
    context = {
        "memberships": selectors.memberships_of(request.user),
        "calls": calls,
        "answers": selectors.answers_to([c.pk for c in calls]),
        "form": form,
    }
    return render(request, "calls/space.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create_call(request):
    collectivities = selectors.verified_collectivities(request.user)
    if not collectivities.exists():
        messages.info(request, _("Rattachez d’abord votre compte à votre collectivité."))
        return redirect("calls:space")
    form = CallForm(request.POST or None, collectivities=collectivities)
    if request.method == "POST" and form.is_valid():
        services.submit_call(request.user, form.save(commit=False), form.cleaned_data["countries"])
        messages.success(request, _("Appel enregistré : il sera publié après validation par l’équipe."))
        return redirect("calls:space")
    return render(request, "calls/call_form.html", {"form": form})


def staff_call_or_404(request, slug):
    """The call, if the signed-in person works for its collectivity; a 404 otherwise."""
    call = selectors.staff_call(request.user, slug)
    if call is None:
        raise Http404
    return call


def withdrawn(request):
    messages.info(request, _("Cet appel a été retiré : il ne peut plus être modifié."))
    return redirect("calls:space")


@login_required
@require_http_methods(["GET", "POST"])
def edit_call(request, slug):
    call = staff_call_or_404(request, slug)
    if call.is_withdrawn:
        return withdrawn(request)
    form = CallForm(request.POST or None, instance=call, collectivities=selectors.verified_collectivities(request.user))
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            services.edit_call(request.user, form.save(commit=False), form.cleaned_data["countries"])
            messages.success(request, _("Appel modifié : il sera de nouveau publié après validation par l’équipe."))
        else:
            messages.info(request, _("Aucune modification à envoyer."))
        return redirect("calls:space")
    return render(request, "calls/call_form.html", {"form": form, "call": call})


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_call(request, slug):
    call = staff_call_or_404(request, slug)
    if call.is_withdrawn:
        return withdrawn(request)
    if request.method == "POST":
        services.withdraw_call(request.user, call)
        messages.success(request, _("Appel retiré : il n’est plus sur le site ; ses réponses restent ici."))
        return redirect("calls:space")
    return render(request, "calls/call_withdraw.html", {"call": call})
