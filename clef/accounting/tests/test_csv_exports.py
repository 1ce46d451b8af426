"""Every CSV the treasurer downloads, read back as a spreadsheet would read it: the weekly
declaration, the monthly tax, a rights holder's statement (live and as sent) and the
statistics' tables. In French with decimal commas, in English with decimal points, the
same figures as the pages; and a film or a rights holder named like a formula never comes
out as a live formula."""

import csv
import datetime as dt
import io
from decimal import Decimal, InvalidOperation

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from clef.accounting import charts, statements
from clef.accounting.declaration_exports import CSV_COLUMNS
from clef.accounting.models import DistributorStatement
from clef.lib.money import format_euros
from clef.lib.spreadsheet import FORMULA_STARTS
from clef.lib.timezones import local_to_utc

pytestmark = pytest.mark.django_db

D = Decimal
TODAY = local_to_utc(dt.date(2026, 12, 2), dt.time(12, 0), "Europe/Paris")  # a Wednesday
WEEK = "2026-11-18"
FORMULA = '=HYPERLINK("http://x","y")'
NEUTRALISED = "'" + FORMULA
COLUMN = {key: i for i, (key, _label) in enumerate(CSV_COLUMNS)}


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(TODAY, tick=False):
        yield


def url(name, *args, language="fr", query=""):
    with translation.override(language):
        return reverse(f"accounting:{name}", args=args) + query


def fr(message, context=None):
    """``message`` as the French catalogue has it (the msgid while it is not compiled)."""
    with translation.override("fr"):
        return translation.pgettext(context, message) if context else translation.gettext(message)


@pytest.fixture
def every_kind(week_of_every_kind):
    """Week of 18 November 2026, one screening for each kind of terms, and a film and a
    rights holder both named like a spreadsheet formula."""
    return week_of_every_kind(
        short=FORMULA, shorts_holder=(FORMULA, "x@example.org"), last_price="7.50"
    )


