#!/usr/bin/env python
"""Benchmark of bulk import and export on PostgreSQL: rows per second and peak memory.

usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ess_coop \
    .venv/bin/python scripts/benchmark_import_export.py [ROWS]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ess_coop_scale \
    .venv/bin/python scripts/benchmark_import_export.py --export-only

`--export-only` reads the database DATABASE_URL names as it is (nothing written to it): the whole
export (`export_directory --format csv`, rows per second, peak memory), then each section written as
the export writes it against `COPY (the section's own query) TO STDOUT`, and the ratio of the two.

It creates (and drops at the end) its own database `<name>_benchmark` next to the one DATABASE_URL
names, generates an actors file of ROWS rows (100 000 by default), then times, each in its own
process: the import (`import_directory`), the same import again (every row unchanged), and the export
of the whole directory (`export_directory --format csv`), then `rebuild_search_index`, and compares
with PostgreSQL's COPY: the same file copied in, the actors section's joined rows copied out (against
the streamed export of that section). Peak memory is each child process's maximum resident set size;
the machine's load average is printed beside each figure (a shared machine makes them noisy)."""

import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))  # the project's modules (the Luhn rule of actors.validators)

from actors.validators import luhn_complete  # noqa: E402

PYTHON = sys.executable
DOMAINS = [
    "eau-potable",
    "assainissement-hygiene",
    "microfinance",
    "commerce-equitable",
    "energie-solaire",
    "numerique",
]
COUNTRIES = ["ML", "SN", "BF", "BJ", "MG", "MA", "NE", "TG", "VN", "HT"]
FORMS = ["association", "cooperative", "fondation", "entreprise", "reseau"]


def generate(path, rows):
    random.seed(42)
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(
            [
                "Nom",
                "Forme juridique",
                "SIRET",
                "RNA",
                "Ville",
                "Pays du siège",
                "Domaines",
                "Pays d’intervention",
                "Description",
                "Statut de publication",
            ]
        )
        for n in range(rows):
            form = FORMS[n % len(FORMS)]
            siren = luhn_complete(f"{100000000 + n * 7:09d}"[:8])
            siret = luhn_complete(siren + f"{n % 10000:04d}")
            while not siret.startswith(siren):  # pragma: no cover - the prefix always holds
                siret = luhn_complete(siren + "0001")
            writer.writerow(
                [
                    f"Structure de l’ESS numéro {n}",
                    form,
                    siret,
                    f"W{n:09d}" if form == "association" else "",
                    random.choice(["Paris", "Montreuil", "Saint-Denis", "Créteil", "Évry"]),
                    "FR",
                    " ; ".join(random.sample(DOMAINS, 2)),
                    " ; ".join(random.sample(COUNTRIES, 3)),
                    "Accompagne des porteurs de projets et des collectivités dans leurs coopérations.",
                    "published",
                ]
            )


def run(label, args, env, rows):
    """Run a manage.py command; print its time, rows per second and the child's own peak memory."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)  # this child's own peak memory
        process.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        out.seek(0), err.seek(0)
        stdout, stderr = out.read(), err.read()
    peak_kb = usage.ru_maxrss
    if process.returncode != 0:
        print(stdout[-2000:], stderr[-2000:])
        raise SystemExit(f"{label} failed")
    cpu = usage.ru_utime + usage.ru_stime  # this process's own CPU time: what a busy machine does not inflate
    report(label, rows, elapsed, f"mémoire max {peak_kb / 1024:5.0f} Mo, CPU Python {cpu:5.1f} s")
    return elapsed


def report(label, rows, elapsed, extra=""):
    load = os.getloadavg()[0]
    print(f"{label:<34} {rows:>8} lignes {elapsed:7.1f} s {rows / elapsed:9.0f} lignes/s  {extra}  (charge {load:.1f})")


# The actors section's joined rows, as COPY writes them: what the streamed export is measured against.
ACTORS_COPY = """
COPY (SELECT a.slug, a.name, a.acronym, a.legal_form, a.legal_status, a.description, a.website, a.email, a.phone,
             a.street, a.postcode, a.city, a.departement, a.country, a.siren, a.siret, a.rna, a.staff_band,
             a.volunteer_band,
             (SELECT string_agg(d.slug, ' ; ' ORDER BY d.slug) FROM actors_actor_domains ad
              JOIN actors_domain d ON d.id = ad.domain_id WHERE ad.actor_id = a.id),
             (SELECT string_agg(ac.country_id, ' ; ' ORDER BY ac.country_id) FROM actors_actor_countries ac
              WHERE ac.actor_id = a.id),
             CASE WHEN a.is_respondent THEN 'oui' ELSE 'non' END, CASE WHEN a.in_study_annex THEN 'oui' ELSE 'non' END,
             CASE WHEN a.is_group THEN 'oui' ELSE 'non' END, a.active_abroad, a.has_joint_experience,
             a.wishes_collaboration, a.study_mentions, a.study_names, a.status, a.source
      FROM actors_actor a ORDER BY a.slug) TO STDOUT WITH (FORMAT csv, DELIMITER ';', HEADER)
"""
EXPORT_ACTORS = """
import csv, time
from curation.exporting import section_rows
from curation.resources import SECTIONS
start = time.perf_counter()
headers, rows = section_rows("acteurs", dict(SECTIONS)["acteurs"])
with open("{path}", "w", encoding="utf-8-sig", newline="") as stream:
    writer = csv.writer(stream, delimiter=";", lineterminator="\\r\\n")
    writer.writerow(headers)
    count = sum(1 for row in rows if writer.writerow(row))
