"""Logo uploads: what is accepted, how it is re-encoded and under which name it is stored.

An uploaded file is never stored as sent. Pillow must decode it as JPEG, PNG or WebP within the size
limits; it is then re-encoded (which drops anything appended to the image, EXIF and other metadata)
and saved under a random name whose extension is that of the decoded format. The web server can
therefore only ever serve `logos/<random>.png|jpg|webp`, whatever the sender called the file."""

import base64
import io
import uuid
import warnings
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

LOGO_MAX_BYTES = 1024 * 1024
# A logo chosen in a form that came back with an error elsewhere waits this long in the cache.
KEPT_SECONDS = 2 * 60 * 60
KEPT_SALT = "actors.logos.kept"
MIME_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
LOGO_MIN_SIDE, LOGO_MAX_SIDE = 32, 2000
# Decoded format → stored extension (the only extensions a logo can have on disk).
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Anything above this many pixels is refused before it is decoded (a 2 000 × 2 000 logo is the most
# we keep; the margin lets the dimension check give its own, clearer message).
MAX_PIXELS = 4 * LOGO_MAX_SIDE * LOGO_MAX_SIDE


def unreadable():
    return ValidationError(_("Ce fichier n’est pas une image lisible (JPEG, PNG ou WebP)."), code="logo_type")


def open_logo(file):
    """The opened (not yet decoded) image, or a ValidationError: size, type, bomb and dimension checks."""
    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("Le logo pèse %(size)s Ko : 1 024 Ko au plus.") % {"size": file.size // 1024}, code="logo_size"
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns, then raises, on huge images: both are refusals here, never a 500.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("Cette image est bien trop grande une fois décompressée : 2 000 pixels de côté au plus."),
            code="logo_bomb",
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise unreadable() from exc
    if image.format not in EXTENSIONS:
        raise ValidationError(_("Format d’image refusé : JPEG, PNG ou WebP seulement."), code="logo_type")
    width, height = image.size
    if not (LOGO_MIN_SIDE <= width <= LOGO_MAX_SIDE and LOGO_MIN_SIDE <= height <= LOGO_MAX_SIDE):
        raise ValidationError(
            _("L’image mesure %(w)s × %(h)s pixels : chaque côté doit faire entre 32 et 2 000 pixels.")
            % {"w": width, "h": height},
            code="logo_dimensions",
        )
    return image


def validate_logo(file) -> None:
    """A real JPEG, PNG or WebP image of at most 1 Mo, between 32 and 2 000 pixels a side."""
    try:
        clean_logo(file)
    finally:
        file.seek(0)


def clean_logo(file):
    """The upload re-encoded in its own format, as a ContentFile named `<random>.<png|jpg|webp>`."""
    image = open_logo(file)
    image_format = image.format
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
        image = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning) as exc:
        raise unreadable() from exc
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    buffer = io.BytesIO()
    # No `exif=`, `icc_profile=` or text chunks: the new file carries pixels only.
    image.save(buffer, image_format, **({"quality": 90} if image_format in ("JPEG", "WEBP") else {}))
    return ContentFile(buffer.getvalue(), name=generated_name(EXTENSIONS[image_format]))


def generated_name(extension):
    return f"{uuid.uuid4().hex}.{extension}"


# Where a profile change's logo waits for a curator; an accepted one moves to `logos/` (publish_logo).
PENDING_DIRECTORY = "logos/en-attente/"


def is_pending_logo(name):
    return bool(name) and name.startswith(PENDING_DIRECTORY)


def store_pending_logo(upload):
    """Keep an uploaded (already re-encoded) logo aside until a curator accepts it; returns its
    storage name, random like every stored logo's."""
    return default_storage.save(PENDING_DIRECTORY + logo_upload_to(None, upload.name).removeprefix("logos/"), upload)


def publish_logo(name):
    """The accepted logo copied out of the pending directory to a new `logos/<random>` name, which is
    returned; the pending file is deleted once the transaction commits. Other names are kept as they are."""
    if not is_pending_logo(name):
        return name
    with default_storage.open(name) as pending:
        published = default_storage.save(logo_upload_to(None, name), ContentFile(pending.read()))
    transaction.on_commit(lambda: default_storage.delete(name))
    return published


def logo_upload_to(instance, filename):
    """Where a logo is stored: a random name; the extension is kept only if it is one we produce."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return f"logos/{generated_name(extension if extension in EXTENSIONS.values() else 'bin')}"


# --- A chosen logo kept across a form's re-display --------------------------------------------------
# The browser forgets a chosen file when a form comes back with an error. The re-encoded logo is kept
# in the cache (shared between servers in production) under a random key; the form carries the key,
# signed and dated, in a hidden field, shows the image, and uses it when the corrected form is sent.


def keep_logo(logo):
    """Cache the re-encoded logo; returns the signed token that brings it back (kept_logo)."""
    key = uuid.uuid4().hex
    logo.seek(0)
    cache.set(f"kept-logo:{key}", (logo.read(), logo.name.rsplit(".", 1)[-1]), KEPT_SECONDS)
    logo.seek(0)
    return signing.dumps(key, salt=KEPT_SALT)


def kept_logo(token):
    """The logo a token names, as a ContentFile under a new generated name; a ValidationError when the
    token is forged or too old."""
    try:
        key = signing.loads(token, salt=KEPT_SALT, max_age=KEPT_SECONDS)
        content, extension = cache.get(f"kept-logo:{key}")
    except (signing.BadSignature, TypeError, ValueError) as exc:
        raise ValidationError(
            _("Le logo choisi n’a pas été gardé assez longtemps : choisissez le fichier à nouveau."), code="logo_kept"
        ) from exc
    return ContentFile(content, name=generated_name(extension))


def data_url(logo):
    """The image inline (`data:` URL, allowed by the site's CSP), for a logo not stored yet."""
    logo.seek(0)
    encoded = base64.b64encode(logo.read()).decode()
    logo.seek(0)
    return f"data:{MIME_TYPES.get(logo.name.rsplit('.', 1)[-1], 'image/png')};base64,{encoded}"


@dataclass(frozen=True)
class KeptToken:
    """What the logo input sends when no new file is chosen but one was kept."""

    token: str


@dataclass(frozen=True)
class LogoPreview:
    url: str
    alt: str
    caption: str


class LogoInput(forms.FileInput):
    """A file input that shows the logos it concerns as images (the current one, the one waiting for
    the team, the one chosen before an error) and carries the token of a kept logo."""

    template_name = "actors/widgets/logo_input.html"

    def __init__(self, attrs=None):
        super().__init__({"accept": "image/jpeg,image/png,image/webp", **(attrs or {})})
        self.previews = []
        self.kept_token = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(previews=self.previews, kept_token=self.kept_token)
        return context

    def value_from_datadict(self, data, files, name):
        upload = files.get(name)
        if upload is None and data.get(f"{name}_kept"):
            return KeptToken(data[f"{name}_kept"][:500])
        return upload

    def keep(self, logo, alt):
        """Carry `logo` to the form's next display: its token in the form, its image shown."""
        self.kept_token = keep_logo(logo)
        caption = _("Fichier choisi : il sera enregistré quand vous enverrez le formulaire.")
        self.previews = [*self.previews, LogoPreview(data_url(logo), alt, caption)]


class LogoField(forms.FileField):
    """A form field whose cleaned value is the re-encoded logo (or None when nothing was sent)."""

    default_error_messages = {"invalid": _("Ce fichier n’est pas une image lisible (JPEG, PNG ou WebP).")}

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("JPEG, PNG ou WebP, 1 Mo au plus, entre 32 et 2 000 pixels de côté."))
        kwargs.setdefault("widget", LogoInput)
        super().__init__(**kwargs)

    def to_python(self, data):
        if isinstance(data, KeptToken):
            return kept_logo(data.token)
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_logo(upload)
