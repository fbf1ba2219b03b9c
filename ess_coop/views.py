"""Site-wide pages: home, one search across every kind, the statistics, error pages."""

from collections import Counter, defaultdict

from django.db.models import Count
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext_lazy as _

from actors.models import Actor, Collectivity, CollectivityType, Country, Domain, LegalForm, Zone
from case_studies.models import CaseStudy
from core import search
from core.text import MAX_QUERY_LENGTH
from projects.models import Agreement, ContractMode, Project

from . import study_figures

SEARCH_LIMIT = 8


def home(request):
    context = {
        "actor_count": Actor.objects.published().count(),
        "collectivity_count": Collectivity.objects.published().count(),
        "project_count": Project.objects.published().count(),
        "domains": Domain.objects.roots(),
        "case_studies": CaseStudy.objects.published(),
    }
    return render(request, "home.html", context)


def search_page(request):
    """/recherche/?q=: the best matches of each kind, with a link to the full filtered list."""
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    groups = []
    if search.has_terms(query):
        kinds = [
            ("actors", _("Acteurs de l’ESS"), Actor.objects.published(), "actors:actor_list"),
            ("collectivities", _("Collectivités"), Collectivity.objects.published(), "actors:collectivity_list"),
            ("projects", _("Projets"), Project.objects.published(), "projects:project_list"),
            ("case_studies", _("Études de cas"), CaseStudy.objects.published(), "case_studies:case_study_list"),
        ]
        for key, label, queryset, list_url in kinds:
            matches = search.search(queryset, query).order_by("-search_rank", "pk")
            results = list(matches[:SEARCH_LIMIT])
            groups.append(
                {
                    "key": key,
                    "label": label,
                    "results": results,
                    "count": matches.count(),
                    "list_url": list_url if key != "case_studies" else None,
                }
            )
    total = sum(g["count"] for g in groups)
    return render(
        request,
        "search.html",
        {
            "query": query,
            "has_terms": search.has_terms(query),
            "groups": [g for g in groups if g["count"]],
            "total": total,
            "suggestions": search.suggestions(query) if groups and not total else [],
        },
    )


def statistics(request):
    actors = Actor.objects.published()
    forms = dict(actors.order_by().values_list("legal_form").annotate(n=Count("pk")))
    respondents = dict(actors.filter(is_respondent=True).order_by().values_list("legal_form").annotate(n=Count("pk")))
    study_respondents = dict(study_figures.RESPONDENTS_BY_FORM)
    by_form = [
        {
            "label": label,
            "value": value,
            "count": forms.get(value, 0),
            "respondents": respondents.get(value, 0),
            "study_respondents": study_respondents.get(value),
        }
        for value, label in LegalForm.choices
    ]

    domains = list(Domain.objects.select_related("parent"))
    per_domain = defaultdict(set)
    for actor_id, domain_id in Actor.domains.through.objects.filter(actor__in=actors).values_list(
        "actor_id", "domain_id"
    ):
        per_domain[domain_id].add(actor_id)
    shares = dict(study_figures.DOMAIN_SHARES)
    by_domain = []
    for root in (d for d in domains if d.parent_id is None):
        ids = set(per_domain[root.pk])
        for theme in (d for d in domains if d.parent_id == root.pk):
            ids |= per_domain[theme.pk]
        by_domain.append({"domain": root, "count": len(ids), "study": shares.get(root.slug, "")})

    countries_of = defaultdict(set)
    for actor_id, code in actors.exclude(country="").values_list("pk", "country"):
        countries_of[actor_id].add(str(code))
    for actor_id, code in Actor.countries.through.objects.filter(actor__in=actors).values_list(
        "actor_id", "country_id"
    ):
        countries_of[actor_id].add(str(code))
    country_counts = Counter(code for codes in countries_of.values() for code in codes)
    zones = dict(Country.objects.values_list("code", "zone"))
    zone_counts = Counter()
    for codes in countries_of.values():
        for zone in {zones.get(code) for code in codes if code != "FR"} - {None}:
            zone_counts[zone] += 1
    zone_labels = dict(Zone.choices)
    by_country = [
        {"country": Country(code=code), "count": n}
        for code, n in sorted(country_counts.items(), key=lambda item: (-item[1], item[0]))
        if code not in ("FR", "")
    ]

    kind_labels = dict(CollectivityType.choices)
    agreements = Agreement.objects.filter(project__status="published")
    modes = dict(agreements.exclude(mode="").order_by().values_list("mode").annotate(n=Count("pk")))
    projects_by_mode = dict(
        agreements.exclude(mode="").order_by().values_list("mode").annotate(n=Count("project", distinct=True))
    )
    context = {
        "actor_total": actors.count(),
        "collectivity_total": Collectivity.objects.published().count(),
        "project_total": Project.objects.published().count(),
        "case_study_total": CaseStudy.objects.published().count(),
        "respondent_total": actors.filter(is_respondent=True).count()
        + Collectivity.objects.published().filter(is_respondent=True).count(),
        "by_form": by_form,
        "max_form": max([f["count"] for f in by_form] or [0]) or 1,
        "by_domain": by_domain,
        "max_domain": max([d["count"] for d in by_domain] or [0]) or 1,
        "by_country": by_country,
        "max_country": max([c["count"] for c in by_country] or [0]) or 1,
        "by_zone": sorted(
            ({"label": zone_labels[z], "count": n} for z, n in zone_counts.items()), key=lambda z: -z["count"]
        ),
        "max_zone": max(zone_counts.values() or [0]) or 1,
        "by_mode": [
            {"label": label, "agreements": modes.get(value, 0), "projects": projects_by_mode.get(value, 0)}
            for value, label in ContractMode.choices
        ],
        "framework_agreements": agreements.filter(mode="").count(),
        "collectivities_by_type": [
            {"label": kind_labels.get(kind, kind), "count": n, "value": kind}
            for kind, n in Collectivity.objects.published()
            .order_by()
            .values_list("kind")
            .annotate(n=Count("pk"))
            .order_by("-n")
        ],
        "study_method": study_figures.METHOD,
        "study_other": study_figures.OTHER,
    }
    return render(request, "statistics.html", context)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the error may come from them or from the database.
    return HttpResponseServerError(loader.get_template("500.html").render())


def page_not_found_preview(request):
    return page_not_found(request)


def server_error_preview(request):
    return server_error(request)
