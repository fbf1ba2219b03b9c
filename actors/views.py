"""Public pages of actors and collectivities: filterable lists (with exports) and profiles."""

from django.shortcuts import get_object_or_404, render

from core.exports import absolute
from core.listing import export_response, list_page

from . import selectors
from .exports import ACTOR_COLUMNS, COLLECTIVITY_COLUMNS
from .filters import ActorFilter, CollectivityFilter
from .models import Actor, Collectivity


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


def actor_page(request, actor, preview=False):
    """An actor's page; `preview` for its editors while it is not published (contributions)."""
    participations = selectors.actor_participations(actor)
    return render(
        request,
        "actors/actor_detail.html",
        {
            "actor": actor,
            "jsonld": actor_jsonld(request, actor),
            "participations": participations,
            "partners": selectors.partner_collectivities(participations),
            "preview": preview,
        },
    )


def actor_jsonld(request, actor):
    """schema.org Organization, for search engines and other directories."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": actor.name,
        "url": request.build_absolute_uri(actor.get_absolute_url()),
        "address": {"@type": "PostalAddress"},
        "areaServed": [
            {"@type": "Country", "name": str(c.name), "identifier": str(c.code)} for c in actor.countries.all()
        ],
        "knowsAbout": [d.name for d in actor.domains.all()],
    }
    optional = {
        "alternateName": actor.acronym,
        "description": actor.description,
        "sameAs": actor.website,
        "telephone": actor.phone,
    }
    data.update({key: value for key, value in optional.items() if value})
    if actor.country:
        data["address"]["addressCountry"] = str(actor.country)
    if actor.city:
        data["address"]["addressLocality"] = actor.city
    if actor.postcode:
        data["address"]["postalCode"] = actor.postcode
    return data


def collectivity_detail(request, slug):
    collectivity = get_object_or_404(Collectivity.objects.published(), slug=slug)
    participations = selectors.collectivity_participations(collectivity)
    cooperations = selectors.collectivity_cooperations(collectivity, participations)
    abroad, french = selectors.partner_bodies(cooperations)
    return render(
        request,
        "actors/collectivity_detail.html",
        {
            "collectivity": collectivity,
            "cooperations": cooperations,
            "partner_collectivities": abroad,
            "associated_bodies": french,
        },
    )
