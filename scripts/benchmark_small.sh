#!/usr/bin/env bash
# A small synthetic directory in a throwaway PostgreSQL database, then a brief run of the page benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=ess_coop_benchmark_small
URL=postgres://postgres@127.0.0.1:5432/$DB
PORT=${BENCHMARK_PORT:-8139}
CACHE=locmemcache://
if redis-cli -n 4 ping >/dev/null 2>&1; then CACHE=redis://127.0.0.1:6379/4; fi
# Every command shares the server's cache, so that the generator's writes replace its data version.
export CACHE_URL=$CACHE
dropdb --if-exists -h 127.0.0.1 -U postgres "$DB"
createdb -h 127.0.0.1 -U postgres "$DB"
trap 'dropdb --if-exists -h 127.0.0.1 -U postgres "$DB"' EXIT
DATABASE_URL=$URL .venv/bin/python manage.py migrate --noinput -v0
DATABASE_URL=$URL .venv/bin/python manage.py generate_directory --actors 400 --collectivities 40 --projects 120
DATABASE_URL=$URL .venv/bin/python scripts/benchmark_pages.py --small --port "$PORT" --workers 2 --cache-url "$CACHE"
DATABASE_URL=$URL .venv/bin/python scripts/benchmark_pages.py --small --port "$PORT" --workers 2 --cache-url "$CACHE" --page-cache --only acteurs --no-concurrent
