"""Links to small tables (domains, countries) of several kinds of objects prefetched in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import Actor
from actors.selectors import link_targets
from core.links import prefetch_links
from projects.models import Project
from tests.factories import ActorFactory, DomainFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def links(objects):
    return [([d.slug for d in o.domains.all()], [str(c.code) for c in o.countries.all()]) for o in objects]


def test_prefetch_links_gives_what_prefetch_related_gives_in_one_query():
    water = DomainFactory(slug="eau", name="Eau", position=2)
    sun = DomainFactory(slug="soleil", name="Soleil", position=1)
    actor, bare = ActorFactory(), ActorFactory()
    actor.domains.add(water, sun)
    actor.countries.add("SN", "ML")
    project = ProjectFactory()
    project.domains.add(water)
    project.countries.add("MG")
    expected = links(Actor.objects.prefetch_related("domains", "countries").order_by("pk")) + links(
        Project.objects.prefetch_related("domains", "countries")
    )
    actors, projects = list(Actor.objects.order_by("pk")), list(Project.objects.all())
    targets = link_targets()
    with CaptureQueriesContext(connection) as queries:
        relations = [(actors, "domains"), (actors, "countries"), (projects, "domains"), (projects, "countries")]
        prefetch_links(relations, targets)
        found = links(actors) + links(projects)
    assert (found, len(queries)) == (expected, 1)
    assert expected[:2] == [(["soleil", "eau"], ["ML", "SN"]), ([], [])]
    assert bare in actors
