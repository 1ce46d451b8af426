"""One line of text drawn as fpdf2's ``cell`` draws it, without its cost.

``lib.pdf.write`` draws every line of the statements and declarations (a busy week's
declaration is some ten thousand lines) and the tax receipts draw theirs: fpdf2's
``cell`` (fragments, graphics state copied, borders, links, word spacing, text
shaping...) was two thirds of declaring a week. ``line`` writes the same operators, byte
for byte, for the only case they ask: one line of plain text in an embedded or a core
font, aligned left or right in its width, no border, fill, link, underline, spacing or
stretching (the page told of a new font first, as ``cell`` does). Any other case goes
to ``cell`` itself (``lib/tests/test_pdf_text.py`` draws each kind both ways and
compares the files).
"""

from fpdf.enums import CharVPos, TextMode, XPos, YPos
from fpdf.fonts import CoreFont, TTFFont
from fpdf.util import escape_parens


def line(pdf, width, height, text, align):
    """``pdf.cell(width, height, text, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)``
    at the current position."""
    if not _plain(pdf, width, height, text, align):
        pdf.cell(width, height, text, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)
        return
    font, k, size_pt = pdf.current_font, pdf.k, pdf.font_size_pt
    if isinstance(font, CoreFont):
        text = pdf.normalize_text(text)  # in the core fonts' encoding, as cell reads it
    if not pdf.current_font_is_set_on_page:  # a font set since the last line: as cell does
        pdf._out(pdf._set_font_for_page(font, size_pt))
    _count, units = font.get_text_width(text, size_pt, None)  # as cell measures it
    text_width = units / k
    dx = width - pdf.c_margin - text_width if align == "R" else pdf.c_margin
    font_size = size_pt / k
    start = (
        f"BT {(pdf.x + dx) * k:.2f} {(pdf.h - pdf.y - 0.5 * height - 0.3 * font_size) * k:.2f} Td"
    )
    if isinstance(font, CoreFont):
        shown = f"({escape_parens(text)}) Tj"
    else:
        pick = font.subset.pick
        mapped = "".join(chr(m) for m in map(pick, map(ord, text)) if m)
        shown = f"({font.escape_text(mapped)}) Tj"
    if pdf.text_color != pdf.fill_color:  # cell sets the colour inside the text object
        pdf._out(f"q {start} {pdf.text_color.serialize().lower()} {shown} ET Q")
    else:
        pdf._out(f"{start} {shown} ET")
    pdf._lasth = height
    pdf.y += height


def _plain(pdf, width, height, text, align):
    font = pdf.current_font
    return (
        bool(text)
        and align in ("L", "R")
        and bool(width)
        and bool(pdf.page)
        and (
            isinstance(font, CoreFont)
            or (isinstance(font, TTFFont) and not font.color_font and not font.is_symbol)
        )
        and not pdf.text_shaping
        and not pdf._fallback_font_ids
        and not pdf._record_text_quad_points
        and not pdf.underline
        and not pdf.strikethrough
        and pdf.char_spacing == 0
        and pdf.font_stretching == 100
        and pdf.text_mode == TextMode.FILL
        and pdf.char_vpos == CharVPos.LINE
        and not (pdf.str_alias_nb_pages and pdf.str_alias_nb_pages in text)
        and not pdf.will_page_break(height)
    )
