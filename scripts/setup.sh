#!/usr/bin/env bash
# Idempotent set-up shared by `make run`, `make test` and .ci/run:
# system packages (Graphviz, Chromium for browser tests), a virtualenv with the project's dependencies.
# On a busy machine it waits for another apt/dpkg run to finish instead of failing, and retries
# downloads that fail (apt and pip), a few times with a growing pause.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
LOCK_WAIT=${LOCK_WAIT:-600}   # seconds to wait for another apt/dpkg run
ATTEMPTS=${ATTEMPTS:-4}       # tries for each download
PAUSE=${PAUSE:-5}             # seconds before the second try, doubled before each next one

say() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# retry CMD…: run it up to $ATTEMPTS times, pausing $PAUSE, then twice as long… between tries.
retry() {
  local attempt=1 pause=$PAUSE
  until "$@"; do
    if [ "$attempt" -ge "$ATTEMPTS" ]; then
      echo "Échec après $ATTEMPTS essais : $*" >&2
      return 1
    fi
    echo "Essai $attempt sur $ATTEMPTS échoué ; nouvel essai dans ${pause} s…" >&2
    sleep "$pause"
    attempt=$((attempt + 1))
    pause=$((pause * 2))
  done
}

# `apt-get update` takes the package lists' lock, which DPkg::Lock::Timeout does not cover on every
# apt version: wait for it by hand (another install, unattended-upgrades…), up to $LOCK_WAIT seconds.
wait_for_apt_locks() {
  local waited=0
  while as_root fuser /var/lib/apt/lists/lock /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock >/dev/null 2>&1; do
    if [ "$waited" -ge "$LOCK_WAIT" ]; then
      echo "apt est occupé depuis ${LOCK_WAIT} s par un autre programme : réessayez plus tard." >&2
      return 1
    fi
    [ "$waited" -eq 0 ] && echo "Un autre programme utilise apt ; attente de la fin (${LOCK_WAIT} s au plus)…"
    sleep "$PAUSE"
    waited=$((waited + PAUSE))
  done
}

APT_OPTIONS=(-o "DPkg::Lock::Timeout=$LOCK_WAIT" -o Acquire::Retries=3)

apt_update() {
  if command -v fuser >/dev/null 2>&1; then wait_for_apt_locks; fi
  as_root apt-get "${APT_OPTIONS[@]}" update -qq
}

apt_install() {
  DEBIAN_FRONTEND=noninteractive as_root apt-get "${APT_OPTIONS[@]}" install -y -qq "$@" >/dev/null
}

# --- System packages -----------------------------------------------------------------------------
missing=()
why=()
if ! command -v dot >/dev/null 2>&1; then
  missing+=(graphviz)
  why+=("graphviz : dessine les schémas des parties prenantes des projets")
fi
if [ "${WITH_BROWSER:-0}" = "1" ] && ! command -v chromium >/dev/null 2>&1; then
  missing+=(chromium fonts-dejavu-core)
  why+=("chromium, fonts-dejavu-core : navigateur et polices des tests de navigateur (make test seulement)")
fi
if [ "${WITH_BENCHMARK:-0}" = "1" ] && ! command -v wrk >/dev/null 2>&1; then
  missing+=(wrk)
  why+=("wrk : client HTTP de la mesure sous charge (scripts/benchmark_pages.py)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    say "Paquets système à installer avec apt-get (sudo si besoin) :"
    printf '    - %s\n' "${why[@]}"
    retry apt_update
    retry apt_install "${missing[@]}"
  else
    echo "Paquets système manquants, à installer à la main : ${missing[*]}" >&2
    printf '    - %s\n' "${why[@]}" >&2
  fi
fi

# --- Python environment --------------------------------------------------------------------------
if [ ! -x .venv/bin/python ]; then
  say "Création de l’environnement Python .venv (avec $PYTHON)"
  "$PYTHON" -m venv .venv
fi
say "Installation des dépendances Python dans .venv (pyproject.toml : Django et ses extensions, outils de test)"
PIP=(.venv/bin/python -m pip --disable-pip-version-check --retries 5 --timeout 30)
retry "${PIP[@]}" install -q --upgrade pip
retry "${PIP[@]}" install -q -e ".[dev]"
say "Installation terminée."
