"""The comparison's rows: bounded whatever the actors' number of projects and partners."""

import pytest

from matching.selectors import COMPARED, compare_rows, compared_actors
from projects.models import Role
from tests.factories import ActorFactory, AgreementFactory, CollectivityFactory, ParticipantFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def busy_actor(projects):
    actor = ActorFactory(slug="busy")
    for i in range(projects):
        project = ProjectFactory(title=f"Projet {i:02}", start_year=2000 + i)
        operator = ParticipantFactory(project=project, actor=actor)
        funder = ParticipantFactory(
            project=project,
            actor=None,
            collectivity=CollectivityFactory(name=f"Ville {i:02}"),
            role=Role.FINANCEUR,
        )
        if i == 0:
            AgreementFactory(project=project, parties=[operator, funder], mode="subvention")
    return actor


def test_compare_rows_show_the_most_recent_projects_and_first_partners_and_count_them_all():
    busy_actor(COMPARED + 3)
    quiet = ActorFactory(slug="quiet")
    (busy, other) = compare_rows(compared_actors(["busy", "quiet", "unknown"]))
    assert (
        [p.project.title for p in busy["participations"]][:2],
        len(busy["participations"]),
        busy["project_count"],
        [c.name for c in busy["partners"]][:2],
        len(busy["partners"]),
        busy["partner_count"],
        [str(mode) for mode in busy["modes"]],
    ) == (
        ["Projet 12", "Projet 11"],
        COMPARED,
        COMPARED + 3,
        ["Ville 00", "Ville 01"],
        COMPARED,
        COMPARED + 3,
        ["Subvention"],
    )
    assert (other["actor"], other["participations"], other["project_count"], other["partners"]) == (quiet, [], 0, [])


def test_compare_page_says_how_many_projects_and_partners_it_leaves_out(client):
    busy_actor(COMPARED + 3)
    ActorFactory(slug="quiet")
    content = client.get("/acteurs/comparer/?a=busy&a=quiet").content.decode()
    assert (
        "Les 10 plus récents sur 13\u00a0:" in content,
        "(les 10 premières sur 13)" in content,
        "Projet 02" in content,
        "Ville 12" in content,
    ) == (True, True, False, False)
