"""Exports that carry the evidence: actors with their projects, partners, roles and modes; projects
with their participants and agreements — one readable cell each, computed in SQL, on the study's data."""

import csv
import io

import pytest
from django.urls import reverse


@pytest.fixture(autouse=True)
def loaded(study, db):
    return study


def rows(client, url, params):
    response = client.get(url, {**params, "format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    return [dict(zip(table[0], row, strict=True)) for row in table[1:]]


def test_actor_export_carries_projects_partners_roles_and_modes(client):
    (east,) = [r for r in rows(client, reverse("actors:actor_list"), {"pays": "MG"}) if r["Sigle"] == "EAST"]
    assert (
        "Programme d’accompagnement sanitaire et social à Antananarivo (Assistance à maîtrise d’ouvrage, 2006)"
        in (east["Projets (rôle, année)"])
    )
    assert "Région Île-de-France" in east["Collectivités partenaires"].split(" ; ")
    assert sorted(east["Rôles tenus"].split(" ; ")) == ["Assistance à maîtrise d’ouvrage", "Opérateur / maître d’œuvre"]
    assert east["Modes de contractualisation"] == "Subvention"


def test_actor_export_leaves_the_cells_of_an_actor_without_project_empty(client):
    (fafrad,) = [r for r in rows(client, reverse("actors:actor_list"), {"q": "FAFRAD"}) if r["Sigle"] == "FAFRAD"]
    assert (fafrad["Projets (rôle, année)"], fafrad["Modes de contractualisation"]) == ("", "")


def test_actor_export_of_batik_names_both_modes_once(client):
    (batik,) = [
        r for r in rows(client, reverse("actors:actor_list"), {"q": "Batik"}) if r["Nom"] == "Batik International"
    ]
    assert sorted(batik["Modes de contractualisation"].split(" ; ")) == ["Prestation", "Subvention"]


def test_project_export_carries_participants_with_roles_and_agreements_with_modes_and_years(client):
    (mobil,) = [r for r in rows(client, reverse("projects:project_list"), {"q": "Mobil’Asie"}) if "Mobil" in r["Titre"]]
    participants = mobil["Participants (rôle)"].split(" ; ")
    agreements = mobil["Conventions (mode, années)"].split(" ; ")
    assert (
        "Batik International (Maître d’ouvrage)" in participants,
        "Marché public — Prestation (2007)" in agreements,
    ) == (
        True,
        True,
    )
    assert "Convention cadre de coopération décentralisée (2010-2015)" in agreements


def test_exports_cost_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        rows(client, reverse("actors:actor_list"), {})
    with django_assert_max_num_queries(10):
        rows(client, reverse("projects:project_list"), {})
