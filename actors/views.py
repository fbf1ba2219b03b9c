"""Public pages of actors and collectivities: filterable lists (with exports) and profiles."""

from django.shortcuts import get_object_or_404, render

from core.exports import absolute
from core.listing import export_response, list_page

from . import selectors
from .exports import ACTOR_COLUMNS, COLLECTIVITY_COLUMNS
from .filters import ActorFilter, CollectivityFilter
from .models import Actor, Collectivity
from .pages import actor_page, collectivity_jsonld, pagination


def actor_list(request):
    filterset = ActorFilter(request.GET, queryset=Actor.objects.published())
    return list_page(
        request,
        filterset=filterset,
        template="actors/actor_list.html",
        prefetch=["domains", "countries"],
        export=lambda qs, fmt: export_response(
            qs, fmt, filename="acteurs-ess", title="Acteurs", columns=absolute(request, ACTOR_COLUMNS)
        ),
    )


def collectivity_list(request):
    filterset = CollectivityFilter(request.GET, queryset=Collectivity.objects.published())
    return list_page(
        request,
        filterset=filterset,
        template="actors/collectivity_list.html",
        export=lambda qs, fmt: export_response(
            qs, fmt, filename="collectivites", title="Collectivités", columns=absolute(request, COLLECTIVITY_COLUMNS)
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
            "cooperations": cooperations,
            "partner_collectivities": abroad,
            "associated_bodies": french,
        },
    )
