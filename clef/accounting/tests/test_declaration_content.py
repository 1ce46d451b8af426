"""What the weekly declaration tells the CNC, on its page and in its JSON, CSV (French and
English) and PDF, for a week with every kind of agreement: the establishment's and the
rooms' CNC numbers, the week's number, the tax rates and the X flag; per screening and
price the ticket numbers used with the tickets issued, presold and cancelled (the same
figures as the till's ticket statement); the films without a visa number."""

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from clef.accounting.declaration_exports import CSV_COLUMNS
from clef.accounting.declarations import films_without_visa
from clef.boxoffice import statements
from clef.lib.money import format_euros
from clef.lib.timezones import local_to_utc
from clef.lib.weeks import CinemaWeek
from clef.programme.models import Film, Screening, ScreeningFilm
from clef.tickets.models import Ticket

pytestmark = pytest.mark.django_db

D = Decimal
TODAY = local_to_utc(dt.date(2026, 12, 2), dt.time(12, 0), "Europe/Paris")  # a Wednesday
WEEK = "2026-11-18"
COLUMN = {key: i for i, (key, _label) in enumerate(CSV_COLUMNS)}
# 150 characters: the PDF wraps it, never cuts it.
LONG = (
    "Meshes of the Afternoon, un film de Maya Deren et Alexander Hammid tourné à "
    "Los Angeles en 1943, restauré par les Anthology Film Archives de New York."
)


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(TODAY, tick=False):
        yield


def url(name, *args, language="fr"):
    with translation.override(language):
        return reverse(f"accounting:{name}", args=args)


@pytest.fixture
def week(week_of_every_kind, venue, big_room, small_room, sell):
    """The week of every kind of terms, its first short titled LONG; the venue and its
    rooms numbered by the CNC; La Jetée marked as having no visa; Wanda (10, 0, 5 € at
    the till) also sells a 10 € ticket online and a 5 € ticket cancelled, numbered after
    the week's other tickets."""
    assert len(LONG) == 150
    venue.cnc_number = "751342"
    venue.save()
    big_room.cnc_number = "1"
    big_room.save()
    small_room.cnc_number = "2"
    small_room.save()
    week_of_every_kind(
        short=LONG, shorts_holder=("Light Cone", "distribution@example.org"), last_price="7"
    )
    Film.objects.filter(title="La Jetée").update(no_visa=True)
    ScreeningFilm.objects.filter(film__title="Nosferatu").update(version="vf")
    wanda = Screening.objects.get(screening_films__film__title="Wanda")
    sell(wanda, "10", online=True)
    sell(wanda, "5", status=Ticket.Status.CANCELLED)
    return wanda


def numbers(screening):
    """The screening's ticket numbers by price, in the order they were sold."""
    tickets = Ticket.objects.filter(screening=screening).order_by("number")
    found = {}
    for ticket in tickets:
        found.setdefault(ticket.price, []).append(ticket.number)
    return found


class Rows(HTMLParser):
    """The rows of the page's table of tickets per screening and price, by screening."""

    def __init__(self):
        super().__init__()
        self.rows, self.row, self.cell = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-screening" in attrs:
            self.row = []
            self.rows.setdefault(int(attrs["data-screening"]), []).append(self.row)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None
        elif tag == "tr":
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def ticket_rows(page):
    parser = Rows()
    parser.feed(page)
    return parser.rows


# --- the page -------------------------------------------------------------------------------
def test_the_page_names_the_establishment_the_rooms_the_week_and_the_rates(signed_in, week):
    page = signed_in.get(url("declaration", WEEK, language="en")).content.decode()

    assert 'data-figure="cnc">751342<' in page
    assert 'data-figure="week">Week 47 of 2026<' in page
    assert 'data-figure="tsa-rate">10.72%<' in page
    assert 'data-figure="tsa-rate-x">16.08% · applied this week<' in page
    assert "CNC room number: 1" in page and "CNC room number: 2" in page
    # Salò is X-rated, taxed at the X list's rate; Wanda at the usual one.
    assert page.count("Tax on admissions at 16.08%") == 1
    assert page.count("Tax on admissions at 10.72%") == 4
    assert '<abbr title="Dubbed">VF</abbr>' in page  # Nosferatu
    assert page.count('<abbr title="Original version, subtitled">VOSTF</abbr>') == 6


