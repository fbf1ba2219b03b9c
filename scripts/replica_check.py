#!/usr/bin/env python
"""A PostgreSQL streaming replica on loopback, the site reading from it, then torn down.

usage (as root or the postgres user's sudoer; PostgreSQL on 127.0.0.1:5432 with trust authentication):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ess_coop CACHE_URL=redis://127.0.0.1:6379/1 \
    .venv/bin/python scripts/replica_check.py [--replica-port 8143] [--ports 8141,8142] [--balancer 8140] \
        [--rounds 5]

1. Allows replication connections from 127.0.0.1 (one pg_hba.conf line, removed at the end) and
   copies the primary with `pg_basebackup -R` into a temporary folder, as the postgres user.
2. Starts that copy as a hot standby on --replica-port and waits for it to stream.
3. Starts two gunicorn servers with DATABASE_REPLICA_URL pointing at it (and the whole-page cache off,
   so that every page reads the database), behind haproxy, and runs a page mix (lists, filters,
   search, details, statistics): rows read on each server are counted from pg_stat_database before
   and after.
4. Read-after-write: replay paused on the replica, a signed-in person creates a profile; the
   dashboard right after shows it (the client is pinned to the primary), the same request without
   the pin cookie does not (the replica is behind), and shows it once replay resumes.
5. Stops everything and removes the copy."""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg
from scaleout_common import Client, check, manage, prepare, server_env, start_gunicorn, start_haproxy, stop

EMAIL, PASSWORD = "scaleout@example.org", "Scale-out-2026!"
HBA_LINE = "host replication postgres 127.0.0.1/32 trust  # scripts/replica_check.py"
PIN_COOKIE = "ecpin"
STANDBY_MINIMUMS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)

SLUGS = """
from actors.models import Actor, Collectivity
from projects.models import Project
for model in (Actor, Collectivity, Project):
    print(" ".join(model.objects.published().order_by("pk").values_list("slug", flat=True)[:5]))
"""


def as_postgres(command, check=True, **kwargs):
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=check, **kwargs)


def connect(url):
    return psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True)


def allow_replication(primary_url):
    with connect(primary_url) as db:
        hba = Path(db.execute("SHOW hba_file").fetchone()[0])
        version = int(db.execute("SHOW server_version_num").fetchone()[0]) // 10000
        lines = hba.read_text().splitlines()
        if HBA_LINE not in lines:
            hba.write_text("\n".join([HBA_LINE, *lines]) + "\n")
            db.execute("SELECT pg_reload_conf()")
    return hba, version


def forbid_replication(primary_url, hba):
    lines = [line for line in hba.read_text().splitlines() if line != HBA_LINE]
    hba.write_text("\n".join(lines) + "\n")
    with connect(primary_url) as db:
        db.execute("SELECT pg_reload_conf()")


def start_replica(primary_url, version, port, work):
    bindir = Path(f"/usr/lib/postgresql/{version}/bin")
    data = work / "data"
    shutil.chown(work, "postgres")
    primary = urlparse(primary_url)
    started = time.perf_counter()
    as_postgres(
        [
            str(bindir / "pg_basebackup"),
            *("-h", primary.hostname, "-p", str(primary.port or 5432), "-U", "postgres"),
            *("-D", str(data), "-R", "-X", "stream", "-c", "fast", "--no-sync"),
        ]
    )
    print(f"pg_basebackup : {time.perf_counter() - started:.1f} s")
    # Debian keeps the configuration outside the data folder: the copy gets a small one of its own.
    # A hot standby needs these at least as high as on the primary: copied from it.
    with connect(primary_url) as db:
        copied = "".join(f"{name} = {db.execute(f'SHOW {name}').fetchone()[0]}\n" for name in STANDBY_MINIMUMS)
    (data / "postgresql.conf").write_text(
        f"port = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{work}'\n"
        f"hot_standby = on\nshared_buffers = 128MB\nrecovery_init_sync_method = syncfs\n{copied}"
    )
    (data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    (data / "pg_ident.conf").write_text("")
    for name in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
        shutil.chown(data / name, "postgres")
    started = as_postgres(
        [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(work / "replica.log"), "-w", "start"], check=False
    )
    if started.returncode != 0:
        raise SystemExit("Le réplica ne démarre pas :\n" + (work / "replica.log").read_text()[-3000:])
    return bindir, data


def stop_replica(bindir, data):
    as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], check=False)


