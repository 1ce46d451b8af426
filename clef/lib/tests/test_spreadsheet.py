"""How one cell is written for a spreadsheet: numbers in the reader's language, and no text
ever a live formula, whatever its first character."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import translation

from clef.lib.spreadsheet import cell, csv_bytes

D = Decimal


@pytest.mark.parametrize(
    ("value", "french", "english"),
    [
        (D("611.00"), "611,00", "611.00"),
        (D("-116.86"), "-116,86", "-116.86"),  # a negative amount stays a number
        (D("1234567.50"), "1234567,50", "1234567.50"),  # no thousands separator
        (D("1E+2"), "100", "100"),  # never an exponent
        (D("37.5"), "37,5", "37.5"),
        (-3, "-3", "-3"),
        (12, "12", "12"),
        (dt.date(2026, 11, 18), "2026-11-18", "2026-11-18"),
        (dt.time(20, 5), "20:05", "20:05"),
        (None, "", ""),
    ],
)
def test_it_writes_numbers_and_dates_in_the_readers_language(value, french, english):
    with translation.override("fr"):
        assert cell(value) == french
    with translation.override("en"):
        assert cell(value) == english


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://x","y")',
        "+33 1 43 37 90 77",
        "-116,86",  # text, not a number clef wrote: neutralised
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "\uff1d1+1",  # a full-width equals sign
    ],
)
def test_it_neutralises_a_text_a_spreadsheet_would_take_for_a_formula(text):
    assert cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Wanda", "La Jetée", "1 + 1 = 2", "'quoted", "", "é=mc²"])
def test_it_leaves_other_texts_alone(text):
    assert cell(text) == text


def test_a_lazy_translation_is_text():
    with translation.override("en"):
        assert cell(translation.gettext_lazy("yes")) == "yes"
        assert cell(True) == "yes" and cell(False) == "no"


def test_the_file_has_a_bom_semicolons_and_quotes_where_needed():
    with translation.override("fr"):
        content = csv_bytes(["film", "montant"], [['Le "ciné"; la nuit', D("-5.50")]])
    assert content == '\ufefffilm;montant\r\n"Le ""ciné""; la nuit";-5,50\r\n'.encode()
    text = content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[1] == ['Le "ciné"; la nuit', "-5,50"]
