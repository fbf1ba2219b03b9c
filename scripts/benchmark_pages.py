#!/usr/bin/env python
"""Page benchmark: every page type of the public site, served by gunicorn with production-like settings.

usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ess_coop_big \\
    .venv/bin/python scripts/benchmark_pages.py [--small] [--rounds 40] [--port 8130] [--cache-url redis://…/4]

It collects the static files into a temporary folder, starts gunicorn (`ess_coop.settings.benchmark`:
DEBUG off, persistent connections, the Redis cache of --cache-url) on 127.0.0.1:PORT, warms every page
up, then times each page interleaved with a minimal Django view that renders 20 actors from one indexed
query (so that noise from other processes hits both alike). It prints a markdown table — p50 and p95
in ms, p95 as a multiple of the minimal view's p95 over the same rounds, SQL queries (reported by the
benchmark middleware), response size — then a concurrent run: CLIENTS clients for DURATION seconds over
a mix of list, search and detail pages (Debian's `wrk` when installed, else a bounded asyncio client),
with requests/s, p95 and errors. `--small` runs briefly (CI); no thresholds are checked here.
`--page-cache` keeps the whole-page cache of anonymous visits on, as in production; by default it is
off, so that the table shows what computing each page costs.
"""

import argparse
import asyncio
import http.client
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
MINIMAL = "/__benchmark__/minimal/"
MIX = ["lists", "search", "details"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="few rounds, short concurrent run (CI)")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--port", type=int, default=8130)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--cache-url", default=os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/4"))
    parser.add_argument("--only", default="", help="only the pages whose label contains this text")
    parser.add_argument("--no-concurrent", action="store_true")
    parser.add_argument(
        "--page-cache",
        action="store_true",
        help="serve anonymous pages from the whole-page cache as production does (core.page_cache); "
        "without it every page is computed (its fragments may still come from the cache)",
    )
    args = parser.parse_args()
    if args.small:
        args.rounds, args.duration, args.clients = min(args.rounds, 2), min(args.duration, 5), min(args.clients, 10)
    return args


def server_environment(args, static_root):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="ess_coop.settings.benchmark",
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="false",
        CACHE_URL=args.cache_url,
        STATIC_ROOT=str(static_root),
        ALLOWED_HOSTS=f"{HOST},localhost",
        CONN_MAX_AGE=env.get("CONN_MAX_AGE", "600"),
        PUBLIC_PAGE_CACHE="true" if args.page_cache else "false",
        # The filtered export is timed like any page: one client asking for it 100 times.
        EXPORT_RATE_LIMIT="1000/m",
        # Likewise, one client warms every list: new lists are bounded per client (core.listing).
        NEW_LIST_RATE_LIMIT="1000/m",
    )
    return env


def largest(env):
    """Slugs of the actor, collectivity and project with the most participants, a case study number and
    the three most active actors (compared); « - » where there is none."""
    code = (
        "from django.db.models import Count\n"
        "from actors.models import Actor, Collectivity\n"
        "from projects.models import Project\n"
        "from case_studies.models import CaseStudy\n"
        "def top(qs, rel):\n"
        "    row = qs.published().annotate(n=Count(rel)).order_by('-n', 'pk').values_list('slug', flat=True).first()\n"
        "    return row or '-'\n"
        "cs = CaseStudy.objects.published().order_by('number').values_list('number', flat=True).first()\n"
        "three = Actor.objects.published().annotate(n=Count('participations')).order_by('-n', 'pk')[:3]\n"
        "print(top(Actor.objects, 'participations'), top(Collectivity.objects, 'participations'),"
        " top(Project.objects, 'participants'), cs or '-', ','.join(a.slug for a in three) or '-')\n"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", code],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
    )
    return out.stdout.decode().splitlines()[-1].split()


