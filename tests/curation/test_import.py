"""import_directory and export_directory: all or nothing, row errors by line and column, idempotent."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from actors.models import Actor, Collectivity, Domain
from case_studies.models import CaseStudy
from core import search
from core.models import SearchDocument
from core.search import suspended_indexing
from curation.bulk import StoredRecords
from curation.importing import import_datasets, read_path
from projects.models import Agreement, Participant, Project
from tests.factories import ActorFactory, CollectivityFactory, DomainFactory

pytestmark = pytest.mark.django_db

HEADER = "Nom;Forme juridique;SIRET;RNA;Domaines;Pays d’intervention;Répondant;Statut de publication"


def write(tmp_path, name, text, encoding="utf-8"):
    path = Path(tmp_path) / name
    path.write_bytes(text.encode(encoding))
    return path


def run(path, *args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_directory", str(path), *args, stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        code = 1
        err.write(str(exc))
    # Messages use French typography (non-breaking spaces); compare them with ordinary spaces.
    return code, out.getvalue().replace("\xa0", " "), err.getvalue().replace("\xa0", " ")


@pytest.fixture
def water():
    root = DomainFactory(slug="eau-et-assainissement", name="Eau")
    return DomainFactory(slug="eau-potable", name="Eau potable", parent=root)


def test_import_creates_updates_and_skips(tmp_path, water):
    ActorFactory(name="Eau vive", legal_form="association", rna="W751234567", description="Avant.")
    path = write(
        tmp_path,
        "acteurs.csv",
        f"{HEADER}\n"
        'Eau vive;association;;W751234567;eau-potable;"ML ; SN";oui;published\n'
        "Énergies solidaires;Association;;;;BF;non;\n",
    )
    code, out, err = run(path)
    assert code == 0
    assert err == ""
    assert "acteurs : 1 nouvelles, 1 mises à jour, 0 inchangées, 0 refusées" in out
    eau_vive = Actor.objects.get(rna="W751234567")
    assert sorted(eau_vive.countries.values_list("code", flat=True)) == ["ML", "SN"]
    assert list(eau_vive.domains.all()) == [water]
    created = Actor.objects.get(name="Énergies solidaires")
    assert created.status == "draft"
    assert created.source == "import"
    assert created.slug == "energies-solidaires"
    code, out, err = run(path)
    assert "acteurs : 0 nouvelles, 0 mises à jour, 2 inchangées, 0 refusées" in out


def test_rows_match_by_siret_then_rna_then_identifier_then_name(tmp_path):
    by_siret = ActorFactory(siret="73282932000074", name="Ancien nom")
    by_name = ActorFactory(name="Eau Vive", legal_form="association")
    path = write(
        tmp_path,
        "acteurs.csv",
        "Nom;Forme juridique;SIRET\nNouveau nom;association;73282932000074\neau vive;Association;\n",
    )
    assert run(path)[0] == 0
    by_siret.refresh_from_db()
    assert by_siret.name == "Nouveau nom"
    assert Actor.objects.count() == 2
    assert Actor.objects.filter(pk=by_name.pk).exists()


def test_refused_rows_say_line_column_and_why_and_nothing_is_written(tmp_path, water):
    path = write(
        tmp_path,
        "acteurs.csv",
        f"{HEADER}\n"
        "Correcte;association;;;;;;\n"
        "Forme inconnue;sarl;;;;;;\n"
        "Mauvais SIRET;association;12345678901234;;;;;\n"
        "Mauvais RNA;association;;X12;;;;\n"
        "Domaine inconnu;association;;;eau-sale;;;\n"
        "Pays inconnu;association;;;;Atlantide;;\n"
        "Répondant flou;association;;;;;peut-être;\n",
    )
    code, out, err = run(path)
    assert code == 1
    assert Actor.objects.count() == 0
    lines = err.splitlines()
    assert "  acteurs, ligne 3, colonne « Forme juridique » : valeur inconnue « sarl »" in lines[0]
    assert any(line.startswith("  acteurs, ligne 4, colonne « SIRET » : Ce SIRET n’est pas valide") for line in lines)
    assert any(line.startswith("  acteurs, ligne 5, colonne « RNA » : Un numéro RNA s’écrit W") for line in lines)
    assert any(line.startswith("  acteurs, ligne 6, colonne « Domaines » : inconnu(s) : eau-sale") for line in lines)
    assert any(
        line.startswith("  acteurs, ligne 7, colonne « Pays d’intervention » : inconnu(s)") or "pays inconnu" in line
        for line in lines
    )
    assert any(line.startswith("  acteurs, ligne 8, colonne « Répondant »") for line in lines)
    assert "6 refusées" in out


def test_duplicate_keys_inside_one_file_are_refused(tmp_path):
    path = write(
        tmp_path, "acteurs.csv", "Nom;Forme juridique;RNA\nA;association;W751234567\nB;association;W751234567\n"
    )
    code, _out, err = run(path)
    assert code == 1
    assert Actor.objects.count() == 0
    assert "ligne 3, colonne « RNA » : doublon de la ligne 2 du même fichier" in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Nom;Couleur\nEau vive;bleu\n", "colonne(s) inconnue(s) : Couleur"),
        ("Nom\nEau vive\n", "colonne(s) obligatoire(s) absente(s) : Forme juridique"),
    ],
)
def test_missing_and_unknown_columns_refuse_the_file(tmp_path, text, message):
    code, _out, err = run(write(tmp_path, "acteurs.csv", text))
    assert code == 1
    assert Actor.objects.count() == 0
    assert message in err


@pytest.mark.parametrize(
    ("data", "message"), [(b"", "Le fichier est vide."), (b"Nom;Forme juridique\n", "ligne des en-têtes")]
)
def test_empty_and_header_only_files(tmp_path, data, message):
    path = Path(tmp_path) / "acteurs.csv"
    path.write_bytes(data)
    code, _out, err = run(path)
    assert code == 1
    assert message in err


def test_latin1_file_is_imported_with_its_accents(tmp_path):
    path = write(tmp_path, "acteurs.csv", "Nom,Forme juridique,Ville\nÉcole du Sahel,association,Châtillon\n", "cp1252")
    assert run(path)[0] == 0
    assert Actor.objects.get().name == "École du Sahel"


def test_dry_run_writes_nothing(tmp_path):
    code, out, _err = run(write(tmp_path, "acteurs.csv", "Nom;Forme juridique\nEau vive;association\n"), "--dry-run")
    assert code == 0
    assert Actor.objects.count() == 0
    assert "Essai à blanc" in out


def test_large_file_is_imported_in_chunks(tmp_path):
    rows = "\n".join(f"Association numéro {n};association" for n in range(4500))
    assert run(write(tmp_path, "acteurs.csv", f"Nom;Forme juridique\n{rows}\n"))[0] == 0
    assert Actor.objects.count() == 4500


def test_one_bad_row_among_chunks_writes_nothing(tmp_path):
    rows = [f"Association numéro {n};association" for n in range(2500)]
    rows[2300] = "Mauvaise;inconnue"
    code, _out, err = run(write(tmp_path, "acteurs.csv", "Nom;Forme juridique\n" + "\n".join(rows) + "\n"))
    assert code == 1
    assert Actor.objects.count() == 0
    assert "ligne 2302, colonne « Forme juridique »" in err


def test_projects_with_participants_and_agreements(tmp_path):
    region = CollectivityFactory(slug="region-ile-de-france", name="Région Île-de-France")
    ActorFactory(slug="batik-international", name="Batik International")
    projects = write(
        tmp_path,
        "projets.csv",
        "Identifiant;Titre;Pays;Début;Participants\n"
        'mobil-asie;Mobil’Asie;VN;2002;"collectivite:region-ile-de-france=financeur ; '
        'acteur:batik-international=operateur@2002-2007"\n',
    )
    agreements = write(
        tmp_path,
        "conventions.csv",
        "Projet;Identifiant;Nature;Mode;Parties;Début;Fin\n"
        'mobil-asie;subvention;autre;subvention;"collectivite:region-ile-de-france=financeur ; '
        'acteur:batik-international=operateur";2002;2007\n',
    )
    assert run(projects)[0] == 0
    assert run(agreements)[0] == 0
    project = Project.objects.get(slug="mobil-asie")
    batik = project.participants.get(actor__slug="batik-international")
    assert (batik.role, batik.start_year, batik.end_year) == ("operateur", 2002, 2007)
    assert project.participants.count() == 2
    agreement = Agreement.objects.get()
    assert agreement.mode == "subvention"
    assert sorted(p.pk for p in agreement.parties.all()) == sorted(project.participants.values_list("pk", flat=True))
    assert region.participations.count() == 1


def test_agreement_with_a_party_outside_the_project_is_refused(tmp_path):
    ActorFactory(slug="x")
    run(write(tmp_path, "projets.csv", "Identifiant;Titre;Participants\np;P;acteur:x=operateur\n"))
    code, _out, err = run(
        write(
            tmp_path,
            "conventions.csv",
            'Projet;Identifiant;Nature;Parties\np;c;convention-cadre;"acteur:x=operateur ; acteur:y=financeur"\n',
        )
    )
    assert code == 1
    assert "« acteur:y=financeur » n’est pas un participant du projet" in err


def test_exported_cells_starting_like_formulas_are_neutralised(tmp_path):
    for text in ('=HYPERLINK("http://x")', "+33 1 23", "-1", "@SUM(A1)", "\tTab", "\rCR"):
        ActorFactory(description=text)
    call_command("export_directory", "--format", "csv", str(tmp_path / "out"), stdout=StringIO())
    with open(tmp_path / "out" / "acteurs.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter=";"))
    assert sorted(r["Description"] for r in rows) == sorted(
        ['\'=HYPERLINK("http://x")', "'+33 1 23", "'-1", "'@SUM(A1)", "'\tTab", "'\rCR"]
    )


def empty_directory():
    with suspended_indexing():
        _empty_directory()


def _empty_directory():
    CaseStudy.objects.all().delete()
    Project.objects.all().delete()
    Actor.objects.all().delete()
    Collectivity.objects.all().delete()
    Domain.objects.filter(parent__isnull=False).delete()
    Domain.objects.all().delete()


def snapshot(path):
    return {p.name: p.read_bytes() for p in sorted(Path(path).glob("*.csv"))}


@pytest.mark.parametrize("export_format", ["csv", "xlsx", "json"])
def test_export_then_import_into_an_empty_directory_reproduces_it(study, tmp_path, export_format):
    target = tmp_path / ("out" if export_format == "csv" else f"annuaire.{export_format}")
    call_command("export_directory", "--format", export_format, str(target), stdout=StringIO())
    call_command("export_directory", "--format", "csv", str(tmp_path / "before"), stdout=StringIO())
    counts = {m: m.objects.count() for m in (Actor, Collectivity, Project, Participant, Agreement, Domain)}
    empty_directory()
    assert Actor.objects.count() == 0
    report = import_datasets(read_path(target))
    assert report.ok, [s.errors[:3] for s in report.sections]
    call_command("export_directory", "--format", "csv", str(tmp_path / "after"), stdout=StringIO())
    assert {m: m.objects.count() for m in counts} == counts
    assert snapshot(tmp_path / "after") == snapshot(tmp_path / "before")


def test_import_indexes_again_only_the_entries_it_wrote(tmp_path, water):
    untouched = ActorFactory(name="Zéphyr ancien", legal_form="association")
    SearchDocument.objects.filter(kind="actor", object_id=untouched.pk).delete()  # out of the index on purpose
    path = write(
        tmp_path,
        "acteurs.csv",
        f"{HEADER}\nZéphyr hydraulique;association;;;eau-potable;ML;oui;published\n"
        "Zéphyr solaire;association;;;;;non;published\n",
    )
    code, out, _err = run(path)
    mine = SearchDocument.objects.filter(kind="actor", title__startswith="Zéphyr")
    by_domain = [a.name for a in search.search(Actor.objects.filter(name__startswith="Zéphyr"), "potable")]
    assert (
        code,
        sorted(mine.values_list("title", flat=True)),
        by_domain,
        "recherche : acteurs de l’ESS : 2." in out,
    ) == (
        0,
        ["Zéphyr hydraulique", "Zéphyr solaire"],
        ["Zéphyr hydraulique"],
        True,
    )


def test_dry_run_indexes_nothing(tmp_path, water):
    path = write(tmp_path, "acteurs.csv", f"{HEADER}\nZéphyr hydraulique;association;;;eau-potable;ML;oui;published\n")
    code, _out, _err = run(path, "--dry-run")
    assert (code, SearchDocument.objects.filter(title__startswith="Zéphyr").count()) == (0, 0)


def test_unchanged_projects_and_agreements_are_skipped_on_a_second_import(tmp_path):
    CollectivityFactory(slug="region-ile-de-france", name="Région Île-de-France")
    ActorFactory(slug="batik-international", name="Batik International")
    projects = write(
        tmp_path,
        "projets.csv",
        "Identifiant;Titre;Pays;Participants\n"
        'mobil-asie;Mobil’Asie;VN;"collectivite:region-ile-de-france=financeur ; '
        'acteur:batik-international=operateur"\n',
    )
    agreements = write(
        tmp_path,
        "conventions.csv",
        "Projet;Identifiant;Nature;Mode;Parties\n"
        'mobil-asie;subvention;autre;subvention;"collectivite:region-ile-de-france=financeur ; '
        'acteur:batik-international=operateur"\n',
    )
    first = [run(projects)[0], run(agreements)[0]]
    again = [run(projects), run(agreements)]
    assert (first, [(code, err) for code, _out, err in again]) == ([0, 0], [(0, ""), (0, "")])
    assert "projets : 0 nouvelles, 0 mises à jour, 1 inchangées, 0 refusées" in again[0][1]
    assert "conventions : 0 nouvelles, 0 mises à jour, 1 inchangées, 0 refusées" in again[1][1]


def test_bulk_import_writes_history_with_links_and_refuses_a_repeated_siren(tmp_path, water, monkeypatch):
    monkeypatch.setattr("curation.bulk.ANALYZE_ABOVE", 1)  # the statistics read again after the writes
    path = write(
        tmp_path,
        "acteurs.csv",
        "Nom;Forme juridique;SIREN;Domaines;Pays d’intervention\n"
        'Eau vive;association;732829320;eau-potable;"ML ; SN"\n'
        "Eau morte;association;732829320;;\n",
    )
    code, _out, err = run(path)
    assert (code, Actor.objects.count()) == (1, 0)
    assert "ligne 3, colonne « SIREN » : déjà présent dans l’annuaire" in err
    path.write_text(
        'Nom;Forme juridique;SIREN;Domaines;Pays d’intervention\nEau vive;association;732829320;eau-potable;"ML ; SN"\n'
    )
    assert run(path)[0] == 0
    actor = Actor.objects.get()
    record = actor.history.get()
    assert (record.history_type, record.name, sorted(str(c.country_id) for c in record.countries.all())) == (
        "+",
        "Eau vive",
        ["ML", "SN"],
    )
    assert [d.domain_id for d in record.domains.all()] == [water.pk]
    code, out, _err = run(path)
    assert (code, "0 nouvelles, 0 mises à jour, 1 inchangées" in out, actor.history.count()) == (0, True, 1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the actors' arrays and their triggers are PostgreSQL's")
def test_bulk_import_writes_each_new_actor_once_with_its_arrays(tmp_path, water):
    path = write(
        tmp_path,
        "acteurs.csv",
        "Nom;Forme juridique;Pays du siège;Domaines;Pays d’intervention\n"
        'Eau vive;association;FR;eau-potable;"SN ; ML"\n',
    )
    updates = "SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'actors_actor'"
    with connection.cursor() as cursor:
        cursor.execute(updates)  # this transaction's so far (it may hold earlier tests, rolled back)
        before = cursor.fetchone()[0]
        assert run(path)[0] == 0
        cursor.execute(updates)
        updated = cursor.fetchone()[0] - before
        cursor.execute("SELECT country_codes, domain_ids FROM actors_actor")
        arrays = cursor.fetchone()
    assert (updated, arrays) == (0, (["FR", "ML", "SN"], sorted([water.pk, water.parent_id])))


def test_reimport_indexes_again_only_the_changed_entry(tmp_path, water):
    text = (
        f"{HEADER}\nZéphyr hydraulique;association;;;eau-potable;ML;oui;published\n"
        "Zéphyr solaire;association;;;;;non;published\n"
    )
    path = write(tmp_path, "acteurs.csv", text)
    assert run(path)[0] == 0
    kept = SearchDocument.objects.get(title="Zéphyr solaire").pk
    path.write_text(text.replace("eau-potable;ML", "eau-potable;SN"), encoding="utf-8")
    report = import_datasets(read_path(path))
    assert (report.indexed, SearchDocument.objects.get(title="Zéphyr solaire").pk) == ({"actor": 1}, kept)
    assert [a.name for a in search.search(Actor.objects.all(), "Sénégal")] == ["Zéphyr hydraulique"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="unchanged rows are found in SQL on PostgreSQL")
def test_unchanged_rows_are_found_in_sql_without_reading_their_records(tmp_path, water, monkeypatch):
    text = (
        f"{HEADER}\nZéphyr hydraulique;association;;;eau-potable;ML;oui;published\n"
        "Zéphyr solaire;association;;;;;non;published\n"
    )
    path = write(tmp_path, "acteurs.csv", text)
    assert run(path)[0] == 0
    read = []
    reading = StoredRecords.__init__

    def spy(self, resource, rows):
        read.extend(row["Nom"] for row, _keys in rows)
        reading(self, resource, rows)

    monkeypatch.setattr(StoredRecords, "__init__", spy)
    path.write_text(text.replace(";oui;", ";non;"), encoding="utf-8")
    section = import_datasets(read_path(path)).sections[0]
    assert ((section.updated, section.skipped), read) == ((1, 1), ["Zéphyr hydraulique"])
    assert Actor.objects.get(name="Zéphyr hydraulique").is_respondent is False


def test_a_too_long_cell_of_a_known_record_is_refused_by_line(tmp_path):
    path = write(tmp_path, "acteurs.csv", "Nom;Forme juridique;SIREN;Ville\nEau vive;association;732829320;Paris\n")
    assert run(path)[0] == 0
    path.write_text(f"Nom;Forme juridique;SIREN;Ville\nEau vive;association;732829320;{'P' * 101}\n", encoding="utf-8")
    code, _out, err = run(path)
    assert (code, "ligne 2, colonne « Ville »" in err, Actor.objects.get().city) == (1, True, "Paris")
