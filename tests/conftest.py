import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import translation


@pytest.fixture(autouse=True)
def french():
    """Every test starts in French (a request in English leaves its language active in the thread)."""
    translation.activate("fr")
    yield
    translation.activate("fr")


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters and cached diagrams live in the cache: every test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "motdepasse-solide")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(scope="module")
def study(django_db_setup, django_db_blocker):
    """The whole study loaded once for a test module, inside a transaction rolled back at its end.

    Tests of the module also request `db`: each runs in a savepoint inside this transaction."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = StringIO()
            call_command("load_study", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def run_tasks(settings, monkeypatch):
    """Tasks go to the database backend; calling the fixture runs the real `db_worker --batch` on them.

    The worker closes "old" connections between tasks, which would end the test's transaction:
    that one call is neutralised, the rest of the worker runs as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)

    def run():
        out = StringIO()
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0", stdout=out)
        return out.getvalue()

    return run


REGISTRY_ANSWERS = Path(__file__).parent / "registry_answers"


def registry_answer(name):
    return json.loads((REGISTRY_ANSWERS / f"{name}.json").read_text())


@pytest.fixture(autouse=True)
def registry(settings):
    """The national registry, faked (respx): unreachable (503) unless a test adds a route; no test
    ever reaches the network."""
    import httpx
    import respx

    with respx.mock(base_url=settings.REGISTRY_BASE_URL, assert_all_called=False) as mock:
        mock.route(name="default").mock(return_value=httpx.Response(503))
        yield mock
