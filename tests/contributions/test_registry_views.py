import pytest
from django.urls import reverse

from contributions.models import Submission
from tests.conftest import registry_answer
from tests.factories import ActorFactory, CuratorFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def test_profile_form_is_filled_from_the_registry(client, registry):
    registry["default"].respond(json=registry_answer("eau_vive_siret"))
    client.force_login(VerifiedUserFactory())
    response = client.get(reverse("contributions:create"), {"numero": "73282932000074"})
    form = response.context["form"]
    assert (form.initial["name"], form.initial["siret"], form.initial["legal_form"], form.initial["city"]) == (
        "Eau Vive Internationale",
        "73282932000074",
        "association",
        "Paris",
    )
    assert "Trouvé dans le registre" in response.text and "entreprise de l’ESS" in response.text


def test_profile_form_says_manual_entry_when_the_registry_is_down(client):
    client.force_login(VerifiedUserFactory())
    response = client.get(reverse("contributions:create"), {"numero": "73282932000074"})
    assert response.status_code == 200
    assert "Registre injoignable, saisie manuelle." in response.text
    assert "name" not in response.context["form"].initial


def test_claim_keeps_the_registry_record_for_the_curator(client, registry):
    registry["default"].respond(json=registry_answer("eau_vive_siret"))
    actor = ActorFactory(name="Eau vive", siren="732829320")
    client.force_login(VerifiedUserFactory())
    response = client.post(
        reverse("contributions:claim", args=[actor.slug]),
        {"role": "Présidente", "siren": "732829320", "rna": "", "justification": "Élue présidente."},
    )
    assert response.status_code == 302, response.context["form"].errors
    submission = Submission.objects.get()
    assert (submission.payload["registry"]["name"], submission.payload["registry"]["is_ess"]) == (
        "EAU VIVE INTERNATIONALE",
        True,
    )
    client.force_login(CuratorFactory())
    review = client.get(reverse("admin:contributions_submission_review", args=[submission.pk]))
    assert "Registre national" in review.text and "27 RUE DU FAUBOURG SAINT-ANTOINE" in review.text


def test_claim_goes_through_when_the_registry_is_down(client):
    actor = ActorFactory(name="Eau vive")
    client.force_login(VerifiedUserFactory())
    response = client.post(
        reverse("contributions:claim", args=[actor.slug]),
        {"role": "Présidente", "siren": "732829320", "rna": "", "justification": "Élue présidente."},
    )
    assert response.status_code == 302
    assert Submission.objects.get().payload["registry"]["error"] == "Registre injoignable, saisie manuelle."


def test_profile_form_offers_searchable_country_checkboxes_in_french_order(client):
    client.force_login(VerifiedUserFactory())
    text = client.get(reverse("contributions:create")).text
    assert 'type="checkbox" name="countries"' in text and "Chercher un pays" in text
    assert text.index("Danemark") < text.index("Égypte") < text.index("Espagne")


def test_editors_preview_their_unpublished_profile_with_its_pending_state(client):
    from tests.factories import EditorshipFactory, SubmissionFactory

    editorship = EditorshipFactory(actor=ActorFactory(name="Puits du Sahel", status="pending"))
    SubmissionFactory(actor=editorship.actor, user=editorship.user, kind="profile")
    url = reverse("contributions:preview", args=[editorship.actor.slug])
    client.force_login(VerifiedUserFactory())
    stranger = client.get(url).status_code
    client.force_login(editorship.user)
    page = client.get(url)
    assert (stranger, page.status_code) == (404, 200)
    assert "Aperçu visible de vous seul" in page.text and "Modification en attente de validation" in page.text
    assert "Modifier la fiche" in page.text and "Demandez à modifier sa fiche" not in page.text
