"""Uploaded pictures, shrunk and re-encoded before they are stored.

Re-encoding also drops EXIF data (places, phone models) and anything hidden in the file.
"""

import uuid
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # refuse larger images before decoding them (decompression bombs)


def resize_image(upload) -> ContentFile:
    """A JPEG no larger than PORTAL_IMAGE_MAX_SIDE on its longer side, or ValidationError."""
    side = settings.PORTAL_IMAGE_MAX_SIDE
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("This picture is too large."))
            image = ImageOps.exif_transpose(image)
            if image.mode not in ("RGB", "L"):
                background = Image.new("RGB", image.size, "white")
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            image.thumbnail((side, side), Image.Resampling.LANCZOS)
            out = BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(_("This file is not a picture we can read.")) from error
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
