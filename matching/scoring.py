"""The partner score: how well an ESS actor fits a collectivity's need, and why (docs/matching.md).

One place for the weights, the rules and the reasons. Every point comes with a reason in plain French
and, when the directory records it, the page that proves it. What an actor did (its participations in
published projects) weighs more than what it declares (its domains and countries); an actor with no
recorded project is ranked on its declarations alone, and says so.

`score(actor, participations, need)` is pure: it reads the actor (with `domains` and `countries`
prefetched) and its participations (with project, domains, countries, participants and agreements
prefetched), so that it can be unit-tested and run on a bounded set of candidates.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from actors.models import CollectivityType
from actors.zones import HOME_COUNTRY, codes_of, in_zone
from projects.models import ContractMode, Role

from .wording import in_country

# The weights (points), documented in docs/matching.md.
PROJECT_IN_DOMAIN = 3  # per project in the domain (or one of its themes), at most MAX_PROJECTS
PROJECT_IN_PLACE = 3  # per project in the country or zone, at most MAX_PROJECTS
MAX_PROJECTS = 2
ROLE_HELD = 4  # has held the role the collectivity needs filled
MODE_EXPERIENCED = 3  # has worked under the contract mode envisaged
SAME_KIND_OF_COLLECTIVITY = 2  # has worked with a French collectivity of the same type
DECLARED_DOMAIN = 2  # declares the domain
DECLARED_PLACE = 2  # declares the country or zone (working there, or based there)
RESPONDENT = 1  # answered the study's questionnaire

WEIGHTS = [
    (
        _lazy("Projet enregistré dans le domaine demandé (ou un de ses thèmes), par projet"),
        PROJECT_IN_DOMAIN,
        MAX_PROJECTS,
    ),
    (_lazy("Projet enregistré dans le pays ou la zone demandés, par projet"), PROJECT_IN_PLACE, MAX_PROJECTS),
    (_lazy("A tenu le rôle demandé dans un projet"), ROLE_HELD, 1),
    (_lazy("A signé un contrat sous le mode envisagé (subvention ou prestation)"), MODE_EXPERIENCED, 1),
    (_lazy("A travaillé avec une collectivité française du même type que la vôtre"), SAME_KIND_OF_COLLECTIVITY, 1),
    (_lazy("Déclare le domaine demandé"), DECLARED_DOMAIN, 1),
    (_lazy("Déclare intervenir dans le pays ou la zone demandés, ou y a son siège"), DECLARED_PLACE, 1),
    (_lazy("A répondu au questionnaire de l’étude"), RESPONDENT, 1),
]


@dataclass(frozen=True)
class Need:
    """What the collectivity looks for: domain slugs (with their themes), countries, zones, the role
    to fill, the contract mode envisaged and its own type."""

    domains: tuple = ()
    countries: tuple = ()
    zones: tuple = ()
    role: str = ""
    mode: str = ""
    kind: str = ""

    @property
    def places(self):
        return set(self.countries) | set(codes_of(self.zones))

    @property
    def is_empty(self):
        return not (self.domains or self.countries or self.zones or self.role or self.mode or self.kind)


@dataclass
class Reason:
    text: str
    points: int
    url: str = ""
    declared: bool = False


@dataclass
class Match:
    actor: object
    reasons: list = field(default_factory=list)
    has_projects: bool = False

    @property
    def score(self):
        return sum(r.points for r in self.reasons)


def score(actor, participations, need):
    """The actor's Match for `need`: its reasons, their points, and whether it has recorded projects."""
    match = Match(actor, has_projects=bool(participations))
    for reason in (
        domain_projects_reason(participations, need),
        place_projects_reason(participations, need),
        role_reason(participations, need),
        mode_reason(participations, need),
        kind_reason(participations, need),
        declared_domain_reason(actor, need),
        declared_place_reason(actor, need),
        respondent_reason(actor),
    ):
        if reason is not None:
            match.reasons.append(reason)
    return match


def rank(matches):
    """Best score first; at equal score, recorded projects first, then by name."""
    return sorted(matches, key=lambda m: (-m.score, not m.has_projects, m.actor.sort_name))


# --- what the actor did -------------------------------------------------------------------------


def projects_reason(found, summary, points):
    """found: the participations that meet a rule. The reason names the most telling one: with a
    collectivity and a contract when there is one (« assistance à maîtrise d’ouvrage pour Région
    Île-de-France, sous subvention, depuis 2006 »)."""
    projects = list({p.project_id: p.project for p in found}.values())
    best = max(found, key=lambda p: bool(counterpart_agreement(p)))
    detail = describe_participation(best)
    if best.project.title not in detail:
        detail = f"{detail} — « {best.project.title} »"
    text = f"{summary}\u00a0: {detail}"
    return Reason(text, points * min(len(projects), MAX_PROJECTS), best.project.get_absolute_url())


def domain_projects_reason(participations, need):
    found = [p for p in participations if {d.slug for d in p.project.domains.all()} & set(need.domains)]
    if not found:
        return None
    count = len({p.project_id for p in found})
    summary = ngettext("a mené %(count)d projet dans ce domaine", "a mené %(count)d projets dans ce domaine", count)
    return projects_reason(found, summary % {"count": count}, PROJECT_IN_DOMAIN)