print(count, time.perf_counter() - start)
"""


def copy_figures(url, source, tmp, env):
    """COPY of the same rows, in and out; the streamed export of the actors section for comparison."""
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as connection:
        columns = ", ".join(f"c{i} text" for i in range(10))
        connection.execute(f"CREATE TEMP TABLE copy_in ({columns})")
        start = time.perf_counter()
        with connection.cursor().copy("COPY copy_in FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER)") as copy:
            copy.write(source.read_bytes())
        copy_in = time.perf_counter() - start
        rows_in = connection.execute("SELECT count(*) FROM copy_in").fetchone()[0]
        start = time.perf_counter()
        with connection.cursor().copy(ACTORS_COPY) as copy:
            for _data in copy:
                pass
        copy_out = time.perf_counter() - start
        rows_out = connection.execute("SELECT count(*) FROM actors_actor").fetchone()[0] + 1
    report("COPY FROM du même fichier", rows_in, copy_in)
    report("COPY TO des acteurs (joints)", rows_out - 1, copy_out)
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", EXPORT_ACTORS.format(path=Path(tmp) / "acteurs-seuls.csv")],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    count, elapsed = result.stdout.split()[-2:]
    report("export des acteurs (flux)", int(count), float(elapsed))
    return copy_in, copy_out / (rows_out - 1) * int(count), float(elapsed)


# Each section's own query copied out by COPY, then written as export_directory writes it (on
# PostgreSQL by COPY itself, plus the header, the CRLF and the file; the database's cache is then as
# warm for the export as for the bare COPY).
EXPORT_SECTIONS = """
import os, time
from django.db import connection
from curation.exporting import section_sql, write_section_csv
from curation.resources import SECTIONS
connection.ensure_connection()
for name, resource_class in SECTIONS:
    sql, params = section_sql(name, resource_class)
    start = time.perf_counter()
    with connection.connection.cursor() as cursor:
        query = cursor.mogrify(sql, params)
        with cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, DELIMITER ';')") as copy:
            for _data in copy:
                pass
    copied = time.perf_counter() - start
    start = time.perf_counter()
    with open(os.devnull, "wb") as stream:
        count = write_section_csv(stream, name, resource_class)
    streamed = time.perf_counter() - start
    print(name, count, streamed, copied)
"""


def export_figures(url, env):
    """The whole export in its own process, then each section against COPY of its own query."""
    with tempfile.TemporaryDirectory() as tmp:
        total = count_rows(url)
        run("export CSV (tout l’annuaire)", ["export_directory", "--format", "csv", str(Path(tmp) / "x")], env, total)
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", EXPORT_SECTIONS], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(result.stderr[-2000:])
    sums = [0, 0.0, 0.0]
    for line in result.stdout.split("\n"):
        if len(parts := line.split()) == 4:
            name, count, streamed, copied = parts[0], int(parts[1]), float(parts[2]), float(parts[3])
            report(f"section {name} (flux)", count, streamed, f"COPY {copied:6.1f} s, rapport {streamed / copied:4.1f}")
            sums = [sums[0] + count, sums[1] + streamed, sums[2] + copied]
    report("toutes les sections (flux)", sums[0], sums[1], f"COPY {sums[2]:6.1f} s, rapport {sums[1] / sums[2]:4.1f}")


def count_rows(url, *tables):
    import psycopg

    tables = tables or (
        "actors_domain",
        "actors_collectivity",
        "actors_actor",
        "projects_project",
        "projects_participant",
        "projects_agreement",
    )
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as connection:
        return sum(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables)


def measure(bench_url, env, rows):
    """Generate the file, then time the imports, the export, the index rebuild and COPY, in one folder."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "acteurs.csv"
        start = time.perf_counter()
        generate(source, rows)
        size = source.stat().st_size / 1024 / 1024
        print(f"Fichier généré : {rows} acteurs, {size:.1f} Mo ({time.perf_counter() - start:.1f} s)")
        load_domains = (
            "from io import StringIO; from django.core.management import call_command; "
            "call_command('load_study', fixtures_dir='fixtures', stdout=StringIO())"
        )
        subprocess.run([PYTHON, "manage.py", "shell", "-c", load_domains], cwd=BASE_DIR, env=env, check=True)
        created = run("import (création)", ["import_directory", str(source)], env, rows)
        run("import (inchangé)", ["import_directory", str(source)], env, rows)
        total = count_rows(bench_url)
        run("export CSV (tout l’annuaire)", ["export_directory", "--format", "csv", str(Path(tmp) / "x")], env, total)
        documents = count_rows(bench_url, "core_searchdocument")
        run("rebuild_search_index", ["rebuild_search_index"], env, documents)
        copy_in, copy_out, export_actors = copy_figures(bench_url, source, tmp, env)
        print(
            f"rapports au COPY : import {created / copy_in:.0f} × plus lent que COPY FROM ; "
            f"export des acteurs {export_actors / copy_out:.1f} × plus lent que COPY TO"
        )


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database (the benchmark creates its own next to it).")
    if sys.argv[1:] == ["--export-only"]:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ess_coop.settings.dev", "DEBUG": "false"}
        return export_figures(url, env)
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    parsed = urlparse(url)
    database = f"{parsed.path.lstrip('/') or 'ess_coop'}_benchmark"
    admin_url = urlunparse(parsed._replace(path="/postgres")).replace("postgres://", "postgresql://", 1)
    bench_url = urlunparse(parsed._replace(path=f"/{database}"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        connection.execute(f'CREATE DATABASE "{database}"')
    env = {**os.environ, "DATABASE_URL": bench_url, "DJANGO_SETTINGS_MODULE": "ess_coop.settings.dev", "DEBUG": "false"}
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True)
        measure(bench_url, env, rows)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}"')


if __name__ == "__main__":
    main()
