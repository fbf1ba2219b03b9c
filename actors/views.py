"""Public pages of actors and collectivities: filterable lists (with exports) and profiles."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from core.fragments import detail_context
from core.listing import export_response, list_page
from core.maps import world_map

from . import selectors
from .exports import COLLECTIVITY_COLUMNS, actor_export
from .filters import ActorFilter, CollectivityFilter
from .models import Actor, Collectivity
from .pages import actor_page, collectivity_jsonld, pagination


def actor_list(request):
    filterset = ActorFilter(request.GET, queryset=Actor.objects.published())
    return list_page(
        request,
        filterset=filterset,
        template="actors/actor_list.html",
        cache_rows=True,
        prefetch=["domains", "countries"],
        map_caption=_(
            "Où travaillent ces acteurs (pays d’intervention ou de siège, hors France) — cliquez un pays pour filtrer"
        ),
        export=lambda qs, fmt: export_actors(request, qs, fmt),
    )


def export_actors(request, queryset, export_format):
    queryset, columns = actor_export(queryset)
    return export_response(request, queryset, export_format, filename="acteurs-ess", title="Acteurs", columns=columns)


def collectivity_list(request):
    filterset = CollectivityFilter(request.GET, queryset=Collectivity.objects.published())
    return list_page(
        request,
        filterset=filterset,
        template="actors/collectivity_list.html",
        cache_rows=True,
        export=lambda qs, fmt: export_response(
            request, qs, fmt, filename="collectivites", title="Collectivités", columns=COLLECTIVITY_COLUMNS
        ),
    )


def actor_detail(request, slug):
    return actor_page(request, get_object_or_404(Actor.objects.published(), slug=slug))


def collectivity_detail(request, slug):
    """A collectivity's page: all of it is directory data, cached as fragments (core.fragments); what
    they show is computed only when they are not."""
    collectivity = get_object_or_404(Collectivity.objects.published(), slug=slug)
    page = selectors.collectivity_participations(collectivity, request.GET.get("page"))
    cooperations = SimpleLazyObject(lambda: selectors.collectivity_cooperations(collectivity, list(page.object_list)))
    bodies = SimpleLazyObject(lambda: selectors.partner_bodies(cooperations))
    return render(
        request,
        "actors/collectivity_detail.html",
        {
            "collectivity": collectivity,
            **pagination(page),
            "jsonld": lambda: collectivity_jsonld(request, collectivity),
            "world_map": SimpleLazyObject(lambda: collectivity_map(collectivity)),
            "cooperations": cooperations,
            "partner_collectivities": SimpleLazyObject(lambda: bodies[0]),
            "associated_bodies": SimpleLazyObject(lambda: bodies[1]),
            **detail_context(request, collectivity, page.number, names=("collectivity-jsonld", "collectivity-page")),
        },
    )


def collectivity_map(collectivity):
    return world_map(
        "carte-collectivite",
        selectors.cooperation_countries(collectivity),
        caption=_("Son pays et ceux de ses coopérations"),
        small=True,
        skip_home=False,
        url=lambda code: f"{reverse('projects:project_list')}?pays={code}",
        unit=_("présence"),
    )
