import xml.etree.ElementTree as ET

import graphviz
import pytest
from django.core.cache import cache

from projects.diagram import stakeholder_diagram
from projects.models import AgreementKind, ContractMode, Project, Role
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    CollectivityFactory,
    ParticipantFactory,
    ProjectFactory,
    project_funded_by_afd_and_region,
)

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def load(project):
    return Project.objects.prefetch_related(
        "participants__actor",
        "participants__collectivity",
        "agreements__parties__actor",
        "agreements__parties__collectivity",
    ).get(pk=project.pk)


@pytest.fixture
def project():
    project = ProjectFactory()
    cergy = ParticipantFactory(
        project=project, actor=None, collectivity=CollectivityFactory(name="CA Cergy-Pontoise"), role=Role.FINANCEUR
    )
    porto = ParticipantFactory(
        project=project,
        actor=None,
        role=Role.PARTENAIRE_LOCAL,
        collectivity=CollectivityFactory(name="Ville de Porto-Novo", country="BJ"),
    )
    incite = ParticipantFactory(project=project, actor=ActorFactory(name="Incite <Formation> & \\n co"))
    caeb = ParticipantFactory(
        project=project, actor=ActorFactory(name="CAEB", country="BJ"), role=Role.PARTENAIRE_LOCAL
    )
    AgreementFactory(project=project, slug="financement", parties=[cergy, incite], start_year=2006)
    AgreementFactory(
        project=project, slug="cadre", kind=AgreementKind.CONVENTION_CADRE, mode="", parties=[cergy, porto]
    )
    AgreementFactory(
        project=project,
        slug="specifique",
        kind=AgreementKind.CONVENTION_SPECIFIQUE,
        mode="",
        parties=[cergy, porto, incite, caeb],
    )
    return project


def texts(svg):
    root = ET.fromstring(svg)
    return [t.text for t in root.iter(f"{SVG}text")]


def test_diagram_draws_organisations_and_labelled_agreements(project):
    diagram = stakeholder_diagram(load(project))
    words = " ".join(texts(str(diagram.svg)))
    assert "CA Cergy-Pontoise" in words
    assert "Ville de Porto-Novo" in words
    assert "CAEB" in words
    assert "Convention de financement" in words
    assert "Subvention, depuis 2006" in words
    assert "Convention spécifique de" in words  # the four-party agreement is a node linked to all four


def test_diagram_groups_boxes_by_category_for_the_text_equivalent(project):
    diagram = stakeholder_diagram(load(project))
    groups = {label: [b.organisation.name for b in boxes] for label, boxes in diagram.groups}
    assert groups == {
        "Collectivités françaises": ["CA Cergy-Pontoise"],
        "Collectivités partenaires": ["Ville de Porto-Novo"],
        "Acteurs de l’ESS": ["Incite <Formation> & \\n co"],
        "Partenaires locaux": ["CAEB"],
    }
    assert [len(link.boxes) for link in diagram.links] == [2, 2, 4]


def test_diagram_svg_is_accessible_inline_markup(project):
    svg = str(stakeholder_diagram(load(project)).svg)
    root = ET.fromstring(svg)
    assert svg.startswith("<svg")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "schema-titre"
    assert "<script" not in svg


def test_diagram_is_one_pixel_per_point_so_text_has_one_size_on_every_diagram(project):
    root = ET.fromstring(str(stakeholder_diagram(load(project)).svg))
    _x, _y, width, height = root.get("viewBox").split()
    assert root.get("width") == str(round(float(width)))
    assert root.get("height") == str(round(float(height)))
    sizes = {t.get("font-size") for t in root.iter(f"{SVG}text")}
    assert sizes <= {"13.00", "11.00", "10.00", "12.00"}


def test_diagram_names_a_public_body_as_what_it_is():
    project = project_funded_by_afd_and_region()
    diagram = stakeholder_diagram(load(project))
    groups = {label: [b.organisation.name for b in boxes] for label, boxes in diagram.groups}
    assert groups == {
        "Collectivités françaises": ["Région Île-de-France"],
        "Organismes publics (État, agences, ambassades…)": ["Agence Française de Développement"],
    }
    assert "Établissement public" in texts(str(diagram.svg))


def test_diagram_draws_one_box_per_organisation_with_all_its_roles():
    project = ProjectFactory()
    region = CollectivityFactory(name="Région Île-de-France", kind="region")
    ParticipantFactory(project=project, actor=None, collectivity=region, role=Role.FINANCEUR)
    ParticipantFactory(project=project, actor=None, collectivity=region, role=Role.MAITRE_OUVRAGE)
    diagram = stakeholder_diagram(load(project))
    ((_label, (box,)),) = diagram.groups
    assert box.role_labels == "Financeur, Maître d’ouvrage"


def test_diagram_escapes_names(project):
    words = texts(str(stakeholder_diagram(load(project)).svg))
    assert "Incite <Formation> &" in " ".join(words)


def test_diagram_follows_an_agreement_change(project):
    before = str(stakeholder_diagram(load(project)).svg)
    agreement = project.agreements.get(slug="financement")
    agreement.kind, agreement.mode = AgreementKind.MARCHE_PUBLIC, ContractMode.PRESTATION
    agreement.save()
    after = " ".join(texts(str(stakeholder_diagram(load(project)).svg)))
    assert before != after
    assert "Marché public" in after
    assert "Prestation, depuis 2006" in after


def test_diagram_reports_missing_graphviz(project, monkeypatch):
    def missing(*args, **kwargs):
        raise graphviz.ExecutableNotFound(["dot"])

    monkeypatch.setattr(graphviz.Source, "pipe", missing)
    diagram = stakeholder_diagram(load(project))
    assert diagram.svg == ""
    assert "Graphviz" in diagram.error
    assert len(diagram.links) == 3


def test_diagram_skips_unpublished_organisations(project):
    project.participants.get(actor__name="CAEB").actor.__class__.objects.filter(name="CAEB").update(status="draft")
    diagram = stakeholder_diagram(load(project))
    names = [b.organisation.name for _label, boxes in diagram.groups for b in boxes]
    assert "CAEB" not in names
    assert [len(link.boxes) for link in diagram.links] == [2, 2, 3]
