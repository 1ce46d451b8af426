"""QR codes for tickets and membership cards (segno, pure Python): an SVG for a page or
a file, a PNG for a PDF.

Error correction level M (15 % of the code may be lost), a quiet zone of four modules as
the standard asks, black on white whatever the page's colours.
"""

import io

import segno
from django.utils.translation import gettext as _

QUIET_ZONE = 4


def _make(text):
    # boost_error=False: the level stays M whatever room the version leaves.
    return segno.make(text, error="m", micro=False, boost_error=False)


def qr_svg(text, *, title=None, scale=6):
    """``text`` as an ``<svg>`` element without XML declaration: valid inline in HTML and
    as a file of its own (it names its namespace).

    It has its natural size (``scale`` pixels a module) and a ``viewBox``, so a style
    sheet may resize it on a narrow screen without cropping it. ``title`` (escaped here,
    "QR code" by default) names it for screen readers.
    """
    qr = _make(text)
    width, height = qr.symbol_size(scale=scale, border=QUIET_ZONE)
    out = io.BytesIO()
    qr.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        omitsize=True,
        scale=scale,
        border=QUIET_ZONE,
        dark="#000",
        light="#fff",
        svgclass="qr",
        lineclass=None,
        title=title if title is not None else _("QR code"),
        nl=False,
        encoding="utf-8",
    )
    return (
        out.getvalue()
        .decode()
        .replace("<svg ", f'<svg width="{width}" height="{height}" role="img" ', 1)
    )


def qr_png(text, scale=8):
    """A PNG image of the code, ``scale`` pixels a module, quiet zone included."""
    buffer = io.BytesIO()
    _make(text).save(buffer, kind="png", scale=scale, border=QUIET_ZONE)
    return buffer.getvalue()