def rows_read(url):
    with connect(url) as db:
        return db.execute(
            "SELECT tup_returned + tup_fetched FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()[0]


def page_mix(env):
    actors, collectivities, projects = (
        line.split()
        for line in manage(env, "shell", "-c", SLUGS, capture_output=True, text=True).stdout.splitlines()[-3:]
    )
    pages = [
        "/",
        "/acteurs/",
        "/acteurs/?q=eau",
        "/acteurs/?domaine=eau-et-assainissement&pays=ML",
        "/collectivites/",
        "/projets/",
        "/recherche/?q=energie",
        "/statistiques/",
        "/etudes-de-cas/1/",
    ]
    pages += [f"/acteurs/{s}/" for s in actors] + [f"/collectivites/{s}/" for s in collectivities]
    return pages + [f"/projets/{s}/" for s in projects]


def run_page_mix(balancer, pages, rounds):
    client = Client()
    times, errors, servers = [], 0, set()
    for _ in range(rounds):
        for page in pages:
            start = time.perf_counter()
            response = client.get(balancer, page)
            times.append(time.perf_counter() - start)
            errors += response.status != 200
            servers.add(response.server)
    times.sort()
    return {
        "requests": len(times),
        "errors": errors,
        "p50_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * times[int(0.95 * (len(times) - 1))],
        "servers": sorted(servers),
    }


def read_after_write(balancer, replica_url):
    client = Client()
    client.post_form(balancer, "/compte/login/", {"login": EMAIL, "password": PASSWORD})
    name = f"Fiche créée pendant la pause du réplica {int(time.time())}"
    with connect(replica_url) as replica:
        replica.execute("SELECT pg_wal_replay_pause()")
        try:
            created = client.post_form(
                balancer,
                "/espace-acteur/creer/",
                {"name": name, "legal_form": "association", "country": "FR", "description": "Créée."},
            )
            pinned = name in client.get(balancer, "/espace-acteur/").text
            pin = client.cookies.pop(PIN_COOKIE, None)
            unpinned = name in client.get(balancer, "/espace-acteur/").text
        finally:
            replica.execute("SELECT pg_wal_replay_resume()")
        time.sleep(1)
        caught_up = name in client.get(balancer, "/espace-acteur/").text
    return check(
        "lecture après écriture : la personne qui écrit lit le primaire",
        (created.status, bool(pin), pinned, unpinned, caught_up) == (302, True, True, False, True),
        f"création HTTP {created.status}, cookie {PIN_COOKIE} {'posé' if pin else 'absent'}, "
        f"avec le cookie {'visible' if pinned else 'invisible'}, sans le cookie (réplica en pause) "
        f"{'visible' if unpinned else 'invisible'}, après reprise {'visible' if caught_up else 'invisible'}",
    )


def check_site(args, primary_url, replica_url, work):
    # Whole pages off: anonymous pages served from the cache would read neither database.
    env = server_env({"DATABASE_REPLICA_URL": replica_url, "PUBLIC_PAGE_CACHE": "false"})
    ports = [int(p) for p in args.ports.split(",")]
    processes = []
    try:
        for port in ports:
            processes.append(start_gunicorn(port, env, log_dir=work))
        processes.append(start_haproxy(args.balancer, ports, work))
        balancer = f"http://127.0.0.1:{args.balancer}"
        pages = page_mix(env)
        run_page_mix(balancer, pages, 1)  # warm-up
        before = rows_read(primary_url), rows_read(replica_url)
        figures = run_page_mix(balancer, pages, args.rounds)
        time.sleep(11)  # idle backends flush their statistics within 10 s
        after = rows_read(primary_url), rows_read(replica_url)
        on_primary, on_replica = after[0] - before[0], after[1] - before[1]
        print(
            f"mélange de pages : {figures['requests']} requêtes, {figures['errors']} erreurs, "
            f"p50 {figures['p50_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms, serveurs {figures['servers']}; "
            f"lignes lues : réplica {on_replica}, primaire {on_primary}"
        )
        results = [
            check("le mélange de pages est servi sans erreur", figures["errors"] == 0),
            check("les lectures des pages vont au réplica", on_replica > 10 * on_primary),
            read_after_write(balancer, replica_url),
        ]
    finally:
        stop(processes)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replica-port", type=int, default=8143)
    parser.add_argument("--ports", default="8141,8142")
    parser.add_argument("--balancer", type=int, default=8140)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    primary_url = os.environ.get("DATABASE_URL", "")
    if not primary_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL doit désigner une base PostgreSQL.")
    prepare(server_env(), EMAIL, PASSWORD)
    replica_url = urlunparse(urlparse(primary_url)._replace(netloc=f"postgres@127.0.0.1:{args.replica_port}"))
    hba, version = allow_replication(primary_url)
    work = Path(tempfile.mkdtemp(prefix="ess_coop_replica_"))
    bindir = data = None
    try:
        bindir, data = start_replica(primary_url, version, args.replica_port, work)
        with connect(replica_url) as replica:
            standby = replica.execute("SELECT pg_is_in_recovery()").fetchone()[0]
        results = [check("réplica en veille active (hot standby), en lecture seule", standby)]
        results += check_site(args, primary_url, replica_url, work)
    finally:
        if data is not None:
            stop_replica(bindir, data)
        forbid_replication(primary_url, hba)
        shutil.rmtree(work, ignore_errors=True)
    print(f"{sum(results)} vérifications réussies sur {len(results)}")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
