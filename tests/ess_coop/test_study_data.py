"""The data `load_study` loads holds to the study (AFD / Région Île-de-France / ARENE, 2011)."""

import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count, Q

from actors.models import Actor, Collectivity, Institution, LegalForm
from case_studies.models import CaseStudy, PartKind
from core.models import SearchDocument
from core.search import search
from projects.models import Agreement, AgreementKind, ContractMode, Participant, Project, Role

pytestmark = pytest.mark.django_db

DATA_MODELS = [
    m
    for m in apps.get_models()
    if m._meta.app_label in ("actors", "projects", "case_studies") and not m.__name__.startswith("Historical")
]


@pytest.fixture(autouse=True)
def loaded(study, db):
    return study


def test_load_study_creates_everything_then_changes_nothing_on_a_second_run():
    counts = {m: m.objects.count() for m in DATA_MODELS}
    out = StringIO()
    call_command("load_study", stdout=out)
    assert (re.fullmatch(r"Étude chargée : \d+ inchangés\.\n", out.getvalue()) is not None) is True
    assert {m: m.objects.count() for m in DATA_MODELS} == counts


def test_load_study_writes_one_history_row_per_object_with_its_links():
    actor = Actor.objects.get(slug="eau-vive")  # four domains, four countries
    (record,) = actor.history.all()
    assert record.history_type == "+"
    assert sorted(record.domains.values_list("domain_id", flat=True)) == sorted(
        actor.domains.values_list("pk", flat=True)
    )
    assert sorted(record.countries.values_list("country_id", flat=True)) == sorted(
        actor.countries.values_list("pk", flat=True)
    )


def test_annex_lists_60_collectivities_and_public_bodies():
    assert Collectivity.objects.filter(in_study_annex=True).count() == 60


def test_annex_ess_structures_by_family():
    # « Réseau éducation et solidarité », listed both as an association and as a network, is one
    # network: 63 associations besides it, and 37 networks with it.
    by_form = dict(
        Actor.objects.filter(in_study_annex=True).values_list("legal_form").annotate(n=Count("pk")).order_by()
    )
    assert by_form == {"association": 63, "cooperative": 8, "entreprise": 5, "fondation": 11, "reseau": 37}


def test_annex_respondents_are_the_45_questionnaire_answers():
    actors = dict(Actor.objects.filter(is_respondent=True).values_list("legal_form").annotate(n=Count("pk")).order_by())
    collectivities = Collectivity.objects.filter(is_respondent=True).count()
    assert sum(actors.values()) + collectivities == 45
    assert actors["association"] == 24
    assert actors["cooperative"] == 5
    assert actors["fondation"] == 2


def test_organisation_listed_twice_in_the_annex_is_one_record():
    (record,) = Actor.objects.filter(name__icontains="éducation et solidarité")
    assert record.legal_form == LegalForm.RESEAU
    assert record.is_respondent


def test_annex_partner_collectivities_of_the_south():
    countries = dict(
        Collectivity.objects.filter(slug__in=["bitinkodji", "groupement-intercommunal-du-mono"]).values_list(
            "slug", "country"
        )
    )
    assert countries == {"bitinkodji": "NE", "groupement-intercommunal-du-mono": "BJ"}


def test_acronyms_are_split_from_names():
    east = Actor.objects.get(acronym="EAST")
    assert east.name == "Eau, agriculture et santé en milieu tropical"
    assert not Actor.objects.filter(name__regex=r"\([A-Z][A-Za-zÉ\-]+\)$").exists()


@pytest.mark.parametrize(
    ("model", "slug"),
    [
        (Actor, "initiative-perigord"),
        (Actor, "initiative-souss-massa-draa"),
        (Actor, "france-initiative"),
        (Actor, "le-damier-mali"),
        (Actor, "2i"),
        (Actor, "caeb"),
        (Actor, "equipement-et-maintenance"),
        (Collectivity, "plie"),
        (Actor, "asmare"),
        (Actor, "taddek"),
        (Actor, "reserve-naturelle-communautaire-du-boundou"),
        (Actor, "ajed"),
        (Collectivity, "agence-de-l-oriental"),
        (Actor, "ethiquable"),
        (Actor, "cidr"),
        (Actor, "initiative-touraine-chinonais"),
        (Collectivity, "porto-novo"),
        (Collectivity, "region-souss-massa-draa"),
        (Collectivity, "hanoi"),
        (Collectivity, "figuig"),
        (Collectivity, "region-tambacounda"),
        (Collectivity, "region-kedougou"),
        (Collectivity, "etat-minas-gerais"),
        (Collectivity, "antananarivo"),
        (Collectivity, "region-kayes"),
    ],
)
def test_organisations_named_in_the_body_are_in_the_directory(model, slug):
    assert model.objects.filter(slug=slug, status="published").count() == 1


