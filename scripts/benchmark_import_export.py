#!/usr/bin/env python
"""Benchmark of bulk import and export on PostgreSQL: rows per second and peak memory.

usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ess_coop \
    .venv/bin/python scripts/benchmark_import_export.py [ROWS]

It creates (and drops at the end) its own database `<name>_benchmark` next to the one DATABASE_URL
names, generates an actors file of ROWS rows (100 000 by default), then times, each in its own
process: the import (`import_directory`), the same import again (every row unchanged), and the export
of the whole directory (`export_directory --format csv`). Peak memory is the child process's
maximum resident set size."""

import csv
import os
import random
import resource
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
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-2000:])
        raise SystemExit(f"{label} failed")
    print(
        f"{label:<28} {rows:>8} lignes  {elapsed:8.1f} s  {rows / elapsed:9.0f} lignes/s  "
        f"mémoire max {max(peak, before) / 1024:7.0f} Mo"
    )
    return result


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database (the benchmark creates its own next to it).")
    parsed = urlparse(url)
    database = f"{parsed.path.lstrip('/') or 'ess_coop'}_benchmark"
    admin_url = urlunparse(parsed._replace(path="/postgres"))
    bench_url = urlunparse(parsed._replace(path=f"/{database}"))
    with psycopg.connect(admin_url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        connection.execute(f'CREATE DATABASE "{database}"')
    env = {**os.environ, "DATABASE_URL": bench_url, "DJANGO_SETTINGS_MODULE": "ess_coop.settings.dev", "DEBUG": "false"}
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True)
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "acteurs.csv"
            start = time.perf_counter()
            generate(source, rows)
            size = source.stat().st_size / 1024 / 1024
            print(f"Fichier généré : {rows} acteurs, {size:.1f} Mo ({time.perf_counter() - start:.1f} s)")
            subprocess.run(
                [
                    PYTHON,
                    "manage.py",
                    "shell",
                    "-c",
                    "from io import StringIO; from django.core.management import call_command; "
                    "call_command('load_study', fixtures_dir='fixtures', stdout=StringIO())",
                ],
                cwd=BASE_DIR,
                env=env,
                check=True,
            )  # the domains the file uses
            run("import (création)", ["import_directory", str(source)], env, rows)
            run("import (inchangé)", ["import_directory", str(source)], env, rows)
            run("export CSV (tout)", ["export_directory", "--format", "csv", str(Path(tmp) / "export")], env, rows)
    finally:
        with psycopg.connect(admin_url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}"')


if __name__ == "__main__":
    main()