def pages(env):
    """(group, label, url) of every page type the issue lists."""
    actor, collectivity, project, case_study, compared = (largest(env) + ["-"] * 5)[:5]
    compare = "&".join(f"a={slug}" for slug in compared.split(",") if slug != "-")
    return [
        ("lists", "acteurs", "/acteurs/"),
        ("lists", "acteurs, forme", "/acteurs/?forme=association"),
        ("lists", "acteurs, domaine", "/acteurs/?domaine=eau-et-assainissement"),
        ("lists", "acteurs, pays", "/acteurs/?pays=ML"),
        ("lists", "acteurs, répondants", "/acteurs/?repondant=1"),
        ("lists", "acteurs, page 200", "/acteurs/?page=200"),
        ("lists", "acteurs, 3 facettes", "/acteurs/?forme=cooperative&pays=SN&pays=ML&domaine=energies-renouvelables"),
        ("search", "acteurs, q=eau", "/acteurs/?q=eau"),
        ("search", "acteurs, q=developpement durable", "/acteurs/?q=developpement+durable"),
        ("search", "acteurs, q=eau + facettes", "/acteurs/?q=eau&forme=association&pays=ML"),
        ("lists", "collectivités", "/collectivites/"),
        ("lists", "collectivités, type + pays", "/collectivites/?type=commune&pays=FR"),
        ("search", "collectivités, q=ville", "/collectivites/?q=ville"),
        ("lists", "projets", "/projets/"),
        ("lists", "projets, mode", "/projets/?mode=subvention"),
        ("lists", "projets, domaine + pays", "/projets/?domaine=eau-et-assainissement&pays=MG"),
        ("lists", "projets, initiative", "/projets/?initiative=acteur"),
        ("search", "projets, q=eau potable", "/projets/?q=eau+potable"),
        ("search", "recherche, q=energie", "/recherche/?q=energie"),
        ("search", "recherche, q=eau", "/recherche/?q=eau"),
        ("search", "recherche, 3 mots", "/recherche/?q=developpement+durable+femmes"),
        ("details", "acteur le plus actif", f"/acteurs/{actor}/"),
        ("details", "collectivité la plus active", f"/collectivites/{collectivity}/"),
        ("details", "projet le plus grand", f"/projets/{project}/"),
        ("other", "statistiques", "/statistiques/"),
        ("other", "accueil", "/"),
        ("lists", "études de cas", "/etudes-de-cas/"),
        ("details", "étude de cas", f"/etudes-de-cas/{case_study}/" if case_study != "-" else "/etudes-de-cas/"),
        ("details", "comparaison des 3 acteurs les plus actifs", f"/acteurs/comparer/?{compare}"),
        ("export", "export CSV filtré", "/acteurs/?format=csv&forme=fondation&pays=ML"),
    ]