def test_foreign_partner_collectivities_have_their_country():
    expected = {
        "porto-novo": "BJ",
        "region-souss-massa-draa": "MA",
        "hanoi": "VN",
        "figuig": "MA",
        "region-tambacounda": "SN",
        "region-kedougou": "SN",
        "etat-minas-gerais": "BR",
        "antananarivo": "MG",
        "region-kayes": "ML",
    }
    assert dict(Collectivity.objects.filter(slug__in=expected).values_list("slug", "country")) == expected


def test_everything_loaded_is_published_and_comes_from_the_study():
    for model in (Actor, Collectivity, Project, CaseStudy):
        assert set(model._default_manager.values_list("status", "source").distinct()) == {("published", "study")}


def test_eight_case_studies_with_every_part():
    case_studies = CaseStudy.objects.prefetch_related("parts", "key_points", "key_figures").order_by("number")
    assert [c.number for c in case_studies] == [1, 2, 3, 4, 5, 6, 7, 8]
    for case_study in case_studies:
        kinds = [part.kind for part in case_study.parts.all()]
        assert case_study.heading.startswith(f"3.{case_study.number} "), case_study
        assert case_study.summary and case_study.project_id, case_study
        assert kinds[:2] == [PartKind.CADRE, PartKind.APPORTS], case_study
        assert set(kinds[2:]) == {PartKind.RETOMBEES}, case_study
        assert all(part.title.startswith("Pour ") for part in case_study.parts.all()[2:]), case_study
        assert len(case_study.key_points.all()) == 3, case_study
        assert len(case_study.key_figures.all()) >= 5, case_study


@pytest.mark.parametrize(
    ("number", "value", "words"),
    [
        (8, 43, "plans locaux d’électrification"),
        (8, 180, "électriciens"),
        (8, 410, "élus"),
        (8, 46, "communes"),
        (3, 2002, ""),
        (1, 1995, ""),
    ],
)
def test_case_study_figures_carry_over(number, value, words):
    figures = CaseStudy.objects.get(number=number).key_figures.filter(value=value)
    assert any(words.lower() in f.label.lower() for f in figures), (number, value)


def test_case_study_headings_are_the_studys():
    assert (
        CaseStudy.objects.get(number=3).heading
        == "3.3 Une association propose une démarche qui se transforme en programme"
    )


def test_every_agreement_has_a_kind_its_mode_and_two_parties():
    for agreement in Agreement.objects.prefetch_related("parties"):
        parties = list(agreement.parties.all())
        assert len(parties) >= 2, agreement
        assert {p.project_id for p in parties} == {agreement.project_id}, agreement
        if agreement.kind == AgreementKind.CONVENTION_CADRE:
            assert agreement.mode == "", agreement
        if agreement.kind in (AgreementKind.MARCHE_PUBLIC, AgreementKind.COMMANDE_DIRECTE, AgreementKind.DSP):
            assert agreement.mode == ContractMode.PRESTATION, agreement


def test_mobil_asie_moved_from_subvention_to_public_procurement():
    agreements = Project.objects.get(slug="mobil-asie").agreements.exclude(mode="").order_by("start_year")
    assert [(a.mode, a.start_year, a.end_year) for a in agreements] == [
        ("subvention", 2002, 2007),
        ("prestation", 2007, None),
    ]
    assert agreements[1].kind == AgreementKind.MARCHE_PUBLIC


def test_every_project_has_a_french_collectivity_or_an_ess_actor():
    for project in Project.objects.all():
        participants = Participant.objects.filter(project=project)
        assert participants.filter(Q(collectivity__country="FR") | Q(actor__isnull=False)).exists(), project


def test_case_study_initiatives_follow_the_text():
    initiatives = dict(Project.objects.filter(case_study__isnull=False).values_list("case_study__number", "initiative"))
    assert initiatives[3] == "acteur"
    assert initiatives[7] == "collectivite"
    assert initiatives[8] == "acteur"


