import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_createsuperuser_address_counts_as_verified_and_logs_in(client, monkeypatch, mailoutbox):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "motdepasse-solide-42")
    call_command("createsuperuser", "--noinput", username="admin", email="Admin@Arene.example")
    address = EmailAddress.objects.get()
    response = client.post(
        "/compte/login/?next=/admin/", {"login": "admin@arene.example", "password": "motdepasse-solide-42"}
    )
    assert (address.email, address.verified, address.primary) == ("admin@arene.example", True, True)
    assert (response.status_code, response.url, mailoutbox) == (302, "/admin/", [])


def test_ordinary_users_still_verify_their_address(django_user_model):
    django_user_model.objects.create_user("personne", "personne@example.org", "motdepasse-solide-42")
    assert not EmailAddress.objects.exists()
