"""Logo uploads: what is accepted, how it is re-encoded and under which name it is stored.

An uploaded file is never stored as sent. Pillow must decode it as JPEG, PNG or WebP within the size
limits; it is then re-encoded (which drops anything appended to the image, EXIF and other metadata)
and saved under a random name whose extension is that of the decoded format. The web server can
therefore only ever serve `logos/<random>.png|jpg|webp`, whatever the sender called the file."""

import io
import uuid
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

LOGO_MAX_BYTES = 1024 * 1024
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


class LogoField(forms.FileField):
    """A form field whose cleaned value is the re-encoded logo (or None when nothing was sent)."""

    default_error_messages = {"invalid": _("Ce fichier n’est pas une image lisible (JPEG, PNG ou WebP).")}

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("JPEG, PNG ou WebP, 1 Mo au plus, entre 32 et 2 000 pixels de côté."))
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_logo(upload)
