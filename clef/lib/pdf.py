"""What the printed documents (tickets, membership cards) share: the fonts, the words for
money and dates in the active language, text that fits its box, and the QR code.

The fonts are DejaVu, kept in ``lib/fonts`` with their licence: the PDF core fonts know
no "€", and a fresh machine needs no font package.
"""

import io
from pathlib import Path

from django.utils import formats
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from clef.lib.qr import qr_png

FONTS = Path(__file__).resolve().parent / "fonts"
SANS = "dejavu"
CONDENSED = "dejavu-condensed"

BLACK = (0, 0, 0)
GREY = (85, 85, 85)
PT = 0.3528  # millimetres in a typographic point


def new_document(*, width, height, title, language, author=""):
    """An empty PDF of pages ``width`` × ``height`` millimetres, fonts loaded."""
    pdf = FPDF(orientation="P", unit="mm", format=(width, height))
    pdf.add_font(SANS, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(SANS, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.add_font(CONDENSED, "B", FONTS / "DejaVuSansCondensed-Bold.ttf")
    pdf.set_auto_page_break(False)
    pdf.c_margin = 0  # text starts where the rules do
    pdf.set_margins(0, 0, 0)
    pdf.set_title(title)
    pdf.set_lang(language)
    pdf.set_creator("clef")
    if author:
        pdf.set_author(author)
    return pdf


def as_bytes(pdf):
    return bytes(pdf.output())


def long_date(value):
    """ "mercredi 18 novembre 2026" or "Wednesday 18 November 2026"."""
    return formats.date_format(value, "l j F Y")


def short_date(value):
    """ "18 novembre 2026" or "18 November 2026"."""
    return formats.date_format(value, "j F Y")


def clock(value):
    """ "20:00": cinemas print the 24-hour clock in both languages."""
    return formats.time_format(value, "H:i")


def write(pdf, x, y, width, text, *, size, bold=False, family=SANS, color=BLACK, align="L"):
    """One line of text at (x, y), cut with "…" if it is wider than ``width``.
    Returns the y below it."""
    pdf.set_font(family, "B" if bold else "", size)
    pdf.set_text_color(*color)
    text = _cut(pdf, text, width)
    height = size * PT * 1.25
    pdf.set_xy(x, y)
    pdf.cell(width, height, text, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)
    return y + height


def write_block(
    pdf,
    x,
    y,
    width,
    text,
    *,
    size,
    min_size=None,
    max_lines=3,
    bold=False,
    family=SANS,
    color=BLACK,
    align="L",
):
    """Text wrapped at ``width`` on at most ``max_lines`` lines: the size shrinks down to
    ``min_size`` to fit, then the last line is cut with "…". Returns the y below it."""
    style = "B" if bold else ""
    min_size = min_size or size
    while True:
        pdf.set_font(family, style, size)
        lines = pdf.multi_cell(width, text=text, dry_run=True, output="LINES")
        if len(lines) <= max_lines or size <= min_size:
            break
        size -= 0.5
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _cut(pdf, " ".join(lines[max_lines - 1 :]), width)]
    for line in lines:
        y = write(
            pdf, x, y, width, line, size=size, bold=bold, family=family, color=color, align=align
        )
    return y


def _cut(pdf, text, width):
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def draw_qr(pdf, text, *, x, y, size):
    """The QR code of ``text`` as a ``size`` millimetres square image at (x, y)."""
    pdf.image(io.BytesIO(qr_png(text)), x=x, y=y, w=size, h=size)


def rule(pdf, y, *, x1, x2, dashed=False):
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.2)
    if dashed:
        pdf.set_dash_pattern(dash=1.2, gap=1)
    pdf.line(x1, y, x2, y)
    pdf.set_dash_pattern()
