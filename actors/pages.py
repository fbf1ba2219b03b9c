"""The actor page, rendered for its public URL (actors.views) and as the preview its editors see
before publication (contributions.views): one page, two doors."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from core.fragments import detail_context
from core.maps import world_map

from . import selectors

# The cached fragments of the actor's page (templates/actors/actor_detail.html), read in one cache read.
ACTOR_FRAGMENTS = ("actor-jsonld", "actor-main", "actor-facts", "actor-map")


def pagination(page):
    """What includes/pagination.html needs for a detail page's paginated projects."""
    return {
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "page_query": "",
    }


def actor_page(request, actor, preview=False):
    """An actor's page; `preview` for its editors while it is not published (contributions). What its
    cached fragments show is computed only when one of them is not cached (core.fragments)."""
    page = selectors.actor_participations(actor, request.GET.get("page"))
    participations = SimpleLazyObject(lambda: selectors.page_participations(page))
    return render(
        request,
        "actors/actor_detail.html",
        {
            "actor": actor,
            "profile": SimpleLazyObject(lambda: selectors.with_profile(actor)),
            "world_map": SimpleLazyObject(lambda: actor_map(selectors.with_profile(actor))),
            "jsonld": lambda: actor_jsonld(request, selectors.with_profile(actor)),
            "participations": participations,
            **pagination(page),
            "partners": SimpleLazyObject(lambda: selectors.partner_collectivities(participations)),
            "preview": preview,
            **detail_context(request, actor, page.number, names=ACTOR_FRAGMENTS),
        },
    )


def actor_map(actor):
    return world_map(
        "carte-acteur",
        selectors.actor_map_countries(actor),
        caption=_("Pays où il travaille ou a son siège"),
        small=True,
        skip_home=False,
        url=lambda code: f"{reverse('actors:actor_list')}?pays={code}",
        unit=_("acteur"),
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


def collectivity_jsonld(request, collectivity):
    """schema.org GovernmentOrganization (a local authority or another public body)."""
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": collectivity.name,
        "url": request.build_absolute_uri(collectivity.get_absolute_url()),
        "address": {"@type": "PostalAddress", "addressCountry": str(collectivity.country)},
    }
    optional = {
        "alternateName": collectivity.acronym,
        "description": collectivity.description,
        "sameAs": collectivity.website,
    }
    data.update({key: value for key, value in optional.items() if value})
    if collectivity.territory:
        data["address"]["addressRegion"] = collectivity.territory
    if collectivity.official_code:
        data["identifier"] = {"@type": "PropertyValue", "name": "code officiel", "value": collectivity.official_code}
    return data