def test_a_venue_without_cnc_number_is_told_where_to_give_it(signed_in, week, venue):
    venue.cnc_number = ""
    venue.save()
    page = signed_in.get(url("declaration", WEEK, language="en")).content.decode()

    change = reverse("admin:venues_venue_change", args=[venue.pk])
    assert f'data-figure="cnc"><a href="{change}">not set: give it</a>' in page


def test_films_without_a_visa_are_listed_at_the_top_with_a_link_to_fix_each(signed_in, week, venue):
    page = signed_in.get(url("declaration", WEEK, language="en")).content.decode()
    missing = films_without_visa(venue, dt.date(2026, 11, 18), dt.date(2026, 11, 24))

    # Salò has its visa; La Jetée is marked as having none (not a commercial film).
    assert [f.title for f in missing] == [
        LONG,
        "Nosferatu",
        "Tarantella",
        "Wanda",
        "Window Water Baby Moving",
    ]
    top = page[: page.index('<section class="declaration-room"')]
    assert "5 films shown this week have no visa number" in top
    for film in missing:
        assert f'href="{reverse("admin:programme_film_change", args=[film.pk])}"' in top
    assert "La Jetée" not in top and "Salò" not in top

    Film.objects.exclude(visa_number="").update(visa_number="")
    Film.objects.update(visa_number="12345")
    page = signed_in.get(url("declaration", WEEK, language="en")).content.decode()
    assert "have no visa number" not in page and "has no visa number" not in page


def test_the_page_gives_each_screenings_ticket_numbers_per_price(signed_in, week):
    page = signed_in.get(url("declaration", WEEK, language="en")).content.decode()
    sold = numbers(week)
    series = week.starts_at.year
    zero, five, ten = sold[D("0.00")], sold[D("5.00")], sold[D("10.00")]

    # Screening, price, numbers, at the door, presales, cancelled, admissions, takings.
    assert ticket_rows(page)[week.pk] == [
        ["Wed 18/11 20:00", "€0.00", f"{series}: {zero[0]}", "1", "0", "0", "1", "€0.00"],
        ["", "€5.00", f"{series}: {five[0]}, {five[1]}", "1", "0", "1", "1", "€5.00"],
        ["", "€10.00", f"{series}: {ten[0]}, {ten[1]}", "1", "1", "0", "2", "€20.00"],
    ]


# --- the JSON -------------------------------------------------------------------------------
def json_of(client, language="en"):
    response = client.get(url("declaration_json", WEEK, language=language))
    assert response.status_code == 200
    return json.loads(response.content)


def screenings_of(data):
    return [
        s
        for room in data["rooms"]
        for programme in room["programmes"]
        for s in programme["screenings"]
    ]


def test_the_json_carries_what_the_cnc_asks(signed_in, week):
    data = json_of(signed_in)

    assert (data["cnc_number"], data["week"]["year"], data["week"]["number"]) == (
        "751342",
        2026,
        47,
    )
    assert (data["tsa_rate"], data["tsa_rate_x"], data["x_rated"]) == ("10.72", "16.08", True)
    assert [(r["room"], r["cnc_number"]) for r in data["rooms"]] == [
        ("Grande salle", "1"),
        ("Petite salle", "2"),
    ]
    films = {
        f["title"]: (f["visa"], f["version_code"], f["x_rated"], f["no_visa"])
        for room in data["rooms"]
        for programme in room["programmes"]
        for f in programme["films"]
    }
    assert films["Salò"] == ("45678", "VOSTF", True, False)
    assert films["Nosferatu"] == ("", "VF", False, False)
    assert films["La Jetée"] == ("", "VOSTF", False, True)
    assert [f["title"] for f in data["films_without_visa"]] == [
        LONG,
        "Nosferatu",
        "Tarantella",
        "Wanda",
        "Window Water Baby Moving",
    ]
    (salo,) = [s for s in screenings_of(data) if s["films"][0]["title"] == "Salò"]
    assert (salo["room"], salo["room_cnc_number"], salo["x_rated"], salo["tsa_rate"]) == (
        "Petite salle",
        "2",
        True,
        "16.08",
    )
    assert (salo["time"], salo["end_time"]) == ("22:00", "23:57")  # 102 minutes and 15


