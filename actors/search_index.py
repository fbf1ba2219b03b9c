"""What the site-wide search knows of actors and collectivities: `actor_document` and
`collectivity_document` build one object's text in Python (per-object indexing, SQLite);
`actor_rows_sql` and `collectivity_rows_sql` build the same texts in SQL for every object at once
(bulk indexing on PostgreSQL). tests/core/test_search_rebuild.py holds the two to the same words."""

import json
from functools import lru_cache

from django.urls import reverse
from django.utils import translation
from django_countries import countries as all_countries

from core.search import Document, register
from core.text import plain

from .models import Actor, Collectivity, CollectivityType, Country, Domain, Institution, LegalForm, LegalStatus
from .zones import HOME_COUNTRY, ZONE_OF, zone_label


@lru_cache(maxsize=512)
def names_of_country(code):
    """French and English names of a country and of its zone, so « Maroc », « Morocco » and « Maghreb »
    find Moroccan entries (France's zone is left out: it would match every French entry). The SQL
    rebuild reads the same names (lookup)."""
    names = []
    for language in ("fr", "en"):
        with translation.override(language):
            names.append(str(Country(code=code).name))
    if code != HOME_COUNTRY and code in ZONE_OF:
        for language in ("fr", "en"):
            with translation.override(language):
                names.append(plain(str(zone_label(ZONE_OF[code]))))
    return tuple(dict.fromkeys(names))


def country_names(codes):
    """French and English names of the countries and of their zones."""
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


# --- The same documents in SQL (PostgreSQL) -------------------------------------------------------


def json_param(mapping):
    return json.dumps(mapping, ensure_ascii=False)


def choice_labels(choices):
    with translation.override("fr"):
        return {value: str(label) for value, label in choices.choices}


def lookup(**maps):
    """The jsonb parameter {kind: {code: label}} the labels are read from (French labels of choices;
    French and English country names): one value the label expressions read by key. Not a joined
    lookup table: a CTE would keep the documents' query out of parallel workers (see core.search)."""
    maps["country"] = {code: " ".join(names_of_country(code)) for code, _name in all_countries}
    return json_param(maps)


def label_sql(labels, kind, column):
    """(sql, params): the label of `column`'s code among the `kind` labels of `lookup()` (NULL if none)."""
    return f"(%s::jsonb -> '{kind}' ->> {column})", [labels]


def only(column, ids):
    """A filter on some objects (per-object indexing), or none (a rebuild). A semi-join on the unnested
    keys, hashed once: `= ANY(array)` is a linear scan of the array for each row the planner tests it
    on (an import of 10 000 actors spent minutes in it)."""
    if ids is None:
        return "", []
    return f" AND {column} IN (SELECT unnest(%s::bigint[]))", [list(ids)]


def url_sql(view_name, column):
    """(sql, params) of the detail URL for a slug column: the reversed URL around the slug."""
    before, after = reverse(view_name, kwargs={"slug": "SLUG"}).split("SLUG")
    return f"(%s || {column} || %s)", [before, after]


def domain_names_sql(through, owner_column, ids):
    """(owner, names): names of the owner's domains and of their parents, as `domain_names` gives them
    (in the domains' order: the words, hence the vector's positions, do not depend on the plan)."""
    domain = Domain._meta.db_table
    where, params = only(f"dt.{owner_column}", ids)
    return (
        f"(SELECT dt.{owner_column} AS owner, "
        "string_agg(concat_ws(' ', dd.name, dp.name), ' ' ORDER BY dd.position, dd.name, dd.id) AS names "
        f"FROM {through} dt JOIN {domain} dd ON dd.id = dt.domain_id LEFT JOIN {domain} dp ON dp.id = dd.parent_id "
        f"WHERE TRUE{where} GROUP BY dt.{owner_column})",
        params,
    )


def country_names_sql(through, owner_column, ids, labels):
    """(owner, names): French and English names of the owner's linked countries, by code."""
    where, params = only(f"ct.{owner_column}", ids)
    name, name_params = label_sql(labels, "country", "ct.country_id")
    return (
        f"(SELECT ct.{owner_column} AS owner, string_agg({name}, ' ' ORDER BY ct.country_id) AS names "
        f"FROM {through} ct "
        f"WHERE TRUE{where} GROUP BY ct.{owner_column})",
        [*name_params, *params],
    )


def published_sql(queryset, column, ids):
    """WHERE clause: the registration's searchable objects (its own queryset), maybe only `ids`."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    where, where_params = only(column, ids)
    return f"WHERE {column} IN ({sql}){where}", [*params, *where_params]


def actor_rows_sql(ids=None):
    labels = lookup(form=choice_labels(LegalForm), status=choice_labels(LegalStatus))
    form, status, country = (
        label_sql(labels, "form", "a.legal_form"),
        label_sql(labels, "status", "a.legal_status"),
        label_sql(labels, "country", "a.country"),
    )
    url, url_params = url_sql("actors:actor_detail", "a.slug")
    domains, domain_params = domain_names_sql(Actor.domains.through._meta.db_table, "actor_id", ids)
    countries, country_params = country_names_sql(Actor.countries.through._meta.db_table, "actor_id", ids, labels)
    where, where_params = published_sql(Actor.objects.published(), "a.id", ids)
    sql = f"""
        SELECT a.id AS object_id,
               trim(a.name || ' ' || a.acronym || ' ' || a.study_names) AS title,
               concat_ws(' ', {form[0]}, {status[0]}, dn.names, {country[0]}, cn.names, a.city) AS keywords,
               a.description AS body,
               {url} AS url
        FROM {Actor._meta.db_table} a
        LEFT JOIN {domains} dn ON dn.owner = a.id
        LEFT JOIN {countries} cn ON cn.owner = a.id
        {where}"""
    labels_params = [*form[1], *status[1], *country[1]]
    return sql, [*labels_params, *url_params, *domain_params, *country_params, *where_params]


def collectivity_rows_sql(ids=None):
    labels = lookup(kind=choice_labels(CollectivityType), institution=choice_labels(Institution))
    kind, institution, country = (
        label_sql(labels, "kind", "c.kind"),
        label_sql(labels, "institution", "c.institution"),
        label_sql(labels, "country", "c.country"),
    )
    url, url_params = url_sql("actors:collectivity_detail", "c.slug")
    where, where_params = published_sql(Collectivity.objects.published(), "c.id", ids)
    sql = f"""
        SELECT c.id AS object_id,
               trim(c.name || ' ' || c.acronym || ' ' || c.study_names) AS title,
               concat_ws(' ', {kind[0]}, {institution[0]}, {country[0]}, c.territory) AS keywords,
               c.description AS body,
               {url} AS url
        FROM {Collectivity._meta.db_table} c
        {where}"""
    return sql, [*kind[1], *institution[1], *country[1], *url_params, *where_params]


def register_all():
    register(
        Actor,
        kind="actor",
        queryset=lambda: Actor.objects.published().prefetch_related("domains__parent", "countries"),
        build=actor_document,
        triggers=[(Domain, domain_actors)],
        sql=actor_rows_sql,
    )
    register(
        Collectivity,
        kind="collectivity",
        queryset=lambda: Collectivity.objects.published(),
        build=collectivity_document,
        sql=collectivity_rows_sql,
    )