def place_projects_reason(participations, need):
    places = need.places
    found = [p for p in participations if {str(c.code) for c in p.project.countries.all()} & places]
    if not found:
        return None
    projects = list({p.project_id: p.project for p in found}.values())
    summary = ngettext("a mené %(count)d projet %(where)s", "a mené %(count)d projets %(where)s", len(projects))
    titles = ", ".join(f"«\u00a0{p.title}\u00a0»" for p in projects[:MAX_PROJECTS])
    text = summary % {"count": len(projects), "where": where(need, found)} + f"\u00a0: {titles}"
    points = PROJECT_IN_PLACE * min(len(projects), MAX_PROJECTS)
    return Reason(text, points, projects[0].get_absolute_url())


def where(need, found):
    """« au Mali » when one asked country is met, else the zone, else « dans ces pays »."""
    met = sorted({str(c.code) for p in found for c in p.project.countries.all()} & need.places)
    if len(met) == 1:
        return in_country(met[0])
    if len(need.zones) == 1:
        return str(in_zone(need.zones[0]))
    return _("dans ces pays (%(countries)s)") % {"countries": ", ".join(met)}


def role_reason(participations, need):
    if not need.role:
        return None
    held = [p for p in participations if p.role == need.role]
    if not held:
        return None
    best = max(held, key=lambda p: bool(counterpart_agreement(p)))
    return Reason(describe_participation(best), ROLE_HELD, best.project.get_absolute_url())


def mode_reason(participations, need):
    if not need.mode:
        return None
    for participation in participations:
        for agreement in participation.agreements.all():
            if agreement.mode == need.mode:
                text = _("a travaillé sous %(mode)s : %(agreement)s, « %(project)s »") % {
                    "mode": ContractMode(agreement.mode).label.lower(),
                    "agreement": agreement,
                    "project": participation.project.title,
                }
                return Reason(text, MODE_EXPERIENCED, participation.project.get_absolute_url())
    return None


def kind_reason(participations, need):
    if not need.kind:
        return None
    for participation in participations:
        for other in participation.project.participants.all():
            collectivity = other.collectivity
            if collectivity and collectivity.kind == need.kind and collectivity.is_published:
                text = _("a travaillé avec %(kind)s : %(name)s") % {
                    "kind": kind_article(need.kind),
                    "name": collectivity.name,
                }
                return Reason(text, SAME_KIND_OF_COLLECTIVITY, collectivity.public_url)
    return None


def kind_article(kind):
    return {
        CollectivityType.REGION: _("une région"),
        CollectivityType.DEPARTEMENT: _("un département"),
        CollectivityType.COMMUNE: _("une commune"),
        CollectivityType.INTERCOMMUNALITE: _("une intercommunalité"),
        CollectivityType.ORGANISME_PUBLIC: _("un organisme public"),
    }.get(kind, kind)


def counterpart_agreement(participation):
    """The participation's first agreement with a collectivity, and that collectivity."""
    for agreement in participation.agreements.all():
        for party in agreement.parties.all():
            if party.collectivity_id:
                return agreement, party.collectivity
    return None


def describe_participation(participation):
    """« Assistance à maîtrise d’ouvrage pour Région Île-de-France, sous subvention, depuis 2006 »."""
    role = str(Role(participation.role).label)
    role = role[:1].lower() + role[1:]
    found = counterpart_agreement(participation)
    year = participation.start_year or participation.project.start_year
    if found:
        agreement, collectivity = found
        year = year or agreement.start_year or agreement.signed_year
        text = _("%(role)s pour %(collectivity)s") % {"role": role, "collectivity": collectivity.name}
        if agreement.mode:
            text += _(", sous %(mode)s") % {"mode": ContractMode(agreement.mode).label.lower()}
    else:
        text = _("%(role)s dans « %(project)s »") % {"role": role, "project": participation.project.title}
    if year:
        text += _(", depuis %(year)s") % {"year": year}
    return text


# --- what the actor declares --------------------------------------------------------------------


def declared_domain_reason(actor, need):
    declared = [d for d in actor.domains.all() if d.slug in set(need.domains)]
    if not declared:
        return None
    names = ", ".join(f"« {d.name} »" for d in declared[:3])
    text = _("déclare le domaine %(names)s") % {"names": names}
    return Reason(text, DECLARED_DOMAIN, declared=True)


def declared_place_reason(actor, need):
    declared = {str(c.code) for c in actor.countries.all()}
    if actor.country and str(actor.country) != HOME_COUNTRY:
        declared.add(str(actor.country))
    met = sorted(declared & need.places)
    if not met:
        return None
    text = _("déclare intervenir %(where)s") % {"where": ", ".join(in_country(code) for code in met[:3])}
    return Reason(text, DECLARED_PLACE, declared=True)


def respondent_reason(actor):
    if not actor.is_respondent:
        return None
    return Reason(_("répondant à l’étude"), RESPONDENT)
