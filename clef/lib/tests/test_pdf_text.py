"""A line drawn by ``pdf_text.line`` is the line fpdf2's ``cell`` draws, byte for byte."""

import datetime as dt

import pytest
from fpdf import FPDF

from clef.lib import pdf, pdf_text
from clef.lib.pdf import Sheet

MOMENT = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)
TEXTS = [
    "Jeanne Dielman, 23 quai du Commerce",
    "12,50\u00a0€",
    "« L'Œuvre » — été 1975 (n° 3)",
    "Ticket numbers: 2026 : 1–3 · T1-2026 : 1–12",
    "Кинотеатр 映画館 \\ (parenthèses) ✓",  # a glyph DejaVu lacks, escaped characters
    "{nb} pages",
    " leading and trailing spaces ",
]


def drawn(*, fast, setup=lambda doc: None):
    """A document of every text in every way ``write`` draws it."""
    plain = pdf_text._plain
    if not fast:
        pdf_text._plain = lambda *args: False
    try:
        doc = pdf.new_document(width=210, height=297, title="Lines", language="fr")
        doc.set_creation_date(MOMENT)
        doc.add_page()
        setup(doc)
        y = 10
        for text in TEXTS:
            for bold in (False, True):
                for align in ("L", "R", "C"):
                    for color in (pdf.BLACK, pdf.GREY):
                        y = pdf.write(
                            doc, 12, y, 80, text, size=8.5, bold=bold, color=color, align=align
                        )
                        if y > 280:
                            doc.add_page()
                            y = 10
        return pdf.as_bytes(doc)
    finally:
        pdf_text._plain = plain


def test_it_draws_every_kind_of_line_as_cell_does_byte_for_byte():
    fast = drawn(fast=True)

    assert fast == drawn(fast=False)
    assert fast.startswith(b"%PDF")


@pytest.mark.parametrize(
    "setup",
    [
        lambda doc: doc.set_char_spacing(1),
        lambda doc: doc.set_stretching(90),
        lambda doc: doc.set_fill_color(200, 0, 0),
        lambda doc: doc.set_auto_page_break(True, margin=250),
    ],
    ids=["char spacing", "stretching", "fill colour", "page break"],
)
def test_it_leaves_what_it_does_not_draw_to_cell_and_draws_the_same(setup):
    assert drawn(fast=True, setup=setup) == drawn(fast=False, setup=setup)


def test_a_declaration_sized_table_is_the_same_document_either_way():
    def sheet(fast):
        plain = pdf_text._plain
        if not fast:
            pdf_text._plain = lambda *args: False
        try:
            made = Sheet(title="Tickets", language="fr", landscape=True)
            made.pdf.set_creation_date(MOMENT)
            made.heading("Grande salle · numéro CNC de salle : 123456")
            columns = [("Séance", 36, "L"), ("Prix", 22, "R"), ("Numéros", 91, "L")]
            rows = [
                [f"mer. {n}/10 20:00", f"{n},00\u00a0€", f"2026 : {n}–{n * 7} · T1-2026 : 1–{n}"]
                for n in range(1, 120)
            ]
            made.table(columns, rows, totals=[["Total", "", "840"]])
            return made.output()
        finally:
            pdf_text._plain = plain

    fast = sheet(True)
    assert fast == sheet(False)
    assert fast.count(b"/Type /Page\n") >= 2


def test_a_line_in_a_core_font_is_drawn_as_cell_draws_it():
    """The tax receipts' Helvetica, in Windows-1252 ("€", "Œ", "’")."""

    def receipt_like(fast):
        plain = pdf_text._plain
        if not fast:
            pdf_text._plain = lambda *args: False
        try:
            doc = FPDF(orientation="P", unit="mm", format=(210, 297))
            doc.core_fonts_encoding = "windows-1252"
            doc.set_creation_date(MOMENT)
            doc.set_auto_page_break(False)
            doc.c_margin = 0
            doc.add_page()
            y = 18
            for text in [*TEXTS[:4], "Montant : ***1 234,50 €*** l’Œuvre (reçu n° 2026-7)"]:
                for style, grey in (("", False), ("B", True)):
                    doc.set_font("Helvetica", style, 10)
                    doc.set_text_color(*(pdf.GREY if grey else pdf.BLACK))
                    for align in ("L", "R"):
                        doc.set_xy(18, y)
                        pdf_text.line(doc, 174, 4.6, text, align)
                        y += 4.6
            return bytes(doc.output())
        finally:
            pdf_text._plain = plain

    fast = receipt_like(True)
    assert fast == receipt_like(False)
    assert b"/BaseFont /Helvetica-Bold" in fast
