"""Reads of partner matching and comparison: candidates filtered and pre-ranked in the database,
then the evidence of a bounded set of them in a fixed number of queries."""

from django.db import connections
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, RowNumber

from actors.models import Actor, Collectivity, Domain, PublicationStatus
from actors.selectors import cached_domain_choices, link_targets
from actors.zones import HOME_COUNTRY
from core.links import prefetch_links
from projects.models import Agreement, ContractMode, Participant, Project

from . import scoring

# Candidates scored in Python, at most: the database keeps the best of them by a cheaper score.
CANDIDATES = 300
SHOWN = 20


def need_domains(slugs):
    """The slugs of the asked domains and of their themes (from the cached domains: no query)."""
    slugs = set(slugs)
    _choices, domains = cached_domain_choices()
    return tuple(d.slug for d in domains if d.slug in slugs or (d.parent_id and d.parent.slug in slugs))


def published_participations():
    return Participant.objects.filter(project__status=PublicationStatus.PUBLISHED, actor_id=OuterRef("pk"))


def evidence_conditions(need):
    """{name: (Exists or Q over the actor, weight)}: the database's view of each scoring rule."""
    places = sorted(need.places)
    done = published_participations()
    conditions = {}
    if need.domains:
        conditions["did_domain"] = (
            Exists(done.filter(project__domains__slug__in=need.domains)),
            scoring.PROJECT_IN_DOMAIN,
        )
        conditions["says_domain"] = (Q(domains__slug__in=need.domains), scoring.DECLARED_DOMAIN)
    if places:
        conditions["did_place"] = (Exists(done.filter(project__countries__in=places)), scoring.PROJECT_IN_PLACE)
        abroad = [code for code in places if code != HOME_COUNTRY]
        conditions["says_place"] = (Q(countries__in=places) | Q(country__in=abroad), scoring.DECLARED_PLACE)
    if need.role:
        conditions["did_role"] = (Exists(done.filter(role=need.role)), scoring.ROLE_HELD)
    if need.mode:
        conditions["did_mode"] = (Exists(done.filter(agreements__mode=need.mode)), scoring.MODE_EXPERIENCED)
    if need.kind:
        kind = Collectivity.objects.published().french().filter(kind=need.kind)
        did_kind = Exists(done.filter(project__participants__collectivity__in=kind))
        conditions["did_kind"] = (did_kind, scoring.SAME_KIND_OF_COLLECTIVITY)
    return conditions


def candidates(need):
    """Published actors meeting at least one rule, best first by a cheap score computed in SQL
    (each rule met once), at most CANDIDATES of them."""
    conditions = evidence_conditions(need)
    if not conditions:
        return Actor.objects.none()
    met = Q()
    for condition, _weight in conditions.values():
        met |= condition if isinstance(condition, Q) else Q(condition)
    matching_ids = Actor.objects.published().filter(met).values("pk")
    queryset = Actor.objects.filter(pk__in=matching_ids)
    cheap = Value(0)
    for name, (condition, weight) in conditions.items():
        flag = condition if not isinstance(condition, Q) else Exists(Actor.objects.filter(condition, pk=OuterRef("pk")))
        queryset = queryset.annotate(**{name: Cast(flag, IntegerField())})
        cheap = cheap + weight * Cast(flag, IntegerField())
    queryset = queryset.annotate(cheap_score=cheap)
    return queryset.order_by("-cheap_score", "-is_respondent", "sort_name", "pk")[:CANDIDATES]


def participations_of(actor_ids, links=True):
    """Participations in published projects of these actors, with all that scoring and the compare
    page read (a fixed number of queries whatever the number of actors); without `links`, their projects'
    domains and countries are left to the caller (`core.links.prefetch_links`)."""
    participants = Participant.objects.select_related("actor", "collectivity")
    domains = Prefetch("project__domains", queryset=Domain.objects.only("pk", "slug", "name", "parent_id"))
    return (
        Participant.objects.filter(actor_id__in=actor_ids, project__status=PublicationStatus.PUBLISHED)
        .select_related("project")
        .prefetch_related(
            *([domains, "project__countries"] if links else []),
            Prefetch("project__participants", queryset=participants),
            Prefetch(
                "agreements", queryset=Agreement.objects.prefetch_related(Prefetch("parties", queryset=participants))
            ),
        )
        .order_by("-project__start_year", "project__sort_title", "pk")
    )


def find_partners(need, limit=SHOWN):
    """The best `limit` matches for `need`, each with its reasons (bounded: CANDIDATES scored)."""
    actors = list(candidates(need))
    participations = list(participations_of([a.pk for a in actors], links=False))
    projects = [participation.project for participation in participations]
    links = [(actors, "domains"), (actors, "countries"), (projects, "domains"), (projects, "countries")]
    prefetch_links(links, link_targets(), Actor.objects.db)
    by_actor = {}
    for participation in participations:
        by_actor.setdefault(participation.actor_id, []).append(participation)
    matches = [scoring.score(actor, by_actor.get(actor.pk, []), need) for actor in actors]
    return scoring.rank([m for m in matches if m.score])[:limit]