ARTEFACTS = {
    "lost hyphen": re.compile(
        r"ÎledeFrance|PortoNovo|CergyPontoise|SeineSaintDenis|NordPas|SudSud|coconstruction|ValdeMarne|"
        r"HautsdeSeine|PoitouCharentes|RhôneAlpes|ChillyMazarin|JuvisysurOrge|visàvis"
    ),
    "glued years": re.compile(r"\b(19|20)\d\d(19|20)\d\d\b"),
    "word split at a line end": re.compile(r"\b\w+ (tion|tions|ment|ments|tique|tiques|naire|naires|rale|raux)\b"),
    "small caps in mixed case": re.compile(r"\b[A-ZÀ-Ý]?[a-zà-ÿ]+[A-ZÀ-Ý][a-zà-ÿ]*[A-ZÀ-Ý][a-zà-ÿ]+\b"),
    "running title or page number": re.compile(r"^\s*\w{1,3}\s*$", re.M),
    "double space": re.compile(r"\S {2,}\S"),
}
TEXT_FIELDS = {"name", "title", "summary", "description", "body", "text", "notes", "label", "heading", "places"}


def test_no_extraction_artefact_survives():
    found = []
    for model in DATA_MODELS:
        fields = [f.name for f in model._meta.concrete_fields if f.name in TEXT_FIELDS]
        for obj in model.objects.all():
            for field in fields:
                value = getattr(obj, field) or ""
                found += [(str(obj), field, name) for name, pattern in ARTEFACTS.items() if pattern.search(value)]
    assert found == []


def test_french_typography_uses_non_breaking_spaces():
    offenders = []
    for model in DATA_MODELS:
        fields = [f.name for f in model._meta.concrete_fields if f.name in TEXT_FIELDS]
        for obj in model.objects.all():
            for field in fields:
                if re.search(r" [:;!?»]|« ", getattr(obj, field) or ""):
                    offenders.append((str(obj), field))
    assert offenders == []


def test_groups_of_unnamed_organisations_stay_out_of_the_directory():
    groups = list(Actor.objects.filter(is_group=True)) + list(Collectivity.objects.filter(is_group=True))
    assert groups
    assert not Actor.objects.published().filter(is_group=True).exists()
    assert all(group.participations.exists() for group in groups)


def test_the_search_index_holds_every_published_record():
    expected = sum(m.objects.published().count() for m in (Actor, Collectivity, Project, CaseStudy))
    assert SearchDocument.objects.count() == expected


def test_france_initiative_gives_technical_support_in_souss_massa_draa():
    roles = Participant.objects.filter(
        project__slug="souss-massa-draa-plateformes-initiative", actor__slug="france-initiative"
    ).values_list("role", flat=True)
    assert list(roles) == [Role.APPUI_TECHNIQUE]


@pytest.mark.parametrize(
    ("model", "spelling", "slug"),
    [
        (Collectivity, "Pays de Loire", "region-pays-de-la-loire"),
        (Actor, "ALTERECO", "alter-eco"),
        (Actor, "FAFRAD-Économique", "fafrad"),
    ],
)
def test_study_spellings_are_kept_and_found_by_search(model, spelling, slug):
    record = model.objects.get(slug=slug)
    assert record.study_name_list == [spelling]
    assert slug in search(model.objects.published(), spelling).values_list("slug", flat=True)


def test_study_spelling_shown_on_the_organisation_page(client):
    response = client.get(Actor.objects.get(slug="alter-eco").get_absolute_url())
    assert "dans l’étude\u00a0: «\u00a0ALTERECO\u00a0»" in response.content.decode()


def test_embassy_of_brazil_is_an_embassy():
    embassy = Collectivity.objects.get(slug="ambassade-du-bresil-en-france")
    assert (embassy.kind, embassy.institution) == ("organisme-public", Institution.AMBASSADE)


def test_no_two_organisations_share_a_name():
    names = [*Actor.objects.values_list("name", flat=True), *Collectivity.objects.values_list("name", flat=True)]
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_both_names_of_the_international_employment_service_say_what_the_study_says():
    espace, pole = (
        Collectivity.objects.get(slug=slug).description
        for slug in ("espace-emploi-international", "pole-emploi-international")
    )
    assert "Pôle emploi international" in espace
    assert "Espace emploi international" in pole
