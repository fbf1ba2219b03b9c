"""The reads of the actors' and collectivities' pages and of the directory's statistics.

Pages, the API and matching share these functions; the projects' rows are reached through the
reverse relations (`participations`), so that this app never imports the apps above it."""

from django.db import connections
from django.db.models import Count, F, Prefetch, Q, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from core import directory_cache
from core.listing import CountedPaginator

from .models import Actor, Collectivity, CollectivityType, Country, Domain, LegalForm, Zone

PARTICIPATION_ORDER = ("-project__start_year", "project__sort_title")
PER_PAGE = 20


# --- Actor page -----------------------------------------------------------------------------------


# What an actor's page shows of its own links (its domains with their parents, its countries).
PROFILE_PREFETCH = (Prefetch("domains", queryset=Domain.objects.select_related("parent")), "countries")


def published_actor_profiles():
    """Published actors with what their page shows prefetched."""
    return Actor.objects.published().prefetch_related(*PROFILE_PREFETCH)


def with_profile(actor):
    """`actor` with PROFILE_PREFETCH read (a relation already read is not read again)."""
    prefetch_related_objects([actor], *PROFILE_PREFETCH)
    return actor


def with_organisation(participations):
    """All participants (rows of the model behind `participations`) with their organisation in the same
    query (this app reaches the projects' models through its reverse relations only)."""
    return participations.rel.related_model.objects.select_related("actor", "collectivity")


def agreements_with_parties():
    """Agreements with their parties and the parties' organisations: two queries for any number."""
    agreement_model = Actor.participations.rel.related_model.agreements.rel.related_model
    parties = Prefetch("parties", queryset=with_organisation(Actor.participations))
    return agreement_model.objects.prefetch_related(parties)


def participation_page(queryset, page_number, key):
    """The page `page_number` of an entry's participations (PER_PAGE at a time), its rows not read yet
    (the page's fragments may be cached). Their number, counted over thousands of rows for the busiest
    entries, is kept in the shared cache under `key` until the data changes."""
    count = directory_cache.cached("detail-count", key, queryset.order_by().count)
    return CountedPaginator(queryset, PER_PAGE, count).get_page(page_number)


def actor_participations(actor, page_number=1):
    """The page of the actor's roles in published projects, newest project first (its rows: see
    `page_participations`)."""
    return participation_page(
        actor.participations.in_published_projects()
        .select_related("project")
        .prefetch_related(Prefetch("project__participants", queryset=with_organisation(Actor.participations)))
        .order_by(*PARTICIPATION_ORDER, "pk"),
        page_number,
        ("actor", actor.pk),
    )


def page_participations(page):
    """The participations of an actor's `page`, each with its `agreements_with_others`: [(agreement,
    the other parties)] for every agreement it is a party to. The agreements come in one query with
    their parties' ids; the parties are the projects' prefetched participants (an agreement binds
    participants of its own project)."""
    participations = list(page.object_list)
    agreement_model = Actor.participations.rel.related_model.agreements.rel.related_model
    links = agreement_model.parties.through.objects.filter(participant__in=[p.pk for p in participations])
    agreements, parties = {}, {}
    for agreement in agreement_model.objects.filter(pk__in=links.values("agreement")).annotate(party=F("parties")):
        agreements.setdefault(agreement.pk, agreement)
        parties.setdefault(agreement.pk, set()).add(agreement.party)
    for participation in participations:
        members = participation.project.participants.all()
        participation.agreements_with_others = [
            (agreement, [p for p in members if p.pk in parties[pk] and p.pk != participation.pk])
            for pk, agreement in agreements.items()
            if participation.pk in parties[pk]
        ]
    return participations


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


def collectivity_participations(collectivity, page_number=1):
    """The page of the collectivity's roles in published projects, newest project first, with every
    participant and agreement of those projects prefetched when its rows are read."""
    return participation_page(
        collectivity.participations.in_published_projects()
        .select_related("project")
        .prefetch_related(
            Prefetch("project__participants", queryset=with_organisation(Actor.participations)),
            Prefetch("project__agreements", queryset=agreements_with_parties()),
        )
        .order_by(*PARTICIPATION_ORDER, "pk"),
        page_number,
        ("collectivity", collectivity.pk),
    )


def actor_map_countries(actor):
    """{code: 1} of the countries an actor works in or is based in (its map; countries prefetched)."""
    codes = {str(c.code): 1 for c in actor.countries.all()}
    if actor.country:
        codes.setdefault(str(actor.country), 1)
    return codes


