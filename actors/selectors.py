"""The reads of the actors' and collectivities' pages and of the directory's statistics.

Pages, the API and matching share these functions; the projects' rows are reached through the
reverse relations (`participations`), so that this app never imports the apps above it."""

from django.db import connections
from django.db.models import Count, F, Prefetch, prefetch_related_objects
from django.db.models.expressions import RawSQL

from core import directory_cache
from core.filters import GroupedCount
from core.listing import CountedPaginator

from .models import Actor, Collectivity, CollectivityType, Country, Domain, LegalForm, Zone

PARTICIPATION_ORDER = ("-project__start_year", "project__sort_title")
PER_PAGE = 20


# --- Small tables every page reads ---------------------------------------------------------------


def domain_choices():
    """Domains then their themes, as (slug, name), in taxonomy order."""
    domains = list(Domain.objects.select_related("parent").order_by("position", "name"))
    ordered = []
    for root in (d for d in domains if d.parent_id is None):
        ordered.append((root.slug, root.name))
        ordered += [(d.slug, d.name) for d in domains if d.parent_id == root.pk]
    return ordered, domains


def cached_domain_choices():
    """`domain_choices()`, kept in the shared cache until the data changes (every list page needs them)."""
    return directory_cache.cached("domain-choices", "", domain_choices, in_process=True)


def cached_countries():
    """Every Country row (code, zone), by code, kept in the shared cache until the data changes."""
    return directory_cache.cached("countries", "", lambda: list(Country.objects.all()))


def link_targets():
    """The targets of the domain and country links, for `core.links.prefetch_links`."""
    return {Domain: cached_domain_choices()[1], Country: cached_countries()}


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
# The statistics page runs every table's counts in one query (`core.filters.run_counts`): each function
# below gives a table's GroupedCounts, or reads the table from their results.


def grouped(queryset, value, **filters):
    """GroupedCount of the entries of `queryset` (filtered by `filters`) by the field `value`."""
    return GroupedCount.of(queryset.filter(**filters).order_by().values_list(value).annotate(n=Count("pk")))


def legal_form_counts(actors):
    return {
        "forms": grouped(actors, "legal_form"),
        "form_respondents": grouped(actors, "legal_form", is_respondent=True),
    }


def actors_by_legal_form(counts):
    """[(value, label, actors, respondents)] for every legal form, in the choices' order."""
    return [
        (value, label, counts["forms"].get(value, 0), counts["form_respondents"].get(value, 0))
        for value, label in LegalForm.choices
    ]


def count_by_domain(through, column, queryset, domains, key="pk"):
    """{slug: distinct objects of `queryset`} per domain, a domain counting its themes' objects, in one
    grouped query over the link table `through` (whose `column` points to the objects: the `key` field of
    `queryset`, its own key or a one-to-one link)."""
    ids_sql, params = queryset.order_by().values(key).query.sql_with_params()
    links, domain_table = through._meta.db_table, Domain._meta.db_table
    sql = (
        f"SELECT u.domain, COUNT(DISTINCT u.object) FROM ("
        f"SELECT t.{column} AS object, t.domain_id AS domain FROM {links} t WHERE t.{column} IN ({ids_sql}) "
        f"UNION ALL SELECT t.{column}, d.parent_id FROM {links} t JOIN {domain_table} d ON d.id = t.domain_id "
        f"WHERE d.parent_id IS NOT NULL AND t.{column} IN ({ids_sql})) u GROUP BY u.domain"
    )
    return GroupedCount(sql, [*params, *params], read=by_slug(domains))


def by_slug(domains):
    """Reads (domain key, count) rows as {slug: count}."""
    slugs = {str(d.pk): d.slug for d in domains}
    return lambda rows: {slugs[str(pk)]: n for pk, n in rows if str(pk) in slugs}


def actor_domain_counts(actors, domains):
    """GroupedCount of {slug: actors} per domain of `domains`, a domain counting its themes' actors."""
    if has_arrays(actors):
        return GroupedCount(*domain_counts_sql(actors), read=by_slug(domains))
    return count_by_domain(Actor.domains.through, "actor_id", actors, domains)


def actors_by_root_domain(counts, domains):
    """[(root domain, number of actors in it or in one of its themes)], in the domains' order."""
    return [(root, counts["domains"].get(root.slug, 0)) for root in domains if root.parent_id is None]


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


def country_and_zone_counts(actors):
    """GroupedCounts of the actors based or working in each country, and in each zone outside France."""
    sql, params = actor_country_pairs(actors)
    zones = (
        f"SELECT c.zone, COUNT(DISTINCT u.actor) FROM ({sql}) u JOIN {Country._meta.db_table} c ON c.code = u.code "
        "WHERE u.code <> 'FR' GROUP BY c.zone"
    )
    return {"countries": GroupedCount(*country_counts_sql(actors)), "zones": GroupedCount(zones, params)}


def actors_by_country(counts):
    """[(Country, number of actors)] outside France, most actors first."""
    return [
        (Country(code=code), n)
        for code, n in sorted(counts["countries"].items(), key=lambda item: (-item[1], item[0]))
        if code not in ("FR", "")
    ]


def actors_by_zone(counts):
    """[(zone, label, number of actors working there)] outside France, most actors first."""
    labels = dict(Zone.choices)
    rows = ((z, labels[z], n) for z, n in counts["zones"].items() if z in labels)
    return sorted(rows, key=lambda item: -item[2])


def collectivity_kind_counts():
    collectivities = Collectivity.objects.published()
    return {
        "kinds": grouped(collectivities, "kind"),
        "kind_respondents": grouped(collectivities, "kind", is_respondent=True),
    }


def collectivities_by_kind(counts):
    """[(kind, label, published collectivities, respondents)], most numerous first."""
    labels = dict(CollectivityType.choices)
    rows = [
        (kind, labels.get(kind, kind), n, counts["kind_respondents"].get(kind, 0))
        for kind, n in counts["kinds"].items()
    ]
    return sorted(rows, key=lambda row: -row[2])