def test_the_json_gives_per_screening_and_price_the_till_statements_figures(signed_in, week):
    data = json_of(signed_in)
    page = signed_in.get(url("declaration", WEEK, language="en")).content.decode()
    rows = ticket_rows(page)

    screenings = screenings_of(data)
    assert len(screenings) == 5
    for screening in screenings:
        till = statements.statement_rows(Screening.objects.get(pk=screening["screening"]))
        assert [
            (
                p["price"],
                p["numbers"],
                p["issued"],
                p["presold"],
                p["cancelled"],
                p["admissions"],
                p["takings"],
            )
            for p in screening["prices"]
        ] == [
            (
                str(r.price),
                r.numbers,
                r.issued,
                r.presales,
                r.cancelled,
                r.issued + r.presales,
                str(r.takings),
            )
            for r in till.rows
        ]
        # the takings per price add up to the screening's, as the page shows them
        assert sum(D(p["takings"]) for p in screening["prices"]) == D(screening["takings"])
        assert sum(p["admissions"] for p in screening["prices"]) == screening["admissions"]
        with translation.override("en"):
            assert [row[1:] for row in rows[screening["screening"]]] == [
                [
                    format_euros(D(p["price"])),
                    p["numbers"],
                    str(p["issued"]),
                    str(p["presold"]),
                    str(p["cancelled"]),
                    str(p["admissions"]),
                    format_euros(D(p["takings"])),
                ]
                for p in screening["prices"]
            ]
    (wanda,) = [s for s in screenings if s["screening"] == week.pk]
    ten = numbers(week)[D("10.00")]
    assert wanda["prices"][2]["ranges"] == [
        {"series": 2026, "first": ten[0], "last": ten[0]},
        {"series": 2026, "first": ten[1], "last": ten[1]},
    ]
    assert (wanda["admissions"], wanda["takings"]) == (4, "25.00")
    assert data["totals"]["takings"] == "88.00"


def test_a_run_of_numbers_is_one_range(signed_in, week, sell):
    more = sell(week, "10", "10", "10")
    data = json_of(signed_in)
    (wanda,) = [s for s in screenings_of(data) if s["screening"] == week.pk]
    ten = numbers(week)[D("10.00")]

    # the online one, then the cancelled 5 € ticket's number, then the three in a run
    assert wanda["prices"][2]["numbers"] == (
        f"2026: {ten[0]}, {ten[1]}, {more[0].number}\u2013{more[-1].number}"
    )
    assert wanda["prices"][2]["issued"] == 4


# --- the CSV --------------------------------------------------------------------------------
def read_csv(client, language):
    response = client.get(url("declaration_csv", WEEK, language=language))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize(("language", "decimal"), [("fr", ","), ("en", ".")])
