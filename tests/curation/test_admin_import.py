"""Import in the admin: a preview of new, updated, unchanged and refused rows, then all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actors.models import Actor
from tests.factories import ActorFactory, CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:actors_actor_import")
CSV_FORMAT = "0"  # FlexibleCSV, first of curation.formats.FORMATS


@pytest.fixture
def curator_client(client):
    client.force_login(CuratorFactory())
    return client


def upload(client, text, encoding="utf-8"):
    return client.post(
        IMPORT,
        {
            "format": CSV_FORMAT,
            "import_file": SimpleUploadedFile("acteurs.csv", text.encode(encoding), content_type="text/csv"),
            "resource": "0",
        },
    )


def test_preview_counts_new_updated_skipped_and_refused_rows(curator_client):
    ActorFactory(name="Eau vive", legal_form="association", rna="W751234567", description="Avant.")
    ActorFactory(name="Inchangée", legal_form="fondation", slug="inchangee", description="Même.")
    response = upload(
        curator_client,
        "Nom;Forme juridique;RNA;Identifiant;Description\n"
        "Eau vive;association;W751234567;;Après.\n"
        "Inchangée;fondation;;inchangee;Même.\n"
        "Nouvelle;coopérative;;;Neuve.\n"
        "Refusée;sarl;;;\n",
    )
    content = response.content.decode().replace("\xa0", " ")
    result = response.context["result"]
    assert result.totals["new"] == 1
    assert result.totals["update"] == 1
    assert result.totals["skip"] == 1
    assert result.totals["invalid"] == 1
    assert "Forme juridique" in content and "valeur inconnue « sarl »" in content
    assert Actor.objects.count() == 2  # a preview writes nothing


def test_file_with_errors_cannot_be_confirmed(curator_client):
    response = upload(curator_client, "Nom;Forme juridique\nRefusée;sarl\n")
    assert response.status_code == 200
    assert "confirm_form" not in response.context


def test_confirmed_import_applies_the_whole_file(curator_client):
    response = upload(curator_client, "Nom;Forme juridique\nUne;association\nDeux;fondation\n")
    confirm = response.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}
    response = curator_client.post(reverse("admin:actors_actor_process_import"), data)
    assert response.status_code == 302
    assert sorted(Actor.objects.values_list("name", flat=True)) == ["Deux", "Une"]


def test_empty_or_header_only_files_get_a_clear_message(curator_client):
    assert "Le fichier soumis est vide." in upload(curator_client, "").content.decode()
    assert "ne contient que la ligne des en-têtes" in upload(curator_client, "Nom;Forme juridique\n").content.decode()


def test_unknown_columns_refuse_the_whole_file(curator_client):
    response = upload(curator_client, "Nom;Forme juridique;Couleur\nUne;association;bleu\n")
    assert "colonne(s) inconnue(s) : Couleur" in response.content.decode().replace("\xa0", " ")


def test_latin1_file_in_the_admin(curator_client):
    response = upload(curator_client, "Nom;Forme juridique\nÉcole du Sahel;association\n", encoding="cp1252")
    assert "École du Sahel" in response.content.decode()


def test_import_needs_the_change_permission(client):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    assert client.get(IMPORT).status_code == 403


def test_admin_export_neutralises_formulas(curator_client):
    ActorFactory(name="=cmd|' /C calc'!A0", legal_form="association")
    response = curator_client.post(
        reverse("admin:actors_actor_export"),
        {"format": CSV_FORMAT, "resource": "0", **{f"actorresource_{f}": "on" for f in ["name"]}},
    )
    body = response.content.decode("utf-8-sig")
    assert "'=cmd|" in body
