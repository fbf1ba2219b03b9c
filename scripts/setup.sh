#!/usr/bin/env bash
# Idempotent set-up shared by `make run`, `make test` and .ci/run:
# system packages (Graphviz, Chromium for browser tests), a virtualenv with the project's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
if [ "${WITH_BROWSER:-0}" = "1" ] && ! command -v chromium >/dev/null 2>&1; then
  missing+=(chromium fonts-dejavu-core)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "Installation des paquets système : ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Paquets système manquants (à installer à la main) : ${missing[*]}" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev]"