def cooperation_countries(collectivity):
    """{code: 1} of the collectivity's country and of the countries of its published projects (one query,
    kept in the shared cache until the data changes: the busiest collectivities have thousands of projects)."""

    def compute():
        projects = collectivity.participations.in_published_projects().values("project_id")
        return sorted(set(Country.objects.filter(projects__in=projects).values_list("code", flat=True)))

    codes = {str(collectivity.country): 1}
    codes.update({str(code): 1 for code in directory_cache.cached("cooperation-countries", collectivity.pk, compute)})
    return codes


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


def actors_by_legal_form(actors):
    """[(value, label, actors, respondents)] for every legal form, in the choices' order (one query)."""
    rows = (
        actors.order_by().values_list("legal_form").annotate(n=Count("pk"), r=Count("pk", filter=Q(is_respondent=True)))
    )
    counts = {form: (n, r) for form, n, r in rows}
    return [(value, label, *counts.get(value, (0, 0))) for value, label in LegalForm.choices]


def actors_by_root_domain(actors):
    """[(root domain, number of actors in it or in one of its themes)], in the domains' order."""
    per_root = dict(
        actors.order_by().values_list(Coalesce("domains__parent", "domains")).annotate(n=Count("pk", distinct=True))
    )
    return [(root, per_root.get(root.pk, 0)) for root in Domain.objects.roots()]


def grouped_counts(sql, params, using):
    """{key: count} from a query selecting (key, count) rows, on the database `using` (a queryset's `db`)."""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def has_arrays(actors):
    """Whether the actors' rows carry `country_codes` and `domain_ids` (PostgreSQL: arrays kept current by
    triggers, actors/migrations/0013_actor_filter_arrays.py); elsewhere the link tables are read."""
    return connections[actors.db].vendor == "postgresql"


ARRAYS = {"country_codes": RawSQL("country_codes", ()), "domain_ids": RawSQL("domain_ids", ())}


def with_array(actors, column):
    """(sql, params) selecting (pk, values: the array `column`) of `actors`, in one scan of their table."""
    return actors.order_by().annotate(values=ARRAYS[column]).values("pk", "values").query.sql_with_params()


def domain_counts_sql(actors):
    """(sql, params) of the (domain id, actors) rows of `actors`, a domain counting its themes' actors
    (PostgreSQL: from `domain_ids`, which holds the parents of the actor's themes)."""
    sql, params = with_array(actors, "domain_ids")
    return f"SELECT d, COUNT(*) FROM ({sql}) s, unnest(s.values) d GROUP BY d", params


def actor_country_pairs(actors):
    """(sql, params): the distinct (actor, code) pairs of `actors` and the countries they are based or
    work in — what the country facet and the statistics count, grouped by the database."""
    if has_arrays(actors):
        sql, params = with_array(actors, "country_codes")
        return f"SELECT s.pk AS actor, c AS code FROM ({sql}) s, unnest(s.values) c", params
    ids_sql, params = actors.order_by().values("pk", "country").query.sql_with_params()
    links = Actor.countries.through._meta.db_table
    sql = (
        f"SELECT s.pk AS actor, s.country AS code FROM ({ids_sql}) s WHERE s.country <> '' "
        f"UNION SELECT t.actor_id, t.country_id FROM {links} t WHERE t.actor_id IN (SELECT s.pk FROM ({ids_sql}) s)"
    )
    return sql, [*params, *params]


def country_counts_sql(actors):
    """(sql, params) of the (code, actors based or working there) rows of `actors`."""
    sql, params = actor_country_pairs(actors)
    return f"SELECT u.code, COUNT(*) FROM ({sql}) u GROUP BY u.code", params


def actors_per_country(actors):
    """{code: number of actors based or working there}."""
    return grouped_counts(*country_counts_sql(actors), actors.db)


def actors_by_country(actors):
    """[(Country, number of actors)] outside France, most actors first."""
    counts = actors_per_country(actors)
    return [
        (Country(code=code), n)
        for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if code not in ("FR", "")
    ]


def actors_by_zone(actors):
    """[(zone, label, number of actors working there)] outside France, most actors first."""
    sql, params = actor_country_pairs(actors)
    counts = grouped_counts(
        f"SELECT c.zone, COUNT(DISTINCT u.actor) FROM ({sql}) u JOIN {Country._meta.db_table} c ON c.code = u.code "
        "WHERE u.code <> 'FR' GROUP BY c.zone",
        params,
        actors.db,
    )
    labels = dict(Zone.choices)
    return sorted(((z, labels[z], n) for z, n in counts.items() if z in labels), key=lambda item: -item[2])


def collectivities_by_kind():
    """[(kind, label, published collectivities, respondents)], most numerous first (one query)."""
    labels = dict(CollectivityType.choices)
    rows = (
        Collectivity.objects.published()
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"), r=Count("pk", filter=Q(is_respondent=True)))
    )
    return [(kind, labels.get(kind, kind), n, r) for kind, n, r in sorted(rows, key=lambda row: -row[1])]
