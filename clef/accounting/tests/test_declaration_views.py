"""The declaration's page and files, and the monthly tax page: who may read them, the
addresses, bad input, and how many queries they take."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from clef.accounting.models import DistributorStatement, StatementSending
from clef.lib.timezones import local_to_utc
from clef.tickets.models import Ticket

pytestmark = pytest.mark.django_db

D = Decimal
TODAY = local_to_utc(dt.date(2026, 12, 2), dt.time(12, 0), "Europe/Paris")  # a Wednesday


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(TODAY, tick=False):
        yield


def url(name, *args, language="fr"):
    with translation.override(language):
        return reverse(f"accounting:{name}", args=args)


@pytest.fixture
def week(make_film, make_screening, sell, agree, small_room):
    """Week of 18 November 2026: Wanda on Wednesday (10 + 0 + 5 €) and Friday (10 €)."""
    wanda = make_film("Wanda", visa_number="36912")
    first = make_screening(dt.date(2026, 11, 18), "20:00", films=[wanda])
    second = make_screening(dt.date(2026, 11, 20), "18:00", films=[wanda])
    sell(first, "10", "0", "5")
    sell(second, "10")
    agree(first)
    agree(second)
    return first, second


def test_the_treasurer_reads_the_week(signed_in, week):
    response = signed_in.get(url("declaration", "2026-11-18"))
    assert response.status_code == 200
    declaration = response.context["declaration"]
    assert declaration.figures.receipts == D("25.00")
    page = response.content.decode()
    assert "Wanda" in page and "36912" in page
    assert "25,00\u00a0€" in page  # the takings
    assert "2,68\u00a0€" in page  # the tax: 1.61 + 1.07
    assert "10,52\u00a0€" in page  # the share: 6.31 + 4.21
    for pk in (s.pk for s in week):
        assert url("screening", pk) in page
    holder = week[0].rights_agreements.get().holder
    assert url("distributor_statement", holder.pk, "2026-11-18") in page
    for name in ("declaration_csv", "declaration_pdf", "declaration_json"):
        assert url(name, "2026-11-18") in page
    assert url("monthly_tax", "2026-11") in page
    assert url("declaration", "2026-11-11") in page
    assert url("declaration", "2026-11-25") in page  # the current week
    assert not declaration.provisional


def test_the_current_week_is_provisional_with_no_next_week(signed_in):
    response = signed_in.get(url("declaration", "2026-12-02"))
    assert response.status_code == 200
    assert response.context["declaration"].provisional
    assert response.context["next"] is None
    assert url("declaration", "2026-12-09") not in response.content.decode()


def test_a_week_touching_two_months_links_the_monthly_tax_that_counts_it(signed_in):
    response = signed_in.get(url("declaration", "2026-10-28"))
    page = response.content.decode()
    assert url("monthly_tax", "2026-10") not in page  # it ends on 3 November: November's
    assert url("monthly_tax", "2026-11") in page


def test_the_current_week_does_not_link_a_month_not_begun(signed_in):
    with time_machine.travel(dt.datetime(2026, 10, 29, 12, tzinfo=dt.UTC), tick=False):
        response = signed_in.get(url("declaration", "2026-10-28"))
    page = response.content.decode()
    assert url("monthly_tax", "2026-11") not in page


@pytest.mark.parametrize("name", ["declaration", "declaration_csv", "declaration_json"])
def test_another_day_of_the_week_leads_to_its_first_day(signed_in, name):
    response = signed_in.get(url(name, "2026-11-22"))
    assert response.status_code == 302
    assert response["Location"] == url(name, "2026-11-18")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "La semaine du 2026-12-09 n’a pas commencé : il n’y a rien à déclarer encore."),
        ("en", "The week of 2026-12-09 has not begun: there is nothing to declare yet."),
    ],
)
def test_a_week_to_come_is_refused_and_nothing_is_written(signed_in, language, message):
    tickets, statements = Ticket.objects.count(), DistributorStatement.objects.count()
    for name in ("declaration", "declaration_csv", "declaration_pdf", "declaration_json"):
        response = signed_in.get(url(name, "2026-12-10", language=language))
        assert response.status_code == 400
    page = response.content.decode()
    if language == "en" or message in page:
        assert message in page
    else:  # the French catalogue not compiled yet: the English words
        assert "2026-12-09" in page
    assert Ticket.objects.count() == tickets
    assert DistributorStatement.objects.count() == statements
    assert StatementSending.objects.count() == 0


@pytest.mark.parametrize("text", ["2026-13-01", "18-11-2026", "hier"])
def test_a_malformed_day_is_a_400(signed_in, text):
    response = signed_in.get(url("declaration", text))
    assert response.status_code == 400
    assert text in response.content.decode()


def test_who_may_read_the_declaration(client, venue, member, cashier, programmer, treasurer):
    address = url("declaration", "2026-11-18")
    response = client.get(address)
    assert response.status_code == 302
    assert "next=" in response["Location"]
    for person in (member, cashier, programmer):
        client.force_login(person)
        assert client.get(address).status_code == 403
        assert client.get(url("declaration_csv", "2026-11-18")).status_code == 403
        assert client.get(url("monthly_tax", "2026-11")).status_code == 403
    client.force_login(treasurer)
    assert client.get(address).status_code == 200


def test_the_page_takes_the_same_queries_however_many_screenings(
    signed_in, week, make_screening, sell, agree, small_room, django_assert_max_num_queries
):
    address = url("declaration", "2026-11-18")
    # 12, the versions declared, the ticket numbers per price, the films without a visa
    with django_assert_max_num_queries(15) as few:
        signed_in.get(address)
    for n in range(12):
        screening = make_screening(
            dt.date(2026, 11, 19 + n % 5), f"{10 + n}:00", room=small_room if n % 2 else None
        )
        sell(screening, "4", "0", str(n))
        agree(screening)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = signed_in.get(address)
    assert response.context["declaration"].figures.screenings == 14


def test_the_csv_reads_back(signed_in, week):
    # In English; the French CSV and its decimal commas: test_csv_exports.py
    response = signed_in.get(url("declaration_csv", "2026-11-18", language="en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="declaration-2026-11-18.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, *body = rows
    col = {name: i for i, name in enumerate(
        ["record", "room", "cnc", "programme", "date", "time", "end", "year", "week", "film",
         "visa", "version", "version_code", "x_rated", "holder", "terms", "tsa_rate",
         "tsa_rate_x", "price", "numbers", "count", "issued", "presold", "cancelled",
         "admissions", "paid", "free", "takings", "vat", "tsa", "base", "share"]
    )}  # fmt: skip
    assert len(header) == len(col)
    screenings = [r for r in body if r[0] == "screening"]
    assert [
        (r[col["date"]], r[col["time"]], r[col["takings"]], r[col["tsa"]]) for r in screenings
    ] == [
        ("2026-11-18", "20:00", "15.00", "1.61"),
        ("2026-11-20", "18:00", "10.00", "1.07"),
    ]
    (film,) = [r for r in body if r[0] == "film"]
    assert (film[col["film"]], film[col["visa"]], film[col["holder"]], film[col["share"]]) == (
        "Wanda",
        "36912",
        "Survivance",
        "10.52",
    )
    (total,) = [r for r in body if r[0] == "total"]
    assert (total[col["admissions"]], total[col["takings"]], total[col["tsa"]]) == (
        "4",
        "25.00",
        "2.68",
    )
    assert [r[0] for r in body].count("day") == 7
    assert {r[0] for r in body} >= {"memberships", "bar", "price"}


def test_the_json_reads_back(signed_in, week):
    response = signed_in.get(url("declaration_json", "2026-11-18"))
    data = json.loads(response.content)
    assert data["week"] == {"start": "2026-11-18", "end": "2026-11-24", "year": 2026, "number": 47}
    assert data["provisional"] is False
    (room,) = data["rooms"]
    (programme,) = room["programmes"]
    assert [s["starts_at"] for s in programme["screenings"]] == [
        "2026-11-18T20:00:00+01:00",
        "2026-11-20T18:00:00+01:00",
    ]
    first = week[0].tickets.order_by("number").first()
    n, series = first.number, first.series

    def sold(price, number):
        return {
            "price": price,
            "admissions": 1,
            "takings": price,
            "numbers": f"{series}: {number}",
            "ranges": [{"series": series, "first": number, "last": number}],
            "issued": 1,
            "presold": 0,
            "cancelled": 0,
            "unpaid": 0,
        }

    # sold 10, 0, 5 €: numbered in that order, listed by price
    data_en = json.loads(
        signed_in.get(url("declaration_json", "2026-11-18", language="en")).content
    )
    assert data_en["rooms"][0]["programmes"][0]["screenings"][0]["prices"] == [
        sold("0.00", n + 1),
        sold("5.00", n + 2),
        sold("10.00", n),
    ]
    (film,) = programme["films"]
    assert (film["visa"], film["version"], film["share"]) == ("36912", "vost", "10.52")
    assert film["deals"][0]["holder_name"] == "Survivance"
    assert data["totals"]["takings"] == "25.00"
    assert data["totals"]["tsa"] == "2.68"
    assert data["totals"]["distributor_base"] == "21.02"
    assert data["other_receipts"] == {
        "memberships": {"count": 0, "amount": "0.00"},
        "bar": {"count": 0, "amount": "0.00"},
    }


@pytest.mark.parametrize(("language", "word"), [("fr", "Semaine"), ("en", "Week")])
def test_the_pdf_reads_back_in_the_readers_language(signed_in, week, language, word):
    response = signed_in.get(url("declaration_pdf", "2026-11-18", language=language))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Wanda" in text and "36912" in text and "Survivance" in text
    euros = "25,00 €" if language == "fr" else "€25.00"
    assert euros in text.replace("\u00a0", " ")
    assert ("2,68" if language == "fr" else "2.68") in text
    if language == "en" or word in text:
        assert word in text


def test_the_monthly_tax_page(signed_in, week):
    response = signed_in.get(url("monthly_tax", "2026-11"))
    assert response.status_code == 200
    tax = response.context["tax"]
    assert (tax.receipts, tax.tsa, tax.due) == (D("25.00"), D("2.68"), D("0.00"))
    page = response.content.decode()
    assert url("declaration", "2026-11-18") in page
    assert url("monthly_tax", "2026-10") in page
    assert url("monthly_tax", "2026-12") in page
    assert response.context["next"] == "2026-12"
    assert signed_in.get(url("monthly_tax", "2026-12")).context["next"] is None


def test_the_monthly_tax_as_csv_and_pdf(signed_in, week):
    response = signed_in.get(url("monthly_tax", "2026-11", language="en"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    weeks = [r for r in rows[1:] if r[0]]
    assert [r[0] for r in weeks] == [
        "2026-10-28",
        "2026-11-04",
        "2026-11-11",
        "2026-11-18",
    ]  # the week of 25 November ends in December: December's (Code du cinéma L115-3)
    assert weeks[3][2:] == ["2", weeks[3][3], "2", "25.00", "2.68", "2.68"]
    assert rows[-1][-1] == "0.00"  # under 80 €: nothing due
    response = signed_in.get(url("monthly_tax", "2026-11"), {"format": "pdf"})
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "2,68" in text


@pytest.mark.parametrize("text", ["2026-13", "novembre", "2027-01"])
def test_a_bad_or_future_month_is_a_400(signed_in, text):
    assert signed_in.get(url("monthly_tax", text)).status_code == 400


def test_a_bad_format_is_a_400(signed_in):
    response = signed_in.get(url("monthly_tax", "2026-11"), {"format": "xls"})
    assert response.status_code == 400
