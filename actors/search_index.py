"""What the site-wide search knows of actors and collectivities."""

from functools import lru_cache

from django.utils import translation

from core.search import Document, register

from .models import Actor, Collectivity, Country, Domain


@lru_cache(maxsize=512)
def names_of_country(code):
    names = []
    for language in ("fr", "en"):
        with translation.override(language):
            names.append(str(Country(code=code).name))
    return tuple(dict.fromkeys(names))


def country_names(codes):
    """French and English names, so « Maroc » and « Morocco » both find Moroccan entries."""
    names = []
    for code in codes:
        if code:
            names.extend(names_of_country(str(code)))
    return " ".join(dict.fromkeys(names))


def domain_names(domains):
    names = []
    for domain in domains:
        names.append(domain.name)
        if domain.parent_id:
            names.append(domain.parent.name)
    return " ".join(dict.fromkeys(names))


def labels(*values):
    with translation.override("fr"):
        return " ".join(str(v) for v in values if v)


def actor_document(actor):
    return Document(
        title=f"{actor.name} {actor.acronym} {actor.study_names}".strip(),
        keywords=" ".join(
            [
                labels(actor.get_legal_form_display(), actor.legal_status and actor.get_legal_status_display()),
                domain_names(actor.domains.all()),
                country_names([actor.country, *(c.code for c in actor.countries.all())]),
                actor.city,
            ]
        ),
        body=actor.description,
    )


def collectivity_document(collectivity):
    return Document(
        title=f"{collectivity.name} {collectivity.acronym} {collectivity.study_names}".strip(),
        keywords=" ".join(
            [
                labels(
                    collectivity.get_kind_display(),
                    collectivity.institution and collectivity.get_institution_display(),
                ),
                country_names([collectivity.country]),
                collectivity.territory,
            ]
        ),
        body=collectivity.description,
    )


def domain_actors(domain):
    return Actor.objects.filter(domains__in=[domain, *domain.children.all()]).distinct()


def register_all():
    register(
        Actor,
        kind="actor",
        queryset=lambda: Actor.objects.published().prefetch_related("domains__parent", "countries"),
        build=actor_document,
        triggers=[(Domain, domain_actors)],
    )
    register(
        Collectivity,
        kind="collectivity",
        queryset=lambda: Collectivity.objects.published(),
        build=collectivity_document,
    )
