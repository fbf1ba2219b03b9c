"""The tables of the statistics page: the directory's figures (from the owning apps' selectors)
beside the study's own (`study_figures`), one function per table."""

from actors import selectors as actor_selectors
from actors.models import Actor, Collectivity
from case_studies.models import CaseStudy
from projects import selectors as project_selectors
from projects.models import Project

from . import study_figures


def largest(rows, key="count"):
    """The largest figure of a table (at least 1): the full width of its bars."""
    return max([row[key] for row in rows] or [0]) or 1


def totals():
    return {
        "actor_total": Actor.objects.published().count(),
        "collectivity_total": Collectivity.objects.published().count(),
        "project_total": Project.objects.published().count(),
        "case_study_total": CaseStudy.objects.published().count(),
        "respondent_total": actor_selectors.respondent_total(),
    }


def by_form(actors):
    study_respondents = dict(study_figures.RESPONDENTS_BY_FORM)
    return [
        {
            "label": label,
            "value": value,
            "count": count,
            "respondents": respondents,
            "study_respondents": study_respondents.get(value),
        }
        for value, label, count, respondents in actor_selectors.actors_by_legal_form(actors)
    ]


def by_domain(actors):
    shares = dict(study_figures.DOMAIN_SHARES)
    return [
        {"domain": root, "count": n, "study": shares.get(root.slug, "")}
        for root, n in actor_selectors.actors_by_root_domain(actors)
    ]


def by_country(countries_of):
    return [{"country": country, "count": n} for country, n in actor_selectors.actors_by_country(countries_of)]


def by_zone(countries_of):
    return [{"label": label, "count": n} for label, n in actor_selectors.actors_by_zone(countries_of)]


def by_mode():
    return [
        {"label": label, "agreements": agreements, "projects": projects}
        for label, agreements, projects in project_selectors.agreements_by_mode()
    ]


def collectivities_by_type():
    return [{"label": label, "count": n, "value": kind} for kind, label, n in actor_selectors.collectivities_by_kind()]


def statistics_context():
    """Everything the statistics page shows."""
    actors = Actor.objects.published()
    countries_of = actor_selectors.actor_countries(actors)
    tables = {
        "by_form": by_form(actors),
        "by_domain": by_domain(actors),
        "by_country": by_country(countries_of),
        "by_zone": by_zone(countries_of),
    }
    return {
        **totals(),
        **tables,
        "max_form": largest(tables["by_form"]),
        "max_domain": largest(tables["by_domain"]),
        "max_country": largest(tables["by_country"]),
        "max_zone": largest(tables["by_zone"]),
        "by_mode": by_mode(),
        "framework_agreements": project_selectors.agreements_without_mode(),
        "collectivities_by_type": collectivities_by_type(),
        "study_method": study_figures.METHOD,
        "study_other": study_figures.OTHER,
    }
