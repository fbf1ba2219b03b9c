"""Logo uploads: generated names, re-encoding, refused formats and decompression bombs."""

import io
import re
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from actors.logos import clean_logo
from actors.models import Actor
from contributions import services
from contributions.models import Submission
from tests.factories import CuratorFactory, EditorshipFactory, UserFactory

pytestmark = pytest.mark.django_db

GENERATED = r"logos/[0-9a-f]{32}\.(png|jpg|webp)"


def png_bytes(size=(200, 100), fmt="PNG", **save):
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, fmt, **save)
    return buffer.getvalue()


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb(width=30000, height=30000):
    """A PNG header announcing width × height pixels, in a few bytes (Pillow checks it on open)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    data = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


@pytest.fixture
def user_client(client):
    user = UserFactory()
    client.force_login(user)
    client.user = user
    return client


def create(client, upload, name="Les Amis du fonio"):
    data = {"name": name, "legal_form": "association", "country": "FR", "logo_file": upload}
    return client.post(reverse("contributions:create"), data)


def test_png_with_html_appended_sent_as_html_is_stored_as_a_clean_png_under_a_generated_name(user_client):
    upload = SimpleUploadedFile("evil.html", png_bytes() + b"<html><script>alert(1)</script></html>", "text/html")
    response = create(user_client, upload)
    logo = Actor.objects.get().logo
    stored = default_storage.open(logo.name).read()
    assert response.status_code == 302
    assert bool(re.fullmatch(GENERATED, logo.name))
    assert logo.name.endswith(".png")
    assert b"<html" not in stored
    assert Image.open(io.BytesIO(stored)).format == "PNG"


def test_extension_comes_from_the_decoded_format_not_the_name(user_client):
    create(user_client, SimpleUploadedFile("photo.png", png_bytes(fmt="JPEG"), "image/png"))
    assert Actor.objects.get().logo.name.endswith(".jpg")


def test_reencoding_drops_metadata():
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    upload = SimpleUploadedFile("x.jpg", png_bytes(fmt="JPEG", exif=exif.tobytes()), "image/jpeg")
    cleaned = clean_logo(upload)
    assert b"secret description" not in cleaned.read()
    assert cleaned.name.endswith(".jpg")


@pytest.mark.parametrize("size", [(30000, 30000), (10000, 10000)])
def test_decompression_bomb_is_a_form_error(user_client, size):
    response = create(user_client, SimpleUploadedFile("bomb.png", bomb(*size), "image/png"))
    error = response.context["form"].errors["logo_file"][0]
    assert response.status_code == 200
    assert Actor.objects.count() == 0
    assert error.startswith("Cette image est bien trop grande")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.html", b"<html><body>hello</body></html>"),
        ("logo.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
    ],
)
def test_anything_but_jpeg_png_webp_is_refused(user_client, name, content):
    response = create(user_client, SimpleUploadedFile(name, content, "image/png"))
    assert response.status_code == 200
    assert Actor.objects.count() == 0
    assert "logo_file" in response.context["form"].errors


def test_pending_logo_of_a_published_profile_has_a_generated_name(user_client):
    actor = EditorshipFactory(user=user_client.user).actor
    upload = SimpleUploadedFile("../../evil.html", png_bytes(fmt="WEBP"), "text/html")
    user_client.post(
        reverse("contributions:edit", args=[actor.slug]),
        {"name": actor.name, "legal_form": actor.legal_form, "country": "FR", "logo_file": upload},
    )
    pending = Submission.objects.get(kind="change").payload["logo"]
    assert re.fullmatch(r"logos/en-attente/[0-9a-f]{32}\.webp", pending)


def submit_logo_change(client, actor):
    upload = SimpleUploadedFile("logo.webp", png_bytes(fmt="WEBP"), "image/webp")
    client.post(
        reverse("contributions:edit", args=[actor.slug]),
        {"name": actor.name, "legal_form": actor.legal_form, "country": "FR", "logo_file": upload},
    )
    return Submission.objects.get(kind="change")


def test_approved_logo_is_served_under_a_generated_name_outside_the_pending_directory(
    user_client, django_capture_on_commit_callbacks
):
    actor = EditorshipFactory(user=user_client.user).actor
    submission = submit_logo_change(user_client, actor)
    pending = submission.payload["logo"]
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(submission, CuratorFactory())
    actor.refresh_from_db()
    submission.refresh_from_db()
    assert bool(re.fullmatch(r"logos/[0-9a-f]{32}\.webp", actor.logo.name))
    assert Image.open(default_storage.open(actor.logo.name)).format == "WEBP"
    assert default_storage.exists(pending) is False
    assert submission.payload["logo"] == actor.logo.name


def test_refused_logo_is_deleted(user_client, django_capture_on_commit_callbacks):
    actor = EditorshipFactory(user=user_client.user).actor
    submission = submit_logo_change(user_client, actor)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(submission, CuratorFactory(), "Logo d’une autre association.")
    actor.refresh_from_db()
    assert default_storage.exists(submission.payload["logo"]) is False
    assert actor.logo.name == ""


def test_a_second_logo_proposed_deletes_the_first(user_client, django_capture_on_commit_callbacks):
    actor = EditorshipFactory(user=user_client.user).actor
    first = submit_logo_change(user_client, actor).payload["logo"]
    with django_capture_on_commit_callbacks(execute=True):
        second = submit_logo_change(user_client, actor).payload["logo"]
    assert [default_storage.exists(first), default_storage.exists(second)] == [False, True]
