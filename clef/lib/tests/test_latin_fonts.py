"""Documents on a hot path are made on the DejaVu fonts cut down to the Latin characters,
and made again on the whole fonts when a character is not in them: never a missing glyph."""

import io

from pypdf import PdfReader

from clef.lib import pdf as doc


def _document(text, calls):
    def make(fonts):
        calls.append(fonts)
        pdf = doc.new_document(width=100, height=40, title="t", language="fr", fonts=fonts)
        pdf.add_page()
        doc.write(pdf, 5, 5, 90, text, size=10, bold=True)
        doc.write(pdf, 5, 15, 90, text, size=10)
        return pdf

    return make


def _text(data):
    return PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_latin_text_is_made_once_on_the_latin_fonts():
    calls = []
    text = "Œuvre : 7,50 € — « Ça », Łódź, Dvořák"
    data = doc.latin_first(_document(text, calls))
    assert calls == [doc.LATIN]
    assert _text(data).splitlines() == [text, text]


def test_a_character_outside_them_makes_it_again_on_the_whole_fonts():
    calls = []
    text = "Αλέξης Ψ, Дзига Вертов"
    data = doc.latin_first(_document(text, calls))
    assert calls == [doc.LATIN, doc.FULL]
    assert _text(data).splitlines() == [text, text]


def test_the_latin_fonts_are_a_quarter_of_the_whole_ones():
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansCondensed-Bold.ttf"):
        whole = (doc.FULL / name).stat().st_size
        latin = (doc.LATIN / name).stat().st_size
        assert latin * 4 < whole
