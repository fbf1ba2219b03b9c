"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against the live server."""

import os
import shutil
from io import StringIO

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    assert shutil.which(CHROMIUM), f"{CHROMIUM} is missing: `make test` installs Debian's chromium."
    # Playwright's sync API runs an event loop in this thread; Django must still let the tests use the
    # ORM (microsoft/playwright-pytest#29). Only while the browser runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the whole study loaded (committed: the server runs in another thread)."""
    from actors.countries import sync_countries
    from actors.models import Country

    sync_countries(Country)  # a previous transactional test's flush emptied the migration's rows
    call_command("load_study", stdout=StringIO())
    return live_server.url


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