MIN_COMPARED, MAX_COMPARED = 2, 4
COMPARED = 10  # projects and partner collectivities shown per compared actor; the others are counted


def compared_actors(slugs):
    """The published actors among `slugs`, in their order (one query: what the page shows of them comes
    from `compare_rows`, only when its cached table is not)."""
    actors = {a.slug: a for a in Actor.objects.published().filter(slug__in=slugs)}
    return [actors[s] for s in slugs if s in actors]


def compare_rows(actors):
    """[{actor, participations, project_count, partners, partner_count, modes}] for `actors`, in a fixed
    number of queries whatever their number of projects: their COMPARED most recent projects and first
    partner collectivities by name are shown, and how many they have in all."""
    prefetch_related_objects(actors, "domains", "countries")
    ids = [a.pk for a in actors]
    participations, partners, modes = {}, {}, {}
    for participation in recent_participations(ids):
        participations.setdefault(participation.actor_id, []).append(participation)
    for actor_id, collectivity, total in first_partners(ids):
        partners.setdefault(actor_id, ([], total))[0].append(collectivity)
    for actor_id, mode in agreement_modes(ids):
        modes.setdefault(actor_id, []).append(ContractMode(mode).label)
    return [
        {
            "actor": actor,
            "participations": participations.get(actor.pk, []),
            "project_count": participations[actor.pk][0].total if actor.pk in participations else 0,
            "partners": partners.get(actor.pk, ([], 0))[0],
            "partner_count": partners.get(actor.pk, ([], 0))[1],
            "modes": modes.get(actor.pk, []),
        }
        for actor in actors
    ]


def recent_participations(actor_ids):
    """The COMPARED most recent participations in published projects of each actor (with its project),
    each with the `total` of the actor's participations."""
    per_actor = {"partition_by": F("actor_id")}
    newest = [F("project__start_year").desc(), "project__sort_title", "pk"]
    return (
        Participant.objects.filter(actor_id__in=actor_ids, project__status=PublicationStatus.PUBLISHED)
        .select_related("project")
        .annotate(
            rank=Window(RowNumber(), order_by=newest, **per_actor),
            total=Window(Count("pk"), **per_actor),
        )
        .filter(rank__lte=COMPARED)
        .order_by("actor_id", "rank")
    )


def first_partners(actor_ids):
    """[(actor id, collectivity, the actor's number of partner collectivities)]: the COMPARED first by
    name of the published collectivities met in each actor's published projects, ranked and counted by
    the database (a window over the distinct pairs: an actor may have met a thousand)."""
    published, params = Collectivity.objects.published().values("pk").query.sql_with_params()
    links, projects = Participant._meta.db_table, Project._meta.db_table
    ids = ", ".join(["%s"] * len(actor_ids))
    pairs = (
        "SELECT DISTINCT a.actor_id, c.id AS collectivity_id, c.sort_name "  # noqa: S608 - names and placeholders
        f"FROM {links} a JOIN {projects} p ON p.id = a.project_id JOIN {links} o ON o.project_id = p.id "
        f"JOIN {Collectivity._meta.db_table} c ON c.id = o.collectivity_id "
        f"WHERE a.actor_id IN ({ids}) AND p.status = %s AND c.id IN ({published})"
    )
    ranked = (
        "SELECT actor_id, collectivity_id, ROW_NUMBER() OVER (PARTITION BY actor_id ORDER BY sort_name, "  # noqa: S608
        f"collectivity_id) AS n, COUNT(*) OVER (PARTITION BY actor_id) AS total FROM ({pairs}) pairs"
    )
    with connections[Collectivity.objects.db].cursor() as cursor:
        cursor.execute(
            f"SELECT actor_id, collectivity_id, total FROM ({ranked}) r WHERE n <= %s ORDER BY actor_id, n",  # noqa: S608
            [*actor_ids, PublicationStatus.PUBLISHED, *params, COMPARED],
        )
        rows = cursor.fetchall()
    collectivities = Collectivity.objects.in_bulk([row[1] for row in rows])
    return [(actor_id, collectivities[pk], total) for actor_id, pk, total in rows]


def agreement_modes(actor_ids):
    """(actor id, mode) of the contracting modes of the agreements each actor is a party to, in published
    projects, in the modes' order."""
    pairs = set(
        Agreement.objects.in_published_projects()
        .with_mode()
        .filter(parties__actor_id__in=actor_ids)
        .order_by()
        .values_list("parties__actor_id", "mode")
        .distinct()
    )
    order = [value for value, _label in ContractMode.choices]
    return sorted(pairs, key=lambda pair: (pair[0], order.index(pair[1])))
