"""The weekly declaration as JSON, for a week with every kind of agreement: percentage,
flat fee, minimum guarantee, rights waived, a programme of shorts with several rights
holders, a film on the X list. It answers, parses back, and says what the page says."""

import datetime as dt
import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from clef.lib.money import format_euros
from clef.lib.timezones import local_to_utc

pytestmark = pytest.mark.django_db

D = Decimal
TODAY = local_to_utc(dt.date(2026, 12, 2), dt.time(12, 0), "Europe/Paris")


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def every_kind(week_of_every_kind):
    """Week of 18 November 2026, one screening for each kind of terms."""
    return week_of_every_kind(
        short="Meshes of the Afternoon",
        shorts_holder=("Light Cone", "distribution@example.org"),
        last_price="7",
    )


class Rows(HTMLParser):
    """Each table row of a page as the text of its cells."""

    def __init__(self):
        super().__init__()
        self.rows, self.row, self.cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(re.sub(r"[ \t\r\n]+", " ", "".join(self.cell)).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def page_rows(response):
    parser = Rows()
    parser.feed(response.content.decode())
    return parser.rows


def euros(text):
    with translation.override("fr"):
        return format_euros(D(text))


def test_the_json_of_a_week_with_every_kind_of_agreement_reads_back(signed_in, every_kind):
    with translation.override("fr"):
        address = reverse("accounting:declaration_json", args=["2026-11-18"])
    response = signed_in.get(address)
    assert response.status_code == 200
    data = json.loads(response.content)

    deals = {
        film["title"]: [(d["holder_name"], d["terms"], d["share"]) for d in film["deals"]]
        for room in data["rooms"]
        for programme in room["programmes"]
        for film in programme["films"]
    }
    assert deals == {
        "Wanda": [("Survivance", "50\u00a0%", "6.31")],
        "Salò": [("Survivance", "forfait de 15,00\u00a0€", "15.00")],
        "Nosferatu": [("Survivance", "35\u00a0% (minimum 10,00\u00a0€)", "10.00")],
        "La Jetée": [("Collectif Jeune Cinéma", "droits cédés gratuitement", "0.00")],
        "Meshes of the Afternoon": [("Light Cone", "40\u00a0%", "2.50")],
        "Window Water Baby Moving": [("Light Cone", "forfait de 3,00\u00a0€", "3.00")],
        "Tarantella": [("Collectif Jeune Cinéma", "droits cédés gratuitement", "0.00")],
    }
    taxes = {
        programme["title"]: [
            (s["takings"], s["tsa_rate"], s["tsa"]) for s in programme["screenings"]
        ]
        for room in data["rooms"]
        for programme in room["programmes"]
    }
    assert taxes["Salò"] == [("20.00", "16.08", "3.22")]  # the X list: 1.5 × the rate
    assert taxes["Wanda"] == [("15.00", "10.72", "1.61")]
    assert data["totals"]["takings"] == "78.00"
    assert data["rights_holders"] == [
        {"holder": every_kind[2].pk, "name": "Collectif Jeune Cinéma", "share": "0.00"},
        {"holder": every_kind[1].pk, "name": "Light Cone", "share": "5.50"},
        {"holder": every_kind[0].pk, "name": "Survivance", "share": "31.31"},
    ]

    with translation.override("fr"):
        page = signed_in.get(reverse("accounting:declaration", args=["2026-11-18"]))
    declaration = page.context["declaration"]
    for key, figure in (("takings", "receipts"), ("tsa", "tsa"), ("rights", "rights")):
        assert data["totals"][key] == str(getattr(declaration.figures, figure))
        assert f'data-figure="{key}">{euros(data["totals"][key])}<' in page.content.decode()
    rows = page_rows(page)
    for title, film_deals in deals.items():
        for holder, terms, share in film_deals:
            (row,) = [r for r in rows if r and r[0] == title and holder in r]
            assert (row[5], row[-1]) == (terms, euros(share))
    for room in data["rooms"]:
        for programme in room["programmes"]:
            for screening in programme["screenings"]:
                times = f"{screening['time']}\u2013{screening['end_time']}"
                (row,) = [r for r in rows if len(r) == 10 and r[1] == times]
                assert row[2:] == [
                    str(screening["admissions"]),
                    str(screening["paid"]),
                    str(screening["free"]),
                    *(
                        euros(screening[key])
                        for key in ("takings", "vat", "tsa", "distributor_base", "rights")
                    ),
                ]


def test_the_json_of_a_waived_week_is_in_the_readers_language(signed_in, every_kind):
    with translation.override("en"):
        address = reverse("accounting:declaration_json", args=["2026-11-18"])
    data = json.loads(signed_in.get(address).content)
    terms = {
        film["title"]: film["deals"][0]["terms"]
        for room in data["rooms"]
        for programme in room["programmes"]
        for film in programme["films"]
    }
    assert terms["La Jetée"] == "rights waived"
    assert terms["Salò"] == "flat fee €15.00"
