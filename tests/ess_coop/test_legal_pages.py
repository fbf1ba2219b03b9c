"""The pages a public service owes (accessibility, legal notice, personal data) and account deletion."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from alerts.models import Alert
from calls.models import CallAnswer
from contributions.models import Editorship, Submission
from tests.factories import (
    ActorFactory,
    CallFactory,
    CuratorFactory,
    EditorshipFactory,
    MembershipFactory,
    SubmissionFactory,
    VerifiedUserFactory,
)

pytestmark = pytest.mark.django_db

LEGAL_PAGES = ["accessibility", "legal_notice", "personal_data"]
DELETE = reverse("delete_account")
PASSWORD = "motdepasse-solide-42"


def test_footer_links_to_the_three_legal_pages(client):
    html = client.get(reverse("home")).content.decode()
    assert [reverse(name) in html for name in LEGAL_PAGES] == [True, True, True]
    assert "Accessibilité\u00a0: non conforme" in html


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("accessibility", ["non conforme", "axe-core", "390 pixels", "Signaler un problème", "Défenseur des droits"]),
        ("legal_notice", ["Éditeur", "Hébergeur", "contact@ess-coop.localhost"]),
        ("personal_data", ["Compte", "formulaire de contact", "Alertes", "Tant que le compte existe", "CNIL"]),
    ],
)
def test_legal_page_says_what_it_must(client, django_assert_max_num_queries, name, expected):
    with django_assert_max_num_queries(2):
        response = client.get(reverse(name))
    html = response.content.decode()
    assert (response.status_code, [text in html for text in expected]) == (200, [True] * len(expected))


def test_legal_notice_names_the_publisher_from_the_settings(client, settings):
    settings.SITE_PUBLISHER = "Agence régionale de l’environnement"
    assert "Agence régionale de l’environnement" in client.get(reverse("legal_notice")).content.decode()


def test_delete_account_asks_to_log_in_first(client):
    response = client.get(DELETE)
    assert (response.status_code, response["Location"].startswith(reverse("account_login"))) == (302, True)


def test_delete_account_redisplays_on_wrong_password_or_missing_confirmation(client):
    user = VerifiedUserFactory()
    client.force_login(user)
    response = client.post(DELETE, {"password": "faux", "confirm": ""})
    assert (response.status_code, set(response.context["form"].errors)) == (200, {"password", "confirm"})
    assert get_user_model().objects.filter(pk=user.pk).exists()


@pytest.fixture
def editor():
    user = VerifiedUserFactory(email="presidente@asso.example")
    own_address = ActorFactory(name="Association A", email="Presidente@asso.example")
    other_address = ActorFactory(name="Association B", email="contact@b.example")
    for actor in (own_address, other_address):
        EditorshipFactory(user=user, actor=actor)
    own_address.description = "Modifiée par la présidente"
    own_address._history_user = user
    own_address.save()
    SubmissionFactory(user=user, actor=other_address)
    MembershipFactory(user=user)
    CallAnswer.objects.create(
        call=CallFactory(), user=user, name="Camille", email=user.email, message="Nous sommes intéressés."
    )
    Alert.objects.create(email="PRESIDENTE@asso.example", kind="acteurs", query="pays=ML")
    Alert.objects.create(email="quelquun@autre.example", kind="acteurs", query="pays=ML")
    return user, own_address, other_address


def test_delete_account_removes_personal_data_and_keeps_the_directory(client, editor):
    user, own_address, other_address = editor
    client.force_login(user)
    response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert (response.status_code, response["Location"]) == (302, reverse("home"))
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert (Editorship.objects.count(), Submission.objects.count(), CallAnswer.objects.count()) == (0, 0, 0)
    assert list(Alert.objects.values_list("email", flat=True)) == ["quelquun@autre.example"]
    own_address.refresh_from_db()
    other_address.refresh_from_db()
    assert (own_address.description, own_address.email, other_address.email) == (
        "Modifiée par la présidente",
        "",
        "contact@b.example",
    )
    history = own_address.history.all()
    assert [h.email for h in history if h.email] == []
    assert {h.history_user_id for h in history} == {None}
    assert "_auth_user_id" not in client.session


def test_delete_account_is_refused_to_a_superuser(client, superuser):
    client.force_login(superuser)
    assert client.post(DELETE, {"password": "motdepasse-solide", "confirm": "on"}).status_code == 403
    assert get_user_model().objects.filter(pk=superuser.pk).exists()


def test_delete_account_page_for_a_curator_lists_what_goes(client):
    client.force_login(CuratorFactory())
    html = client.get(DELETE).content.decode()
    assert "Supprimer définitivement mon compte" in html
