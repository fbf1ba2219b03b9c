import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from ess_coop.secret_key import check_secret_key

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "key",
    [
        "",
        "short",
        "dev-only-insecure-key-do-not-use-in-production",
        "a" * 60,
        # 45 random characters: Django's check --deploy (security.W009) wants 50.
        "q8Z3v-Lm2Xr9Tn4Wp7Ys1Kd6Hf0Gj5Ba8Ce3Di2Ek7Fl",
        "django-insecure-q8Z3v-Lm2Xr9Tn4Wp7Ys1Kd6Hf0Gj5Ba8Ce3Di2Ek7Fl4Mn9Op",
    ],
)
def test_check_secret_key_refuses_weak_keys(key):
    with pytest.raises(ImproperlyConfigured):
        check_secret_key(key)


def test_check_secret_key_accepts_random_key():
    key = "q8Z3v-Lm2Xr9Tn4Wp7Ys1Kd6Hf0Gj5Ba8Ce3Di2Ek7Fl4Mn9Op1Qr6St0Uv5Wx"
    assert check_secret_key(key) == key


def run_production_check(secret_key, *options):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "ess_coop.settings.production"
    env["ALLOWED_HOSTS"] = "example.org"
    # Rate limits need a cache shared by every worker: production refuses a per-process one.
    env["CACHE_URL"] = "redis://127.0.0.1:6379/1"
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", *options],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    result = run_production_check(None)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_check_deploy_without_any_warning():
    result = run_production_check(
        "q8Z3v-Lm2Xr9Tn4Wp7Ys1Kd6Hf0Gj5Ba8Ce3Di2Ek7Fl4Mn9Op1Qr6St0Uv5Wx", "--fail-level", "WARNING"
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_debug_is_off_unless_set():
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env["DJANGO_SETTINGS_MODULE"] = "ess_coop.settings.base"
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.LANGUAGE_CODE, settings.TIME_ZONE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "fr", "Europe/Paris"]


def test_database_url_selects_postgresql():
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="ess_coop.settings.base",
        DATABASE_URL="postgres://u@db.example:5432/annuaire",
    )
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "annuaire", "db.example"]


def test_sqlite_is_the_default_with_an_absolute_path():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "ess_coop.settings.base"
    code = "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd="/",
        env=env | {"PYTHONPATH": str(BASE_DIR)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", str(BASE_DIR / "db.sqlite3")]


def test_default_local_memory_cache_keeps_a_directory_worth_of_entries():
    env = {k: v for k, v in os.environ.items() if k != "CACHE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "ess_coop.settings.base"
    code = "from django.conf import settings; c = settings.CACHES['default']; print(c['BACKEND'], c['OPTIONS'])"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split(" ", 1) == ["django.core.cache.backends.locmem.LocMemCache", "{'MAX_ENTRIES': 20000}\n"]


def warm_up_setting(**variables):
    env = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "WARM_UP_AFTER_CHANGES"}} | variables
    env["DJANGO_SETTINGS_MODULE"] = "ess_coop.settings.base"
    code = "from django.conf import settings; print(settings.WARM_UP_AFTER_CHANGES)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_warm_up_after_changes_only_with_a_shared_cache_unless_set():
    shared = "redis://127.0.0.1:6379/1"
    assert [
        warm_up_setting(),
        warm_up_setting(CACHE_URL=shared),
        warm_up_setting(CACHE_URL=shared, WARM_UP_AFTER_CHANGES="false"),
    ] == ["False", "True", "False"]


def test_production_refuses_a_per_process_cache_for_rate_limits():
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="ess_coop.settings.production",
        ALLOWED_HOSTS="example.org",
        SECRET_KEY="q8Z3v-Lm2Xr9Tn4Wp7Ys1Kd6Hf0Gj5Ba8Ce3Di2Ek7Fl4Mn9Op1Qr6St0Uv5Wx",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "django_ratelimit.E003" in result.stderr


def test_media_proxy_configuration_is_shipped_and_documented():
    config = (BASE_DIR / "deploy" / "nginx-media.conf").read_text()
    readme = (BASE_DIR / "README.md").read_text()
    assert '"nosniff"' in config
    assert "return 404;" in config
    assert "text/html" not in config
    assert "deploy/nginx-media.conf" in readme


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT is PostgreSQL's")
def test_postgresql_connections_run_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
