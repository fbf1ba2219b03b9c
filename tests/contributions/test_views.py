import io
import re

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from actors.models import Actor
from contributions.models import Editorship, Submission
from tests.factories import ActorFactory, CollectivityFactory, EditorshipFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user_client(client):
    user = UserFactory()
    client.force_login(user)
    client.user = user
    return client


def profile_post(**changes):
    data = {
        "name": "Les Amis du fonio",
        "legal_form": "association",
        "country": "FR",
        "description": "Une association.",
    }
    data.update(changes)
    return data


def image_file(fmt="PNG", size=(200, 100), name="logo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def test_space_requires_login(client):
    response = client.get(reverse("contributions:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


def test_dashboard_lists_organisations_and_submissions_with_reasons(user_client):
    EditorshipFactory(user=user_client.user, actor__name="Eau vive")
    SubmissionFactory(
        user=user_client.user, status="rejected", reason="Justificatif illisible.", reviewed_at="2026-01-01T00:00Z"
    )
    content = user_client.get(reverse("contributions:dashboard")).content.decode()
    assert "Eau vive" in content
    assert "Justificatif illisible." in content
    assert "Refusée" in content


def test_create_profile_starts_pending(user_client):
    response = user_client.post(reverse("contributions:create"), profile_post())
    actor = Actor.objects.get(name="Les Amis du fonio")
    assert response.status_code == 302
    assert actor.status == "pending"
    assert actor.source == "self"
    assert Editorship.objects.filter(user=user_client.user, actor=actor).exists()
    assert user_client.get(actor.get_absolute_url()).status_code == 404


def test_failed_form_saves_nothing_and_redisplays_what_was_typed(user_client):
    response = user_client.post(
        reverse("contributions:create"),
        profile_post(siren="123456789", description="Texte saisi par l’acteur", website="pas une adresse"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert Actor.objects.count() == 0
    assert "Texte saisi par l’acteur" in content
    assert "Ce SIREN n’est pas valide" in content


def test_logo_upload_is_checked(user_client):
    ok = user_client.post(reverse("contributions:create"), {**profile_post(), "logo_file": image_file()})
    assert ok.status_code == 302
    assert bool(Actor.objects.get().logo)
    not_an_image = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", content_type="image/png")
    too_big = SimpleUploadedFile("big.png", b"0" * (1024 * 1024 + 1), content_type="image/png")
    errors = {}
    for name, upload in {
        "type": not_an_image,
        "size": too_big,
        "dimensions": image_file(size=(3000, 20)),
        "format": image_file("GIF", name="logo.gif"),
    }.items():
        response = user_client.post(
            reverse("contributions:create"), {**profile_post(name=f"Autre {name}"), "logo_file": upload}
        )
        errors[name] = response.context["form"].errors.get("logo_file", [""])[0]
    assert Actor.objects.count() == 1
    assert errors["type"].startswith("Ce fichier n’est pas une image lisible")
    assert errors["size"].startswith("Le logo pèse")
    assert errors["dimensions"].startswith("L’image mesure 3000 × 20 pixels")
    assert errors["format"].startswith("Format d’image refusé")


def test_edit_of_a_published_profile_keeps_the_public_page_until_approved(user_client):
    editorship = EditorshipFactory(user=user_client.user, actor__name="Eau vive", actor__description="Validée.")
    actor = editorship.actor
    user_client.post(
        reverse("contributions:edit", args=[actor.slug]), profile_post(name="Eau vive", description="Proposée.")
    )
    actor.refresh_from_db()
    public = user_client.get(actor.get_absolute_url()).content.decode()
    assert actor.description == "Validée."
    assert "Validée." in public
    assert "Proposée." not in public
    assert Submission.objects.get(kind="change").payload["description"] == "Proposée."
    # The form shows the pending proposal, not the published text.
    assert "Proposée." in user_client.get(reverse("contributions:edit", args=[actor.slug])).content.decode()


def test_editing_another_organisation_is_a_404(user_client):
    other = ActorFactory(status="draft")
    published = ActorFactory()
    assert [
        user_client.get(reverse("contributions:edit", args=[other.slug])).status_code,
        user_client.post(reverse("contributions:edit", args=[published.slug]), profile_post()).status_code,
        user_client.get(reverse("contributions:add_reference", args=[published.slug])).status_code,
    ] == [404, 404, 404]
    assert Submission.objects.count() == 0


def test_claim_with_justification(user_client):
    actor = ActorFactory(name="Eau vive")
    response = user_client.post(
        reverse("contributions:claim", args=[actor.slug]),
        {"role": "Trésorière", "rna": "W751234567", "justification": "Élue au bureau."},
    )
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert submission.kind == "claim"
    assert submission.payload["rna"] == "W751234567"


def test_claim_without_any_proof_is_refused(user_client):
    actor = ActorFactory()
    response = user_client.post(
        reverse("contributions:claim", args=[actor.slug]), {"role": "Membre", "justification": "Moi."}
    )
    assert response.status_code == 200
    assert Submission.objects.count() == 0
    assert "Indiquez un SIREN ou un numéro RNA" in response.content.decode()


def test_claims_are_rate_limited(user_client):
    actors = ActorFactory.create_batch(11)
    statuses = [
        user_client.post(
            reverse("contributions:claim", args=[a.slug]),
            {"role": "Membre", "siren": "732829320", "justification": "x"},
        ).status_code
        for a in actors
    ]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
    assert Submission.objects.count() == 10


def test_claim_search_finds_published_actors(user_client):
    ActorFactory(name="Eau vive")
    ActorFactory(name="Eau brouillon", status="draft")
    response = user_client.get(reverse("contributions:claim_search"), {"q": "eau"})
    assert [a.name for a in response.context["results"]] == ["Eau vive"]


def test_reference_form_submits_for_review(user_client):
    editorship = EditorshipFactory(user=user_client.user)
    collectivity = CollectivityFactory()
    response = user_client.post(
        reverse("contributions:add_reference", args=[editorship.actor.slug]),
        {
            "title": "Projet",
            "collectivity": collectivity.pk,
            "role": "operateur",
            "mode": "subvention",
            "summary": "Fait.",
            "start_year": 2012,
            "end_year": 2010,
        },
    )
    assert response.status_code == 200
    assert Submission.objects.count() == 0
    assert "L’année de fin précède l’année de début." in response.content.decode()


def test_contact_relays_the_message_without_showing_the_address(client):
    actor = ActorFactory(name="Eau vive", email="secret@eau-vive.example")
    page = client.get(actor.get_absolute_url()).content.decode()
    form = client.get(reverse("contributions:contact", args=[actor.slug])).content.decode()
    assert "secret@eau-vive.example" not in page
    assert "secret@eau-vive.example" not in form
    response = client.post(
        reverse("contributions:contact", args=[actor.slug]),
        {"name": "Agnès", "email": "agnes@ville.example", "subject": "Coopération au Mali", "message": "Bonjour."},
    )
    (message,) = mail.outbox
    assert response.status_code == 302
    assert message.to == ["secret@eau-vive.example"]
    assert message.reply_to == ["agnes@ville.example"]
    assert message.subject == "[ess_coop] Coopération au Mali"
    assert "Bonjour." in message.body


def test_contact_goes_to_editors_when_the_profile_has_no_address(client):
    editorship = EditorshipFactory(actor__email="", user__email="editrice@example.org")
    client.post(
        reverse("contributions:contact", args=[editorship.actor.slug]),
        {"name": "A", "email": "a@example.org", "subject": "S", "message": "M"},
    )
    assert mail.outbox[0].to == ["editrice@example.org"]


def test_contact_without_any_recipient_is_a_404(client):
    actor = ActorFactory(email="")
    assert client.get(reverse("contributions:contact", args=[actor.slug])).status_code == 404


def test_contact_honeypot_refuses_bots(client):
    actor = ActorFactory(email="x@example.org")
    response = client.post(
        reverse("contributions:contact", args=[actor.slug]),
        {
            "name": "Bot",
            "email": "b@example.org",
            "subject": "S",
            "message": "M",
            "site_internet": "http://spam.example",
        },
    )
    assert response.status_code == 200
    assert len(mail.outbox) == 0


def test_contact_is_rate_limited_and_keeps_what_was_typed(client):
    actor = ActorFactory(email="x@example.org")
    data = {"name": "A", "email": "a@example.org", "subject": "S", "message": "Mon message important"}
    statuses = [client.post(reverse("contributions:contact", args=[actor.slug]), data).status_code for _ in range(6)]
    last = client.post(reverse("contributions:contact", args=[actor.slug]), data)
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429
    assert len(mail.outbox) == 5
    assert "Mon message important" in last.content.decode()


def test_html_in_a_description_shows_as_text(client):
    actor = ActorFactory(description='<script>alert("x")</script><b>gras</b>')
    content = client.get(actor.get_absolute_url()).content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert" in content
    assert "<b>gras</b>" not in content


def test_forms_require_csrf(user_client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user_client.user)
    actor = ActorFactory(email="x@example.org")
    assert [
        strict.post(reverse("contributions:create"), profile_post()).status_code,
        strict.post(reverse("contributions:contact", args=[actor.slug]), {"name": "A"}).status_code,
    ] == [403, 403]


def test_create_profile_with_a_domain_key_beyond_the_integer_range_is_a_form_error(user_client):
    # Found by the form fuzz: on SQLite the `__in` query of such a key overflowed (a server error).
    response = user_client.post(reverse("contributions:create"), {**profile_post(), "domains": ["9" * 26]})
    assert response.status_code == 200
    assert "domains" in response.context["form"].errors


def logo_images(content):
    """(src, alt) of every logo shown above the profile form's file input."""
    return re.findall(r'<figure class="logo-preview"><img src="([^"]+)" alt="([^"]+)">', content)


def kept_token(response):
    return re.search(r'name="logo_file_kept" value="([^"]+)"', response.content.decode()).group(1)


def test_profile_form_shows_the_current_and_the_pending_logo_as_images(user_client, django_assert_max_num_queries):
    current = default_storage.save("logos/" + "d" * 32 + ".png", image_file())
    pending = default_storage.save("logos/en-attente/" + "e" * 32 + ".png", image_file())
    actor = EditorshipFactory(user=user_client.user, actor__name="Eau vive", actor__logo=current).actor
    SubmissionFactory(actor=actor, user=user_client.user, kind="change", payload={"logo": pending})
    with django_assert_max_num_queries(18):
        content = user_client.get(reverse("contributions:edit", args=[actor.slug])).content.decode()
    assert logo_images(content) == [
        (f"/media/{current}", "Logo actuel de « Eau vive »"),
        (f"/media/{pending}", "Logo proposé pour « Eau vive »"),
    ]
    assert "Logo proposé, en attente de validation par l’équipe" in content


def test_logo_chosen_before_a_validation_error_is_kept_and_used_once_corrected(user_client):
    first = user_client.post(
        reverse("contributions:create"), {**profile_post(siren="123456789"), "logo_file": image_file()}
    )
    [(src, alt)] = logo_images(first.content.decode())
    assert first.status_code == 200
    assert Actor.objects.count() == 0
    assert src.startswith("data:image/png;base64,")
    assert alt == "Logo choisi pour « Les Amis du fonio »"
    second = user_client.post(reverse("contributions:create"), {**profile_post(), "logo_file_kept": kept_token(first)})
    logo = Actor.objects.get().logo
    assert second.status_code == 302
    assert bool(re.fullmatch(r"logos/[0-9a-f]{32}\.png", logo.name))
    assert Image.open(default_storage.open(logo.name)).size == (200, 100)


def test_logo_kept_through_a_second_error_is_still_sent_with_the_change(user_client):
    actor = EditorshipFactory(user=user_client.user, actor__name="Eau vive").actor
    url = reverse("contributions:edit", args=[actor.slug])
    first = user_client.post(
        url, {**profile_post(name="Eau vive", website="pas une adresse"), "logo_file": image_file()}
    )
    second = user_client.post(url, {**profile_post(name="", website="x"), "logo_file_kept": kept_token(first)})
    user_client.post(url, {**profile_post(name="Eau vive"), "logo_file_kept": kept_token(second)})
    assert bool(re.fullmatch(r"logos/en-attente/[0-9a-f]{32}\.png", Submission.objects.get().payload["logo"]))


def test_forged_kept_logo_token_is_a_form_error(user_client):
    response = user_client.post(reverse("contributions:create"), {**profile_post(), "logo_file_kept": "abc:def"})
    assert response.status_code == 200
    assert Actor.objects.count() == 0
    assert response.context["form"].errors["logo_file"] == [
        "Le logo choisi n’a pas été gardé assez longtemps : choisissez le fichier à nouveau."
    ]
