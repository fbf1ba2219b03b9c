"""Public pages of actors and collectivities: filterable lists (with exports) and profiles."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from core.listing import export_response, list_page

from .filters import ActorFilter, CollectivityFilter
from .models import Actor, Collectivity


def yes_no(value):
    return {True: _("oui"), False: _("non")}.get(value, "")


def join(values):
    return " ; ".join(str(v) for v in values if v)


ACTOR_COLUMNS = [
    (_("Nom"), lambda a: a.name),
    (_("Sigle"), lambda a: a.acronym),
    (_("Forme juridique"), lambda a: a.get_legal_form_display()),
    (_("Statut précis"), lambda a: a.get_legal_status_display() if a.legal_status else ""),
    (_("Domaines"), lambda a: join(d.name for d in a.domains.all())),
    (_("Pays du siège"), lambda a: a.country.name),
    (_("Pays d’intervention"), lambda a: join(c.name for c in a.countries.all())),
    (_("Ville"), lambda a: a.city),
    (_("Site web"), lambda a: a.website),
    (_("Répondant au questionnaire"), lambda a: yes_no(a.is_respondent)),
    (_("Description"), lambda a: a.description),
    (_("Fiche"), lambda a: a.get_absolute_url()),
]

COLLECTIVITY_COLUMNS = [
    (_("Nom"), lambda c: c.name),
    (_("Sigle"), lambda c: c.acronym),
    (_("Type"), lambda c: c.get_kind_display()),
    (_("Institution"), lambda c: c.get_institution_display() if c.institution else ""),
    (_("Pays"), lambda c: c.country.name),
    (_("Territoire"), lambda c: c.territory),
    (_("Code officiel"), lambda c: c.official_code),
    (_("Site web"), lambda c: c.website),
    (_("Répondant au questionnaire"), lambda c: yes_no(c.is_respondent)),
    (_("Fiche"), lambda c: c.get_absolute_url()),
]


def absolute(request, columns):
    """The same columns, with the page address made absolute."""
    *rest, (header, url) = columns
    return [*rest, (header, lambda obj: request.build_absolute_uri(url(obj)))]


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
    actor = get_object_or_404(Actor.objects.published().prefetch_related("domains__parent", "countries"), slug=slug)
    participations = list(
        actor.participations.filter(project__status="published")
        .select_related("project")
        .prefetch_related(
            "project__participants__actor",
            "project__participants__collectivity",
            "agreements__parties__actor",
            "agreements__parties__collectivity",
        )
        .order_by("-project__start_year", "project__sort_title")
    )
    for participation in participations:
        participation.agreements_with_others = [
            (agreement, [party for party in agreement.parties.all() if party.pk != participation.pk])
            for agreement in participation.agreements.all()
        ]
    return render(
        request,
        "actors/actor_detail.html",
        {
            "actor": actor,
            "jsonld": actor_jsonld(request, actor),
            "participations": participations,
            "partners": partner_collectivities(participations),
            "can_contact": bool(actor.email) or actor.editorships.exists(),
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


def partner_collectivities(participations):
    """The published collectivities met in the actor's projects, each with those projects."""
    partners = {}
    for participation in participations:
        for other in participation.project.participants.all():
            collectivity = other.collectivity
            if collectivity is None or not collectivity.public_url:
                continue
            entry = partners.setdefault(collectivity.pk, {"collectivity": collectivity, "projects": {}})
            entry["projects"][participation.project.pk] = participation.project
    for entry in partners.values():
        entry["projects"] = list(entry["projects"].values())
    return sorted(partners.values(), key=lambda e: e["collectivity"].sort_name)


def collectivity_detail(request, slug):
    collectivity = get_object_or_404(Collectivity.objects.published(), slug=slug)
    participations = list(
        collectivity.participations.filter(project__status="published")
        .select_related("project")
        .prefetch_related(
            "project__participants__actor",
            "project__participants__collectivity",
            "project__agreements__parties__actor",
            "project__agreements__parties__collectivity",
        )
        .order_by("-project__start_year", "project__sort_title")
    )
    cooperations = {}
    for participation in participations:
        entry = cooperations.setdefault(
            participation.project.pk, {"project": participation.project, "roles": [], "partners": [], "actors": []}
        )
        entry["roles"].append(participation)
    for entry in cooperations.values():
        for other in entry["project"].participants.all():
            if other.collectivity_id == collectivity.pk:
                continue
            if other.collectivity_id and other.collectivity.is_published:
                entry["partners"].append(other)
            elif other.actor_id and other.actor.is_published:
                entry["actors"].append(other)
    partner_collectivities = {}
    for entry in cooperations.values():
        for other in entry["partners"]:
            if other.collectivity.public_url:
                partner_collectivities.setdefault(other.collectivity.pk, other.collectivity)
    return render(
        request,
        "actors/collectivity_detail.html",
        {
            "collectivity": collectivity,
            "cooperations": list(cooperations.values()),
            "partner_collectivities": sorted(
                (c for c in partner_collectivities.values() if not c.is_french), key=lambda c: c.sort_name
            ),
            "associated_bodies": sorted(
                (c for c in partner_collectivities.values() if c.is_french), key=lambda c: c.sort_name
            ),
        },
    )
