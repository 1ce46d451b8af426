"""Films' posters and stills: uploaded in the back office, checked, and kept in a few
widths so that a phone downloads a small one (``srcset``).

The original is kept as uploaded (``Film.poster``); ``make_renditions`` writes JPEG copies
``WIDTHS`` wide beside it, and ``rendition_url`` names them. They are served by clef
(``views.poster``), cached a day by browsers. ``draw_typographic`` draws a poster of words
alone, for the demo, which uses no image from elsewhere.
"""

import io
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

WIDTHS = (240, 480, 960)
LARGEST_UPLOAD = 10 * 1024 * 1024  # bytes
LARGEST_SIDE = 12000  # pixels: more is a decompression bomb, not a poster
FORMATS = {"JPEG", "PNG", "WEBP"}
FONTS = Path(settings.BASE_DIR) / "clef" / "lib" / "fonts"


def validate_poster(upload):
    """An image of a kind browsers show, of a sensible size: else a message, nothing kept."""
    if upload.size > LARGEST_UPLOAD:
        raise ValidationError(
            _("This file is %(size)s MB: a poster is at most 10 MB."),
            params={"size": upload.size // (1024 * 1024)},
            code="poster_too_big",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("This file is not an image: upload a JPEG, PNG or WebP picture."),
            code="poster_not_image",
        ) from error
    finally:
        upload.seek(0)
    if kind not in FORMATS:
        raise ValidationError(
            _("A poster is a JPEG, PNG or WebP picture, not %(kind)s."),
            params={"kind": kind},
            code="poster_format",
        )
    if max(width, height) > LARGEST_SIDE:
        raise ValidationError(
            _("This picture is %(width)s × %(height)s pixels: at most 12000 on a side."),
            params={"width": width, "height": height},
            code="poster_too_large",
        )


def rendition_name(film, width):
    return f"posters/{film.slug}-{width}.jpg"


def make_renditions(film):
    """Write the poster's JPEG copies in ``WIDTHS`` (never wider than the original)."""
    if not film.poster:
        return
    with film.poster.open("rb") as original, Image.open(original) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        for width in WIDTHS:
            copy = image.copy()
            if copy.width > width:
                copy.thumbnail((width, width * 4), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            copy.save(out, "JPEG", quality=82, optimize=True, progressive=True)
            name = rendition_name(film, width)
            if default_storage.exists(name):
                default_storage.delete(name)
            default_storage.save(name, ContentFile(out.getvalue()))


def rendition_url(film, width):
    return reverse("programme:poster", args=[film.slug, width])


def srcset(film):
    return ", ".join(f"{rendition_url(film, w)} {w}w" for w in WIDTHS)


def draw_typographic(title, subtitle, *, seed=0, size=(960, 1360)):
    """A poster of words: the title large on a plain colour, the subtitle (director,
    year) small. PNG bytes."""
    colours = [("#b1141c", "#f3ede1"), ("#1b1917", "#f3ede1"), ("#e7dfcd", "#1b1917"),
               ("#2f4858", "#f3ede1"), ("#f3ede1", "#b1141c")]  # fmt: skip
    background, ink = colours[seed % len(colours)]
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    width, height = size
    margin = width // 12
    words = title.upper().split()
    font_size = width // 5
    bold = str(FONTS / "DejaVuSansCondensed-Bold.ttf")
    while font_size > 24:
        font = ImageFont.truetype(bold, font_size)
        lines = _wrap(draw, words, font, width - 2 * margin)
        if len(lines) * font_size * 1.1 < height * 0.6:
            break
        font_size -= 8
    y = margin * 2
    for line in lines:
        draw.text((margin, y), line, font=font, fill=ink)
        y += int(font_size * 1.1)
    small = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), width // 24)
    draw.text((margin, height - margin * 2), subtitle, font=small, fill=ink)
    draw.rectangle([margin, height - margin * 2 - 24, width - margin, height - margin * 2 - 18],
                   fill=ink)  # fmt: skip
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _wrap(draw, words, font, width):
    lines, line = [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if line and draw.textlength(trial, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return lines
