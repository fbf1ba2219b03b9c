import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actors.models import Country
from alerts import services
from alerts.lists import LISTS, from_url, normalise_query
from alerts.models import Alert
from alerts.tasks import send_digests
from tests.factories import (
    ActorFactory,
    CallFactory,
    CollectivityFactory,
    DomainFactory,
    ParticipantFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def in_mali(name, **kwargs):
    actor = ActorFactory(name=name, **kwargs)
    actor.countries.set([Country.objects.get(code="ML")])
    return actor


def confirmed_alert(query="pays=ML", kind="acteurs", **kwargs):
    alert = Alert.objects.create(email="suivi@example.org", kind=kind, query=query, **kwargs)
    return services.confirm(alert)


def test_list_addresses_are_normalised():
    followable, query = from_url("/acteurs/?tri=recent&pays=SN&page=3&format=csv&pays=ML&q=")
    assert (followable.kind, query) == ("acteurs", "pays=ML&pays=SN")
    assert from_url("/collectivites/?pays=ML") == (None, "")
    assert normalise_query("domaine=eau&tri=nom") == "domaine=eau"


def test_description_names_the_filters():
    assert LISTS["acteurs"].describe("pays=ML&forme=association") in {
        "Acteurs de l’ESS — Forme juridique\u00a0: Association ; Pays\u00a0: Mali",
        "Acteurs de l’ESS — Pays\u00a0: Mali ; Forme juridique\u00a0: Association",
    }


def test_alert_constraints():
    alert = confirmed_alert()
    for bad in ({"kind": "lune"}, {"frequency": "hourly"}, {"email": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Alert.objects.filter(pk=alert.pk).update(**bad)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(email=alert.email, kind="acteurs", query="pays=ML")


def test_follow_then_confirm_double_opt_in(client):
    address = "/acteurs/?pays=ML&tri=recent"
    page = client.get(reverse("alerts:follow"), {"adresse": address})
    response = client.post(
        f"{reverse('alerts:follow')}?adresse=%2Facteurs%2F%3Fpays%3DML",
        {"email": "Suivi@Example.org", "frequency": "daily"},
    )
    alert = Alert.objects.get()
    assert (page.status_code, response.status_code, alert.email, alert.query, alert.is_confirmed) == (
        200,
        200,
        "suivi@example.org",
        "pays=ML",
        False,
    )
    assert "Pays\u00a0: Mali" in page.text
    confirm_url = reverse("alerts:confirm", args=[alert.token])
    assert confirm_url in mail.outbox[0].body
    assert client.get(confirm_url).status_code == 200 and not Alert.objects.get().is_confirmed
    client.post(confirm_url)
    assert Alert.objects.get().is_confirmed


def test_follow_refuses_an_address_that_is_no_list(client):
    assert client.get(reverse("alerts:follow"), {"adresse": "https://evil.example/acteurs/"}).status_code == 404
    assert client.get(reverse("alerts:follow")).status_code == 404


def test_digest_lists_new_matching_entries_once_with_unsubscribe_headers():
    alert = confirmed_alert()
    old = in_mali("Ancienne association")
    type(old).objects.filter(pk=old.pk).update(updated_at=alert.confirmed_at - datetime.timedelta(days=1))
    in_mali("Nouvelle association du Mali")
    ActorFactory(name="Association du Pérou")
    assert services.send_digest(alert) == 1
    message = mail.outbox[-1]
    unsubscribe = f"http://127.0.0.1:8000{reverse('alerts:unsubscribe', args=[alert.token])}"
    assert "Nouvelle association du Mali" in message.body and "Ancienne" not in message.body
    assert "Pérou" not in message.body
    assert (message.extra_headers["List-Unsubscribe"], message.extra_headers["List-Unsubscribe-Post"]) == (
        f"<{unsubscribe}>",
        "List-Unsubscribe=One-Click",
    )
    assert services.send_digest(alert) == 0 and len(mail.outbox) == 1


def test_digest_of_calls_uses_the_calls_filters():
    alert = confirmed_alert(query="zone=afrique-de-l-ouest", kind="appels")
    CallFactory(title="Eau au Mali", countries=[Country.objects.get(code="ML")])
    CallFactory(title="Eau au Viêt Nam", countries=[Country.objects.get(code="VN")])
    assert services.send_digest(alert) == 1
    assert "Eau au Mali" in mail.outbox[-1].body


def test_worker_sends_the_due_digests_only(run_tasks):
    due = confirmed_alert(frequency="daily")
    Alert.objects.filter(pk=due.pk).update(last_sent_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
    recent = confirmed_alert(query="pays=SN", frequency="daily")
    weekly = confirmed_alert(query="pays=BF", frequency="weekly")
    Alert.objects.filter(pk=weekly.pk).update(last_sent_at=timezone.now() - datetime.timedelta(days=2))
    in_mali("Coopérative malienne")
    send_digests.enqueue("daily")
    run_tasks()
    assert [m.to for m in mail.outbox] == [["suivi@example.org"]]
    assert "Coopérative malienne" in mail.outbox[0].body
    assert Alert.objects.get(pk=recent.pk).last_sent_at == recent.last_sent_at


def test_one_click_unsubscribe_needs_no_cookie():
    alert = confirmed_alert()
    client = Client(enforce_csrf_checks=True)
    url = reverse("alerts:unsubscribe", args=[alert.token])
    assert client.get(url).status_code == 200
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert (response.status_code, Alert.objects.count()) == (200, 0)
    assert client.post(url).status_code == 200  # again: nothing left, no error


def test_manage_page_changes_and_deletes_only_that_address_alerts(client, django_assert_max_num_queries):
    alert = confirmed_alert()
    second = confirmed_alert(query="pays=SN")
    other = Alert.objects.create(email="autre@example.org", kind="acteurs", query="")
    url = reverse("alerts:manage", args=[alert.token])
    with django_assert_max_num_queries(20):
        page = client.get(url)
    client.post(url, {"alert": second.pk, "frequency": "daily"})
    client.post(url, {"alert": other.pk, "delete": "1"})
    client.post(url, {"alert": "x", "delete": "1"})
    client.post(url, {"alert": alert.pk, "delete": "1"})
    assert "Pays\u00a0: Sénégal" in page.text
    assert sorted(Alert.objects.values_list("email", "frequency")) == [
        ("autre@example.org", "weekly"),
        ("suivi@example.org", "daily"),
    ]


def test_manage_link_is_sent_without_telling_who_has_alerts(client):
    confirmed_alert()
    known = client.post(reverse("alerts:index"), {"email": "suivi@example.org"})
    unknown = client.post(reverse("alerts:index"), {"email": "personne@example.org"})
    assert (known.status_code, unknown.status_code, len(mail.outbox)) == (302, 302, 1)


def test_list_pages_link_to_follow_and_feed(client):
    page = client.get(reverse("actors:actor_list"), {"pays": "ML", "page": "1"})
    collectivities = client.get(reverse("actors:collectivity_list"))
    assert "/alertes/suivre/?adresse=%2Facteurs%2F%3Fpays%3DML" in page.text
    assert 'href="/acteurs/flux.atom?pays=ML"' in page.text
    assert "/alertes/suivre/" not in collectivities.text


def test_atom_feed_of_a_filtered_list(client, django_assert_max_num_queries):
    in_mali("Association malienne", description="Puits et forages.")
    ActorFactory(name="Association péruvienne")
    with django_assert_max_num_queries(8):
        response = client.get("/acteurs/flux.atom", {"pays": "ML", "pays ": "<>"})
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Association malienne" in response.text and "péruvienne" not in response.text
    assert client.get("/appels/flux.atom").status_code == 200
    assert client.get("/projets/flux.atom?domaine=%00").status_code == 200


def test_sitemap_lists_public_pages_and_entries(client):
    ActorFactory(slug="eau-vive")
    ActorFactory(slug="brouillon", status="draft")
    CollectivityFactory(slug="kayes")
    CallFactory(slug="appel-ouvert")
    index = client.get("/sitemap.xml")
    actors = client.get("/sitemap-acteurs.xml")
    pages = client.get("/sitemap-pages.xml")
    calls = client.get("/sitemap-appels.xml")
    assert (index.status_code, actors.status_code) == (200, 200)
    assert "sitemap-acteurs.xml" in index.text
    assert "/acteurs/eau-vive/" in actors.text and "brouillon" not in actors.text
    assert "/appels/</loc>" in pages.text and "/appels/appel-ouvert/" in calls.text


def updated_long_ago(entry):
    type(entry).objects.filter(pk=entry.pk).update(updated_at=timezone.now() - datetime.timedelta(days=30))


def test_digest_counts_an_actor_whose_only_change_is_a_new_country():
    actor = ActorFactory(name="Eau vive")
    updated_long_ago(actor)
    alert = confirmed_alert("pays=ML")
    actor.countries.add(Country.objects.get(code="ML"))
    assert services.send_digest(alert) == 1
    assert "Eau vive" in mail.outbox[0].body


def test_digest_counts_an_actor_whose_only_change_is_a_new_domain():
    actor = ActorFactory(name="Eau vive")
    domain = DomainFactory(slug="eau")
    updated_long_ago(actor)
    alert = confirmed_alert("domaine=eau")
    actor.domains.add(domain)
    assert services.send_digest(alert) == 1


def test_digest_counts_a_project_whose_only_change_is_a_participant():
    project = ProjectFactory(title="Puits de Kayes")
    updated_long_ago(project)
    alert = confirmed_alert("", kind="projets")
    ParticipantFactory(project=project, actor__name="Eau vive")
    assert services.send_digest(alert) == 1
