"""Reads of partner matching and comparison: candidates filtered and pre-ranked in the database,
then the evidence of a bounded set of them in a fixed number of queries."""

from django.db.models import Exists, IntegerField, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Cast

from actors.filters import domain_and_themes
from actors.models import Actor, Collectivity, Domain, PublicationStatus
from actors.selectors import partner_collectivities
from actors.zones import HOME_COUNTRY
from projects.models import Agreement, Participant

from . import scoring

# Candidates scored in Python, at most: the database keeps the best of them by a cheaper score.
CANDIDATES = 300
SHOWN = 20


def need_domains(slugs):
    """The slugs of the asked domains and of their themes."""
    return tuple(domain_and_themes(slugs).values_list("slug", flat=True)) if slugs else ()


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


def participations_of(actor_ids):
    """Participations in published projects of these actors, with all that scoring and the compare
    page read (a fixed number of queries whatever the number of actors)."""
    participants = Participant.objects.select_related("actor", "collectivity")
    return (
        Participant.objects.filter(actor_id__in=actor_ids, project__status=PublicationStatus.PUBLISHED)
        .select_related("project")
        .prefetch_related(
            Prefetch("project__domains", queryset=Domain.objects.only("pk", "slug", "name", "parent_id")),
            "project__countries",
            Prefetch("project__participants", queryset=participants),
            Prefetch(
                "agreements", queryset=Agreement.objects.prefetch_related(Prefetch("parties", queryset=participants))
            ),
        )
        .order_by("-project__start_year", "project__sort_title", "pk")
    )


def find_partners(need, limit=SHOWN):
    """The best `limit` matches for `need`, each with its reasons (bounded: CANDIDATES scored)."""
    actors = list(candidates(need).prefetch_related("domains", "countries"))
    by_actor = {}
    for participation in participations_of([a.pk for a in actors]):
        by_actor.setdefault(participation.actor_id, []).append(participation)
    matches = [scoring.score(actor, by_actor.get(actor.pk, []), need) for actor in actors]
    return scoring.rank([m for m in matches if m.score])[:limit]


MIN_COMPARED, MAX_COMPARED = 2, 4


def compare_actors(slugs):
    """[{actor, participations, partners, modes}] for the published actors among `slugs`, in order."""
    actors = {
        a.slug: a for a in Actor.objects.published().filter(slug__in=slugs).prefetch_related("domains", "countries")
    }
    ordered = [actors[s] for s in slugs if s in actors]
    by_actor = {}
    for participation in participations_of([a.pk for a in ordered]):
        by_actor.setdefault(participation.actor_id, []).append(participation)
    return [summary(actor, by_actor.get(actor.pk, [])) for actor in ordered]


def summary(actor, participations):
    modes = {}
    for participation in participations:
        for agreement in participation.agreements.all():
            if agreement.mode:
                modes.setdefault(agreement.mode, agreement.get_mode_display())
    return {
        "actor": actor,
        "participations": participations,
        "partners": [entry["collectivity"] for entry in partner_collectivities(participations)],
        "modes": list(modes.values()),
    }
