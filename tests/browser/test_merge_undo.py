"""A curator compares two probable duplicates, merges them choosing a value, then undoes the merge."""

import os

import pytest
from django.test import Client
from playwright.sync_api import expect

from actors.models import Actor
from projects.models import Participant
from tests.factories import ActorFactory, CuratorFactory, ParticipantFactory

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SHOTS_DIR")


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_curator_merges_two_duplicates_side_by_side_then_undoes_the_merge(live_server, transactional_db, page):
    kept = ActorFactory(name="Eau vive", city="Paris")
    removed = ActorFactory(name="EAU VIVE", city="Lyon", description="Forages au Sahel.")
    participation = ParticipantFactory(actor=removed)
    log_in(page, live_server, CuratorFactory())

    page.goto(live_server.url + "/admin/curation/doublons/")
    expect(page.get_by_role("cell", name="même nom, une fois normalisé")).to_be_visible()
    page.get_by_role("link", name="Comparer…").click()
    expect(page.get_by_role("heading", name="Comparer avant de fusionner")).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/merge-compare-1280.png", full_page=True)
    page.get_by_label("Lyon").check()  # the city of the record that goes
    page.get_by_role("button", name="Fusionner").click()
    expect(page.locator(".messagelist")).to_contain_text("fusionnée dans")
    merged = Actor.objects.get()
    assert (merged.pk, merged.city, merged.description) == (kept.pk, "Lyon", "Forages au Sahel.")
    assert Participant.objects.get(pk=participation.pk).actor_id == kept.pk

    page.goto(live_server.url + "/admin/curation/merge/")
    page.locator("input[name='_selected_action']").first.check()
    page.locator("select[name='action']").select_option("undo_merges")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.locator(".messagelist")).to_contain_text("Fusion annulée")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/merge-undone-1280.png", full_page=True)
    restored = Actor.objects.get(pk=removed.pk)
    assert (restored.name, restored.city, Actor.objects.get(pk=kept.pk).city) == ("EAU VIVE", "Lyon", "Paris")
    assert Participant.objects.get(pk=participation.pk).actor_id == removed.pk
