import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from pytest_django.plugin import blocking_manager_key


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


@pytest.fixture(autouse=True)
def empty_storage(settings):
    """Every test starts with an empty file storage (in memory in the tests): an open-data archive left
    by another test would turn the exports of whole lists into redirections to it. Setting STORAGES
    makes Django drop its storage instances (before the test and after it)."""
    settings.STORAGES = {**settings.STORAGES}


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "motdepasse-solide")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


class StudyTransaction:
    """The whole study, loaded once into the test database inside a transaction that is rolled back
    as soon as a test that does not use it comes (and reloaded if a study test comes again).

    Tests that use `study` are grouped together at collection (and, under pytest-xdist, sent to one
    worker), so the study loads once per session and per worker; every test still runs in its own
    savepoint inside that transaction, and no other test ever sees the study's rows."""

    def __init__(self):
        self.atomic = None
        self.output = ""

    @property
    def is_open(self):
        return self.atomic is not None

    def open(self):
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        out = StringIO()
        call_command("load_study", stdout=out)
        self.output = out.getvalue()

    def close(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)
        self.atomic = None


STUDY = StudyTransaction()


def uses_study(item):
    return "study" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config, items):
    """Browser and study tests are `slow`; the study's tests run one after the other (at the place of
    the first one), on one xdist worker (`--dist loadgroup`)."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
    study_items = [item for item in items if uses_study(item)]
    if not study_items:
        return
    first = items.index(study_items[0])
    others = [item for item in items if not uses_study(item)]
    items[:] = others[:first] + study_items + others[first:]
    for item in study_items:
        item.add_marker(pytest.mark.xdist_group("study"))
        item.add_marker(pytest.mark.slow)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture of the test: roll the study back for a test that does not use it, load it
    again for a study test that comes after such a test."""
    blocker = item.config.stash.get(blocking_manager_key, None)
    if blocker is None:
        return
    if STUDY.is_open and not uses_study(item):
        with blocker.unblock():
            STUDY.close()
    elif uses_study(item) and not STUDY.is_open and STUDY.output:
        with blocker.unblock():
            STUDY.open()


@pytest.fixture(scope="session")
def study_database(django_db_setup, django_db_blocker):
    """Loads the study the first time a test asks for it (see StudyTransaction)."""
    with django_db_blocker.unblock():
        if not STUDY.is_open:
            STUDY.open()
        yield STUDY
        if STUDY.is_open:
            STUDY.close()


@pytest.fixture
def study(study_database, db):
    """The whole study (load_study's output): the test runs in a savepoint inside its transaction."""
    assert STUDY.is_open
    return STUDY.output


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
