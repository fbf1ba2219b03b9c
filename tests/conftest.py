import pytest


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "motdepasse-solide")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client
