import importlib

import pytest
from django.apps import apps

from actors.models import Country
from alerts.lists import LISTS
from alerts.models import Alert
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db

zones_of_design = importlib.import_module("alerts.migrations.0002_zones_of_design")
ASIA = "zone=asie-centrale-et-caucase&zone=asie-de-l-est&zone=asie-du-sud&zone=asie-du-sud-est"


def test_alerts_on_old_zones_follow_the_zones_that_replaced_them():
    west = Alert.objects.create(email="a@example.org", kind="acteurs", query="pays=ML&zone=afrique-ouest")
    Alert.objects.create(email="a@example.org", kind="projets", query="zone=asie")
    Alert.objects.create(email="b@example.org", kind="appels", query="zone=asie")
    Alert.objects.create(email="b@example.org", kind="appels", query=ASIA)
    Alert.objects.create(email="c@example.org", kind="acteurs", query="zone=afrique-nord&zone=maghreb")
    zones_of_design.rename_zones(apps, None)
    assert list(Alert.objects.order_by("email", "kind").values_list("email", "kind", "query")) == [
        ("a@example.org", "acteurs", "pays=ML&zone=afrique-de-l-ouest"),
        ("a@example.org", "projets", ASIA),
        ("b@example.org", "appels", ASIA),
        ("c@example.org", "acteurs", "zone=maghreb"),
    ]
    assert Alert.objects.get(pk=west.pk).query == "pays=ML&zone=afrique-de-l-ouest"


def test_an_old_zone_was_ignored_by_the_lists_and_its_new_zone_is_not():
    mali = ActorFactory(name="Eau vive")
    mali.countries.set([Country.objects.get(code="ML")])
    ActorFactory(name="Partout ailleurs")
    old = [a.name for a in LISTS["acteurs"].filtered("zone=afrique-ouest")]
    new = [a.name for a in LISTS["acteurs"].filtered(zones_of_design.renamed_query("zone=afrique-ouest"))]
    assert (sorted(old), new) == (["Eau vive", "Partout ailleurs"], ["Eau vive"])