# --- reading as a spreadsheet would --------------------------------------------------------
def read(response):
    """The rows of a CSV answer, as a spreadsheet set to ``;`` and UTF-8 reads them."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return read_bytes(response.content)


def read_bytes(content):
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def french(cell):
    """A number as a French spreadsheet reads it: a decimal comma, nothing else."""
    assert "." not in cell and "€" not in cell and " " not in cell and "\u00a0" not in cell
    return D(cell.replace(",", "."))


def english(cell):
    assert "," not in cell and "€" not in cell and " " not in cell
    return D(cell)


NUMBER = {"fr": french, "en": english}


def is_number(cell):
    try:
        D(cell.replace(",", "."))
    except InvalidOperation:
        return False
    return True


def assert_no_live_formula(rows):
    """No cell is a formula: each starting like one is a number written as a number, or
    neutralised with a leading apostrophe."""
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_STARTS):
                assert cell.startswith("-") and is_number(cell), (cell, row)


def everything(rows):
    return [cell for row in rows for cell in row]


# --- the weekly declaration -----------------------------------------------------------------
def page_declaration(client, language):
    response = client.get(url("declaration", WEEK, language=language))
    assert response.status_code == 200
    return response.context["declaration"], response.content.decode()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_declaration_csv_has_the_pages_figures_in_the_readers_language(
    signed_in, every_kind, language
):
    declaration, page = page_declaration(signed_in, language)
    header, *body = read(signed_in.get(url("declaration_csv", WEEK, language=language)))
    number = NUMBER[language]
    with translation.override(language):
        assert header[COLUMN["takings"]] == translation.gettext("takings")
        kinds = {
            key: translation.pgettext("declaration row", key)
            for key in ("screening", "film", "total", "day")
        }

    screenings = [r for r in body if r[0] == kinds["screening"]]
    showings = [s for b in declaration.rooms for p in b.programmes for s in p.showings]
    assert [(r[COLUMN["date"]], r[COLUMN["time"]]) for r in screenings] == [
        (s.day.isoformat(), s.local_start.strftime("%H:%M")) for s in showings
    ]
    for row, showing in zip(screenings, showings, strict=True):
        statement = showing.statement
        assert [number(row[COLUMN[key]]) for key in ("takings", "vat", "tsa", "base")] == [
            statement.receipts,
            statement.vat,
            statement.tsa,
            statement.distributor_base,
        ]
    films = {r[COLUMN["film"]]: r for r in body if r[0] == kinds["film"]}
    assert {title: number(r[COLUMN["share"]]) for title, r in films.items()} == {
        "Wanda": D("6.31"),
        "Salò": D("15.00"),
        "Nosferatu": D("10.00"),
        "La Jetée": D("0.00"),
        NEUTRALISED: D("2.57"),  # 40 % of 14/32 of 14.71
        "Window Water Baby Moving": D("3.00"),
        "Tarantella": D("0.00"),
    }
    assert films[NEUTRALISED][COLUMN["holder"]] == NEUTRALISED
    with translation.override(language):
        assert films["Salò"][COLUMN["version"]] == translation.gettext(
            "Original version, subtitled"
        )
        flat_fee = format_euros(D("15"))
    assert (
        films["Salò"][COLUMN["terms"]]
        == {"fr": f"forfait de {flat_fee}", "en": f"flat fee {flat_fee}"}[language]
    )

    (total,) = [r for r in body if r[0] == kinds["total"]]
    figures = declaration.figures
    assert [number(total[COLUMN[key]]) for key in ("takings", "vat", "tsa", "base", "share")] == [
        figures.receipts,
        figures.vat,
        figures.tsa,
        figures.distributor_base,
        figures.rights,
    ]
    assert figures.receipts == D("78.50")
    # A spreadsheet's sums of the rows give the totals, and the page shows the same.
    assert sum(number(r[COLUMN["takings"]]) for r in screenings) == figures.receipts
    assert sum(number(r[COLUMN["tsa"]]) for r in screenings) == figures.tsa
    assert sum(number(r[COLUMN["share"]]) for r in films.values()) == figures.rights
    days = [r for r in body if r[0] == kinds["day"]]
    assert sum(number(r[COLUMN["takings"]]) for r in days) == figures.receipts
    with translation.override(language):
        assert format_euros(figures.receipts) in page
        assert format_euros(figures.tsa) in page


def test_the_declaration_csv_neutralises_formulas(signed_in, every_kind):
    for language in ("fr", "en"):
        rows = read(signed_in.get(url("declaration_csv", WEEK, language=language)))
        assert_no_live_formula(rows)
        cells = everything(rows)
        # the film once, its holder on each of its two films' rows; the programme's title
        # (the films' titles joined) starts with the formula too, neutralised on each row
        assert cells.count(NEUTRALISED) == 3
        programme = NEUTRALISED + " + Window Water Baby Moving + Tarantella"
        # its screening, its tickets at two prices, its three films, its two prices
        assert cells.count(programme) == 8
        assert FORMULA not in cells


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_monthly_tax_csv_has_the_pages_figures(signed_in, every_kind, language):
    page = signed_in.get(url("monthly_tax", "2026-11", language=language))
    tax = page.context["tax"]
    rows = read(signed_in.get(url("monthly_tax", "2026-11", language=language), {"format": "csv"}))
    assert_no_live_formula(rows)
    number = NUMBER[language]
    assert number(rows[-1][-1]) == tax.due
    weeks = [r for r in rows[1:] if r[0]]
    assert len(weeks) == len(tax.weeks)
    assert [number(r[-3]) for r in weeks] == [w.receipts for w in tax.weeks]
    with translation.override(language):
        assert {r[3] for r in weeks} <= {translation.gettext("yes"), translation.gettext("no")}


# --- a rights holder's statement -----------------------------------------------------------
def test_the_statement_csv_is_in_french_and_sums_to_the_pages_total(signed_in, every_kind):
    survivance, _hostile, _jeune = every_kind
    page = signed_in.get(url("distributor_statement", survivance.pk, WEEK))
    live = page.context["live"]
    header, *body = read(signed_in.get(url("distributor_statement_csv", survivance.pk, WEEK)))
    assert header[:3] == [fr("week from"), fr("rights holder"), fr("statement version")]
    assert header[-1] == fr("rights holder's share")
    assert [row[6] for row in body] == ["Wanda", "Salò", "Nosferatu"]
    assert [row[-4] for row in body] == [
        fr("Percentage of the distributor base"),
        fr("Flat fee"),
        fr("Percentage with a minimum guarantee"),
    ]
    assert {row[8] for row in body} == {fr("Original version, subtitled")}
    assert [french(row[-1]) for row in body] == [D("6.31"), D("15.00"), D("10.00")]
    assert sum(french(row[-1]) for row in body) == live["totals"]["owed"] == D("31.31")
    assert sum(french(row[12]) for row in body) == live["totals"]["receipts"]
    assert french(body[1][15]) == D("16.08")  # the X film's tax rate
    assert (body[2][-3], body[2][-2]) == ("35,00", "10,00")
    with translation.override("fr"):
        assert format_euros(live["totals"]["owed"]) in page.content.decode()


def test_the_statement_csv_in_english(signed_in, every_kind):
    survivance, _hostile, _jeune = every_kind
    header, *body = read(
        signed_in.get(url("distributor_statement_csv", survivance.pk, WEEK, language="en"))
    )
    assert header[:3] == ["week from", "rights holder", "statement version"]
    assert body[0] == [
        "2026-11-18", "Survivance", "", "2026-11-18", "20:00", "Grande salle", "Wanda", "",
        "Original version, subtitled", "3", "2", "1", "15.00", "0.78", "1.61", "10.72",
        "12.61", "12.61", "Percentage of the distributor base", "50.00", "", "6.31",
    ]  # fmt: skip


def test_the_statement_csv_live_and_sent_neutralises_formulas(
    signed_in, every_kind, treasurer, venue
):
    _survivance, hostile, _jeune = every_kind
    live = read(signed_in.get(url("distributor_statement_csv", hostile.pk, WEEK)))
    statements.send(venue, hostile, venue.week_of(dt.date(2026, 11, 18)), by=treasurer)
    version = DistributorStatement.objects.get(holder=hostile)
    sent = read(signed_in.get(url("statement_version_csv", version.pk)))
    for rows in (live, sent):
        assert_no_live_formula(rows)
        assert [(row[1], row[6]) for row in rows[1:]] == [
            (NEUTRALISED, NEUTRALISED),
            (NEUTRALISED, "Window Water Baby Moving"),
        ]
        assert sum(french(row[-1]) for row in rows[1:]) == D("5.57")
    assert [row[2] for row in sent[1:]] == ["1", "1"]


# --- the statistics -------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_statistics_csv_has_the_pages_figures_and_no_formula(signed_in, every_kind, language):
    page = signed_in.get(url("statistics", language=language, query="?year=2026"))
    tables = {drawn.kind.slug: drawn.table for drawn in page.context["charts"]}
    assert set(tables) == set(charts.CHARTS)
    number = NUMBER[language]
    for slug, table in tables.items():
        address = url("statistics_csv", slug, language=language, query="?year=2026")
        header, *body = read(signed_in.get(address))
        assert_no_live_formula([header, *body])
        assert header == [str(c.label) for c in table.columns]
        assert len(body) == len(table.rows)
        for row, values in zip(body, table.rows, strict=True):
            for cell, column, value in zip(row, table.columns, values, strict=True):
                if value is None:
                    assert cell == ""
                elif column.kind == "euros":
                    assert number(cell) == value
                elif column.kind == "percent":
                    assert number(cell) == D(value).quantize(D("0.1"))
                elif column.kind == "int":
                    assert int(cell) == value
    films = read(signed_in.get(url("statistics_csv", "films", query="?year=2026")))
    assert NEUTRALISED in [row[1] for row in films[1:]]
    prices = read(signed_in.get(url("statistics_csv", "prices", language=language,
                                    query="?year=2026")))  # fmt: skip
    assert sum(number(row[-1]) for row in prices[1:]) == D("78.50")
