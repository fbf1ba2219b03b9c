"""What the import reads in a cell: codes or labels, names of countries and domains, any case or accent."""

import pytest

from actors.models import Actor, Collectivity, LegalForm
from curation.importing import import_datasets
from curation.widgets import ChoiceWidget, SlugForeignKeyWidget, SlugListWidget, country_code
from projects.models import ContractMode, Participant, Role
from tests.factories import ActorFactory, CollectivityFactory, DomainFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def dataset(header, *rows):
    import tablib

    return tablib.Dataset(*rows, headers=header)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ML", "ML"),
        ("ml", "ML"),
        ("MLI", "ML"),
        ("Mali", "ML"),
        ("côte d'ivoire", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("COTE-D'IVOIRE", "CI"),
        ("Sénégal", "SN"),
        ("senegal", "SN"),
        ("États-Unis", "US"),
        ("RDC", "CD"),
        ("Vietnam", "VN"),
    ],
)
def test_country_code_reads_codes_and_names(text, code):
    assert country_code(text) == code


def test_country_code_refuses_an_unknown_country():
    with pytest.raises(ValueError, match="Atlantide"):
        country_code("Atlantide")


@pytest.mark.parametrize(
    ("choices", "text", "code"),
    [
        (LegalForm.choices, "Association", "association"),
        (LegalForm.choices, "association", "association"),
        (LegalForm.choices, "COOPÉRATIVE", "cooperative"),
        (Role.choices, "Opérateur / maître d’œuvre", "operateur"),
        (Role.choices, "opérateur", "operateur"),
        (Role.choices, "Maître d’ouvrage", "maitre-ouvrage"),
        (Role.choices, "Partenaire", "partenaire"),
        (ContractMode.choices, "Subvention", "subvention"),
    ],
)
def test_choice_widget_reads_codes_and_labels(choices, text, code):
    assert ChoiceWidget(choices).clean(text) == code


def test_domains_are_read_by_slug_or_by_name():
    water = DomainFactory(slug="eau-potable", name="Eau potable")
    health = DomainFactory(slug="sante", name="Santé")
    widget = SlugListWidget(type(water), name="name")
    assert widget.clean("eau-potable ; SANTE") == [water, health]
    assert widget.clean("Eau potable; santé") == [water, health]


def test_a_domain_name_two_domains_share_is_refused():
    first = DomainFactory(slug="agriculture", name="Agriculture")
    DomainFactory(slug="agriculture-2", name="Agriculture", parent=DomainFactory(slug="rural", name="Rural"))
    widget = SlugListWidget(type(first), name="name")
    with pytest.raises(ValueError, match="plusieurs fiches"):
        widget.clean("Agriculture")
    assert widget.clean("agriculture") == [first]


def test_parent_domain_by_name():
    root = DomainFactory(slug="eau-et-assainissement", name="Eau et assainissement")
    assert SlugForeignKeyWidget(type(root), name="name").clean("eau et assainissement") == root


def test_import_of_actors_written_with_labels_and_names():
    DomainFactory(slug="eau-potable", name="Eau potable")
    report = import_datasets(
        {
            "acteurs": dataset(
                ["Nom", "Forme juridique", "Pays du siège", "Pays d’intervention", "Domaines"],
                ["Eau vive", "Association", "France", "Mali ; côte d'ivoire", "Eau potable"],
            )
        }
    )
    assert report.ok, report.sections[0].errors
    actor = Actor.objects.get()
    assert (actor.legal_form, str(actor.country)) == ("association", "FR")
    assert sorted(str(c.code) for c in actor.countries.all()) == ["CI", "ML"]
    assert list(actor.domains.values_list("slug", flat=True)) == ["eau-potable"]


def test_collectivity_written_with_labels_is_recognised_again():
    CollectivityFactory(name="Région Centre", kind="region", country="FR", official_code="24")
    report = import_datasets(
        {
            "collectivites": dataset(
                ["Nom", "Type", "Pays", "Code officiel", "Description"],
                ["Région Centre", "Région", "France", "24", "Mise à jour."],
            )
        }
    )
    assert report.ok, report.sections[0].errors
    assert list(Collectivity.objects.values_list("description", flat=True)) == ["Mise à jour."]


def test_participant_role_label_finds_the_existing_participant():
    project = ProjectFactory(slug="puits")
    actor = ActorFactory(slug="eau-vive")
    Participant.objects.create(project=project, actor=actor, role="operateur")
    report = import_datasets(
        {
            "participants": dataset(
                ["Projet", "Organisation", "Rôle", "Précisions"],
                ["puits", "acteur:eau-vive", "Opérateur", "Forages."],
            )
        }
    )
    assert report.ok, report.sections[0].errors
    assert list(Participant.objects.values_list("role", "notes")) == [("operateur", "Forages.")]
