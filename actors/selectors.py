"""The reads of the actors' and collectivities' pages and of the directory's statistics.

Pages, the API and matching share these functions; the projects' rows are reached through the
reverse relations (`participations`), so that this app never imports the apps above it."""

from collections import Counter, defaultdict

from django.db.models import Count
from django.db.models.functions import Coalesce

from .models import Actor, Collectivity, CollectivityType, Country, Domain, LegalForm, Zone

PARTICIPATION_ORDER = ("-project__start_year", "project__sort_title")


# --- Actor page -----------------------------------------------------------------------------------


def published_actor_profiles():
    """Published actors with what their page shows prefetched."""
    return Actor.objects.published().prefetch_related("domains__parent", "countries")


def actor_participations(actor):
    """The actor's roles in published projects, newest project first, each with its
    `agreements_with_others` (see below)."""
    participations = list(
        actor.participations.in_published_projects()
        .select_related("project")
        .prefetch_related(
            "project__participants__actor",
            "project__participants__collectivity",
            "agreements__parties__actor",
            "agreements__parties__collectivity",
        )
        .order_by(*PARTICIPATION_ORDER)
    )
    for participation in participations:
        participation.agreements_with_others = agreements_with_others(participation)
    return participations


def agreements_with_others(participation):
    """[(agreement, the other parties)] for every agreement the participation is a party to
    (uses prefetched agreements and parties)."""
    return [
        (agreement, [party for party in agreement.parties.all() if party.pk != participation.pk])
        for agreement in participation.agreements.all()
    ]


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


# --- Collectivity page ----------------------------------------------------------------------------


def collectivity_participations(collectivity):
    """The collectivity's roles in published projects, newest project first, with every participant
    and agreement of those projects prefetched."""
    return list(
        collectivity.participations.in_published_projects()
        .select_related("project")
        .prefetch_related(
            "project__participants__actor",
            "project__participants__collectivity",
            "project__agreements__parties__actor",
            "project__agreements__parties__collectivity",
        )
        .order_by(*PARTICIPATION_ORDER)
    )


def collectivity_cooperations(collectivity, participations):
    """One entry per project: the project, the collectivity's roles in it, the published partner
    collectivities and the published ESS actors of that project."""
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
    return list(cooperations.values())


def partner_bodies(cooperations):
    """(partner collectivities abroad, associated French bodies) met in the cooperations, by name."""
    bodies = {}
    for entry in cooperations:
        for other in entry["partners"]:
            if other.collectivity.public_url:
                bodies.setdefault(other.collectivity.pk, other.collectivity)
    by_name = sorted(bodies.values(), key=lambda c: c.sort_name)
    return [c for c in by_name if not c.is_french], [c for c in by_name if c.is_french]


# --- Statistics -----------------------------------------------------------------------------------


def count_by(queryset, field):
    """{value of `field`: number of rows}, counted by the database."""
    return dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))


def actors_by_legal_form(actors):
    """[(value, label, actors, respondents)] for every legal form, in the choices' order."""
    forms = count_by(actors, "legal_form")
    respondents = count_by(actors.respondents(), "legal_form")
    return [(value, label, forms.get(value, 0), respondents.get(value, 0)) for value, label in LegalForm.choices]


def actors_by_root_domain(actors):
    """[(root domain, number of actors in it or in one of its themes)], in the domains' order."""
    per_root = dict(
        actors.order_by().values_list(Coalesce("domains__parent", "domains")).annotate(n=Count("pk", distinct=True))
    )
    return [(root, per_root.get(root.pk, 0)) for root in Domain.objects.roots()]


def actor_countries(actors):
    """{actor id: set of country codes}: its headquarters' country and the countries it works in."""
    countries_of = defaultdict(set)
    for actor_id, code in actors.exclude(country="").values_list("pk", "country"):
        countries_of[actor_id].add(str(code))
    links = Actor.countries.through.objects.filter(actor__in=actors)
    for actor_id, code in links.values_list("actor_id", "country_id"):
        countries_of[actor_id].add(str(code))
    return countries_of


def actors_by_country(countries_of):
    """[(Country, number of actors)] outside France, most actors first."""
    counts = Counter(code for codes in countries_of.values() for code in codes)
    return [
        (Country(code=code), n)
        for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if code not in ("FR", "")
    ]


def actors_by_zone(countries_of):
    """[(zone label, number of actors working there)] outside France, most actors first."""
    zones = dict(Country.objects.values_list("code", "zone"))
    counts = Counter()
    for codes in countries_of.values():
        for zone in {zones.get(code) for code in codes if code != "FR"} - {None}:
            counts[zone] += 1
    labels = dict(Zone.choices)
    return sorted(((labels[z], n) for z, n in counts.items()), key=lambda item: -item[1])


def collectivities_by_kind():
    """[(kind, label, number of published collectivities)], most numerous first."""
    labels = dict(CollectivityType.choices)
    counts = count_by(Collectivity.objects.published(), "kind")
    return [(kind, labels.get(kind, kind), n) for kind, n in sorted(counts.items(), key=lambda item: -item[1])]


def respondent_total():
    """Published actors and collectivities that answered the study's questionnaire."""
    return Actor.objects.published().respondents().count() + Collectivity.objects.published().respondents().count()
