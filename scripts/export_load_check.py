#!/usr/bin/env python
"""Exports cannot starve the site: page times with and without concurrent list exports.

usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ess_coop_exports CACHE_URL=redis://127.0.0.1:6379/13 \\
    .venv/bin/python scripts/export_load_check.py [--port 8230] [--exporters 4] [--seconds 30] [--proxy]

It starts gunicorn as scripts/benchmark_pages.py does (production-like settings, 3 sync workers),
then times list and detail pages one after the other for SECONDS without exports, then again for
SECONDS while EXPORTERS clients ask, in a loop, for filtered XLSX and CSV exports (each read to the
end). Without --proxy every exporter is the same client (127.0.0.1): beyond EXPORT_RATE_LIMIT they get
429, counted. With --proxy the server trusts one proxy (TRUSTED_PROXY_COUNT=1) and each exporter sends
its own X-Forwarded-For address, so only the site-wide EXPORT_CONCURRENCY slots hold them back. It
prints page p50/p95 in both phases and what the exporters got (status counts, rows/s of the exports
served).
"""

import argparse
import http.client
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchmark_pages as bench

PAGES = ["/acteurs/", "/acteurs/?forme=association", "/projets/", "/collectivites/", "/", "/acteurs/?q=eau"]
EXPORTS = [
    "/acteurs/?format=xlsx&forme=association",
    "/projets/?format=csv&mode=subvention",
    "/acteurs/?format=csv&forme=cooperative",
    "/collectivites/?format=xlsx&type=commune",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8230)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--exporters", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--proxy", action="store_true", help="one address per exporter (X-Forwarded-For)")
    parser.add_argument("--cache-url", default=os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/13"))
    return parser.parse_args()


def get(port, url, headers=None):
    """(seconds, status, body bytes, lines) of one GET read to the end."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(bench.HOST, port, timeout=300)
    try:
        connection.request("GET", url, headers={"Accept-Language": "fr", **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        return time.perf_counter() - started, response.status, len(body), body.count(b"\n")
    finally:
        connection.close()


def pages_for(port, seconds):
    """Page times (s) and statuses, the pages asked one after the other for `seconds`."""
    times, statuses = [], Counter()
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        elapsed, status, _size, _lines = get(port, PAGES[n % len(PAGES)])
        times.append(elapsed)
        statuses[status] += 1
        n += 1
    return times, statuses


def exporter(port, index, proxy, stop, results):
    headers = {"X-Forwarded-For": f"198.51.100.{index + 1}"} if proxy else {}
    n = index
    while not stop.is_set():
        url = EXPORTS[n % len(EXPORTS)]
        n += 1
        try:
            elapsed, status, size, lines = get(port, url, headers)
        except OSError:
            results.append((url, "erreur", 0, 0, 0))
            continue
        results.append((url, status, elapsed, size, lines))
        if status != 200:
            time.sleep(0.5)  # what a polite client does with a 429


def summary(label, times, statuses):
    p50, p95 = bench.percentile(times, 50) * 1000, bench.percentile(times, 95) * 1000
    print(f"| {label} | {len(times)} | {p50:.0f} | {p95:.0f} | {max(times) * 1000:.0f} | {dict(statuses)} |")


def export_summary(results):
    """Statuses of every export asked; of those served, time and size (rows counted for CSV only)."""
    statuses = Counter(status for _url, status, *_rest in results)
    print(f"\nexports : {len(results)} demandés, statuts {dict(statuses)}")
    for url, status, seconds, size, lines in results:
        if status == 200:
            rows = f", {lines - 1} lignes ({(lines - 1) / seconds:.0f} lignes/s)" if "format=csv" in url else ""
            print(f"  servi {url} : {seconds:.1f} s, {size / 1e6:.1f} Mo{rows}")


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as static_root:
        env = bench.server_environment(args, static_root)
        if args.proxy:
            env["TRUSTED_PROXY_COUNT"] = "1"
        bench.subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=bench.BASE_DIR, env=env, check=True
        )
        server = bench.start_server(args, env)
        try:
            for url in PAGES:
                get(args.port, url)
            quiet = pages_for(args.port, args.seconds)
            stop, results = threading.Event(), []
            threads = [
                threading.Thread(target=exporter, args=(args.port, i, args.proxy, stop, results))
                for i in range(args.exporters)
            ]
            for thread in threads:
                thread.start()
            busy = pages_for(args.port, args.seconds)
            stop.set()
            for thread in threads:
                thread.join()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(
        f"\n{args.workers} travailleurs gunicorn, {args.exporters} clients d’export, {os.environ.get('DATABASE_URL')}"
    )
    print(f"X-Forwarded-For par client : {'oui' if args.proxy else 'non'}; charge {os.getloadavg()[0]:.1f}\n")
    print("| pages | requêtes | p50 ms | p95 ms | max ms | statuts |\n| --- | ---: | ---: | ---: | ---: | --- |")
    summary("sans export", *quiet)
    summary(f"pendant {args.exporters} exports", *busy)
    export_summary(results)


if __name__ == "__main__":
    main()
