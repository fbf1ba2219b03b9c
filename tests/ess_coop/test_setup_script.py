"""scripts/setup.sh on a busy machine: it waits for apt's lock and retries failed downloads.

apt-get, fuser and the virtualenv's python are stand-ins that log their calls: the lock is held for
the first two checks, the first package download and the first pip run fail."""

import os
import shutil
import subprocess

import pytest
from django.conf import settings

SCRIPT = settings.BASE_DIR / "scripts" / "setup.sh"
# As another user the script goes through sudo, which may ask for a password.
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="runs the script as root, without sudo")

FAIL_FIRST = """#!/bin/bash
echo "{name} $*" >> "$LOG"
count="$COUNTS/{name}"; n=$(cat "$count" 2>/dev/null || echo 0); echo $((n+1)) > "$count"
{rule}
"""


def stand_in(path, name, rule):
    path.write_text(FAIL_FIRST.format(name=name, rule=rule))
    path.chmod(0o755)


@pytest.fixture
def machine(tmp_path):
    (tmp_path / "scripts").mkdir()
    shutil.copy(SCRIPT, tmp_path / "scripts" / "setup.sh")
    bin_dir, venv = tmp_path / "bin", tmp_path / ".venv" / "bin"
    bin_dir.mkdir()
    venv.mkdir(parents=True)
    (tmp_path / "counts").mkdir()
    stand_in(bin_dir / "fuser", "fuser", '[ "$n" -lt 2 ]')
    stand_in(bin_dir / "apt-get", "apt-get", '[[ " $* " != *" install "* ]] || [ "$n" -ge 2 ] || exit 100')
    stand_in(venv / "python", "python", '[ "$n" -ge 1 ]')
    for tool in ("bash", "sleep", "cat", "printf", "id", "dirname"):
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    env = {
        "PATH": str(bin_dir),
        "LOG": str(tmp_path / "calls.log"),
        "COUNTS": str(tmp_path / "counts"),
        "WITH_BROWSER": "1",
        "PAUSE": "0",
        "HOME": str(tmp_path),
    }
    return tmp_path, env


def run(tmp_path, env):
    bash = shutil.which("bash")
    return subprocess.run(
        [bash, str(tmp_path / "scripts" / "setup.sh")], env=env, capture_output=True, text=True, check=False
    )


@needs_root
def test_setup_waits_for_the_apt_lock_and_retries_downloads(machine):
    tmp_path, env = machine
    result = run(tmp_path, env)
    calls = (tmp_path / "calls.log").read_text().splitlines()
    assert result.returncode == 0, result.stderr
    assert [c.split()[0] for c in calls] == ["fuser"] * 3 + ["apt-get"] * 3 + ["python"] * 3
    assert "DPkg::Lock::Timeout=600" in calls[3]
    assert "graphviz" in result.stdout and "chromium" in result.stdout
    assert "attente" in result.stdout


@needs_root
def test_setup_gives_up_after_the_last_try(machine):
    tmp_path, env = machine
    stand_in(tmp_path / ".venv" / "bin" / "python", "python", "exit 1")
    result = run(tmp_path, {**env, "ATTEMPTS": "2"})
    assert (result.returncode, "Échec après 2 essais" in result.stderr) == (1, True)


def test_make_run_says_chromium_comes_with_make_test_only():
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    run_target = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "Chromium" in run_target and "make test" in run_target


def test_readme_says_how_a_curator_account_is_made_and_reaches_the_admin():
    readme = (settings.BASE_DIR / "README.md").read_text()
    section = readme.split("## Comptes de l’équipe de curation", 1)[1].split("\n## ", 1)[0]
    assert [word in section for word in ("createsuperuser", "/compte/login/", "Curateurs", "/admin/")] == [True] * 4