def test_the_csv_carries_the_same_figures_in_the_readers_language(
    signed_in, week, language, decimal
):
    header, *body = read_csv(signed_in, language)
    data = json_of(signed_in, language=language)

    def number(cell):
        assert (cell.count(",") if decimal == "." else cell.count(".")) == 0
        return D(cell.replace(",", "."))

    with translation.override(language):
        kinds = {
            key: translation.pgettext("declaration row", key)
            for key in ("declaration", "screening", "tickets", "film")
        }
        yes = translation.gettext("yes")
        assert header[COLUMN["numbers"]] == translation.gettext("ticket numbers")
    (first,) = [r for r in body if r[0] == kinds["declaration"]]
    assert (first[COLUMN["cnc"]], first[COLUMN["year"]], first[COLUMN["week"]]) == (
        "751342",
        "2026",
        "47",
    )
    assert [number(first[COLUMN[k]]) for k in ("tsa_rate", "tsa_rate_x")] == [
        D("10.72"),
        D("16.08"),
    ]
    assert first[COLUMN["x_rated"]] == yes
    assert first[COLUMN["date"]] == WEEK

    tickets = [r for r in body if r[0] == kinds["tickets"]]
    expected = [
        (s["room_cnc_number"], s["date"], s["time"], s["end_time"], p)
        for s in screenings_of(data)
        for p in s["prices"]
    ]
    assert len(tickets) == len(expected) == 9
    for row, (cnc, date, time, end, price) in zip(tickets, expected, strict=True):
        assert (row[COLUMN["cnc"]], row[COLUMN["date"]]) == (cnc, date)
        assert (row[COLUMN["time"]], row[COLUMN["end"]]) == (time, end)
        assert row[COLUMN["numbers"]] == price["numbers"]
        assert number(row[COLUMN["price"]]) == D(price["price"])
        assert number(row[COLUMN["takings"]]) == D(price["takings"])
        assert [int(row[COLUMN[k]]) for k in ("issued", "presold", "cancelled", "admissions")] == [
            price["issued"],
            price["presold"],
            price["cancelled"],
            price["admissions"],
        ]
    # a spreadsheet summing the tickets' rows finds the week's takings
    assert sum(number(r[COLUMN["takings"]]) for r in tickets) == D(data["totals"]["takings"])
    films = {r[COLUMN["film"]]: r for r in body if r[0] == kinds["film"]}
    assert (films["Salò"][COLUMN["x_rated"]], films["Salò"][COLUMN["visa"]]) == (yes, "45678")
    assert films["Nosferatu"][COLUMN["version_code"]] == "VF"
    screenings = [r for r in body if r[0] == kinds["screening"]]
    assert [number(r[COLUMN["tsa_rate"]]) for r in screenings] == [
        D(s["tsa_rate"]) for s in screenings_of(data)
    ]


# --- the PDF --------------------------------------------------------------------------------
def pdf_text(client, language):
    response = client.get(url("declaration_pdf", WEEK, language=language))
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    return "\n".join(page.extract_text() for page in pages)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_pdf_carries_the_same_figures_and_cuts_no_word(signed_in, week, language):
    text = pdf_text(signed_in, language)
    data = json_of(signed_in, language=language)
    flat = re.sub(r"\s+", " ", text.replace("\u00a0", " "))

    assert "…" not in text
    words = flat.split()
    for word in LONG.split():
        assert word in words
    for word in ("751342", "47", "2026", "45678", "VOSTF", "VF"):
        assert word in words
    with translation.override(language):
        for screening in screenings_of(data):
            for price in screening["prices"]:
                row = " ".join(
                    [
                        format_euros(D(price["price"])),
                        price["numbers"],
                        str(price["issued"]),
                        str(price["presold"]),
                        str(price["cancelled"]),
                        str(price["admissions"]),
                        format_euros(D(price["takings"])),
                    ]
                ).replace("\u00a0", " ")
                assert row in flat
        assert format_euros(D(data["totals"]["takings"])).replace("\u00a0", " ") in flat
    if language == "en":
        assert "CNC establishment number: 751342 · cinema week 47 of 2026" in flat
        assert "Grande salle · CNC room number: 1" in flat
        assert "X-rated works: 16.08% (applied this week)" in flat


def test_the_week_number_is_the_cinema_weeks(signed_in, week):
    assert CinemaWeek(dt.date(2026, 11, 18)).numbered == (2026, 47)
    assert json_of(signed_in)["week"]["number"] == 47
