"""What the site-wide search knows of projects: `project_document` in Python (per object, SQLite),
`project_rows_sql` the same texts in SQL (bulk indexing on PostgreSQL)."""

from django.db.models import Prefetch

from actors.models import Actor, Collectivity, Domain
from actors.search_index import (
    country_names,
    country_names_sql,
    domain_names,
    domain_names_sql,
    lookup,
    only,
    published_sql,
    url_sql,
)
from core.search import Document, register

from .models import Participant, Project


def participant_names(project):
    names = []
    for participant in project.participants.all():
        organisation = participant.organisation
        names.extend([organisation.name, organisation.acronym])
    return " ".join(n for n in dict.fromkeys(names) if n)


def project_document(project):
    return Document(
        title=project.title,
        keywords=" ".join(
            [
                project.places,
                country_names(c.code for c in project.countries.all()),
                domain_names(project.domains.all()),
                participant_names(project),
            ]
        ),
        body=project.summary,
    )


def participant_names_sql(ids):
    """(project, names): names and acronyms of the participants (an actor's, else a collectivity's)."""
    where, params = only("pa.project_id", ids)
    return (
        "(SELECT pa.project_id AS owner, string_agg(concat_ws(' ', coalesce(pa_a.name, pa_c.name),"
        " nullif(coalesce(pa_a.acronym, pa_c.acronym), '')), ' ' ORDER BY pa.position, pa.id) AS names"
        f" FROM {Participant._meta.db_table} pa LEFT JOIN {Actor._meta.db_table} pa_a ON pa_a.id = pa.actor_id"
        f" LEFT JOIN {Collectivity._meta.db_table} pa_c ON pa_c.id = pa.collectivity_id"
        f" WHERE TRUE{where} GROUP BY pa.project_id)",
        params,
    )


def project_rows_sql(ids=None):
    labels = lookup()
    url, url_params = url_sql("projects:project_detail", "p.slug")
    countries, country_params = country_names_sql(Project.countries.through._meta.db_table, "project_id", ids, labels)
    domains, domain_params = domain_names_sql(Project.domains.through._meta.db_table, "project_id", ids)
    participants, participant_params = participant_names_sql(ids)
    where, where_params = published_sql(Project.objects.published(), "p.id", ids)
    sql = f"""
        SELECT p.id AS object_id,
               p.title AS title,
               concat_ws(' ', p.places, cn.names, dn.names, pn.names) AS keywords,
               p.summary AS body,
               {url} AS url
        FROM {Project._meta.db_table} p
        LEFT JOIN {countries} cn ON cn.owner = p.id
        LEFT JOIN {domains} dn ON dn.owner = p.id
        LEFT JOIN {participants} pn ON pn.owner = p.id
        {where}"""
    return sql, [*url_params, *country_params, *domain_params, *participant_params, *where_params]


def register_all():
    register(
        Project,
        kind="project",
        # The participants with their organisations in one joined query: prefetching `participants__actor`
        # instead tests each actor id in an OR, over SQLite's expression depth beyond ~1,000 actors a batch.
        queryset=lambda: Project.objects.published().prefetch_related(
            "countries",
            "domains__parent",
            Prefetch("participants", queryset=Participant.objects.select_related("actor", "collectivity")),
        ),
        build=project_document,
        triggers=[
            (Participant, lambda participant: [participant.project]),
            (Domain, lambda domain: Project.objects.filter(domains__in=[domain, *domain.children.all()]).distinct()),
            (Actor, lambda actor: Project.objects.filter(participants__actor=actor).distinct()),
            (
                Collectivity,
                lambda collectivity: Project.objects.filter(participants__collectivity=collectivity).distinct(),
            ),
        ],
        sql=project_rows_sql,
    )
