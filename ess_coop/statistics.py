"""The tables of the statistics page: the directory's figures (from the owning apps' selectors)
beside the study's own (`study_figures`), one function per table."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from actors import selectors as actor_selectors
from actors.models import Actor
from actors.selectors import cached_domain_choices
from case_studies.models import CaseStudy
from core import directory_cache
from core.filters import run_counts, total
from core.maps import world_map
from projects import selectors as project_selectors
from projects.models import Project

from . import study_figures


def largest(rows, key="count"):
    """The largest figure of a table (at least 1): the full width of its bars."""
    return max([row[key] for row in rows] or [0]) or 1


def totals(forms, kinds, counts):
    """The directory's totals; actors and collectivities summed from their grouped counts."""
    return {
        "actor_total": sum(count for _v, _l, count, _r in forms),
        "collectivity_total": sum(count for _k, _l, count, _r in kinds),
        "project_total": counts["projects"].get("", 0),
        "case_study_total": counts["case_studies"].get("", 0),
        "respondent_total": sum(r for *_rest, r in forms) + sum(r for *_rest, r in kinds),
    }


def by_form(forms):
    study_respondents = dict(study_figures.RESPONDENTS_BY_FORM)
    return [
        {
            "label": label,
            "value": value,
            "count": count,
            "respondents": respondents,
            "study_respondents": study_respondents.get(value),
        }
        for value, label, count, respondents in forms
    ]


def by_domain(counts, domains):
    shares = dict(study_figures.DOMAIN_SHARES)
    return [
        {"domain": root, "count": n, "study": shares.get(root.slug, "")}
        for root, n in actor_selectors.actors_by_root_domain(counts, domains)
    ]


def by_country(counts):
    return [{"country": country, "count": n} for country, n in actor_selectors.actors_by_country(counts)]


def by_zone(counts):
    return [{"label": label, "value": zone, "count": n} for zone, label, n in actor_selectors.actors_by_zone(counts)]


def by_mode(modes):
    return [{"label": label, "agreements": agreements, "projects": projects} for label, agreements, projects in modes]


def collectivities_by_type(kinds):
    return [{"label": label, "count": n, "value": kind} for kind, label, n, _respondents in kinds]


def statistics_context():
    """Everything the statistics page shows (kept in the shared cache until the data changes)."""
    return directory_cache.cached(
        "statistics", translation.get_language(), lambda: directory_cache.plain(compute_statistics())
    )


def warm_statistics():
    """The statistics in the site's language, recomputed after a change (core.warming)."""
    with translation.override(settings.LANGUAGE_CODE):
        statistics_context()


def statistics_counts(actors, domains):
    """Every count of the page, in one query (`run_counts`)."""
    pending = {
        **actor_selectors.legal_form_counts(actors),
        **actor_selectors.collectivity_kind_counts(),
        **actor_selectors.country_and_zone_counts(actors),
        "domains": actor_selectors.actor_domain_counts(actors, domains),
        **project_selectors.mode_counts(),
        "projects": total(Project.objects.published()),
        "case_studies": total(CaseStudy.objects.published()),
    }
    return run_counts(pending, actors.db)


def compute_statistics():
    actors = Actor.objects.published()
    _choices, domains = cached_domain_choices()
    counts = statistics_counts(actors, domains)
    forms, kinds = actor_selectors.actors_by_legal_form(counts), actor_selectors.collectivities_by_kind(counts)
    modes, framework_agreements = project_selectors.agreements_by_mode(counts)
    tables = {
        "by_form": by_form(forms),
        "by_domain": by_domain(counts, domains),
        "by_country": by_country(counts),
        "by_zone": by_zone(counts),
    }
    return {
        **totals(forms, kinds, counts),
        **tables,
        "max_form": largest(tables["by_form"]),
        "max_domain": largest(tables["by_domain"]),
        "max_country": largest(tables["by_country"]),
        "max_zone": largest(tables["by_zone"]),
        "world_map": world_map(
            "carte-statistiques",
            {str(row["country"].code): row["count"] for row in tables["by_country"]},
            caption=_(
                "Acteurs par pays d’intervention ou de siège (hors France) — cliquez un pays pour voir ses acteurs"
            ),
            url=lambda code: f"{reverse('actors:actor_list')}?pays={code}",
            unit=_("acteurs"),
        ),
        "by_mode": by_mode(modes),
        "framework_agreements": framework_agreements,
        "collectivities_by_type": collectivities_by_type(kinds),
        "study_method": study_figures.METHOD,
        "study_other": study_figures.OTHER,
    }
