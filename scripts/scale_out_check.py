#!/usr/bin/env python
"""Two app servers behind haproxy, sharing only PostgreSQL and Redis: shows that what a person does
on one server holds on the other.

usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ess_coop CACHE_URL=redis://127.0.0.1:6379/1 \
    .venv/bin/python scripts/scale_out_check.py [--ports 8141,8142] [--balancer 8140]

It installs Debian's haproxy if missing, migrates the database, loads the study, creates a verified
staff account (`scaleout@example.org`), empties the cache CACHE_URL names, starts two gunicorn servers
(production settings on plain HTTP) and haproxy (round robin), then checks:

1. a log-in on server 1 is valid on server 2 (sessions in the database);
2. pages through the balancer come from both servers, signed in all along;
3. the contact form's rate limit (5 an hour per client address) is counted across both servers;
4. an admin import previewed on server 1 is confirmed on server 2 (the file waits in the cache).

Everything it started is stopped at the end; it exits non-zero if a check failed."""

import argparse
import os
import sys
import tempfile

from scaleout_common import (
    Client,
    check,
    csrf_token,
    hidden_inputs,
    prepare,
    server_env,
    start_gunicorn,
    start_haproxy,
    stop,
)

EMAIL, PASSWORD = "scaleout@example.org", "Scale-out-2026!"


def log_in(client, base):
    response = client.post_form(base, "/compte/login/", {"login": EMAIL, "password": PASSWORD})
    return response.status, response.headers.get("Location", "")


def check_login_across(servers):
    client = Client()
    status, location = log_in(client, servers[0])
    ok = check("connexion sur le serveur 1", status == 302 and "sessionid" in client.cookies, f"{status} → {location}")
    page = client.get(servers[1], "/espace-acteur/")
    return ok & check(
        "espace acteur servi par le serveur 2 avec la session ouverte sur le 1",
        page.status == 200 and EMAIL in page.text,
        f"HTTP {page.status}",
    )


def check_balancer(balancer):
    client = Client()
    log_in(client, balancer)
    answers = [client.get(balancer, "/espace-acteur/") for _ in range(6)]
    servers = sorted({a.server for a in answers})
    statuses = [a.status for a in answers]
    return check(
        "pages par le répartiteur : les deux serveurs répondent, session gardée",
        len(servers) == 2 and statuses == [200] * 6,
        f"serveurs {servers}, statuts {statuses}",
    )


def check_rate_limit(balancer, actor_slug):
    client = Client()
    page = f"/acteurs/{actor_slug}/contacter/"
    form = {
        "name": "Camille",
        "email": "camille@example.org",
        "subject": "Coopération",
        "message": "Bonjour, pouvons-nous échanger ?",
    }
    seen = []
    token = csrf_token(client.get(balancer, page).text)  # one token for all the posts: they alternate servers
    for _ in range(7):
        response = client.request(balancer, page, data={"csrfmiddlewaretoken": token, **form})
        seen.append((response.server, response.status))
    statuses = [status for _server, status in seen]
    posted_on = {server for server, _status in seen}
    return check(
        "limite de débit du formulaire de contact comptée sur les deux serveurs (5 par heure)",
        statuses == [302] * 5 + [429] * 2 and len(posted_on) == 2,
        " ".join(f"{server}:{status}" for server, status in seen),
    )


def check_import_preview(servers):
    client = Client()
    log_in(client, servers[0])
    name = "Coopérative répartie entre deux serveurs"
    content = f"Nom;Forme juridique;Description\n{name};cooperative;Importée en deux temps.\n".encode()
    token = csrf_token(client.get(servers[0], "/admin/actors/actor/import/").text)
    preview = client.request(
        servers[0],
        "/admin/actors/actor/import/",
        data={"csrfmiddlewaretoken": token, "format": "0", "resource": "0"},
        files={"import_file": ("acteurs.csv", content, "text/csv")},
    )
    fields = hidden_inputs(preview.text)
    ok = check(
        "aperçu d’import sur le serveur 1",
        preview.status == 200 and "import_file_name" in fields,
        f"HTTP {preview.status}",
    )
    confirm = client.request(servers[1], "/admin/actors/actor/process_import/", data=fields)
    listing = client.get(servers[0], "/admin/actors/actor/?q=r%C3%A9partie")
    return ok & check(
        "import confirmé sur le serveur 2 (fichier en attente dans le cache partagé)",
        confirm.status == 302 and name in listing.text,
        f"HTTP {confirm.status}",
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ports", default="8141,8142")
    parser.add_argument("--balancer", type=int, default=8140)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL doit désigner une base PostgreSQL.")
    if not os.environ.get("CACHE_URL", "").startswith("redis://"):
        raise SystemExit("CACHE_URL doit désigner un Redis partagé (redis://127.0.0.1:6379/N).")
    ports = [int(p) for p in args.ports.split(",")]
    env = server_env()
    actor_slug = prepare(env, EMAIL, PASSWORD)
    processes = []
    with tempfile.TemporaryDirectory() as work:
        try:
            for port in ports:
                processes.append(start_gunicorn(port, env, log_dir=work))
            processes.append(start_haproxy(args.balancer, ports, work))
            servers = [f"http://127.0.0.1:{port}" for port in ports]
            balancer = f"http://127.0.0.1:{args.balancer}"
            results = [
                check_login_across(servers),
                check_balancer(balancer),
                check_rate_limit(balancer, actor_slug),
                check_import_preview(servers),
            ]
        finally:
            stop(processes)
    print(f"{sum(results)} vérifications réussies sur {len(results)}")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
