"""Accounts with django-allauth: sign-up, e-mail verification, log-in, password reset, e-mail change."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "une-phrase-de-passe-solide"


def link_in(message):
    return re.search(r"http://testserver(/compte/\S+)", message.body).group(1)


def test_signup_sends_a_verification_email_and_verification_logs_in(client):
    response = client.post(
        "/compte/signup/", {"email": "agnes@ville.example", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["agnes@ville.example"]
    # Not verified yet: the space refuses.
    assert client.get("/espace-acteur/").status_code == 302
    confirm = link_in(mail.outbox[0])
    client.post(confirm)
    assert EmailAddress.objects.get(email="agnes@ville.example").verified is True
    assert client.get("/espace-acteur/").status_code == 200


def test_unverified_account_cannot_log_in(client):
    get_user_model().objects.create_user("u", "u@example.org", PASSWORD)
    EmailAddress.objects.create(
        user=get_user_model().objects.get(), email="u@example.org", verified=False, primary=True
    )
    client.post("/compte/login/", {"login": "u@example.org", "password": PASSWORD})
    assert client.get("/espace-acteur/").status_code == 302


def test_login_and_logout(client):
    user = VerifiedUserFactory()
    response = client.post("/compte/login/", {"login": user.email, "password": "motdepasse-solide-42"})
    assert response.status_code == 302
    assert response["Location"] == "/espace-acteur/"
    client.post("/compte/logout/")
    assert client.get("/espace-acteur/").status_code == 302


def test_signup_form_has_a_honeypot_that_refuses_bots(client):
    page = client.get("/compte/signup/").content.decode()
    assert 'class="hp" aria-hidden="true"' in page
    response = client.post(
        "/compte/signup/",
        {"email": "bot@spam.example", "password1": PASSWORD, "password2": PASSWORD, "site_internet": "x"},
    )
    assert response.status_code == 200
    assert get_user_model().objects.count() == 0
    assert len(mail.outbox) == 0


def test_password_reset_does_not_reveal_whether_an_account_exists(client):
    VerifiedUserFactory(email="connue@example.org")
    known = client.post("/compte/password/reset/", {"email": "connue@example.org"})
    unknown = client.post("/compte/password/reset/", {"email": "inconnue@example.org"})
    assert known.status_code == 302
    assert unknown.status_code == 302
    assert known["Location"] == "/compte/password/reset/done/"
    assert unknown["Location"] == "/compte/password/reset/done/"
    assert sorted(m.to[0] for m in mail.outbox) == ["connue@example.org", "inconnue@example.org"]


def test_password_reset_link_sets_a_new_password(client):
    user = VerifiedUserFactory()
    client.post("/compte/password/reset/", {"email": user.email})
    link = link_in(mail.outbox[0])
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "nouvelle-phrase-solide", "password2": "nouvelle-phrase-solide"},
    )
    user.refresh_from_db()
    assert user.check_password("nouvelle-phrase-solide") is True


def test_change_of_email_is_verified_before_use(client):
    user = VerifiedUserFactory()
    client.force_login(user)
    client.post("/compte/email/", {"action_add": "", "email": "nouvelle@example.org"})
    assert mail.outbox[-1].to == ["nouvelle@example.org"]
    assert not EmailAddress.objects.get(email="nouvelle@example.org").verified


def test_signups_are_rate_limited(client):
    statuses = []
    for n in range(7):
        statuses.append(
            client.post(
                "/compte/signup/", {"email": f"p{n}@example.org", "password1": PASSWORD, "password2": PASSWORD}
            ).status_code
        )
        client.logout()
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429, 429]


def test_failed_logins_are_rate_limited(client):
    user = VerifiedUserFactory()
    for _ in range(5):
        client.post("/compte/login/", {"login": user.email, "password": "faux"})
    # Even the right password is refused once the limit is reached.
    response = client.post("/compte/login/", {"login": user.email, "password": "motdepasse-solide-42"})
    assert "Trop de tentatives de connexion échouées" in response.content.decode()
    assert client.get("/espace-acteur/").status_code == 302


def test_account_pages_are_in_french(client):
    content = client.get("/compte/login/").content.decode()
    assert ("Connexion" in content or "Se connecter" in content) is True


def test_password_reset_requests_are_rate_limited(client):
    user = VerifiedUserFactory()
    statuses = [client.post("/compte/password/reset/", {"email": user.email}).status_code for _ in range(4)]
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3] == 429
    assert len(mail.outbox) == 3
