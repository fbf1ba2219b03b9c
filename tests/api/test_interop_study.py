"""The study's published projects as IATI activities and its subsidies in SCDL (the whole data set)."""

import pytest
from lxml import etree

from api import interop
from tests.api.test_interop import iati, scdl

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def iati_schema():
    from tests.api.test_interop import XSD

    return etree.XMLSchema(etree.parse(str(XSD)))


def test_the_study_as_iati_validates_against_the_xsd(study, iati_schema):
    document = iati()
    iati_schema.assertValid(document)
    activities = document.findall("iati-activity")
    assert len(activities) > 10
    assert all(a.find("participating-org") is not None for a in activities)
    assert all(a.find("recipient-country") is not None for a in activities if a.find("recipient-country") is not None)


def test_every_study_domain_has_a_dac_code(study):
    from actors.models import Domain

    assert sorted(Domain.objects.values_list("slug", flat=True)) == sorted(interop.DAC_SECTORS)
    assert all(len(code) == 5 and code.isdigit() for code, _name in interop.DAC_SECTORS.values())


def test_study_subsidies_in_scdl(study):
    content, empty = interop.scdl_document()
    rows = scdl(content)
    assert len(rows) > 3
    assert all(row["nomAttribuant"] and row["nomBeneficiaire"] and row["objet"] for row in rows)
    assert all(len(row["objet"]) < 256 for row in rows)
    assert "idAttribuant" in empty
