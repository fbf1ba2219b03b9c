"""Projects as IATI activities (validated against the official 2.03 schema) and subsidies in SCDL."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from lxml import etree

from api import interop
from projects.models import AgreementKind, ContractMode, Role
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    CollectivityFactory,
    DomainFactory,
    ParticipantFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

XSD = Path(settings.BASE_DIR) / "api" / "standards" / "iati-2.03" / "iati-activities-schema.xsd"


@pytest.fixture(scope="module")
def iati_schema():
    return etree.XMLSchema(etree.parse(str(XSD)))


def iati(site_url="https://annuaire.example.org"):
    return etree.fromstring(interop.iati_document(site_url))


@pytest.fixture
def kayes():
    water = DomainFactory(slug="eau-et-assainissement")
    drinking = DomainFactory(slug="eau-potable", parent=water)
    project = ProjectFactory(slug="eau-kayes", title="Eau potable à Kayes", start_year=2005, end_year=2008)
    project.countries.add("ML")
    project.domains.add(drinking)
    region = CollectivityFactory(slug="idf", name="Région Île-de-France", kind="region")
    funder = ParticipantFactory(project=project, actor=None, collectivity=region, role=Role.FINANCEUR)
    owner = ParticipantFactory(
        project=project,
        actor=None,
        collectivity=CollectivityFactory(slug="kayes", country="ML"),
        role=Role.MAITRE_OUVRAGE,
    )
    operator = ParticipantFactory(
        project=project,
        actor=ActorFactory(slug="eau-vive", name="Eau Vive", siret="", rna="W751000001"),
        role=Role.OPERATEUR,
    )
    ParticipantFactory(project=project, actor=ActorFactory(slug="benef"), role=Role.BENEFICIAIRE)
    AgreementFactory(project=project, slug="financement", parties=[funder, operator], amount=12000, currency="EUR")
    AgreementFactory(
        project=project,
        slug="marche",
        kind=AgreementKind.MARCHE_PUBLIC,
        mode=ContractMode.PRESTATION,
        parties=[owner, operator],
    )
    return project


def test_project_becomes_an_iati_activity_with_roles_countries_sectors_and_dates(kayes, iati_schema):
    document = iati()
    iati_schema.assertValid(document)
    activity = document.find("iati-activity")
    assert activity.findtext("iati-identifier") == f"{settings.IATI_REPORTING_ORG_REF}-eau-kayes"
    assert activity.findtext("title/narrative") == "Eau potable à Kayes"
    roles = [(o.findtext("narrative"), o.get("role"), o.get("type")) for o in activity.findall("participating-org")]
    assert roles == [
        ("Région Île-de-France", "1", "11"),
        (kayes.participants.get(role="maitre-ouvrage").organisation.name, "2", "11"),
        ("Eau Vive", "4", "22"),
    ]
    assert [c.get("code") for c in activity.findall("recipient-country")] == ["ML"]
    assert [s.get("code") for s in activity.findall("sector")] == ["14031"]
    assert [(d.get("type"), d.get("iso-date")) for d in activity.findall("activity-date")] == [
        ("2", "2005-01-01"),
        ("4", "2008-12-31"),
    ]
    assert activity.find("activity-status").get("code") == "4"
    assert activity.find("document-link").get("url") == "https://annuaire.example.org/projets/eau-kayes/"


def test_projects_without_years_or_unpublished_stay_out_of_iati(kayes):
    ProjectFactory(slug="sans-annee")
    ProjectFactory(slug="brouillon", status="draft", start_year=2010)
    assert [a.findtext("iati-identifier").rsplit("-", 2)[-2:] for a in iati().findall("iati-activity")] == [
        ["eau", "kayes"]
    ]


def scdl(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def test_iati_written_activity_by_activity_has_the_bytes_of_the_whole_tree(study):
    now = timezone.now()
    attributes = {"version": interop.IATI_VERSION, "generated-datetime": now.replace(microsecond=0).isoformat()}
    root = etree.Element("iati-activities", attributes)
    root.append(etree.Comment(f" {interop.LICENCE_COMMENT} "))
    for project in interop.iati_projects():
        if any(interop.IATI_ROLES.get(p.role) for p in project.participants.all()):
            interop.iati_activity(root, project, "https://x.example", now.date())
    tree = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    stream = io.BytesIO()
    interop.write_iati(stream, "https://x.example", now)
    assert (len(root) > 2, stream.getvalue()) == (True, tree)


def test_subsidy_agreements_in_scdl_with_the_standard_columns(kayes):
    content, empty = interop.scdl_document()
    header = content.decode().splitlines()[0].split(",")
    assert header == interop.SCDL_COLUMNS
    rows = scdl(content)
    assert len(rows) == 1  # the public procurement contract is not a subsidy
    row = rows[0]
    assert row["nomAttribuant"] == "Région Île-de-France"
    assert row["nomBeneficiaire"] == "Eau Vive"
    assert row["rnaBeneficiaire"] == "W751000001"
    assert row["montant"] == "12000.00"
    assert row["pourcentageSubvention"] == "1.00"
    assert row["idAttribuant"] == row["dateConvention"] == row["nature"] == ""
    assert "dateConvention" in empty and "nomAttribuant" not in empty
    assert set(empty) <= set(interop.SCDL_NOT_GIVEN)
