"""/alertes/: follow a list page by e-mail (confirm, manage, unsubscribe in one click), and the Atom
feeds of the same filtered lists."""

from django.conf import settings
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from core.ratelimits import form_status, over_rate_limit

from . import services
from .forms import FollowForm, FrequencyForm, ManageLinkForm
from .lists import LISTS, from_url, normalise_query
from .models import Alert

FEED_SIZE = 50


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="10/h", method="POST", block=False)
def index(request):
    form = ManageLinkForm(request.POST or None)
    if request.method == "POST" and not getattr(request, "limited", False) and form.is_valid():
        services.send_manage_link(form.cleaned_data["email"])
        messages.success(
            request, _("Si cette adresse suit des recherches, un lien pour les gérer vient d’y être envoyé.")
        )
        return redirect("alerts:index")
    return render(request, "alerts/index.html", {"form": form, "lists": LISTS.values()})


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="10/h", method="POST", block=False)
def follow(request):
    address = request.GET.get("adresse", "")
    followable, query = from_url(address)
    if followable is None:
        raise Http404
    form = FollowForm(request.POST or None)
    limited = over_rate_limit(request, form, _("Trop de demandes depuis votre connexion : réessayez dans une heure."))
    if request.method == "POST" and not limited and form.is_valid():
        services.follow(form.cleaned_data["email"], followable, query, form.cleaned_data["frequency"])
        return render(request, "alerts/check_inbox.html", {"email": form.cleaned_data["email"]})
    context = {"form": form, "description": followable.describe(query), "list_url": f"{followable.path}?{query}"}
    return render(request, "alerts/follow.html", context, status=form_status(limited))


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    alert = get_object_or_404(Alert, token=token)
    if request.method == "POST":
        services.confirm(alert)
        messages.success(request, _("Alerte confirmée : vous recevrez les nouveautés de cette recherche."))
        return redirect(alert)
    return render(
        request, "alerts/confirm.html", {"alert": alert, "description": LISTS[alert.kind].describe(alert.query)}
    )


@require_http_methods(["GET", "POST"])
def manage(request, token):
    alert = get_object_or_404(Alert, token=token)
    alerts = Alert.objects.filter(email=alert.email).order_by("kind", "query")
    if request.method == "POST":
        chosen = request.POST.get("alert", "")
        target = get_object_or_404(alerts, pk=int(chosen) if chosen.isdigit() else 0)
        if "delete" in request.POST:
            target.delete()
            messages.success(request, _("Alerte supprimée."))
            return redirect(alerts.first() or "alerts:index")
        form = FrequencyForm(request.POST)
        if form.is_valid():
            target.frequency = form.cleaned_data["frequency"]
            target.save(update_fields=["frequency"])
            messages.success(request, _("Fréquence enregistrée."))
        return redirect(alert)
    rows = [(a, LISTS[a.kind].describe(a.query), FrequencyForm(initial={"frequency": a.frequency})) for a in alerts]
    return render(request, "alerts/manage.html", {"alert": alert, "rows": rows})


@csrf_exempt  # RFC 8058 one-click unsubscribe: the mail client POSTs without our cookie; the token authorises
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    alert = Alert.objects.filter(token=token).first()
    if request.method == "POST":
        if alert is not None:
            alert.delete()
        return render(request, "alerts/unsubscribed.html")
    if alert is None:
        return render(request, "alerts/unsubscribed.html")
    return render(
        request, "alerts/unsubscribe.html", {"alert": alert, "description": LISTS[alert.kind].describe(alert.query)}
    )


class ListFeed(Feed):
    """Atom feed of a filtered list: its newest and latest updated entries, same filters as the page."""

    feed_type = Atom1Feed

    def get_object(self, request, kind):
        # (list, query): one Feed instance serves every thread, so nothing is kept on `self`.
        return LISTS[kind], normalise_query(request.META.get("QUERY_STRING", ""))

    def title(self, obj):
        followable, query = obj
        return f"{settings.SITE_NAME} — {followable.describe(query)}"

    def link(self, obj):
        followable, query = obj
        return f"{followable.path}?{query}" if query else followable.path

    def subtitle(self, obj):
        return _("Les fiches ajoutées ou mises à jour en dernier.")

    def items(self, obj):
        followable, query = obj
        return followable.filtered(query).order_by("-updated_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        return getattr(item, "description", "") or getattr(item, "summary", "")

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.created_at
