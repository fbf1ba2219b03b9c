"""Public pages of actors and collectivities: filterable lists (with exports) and profiles."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
    return actor_page(request, get_object_or_404(selectors.published_actor_profiles(), slug=slug))


def collectivity_detail(request, slug):
    collectivity = get_object_or_404(Collectivity.objects.published(), slug=slug)
    page, participations = selectors.collectivity_participations(collectivity, request.GET.get("page"))
    cooperations = selectors.collectivity_cooperations(collectivity, participations)
    abroad, french = selectors.partner_bodies(cooperations)
    return render(
        request,
        "actors/collectivity_detail.html",
        {
            "collectivity": collectivity,
            **pagination(page),
            "jsonld": collectivity_jsonld(request, collectivity),
            "world_map": world_map(
                "carte-collectivite",
                selectors.cooperation_countries(collectivity),
                caption=_("Son pays et ceux de ses coopérations"),
                small=True,
                skip_home=False,
                url=lambda code: f"{reverse('projects:project_list')}?pays={code}",
                unit=_("présence"),
            ),
            "cooperations": cooperations,
            "partner_collectivities": abroad,
            "associated_bodies": french,
        },
    )
