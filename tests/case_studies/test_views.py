import pytest
from django.urls import reverse

from case_studies.models import PartKind
from projects.models import Role
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    CaseStudyFactory,
    CollectivityFactory,
    KeyFigureFactory,
    KeyPointFactory,
    PartFactory,
    ParticipantFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_study():
    project = ProjectFactory(title="PACERES")
    region = ParticipantFactory(
        project=project, actor=None, collectivity=CollectivityFactory(name="Région Île-de-France"), role=Role.FINANCEUR
    )
    abbe = ParticipantFactory(
        project=project, actor=ActorFactory(name="Fondation Abbé Pierre"), role=Role.MAITRE_OUVRAGE
    )
    AgreementFactory(project=project, parties=[region, abbe])
    case_study = CaseStudyFactory(number=8, heading="3.8 Une SCOP…", title="Électrification rurale", project=project)
    for position, text in [(2, "Deuxième point"), (1, "Premier point")]:
        KeyPointFactory(case_study=case_study, position=position, text=text)
    PartFactory(
        case_study=case_study, position=3, kind=PartKind.RETOMBEES, title="Pour le programme PACERES", body="43 plans."
    )
    PartFactory(case_study=case_study, position=1, kind=PartKind.CADRE, body="Le montage.")
    PartFactory(case_study=case_study, position=2, kind=PartKind.APPORTS, body="Le Damier.")
    KeyFigureFactory(case_study=case_study, position=1, value=180, label="électriciens formés")
    CaseStudyFactory(number=7)
    return case_study


def test_case_study_page_shows_every_part_in_order(client, case_study):
    content = client.get(reverse("case_studies:case_study_detail", args=[8])).content.decode()
    order = [
        "3.8 Une SCOP",
        "Premier point",
        "Deuxième point",
        "Le cadre partenarial",
        "Le montage.",
        "Apports et expertises",
        "Le Damier.",
        "Les retombées du partenariat",
        "Pour le programme PACERES",
        "43 plans.",
    ]
    positions = [content.index(text) for text in order]
    assert positions == sorted(positions)
    assert "180" in content
    assert "électriciens formés" in content


def test_case_study_page_draws_the_stakeholder_diagram(client, case_study):
    response = client.get(reverse("case_studies:case_study_detail", args=[8]))
    content = response.content.decode()
    assert '<svg role="img" aria-labelledby="schema-titre"' in content
    assert 'id="schema-titre"' in content
    assert "Le schéma en texte" in content
    assert response.context["previous_number"] == 7


def test_case_study_list_and_unknown_numbers(client, case_study):
    assert client.get(reverse("case_studies:case_study_list")).status_code == 200
    assert [client.get(f"/etudes-de-cas/{n}/").status_code for n in ("99", "0", "abc")] == [404, 404, 404]