def fetch(port, url):
    """(seconds, status, SQL queries, bytes) of one GET, body read to the end."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request("GET", url, headers={"Accept-Language": "fr"})
        response = connection.getresponse()
        body = response.read()
        queries = response.getheader("X-Query-Count", "")
        return time.perf_counter() - started, response.status, queries, len(body)
    finally:
        connection.close()


def start_server(args, env):
    command = [
        str(BASE_DIR / ".venv/bin/gunicorn"),
        "ess_coop.wsgi",
        "--bind",
        f"{HOST}:{args.port}",
        "--workers",
        str(args.workers),
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=BASE_DIR, env=env)
    for _ in range(300):
        try:
            if fetch(args.port, MINIMAL)[1] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer")


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def measure(args, page_list):
    """Warm up every worker (each compiles its templates and fills its own per-process caches on its
    first requests), then `rounds` times: the minimal view, then each page (interleaved)."""
    for _group, _label, url in page_list:
        for _ in range(2 * args.workers):
            fetch(args.port, url)
    samples = {url: [] for _g, _l, url in page_list}
    floor = {url: [] for _g, _l, url in page_list}
    facts = {}
    for _ in range(args.rounds):
        for _group, _label, url in page_list:
            floor[url].append(fetch(args.port, MINIMAL)[0])
            seconds, status, queries, size = fetch(args.port, url)
            samples[url].append(seconds)
            facts[url] = (status, queries, size)
    return samples, floor, facts


def table(page_list, samples, floor, facts):
    lines = [
        "| page | URL | status | p50 ms | p95 ms | × minimal (p95) | SQL queries | kB |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    minimal = [s for values in floor.values() for s in values]
    lines.append(
        f"| minimal view | `{MINIMAL}` | 200 | {percentile(minimal, 50) * 1000:.1f} | "
        f"{percentile(minimal, 95) * 1000:.1f} | 1.0 | 1 | |"
    )
    for _group, label, url in page_list:
        status, queries, size = facts[url]
        p50, p95 = percentile(samples[url], 50), percentile(samples[url], 95)
        ratio = p95 / percentile(floor[url], 95)
        lines.append(
            f"| {label} | `{url}` | {status} | {p50 * 1000:.1f} | {p95 * 1000:.1f} | {ratio:.1f} | "
            f"{queries or '?'} | {size / 1024:.0f} |"
        )
    return "\n".join(lines)


WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["Accept-Language"] = "fr"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def concurrent_wrk(args, urls):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(f'"{u}"' for u in urls))
    command = [
        shutil.which("wrk"),
        "-t2",
        f"-c{args.clients}",
        f"-d{args.duration}s",
        "--timeout",
        "10s",
        "-s",
        script.name,
    ]
    out = subprocess.run([*command, f"http://{HOST}:{args.port}"], capture_output=True, text=True, check=True)
    os.unlink(script.name)
    result = next(line for line in out.stdout.splitlines() if line.startswith("RESULT"))
    requests, duration_us, p50_us, p95_us, errors = (int(x) for x in result.split()[1:])
    return requests / (duration_us / 1e6), p50_us / 1000, p95_us / 1000, errors, requests


async def client(port, urls, deadline, latencies, errors, offset):
    n = offset
    while time.monotonic() < deadline:
        url = urls[n % len(urls)]
        n += 1
        started = time.perf_counter()
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(f"GET {url} HTTP/1.0\r\nHost: {HOST}\r\nAccept-Language: fr\r\n\r\n".encode())
            data = await asyncio.wait_for(reader.read(), timeout=10)
            writer.close()
            if not data.startswith((b"HTTP/1.1 200", b"HTTP/1.0 200")):
                errors.append(url)
        except (OSError, TimeoutError):
            errors.append(url)
        latencies.append(time.perf_counter() - started)


async def concurrent_python(args, urls):
    latencies, errors = [], []
    started = time.monotonic()
    deadline = started + args.duration
    await asyncio.gather(*(client(args.port, urls, deadline, latencies, errors, i) for i in range(args.clients)))
    elapsed = time.monotonic() - started
    return (
        len(latencies) / elapsed,
        percentile(latencies, 50) * 1000,
        percentile(latencies, 95) * 1000,
        len(errors),
        len(latencies),
    )


def concurrent(args, page_list):
    urls = [url for group, _label, url in page_list if group in MIX]
    use_wrk = not args.small and shutil.which("wrk") is not None
    if use_wrk:
        rate, p50, p95, errors, total = concurrent_wrk(args, urls)
    else:
        rate, p50, p95, errors, total = asyncio.run(concurrent_python(args, urls))
    tool = "wrk" if use_wrk else "asyncio client"
    return (
        f"| clients | seconds | tool | requests | requests/s | p50 ms | p95 ms | errors |\n"
        f"| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n"
        f"| {args.clients} | {args.duration} | {tool} | {total} | {rate:.1f} | {p50:.0f} | {p95:.0f} | {errors} |"
    )


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as static_root:
        env = server_environment(args, static_root)
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True)
        page_list = [p for p in pages(env) if args.only in p[1]]
        server = start_server(args, env)
        try:
            samples, floor, facts = measure(args, page_list)
            print(
                f"\n{args.rounds} rounds, {args.workers} gunicorn workers, {os.environ.get('DATABASE_URL', 'sqlite')}, "
                f"whole-page cache {'on' if args.page_cache else 'off'}, load average {os.getloadavg()[0]:.1f}\n"
            )
            print(table(page_list, samples, floor, facts))
            if not args.no_concurrent:
                print()
                print(concurrent(args, page_list))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
