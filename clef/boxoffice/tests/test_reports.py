"""A till session's report (page and PDF) and the closings' pages: the figures add up,
who may read them, and how many queries they take."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from clef.boxoffice import closings, documents, reports, reversals, sales, sessions
from clef.boxoffice.models import Sale, Till
from clef.boxoffice.sales import MembershipLine, Order
from clef.lib import roles
from clef.lib.timezones import local_to_utc

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def closed_session(till_session, tonight, drink, beer, cashier):
    """Two tickets (0 and 6 €) and a membership, a beer by card, three lemonades of which
    the last sale is undone; closed with 10 × 20 € and 1 × 0.50 € counted."""
    sell = sales.sell
    sell(
        till_session,
        Order(
            screening=tonight,
            prices=["0", "6"],
            membership=MembershipLine(amount="10", first_name="Nina", last_name="Vidal"),
        ),
        method="cash",
        tendered="20",
        by=cashier,
    )
    sell(till_session, Order(products={beer: 1}), method="card", by=cashier)
    order = Order(screening=tonight, prices=["7.50"], products={drink: 2})
    sell(till_session, order, method="cash", by=cashier)
    mistake, _ = sell(till_session, Order(products={drink: 1}), method="cash", by=cashier)
    reversals.undo(mistake, by=cashier)
    return sessions.close_session(
        till_session, counts={"20.00": "10", "0.50": "1"}, by=cashier, comment="Pièce suspecte"
    )


def test_the_report_adds_up(closed_session, tonight):
    report = reports.session_report(reports.session_for_report(closed_session.pk))
    session_total = sum(Sale.objects.filter(session=closed_session).values_list("total", flat=True))
    assert report.total == session_total == D("32.50")
    assert report.methods_total == report.total
    assert report.tickets.amount + report.memberships.amount + report.bar.amount == report.total
    (block,) = report.screenings
    assert block.screening == tonight
    assert [(r.price, r.count, r.amount) for r in block.rows] == [
        (D("0.00"), 1, D("0.00")),
        (D("6.00"), 1, D("6.00")),
        (D("7.50"), 1, D("7.50")),
    ]
    assert (report.memberships.count, report.memberships.amount) == (1, D("10.00"))
    assert [(p.label, p.quantity, p.amount) for p in report.products] == [
        ("Bière", 1, D("4.00")),
        ("Limonade", 2, D("5.00")),
    ]
    assert [(m.method, m.count, m.amount) for m in report.methods] == [
        ("cash", 3, D("28.50")),
        ("card", 1, D("4.00")),
    ]
    assert report.sales_count == 4
    assert [r.total for r in report.reversals] == [D("-2.50")]
    assert report.expected == D("128.50")  # float 100 + cash 28.50
    assert [(c.denomination, c.pieces, c.amount) for c in report.cash] == [
        (D("20"), 10, D("200")),
        (D("0.50"), 1, D("0.50")),
    ]
    assert report.counted == D("200.50")
    assert report.difference == D("72.00")


def test_the_report_of_an_open_session_expects_its_cash(till_session, tonight, cashier):
    sales.sell(till_session, Order(screening=tonight, prices=["8"]), method="cash", by=cashier)
    report = reports.session_report(reports.session_for_report(till_session.pk))
    assert report.expected == D("108.00")
    assert report.counted is None and report.closed_at is None


def test_the_pdf_says_the_figures(closed_session):
    report = reports.session_report(reports.session_for_report(closed_session.pk))
    content = documents.session_report_pdf(report, language="fr")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Caisse du hall" in text
    for amount in ("32,50", "28,50", "10,00", "200,50", "72,00", "128,50", "-2,50"):
        assert amount in text
    assert "Pièce suspecte" in text
    assert "Limonade" in text and "Bière" in text
    english = documents.session_report_pdf(report, language="en")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(english)).pages)
    assert "Till session report" in text and "€32.50" in text


def test_a_long_report_goes_on_to_a_second_page(till_session, drink, cashier, venue):
    from clef.boxoffice.models import Product

    for n in range(60):
        product = Product.objects.create(
            venue=venue, name=f"Gâteau {n:02d}", price=D("1.00"), vat_rate=D("5.50")
        )
        sales.sell(till_session, Order(products={product: 1}), method="cash", by=cashier)
    report = reports.session_report(reports.session_for_report(till_session.pk))
    reader = PdfReader(io.BytesIO(documents.session_report_pdf(report, language="fr")))
    first, second, *_rest = (page.extract_text() for page in reader.pages)
    assert "Gâteau 00" in first and "Gâteau 59" not in first
    assert "Gâteau 59" in second and "Gâteau 00" not in second
    # The title goes on at the top of the next page.
    assert second.startswith("Rapport de session de caisse")
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "60,00" in text


# --- the pages --------------------------------------------------------------------------
def test_the_report_page_and_pdf_for_its_cashier(client, closed_session, cashier):
    client.force_login(cashier)
    response = client.get(reverse("boxoffice:session_report", args=[closed_session.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "32,50\u00a0€" in page and "72,00\u00a0€" in page and "Pièce suspecte" in page
    response = client.get(reverse("boxoffice:session_report_pdf", args=[closed_session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("outsider", 403), ("member", 403), ("other_cashier", 403),
     ("programmer", 403), ("treasurer", 200), ("cashier", 200)],
)  # fmt: skip
def test_who_may_read_a_sessions_report(client, request, closed_session, who, status):
    if who == "other_cashier":
        user = get_user_model().objects.create_user(username="cyril")
        user.groups.add(roles.ensure_roles()[roles.CASHIER])
        client.force_login(user)
    elif who:
        client.force_login(request.getfixturevalue(who))
    for name in ("session_report", "session_report_pdf"):
        response = client.get(reverse(f"boxoffice:{name}", args=[closed_session.pk]))
        assert response.status_code == status
        if status == 302:
            assert "/compte/" in response["Location"]


def test_the_report_page_takes_the_same_queries_whatever_the_sales(
    client, till_session, tonight, drink, cashier, make_screening, django_assert_max_num_queries
):
    client.force_login(cashier)
    url = reverse("boxoffice:session_report", args=[till_session.pk])
    sales.sell(till_session, Order(screening=tonight, prices=["5"]), method="cash", by=cashier)
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    other = make_screening(tonight.local_start.date(), "23:30", room=tonight.room)
    for n in range(15):
        sales.sell(
            till_session,
            Order(screening=other if n % 2 else tonight, prices=[str(n)], products={drink: 1}),
            method="card" if n % 3 else "cash",
            by=cashier,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["report"].sales_count == 16


# --- closings ---------------------------------------------------------------------------
@pytest.fixture
def closed_days(venue, cashier, make_screening):
    """Sales on 40 days of 2025, each closed, with their months."""
    till = Till.objects.create(venue=venue, name="Bar")
    start = dt.date(2025, 1, 6)
    for n in range(40):
        day = start + dt.timedelta(days=n)
        with time_machine.travel(local_to_utc(day, dt.time(19, 0), "Europe/Paris"), tick=False):
            screening = make_screening(day, "20:00")
            session = sessions.open_session(till, cashier=cashier, opening_float="0")
            order = Order(screening=screening, prices=[str(n % 9)])
            sales.sell(session, order, method="cash", by=cashier)
            sessions.close_session(session, counts={}, by=cashier)
    with time_machine.travel(local_to_utc(dt.date(2025, 3, 2), dt.time(4), "Europe/Paris")):
        return closings.close_due(venue)


def test_the_closings_page_lists_the_latest_first(client, treasurer, closed_days):
    client.force_login(treasurer)
    response = client.get(reverse("boxoffice:closings"))
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 42  # 40 days, January and February
    shown = list(page)
    assert [c.period_start for c in shown[:3]] == [
        dt.date(2025, 2, 14),
        dt.date(2025, 2, 13),
        dt.date(2025, 2, 12),
    ]
    assert sum(1 for c in shown if c.kind == "month") == 1  # February; January on page 2
    days = client.get(reverse("boxoffice:closings"), {"kind": "month"}).context["page"]
    assert [c.period_start for c in days] == [dt.date(2025, 2, 1), dt.date(2025, 1, 1)]
    assert client.get(reverse("boxoffice:closings"), {"kind": "week"}).status_code == 400


def test_the_closings_pages_take_few_queries(
    client, treasurer, closed_days, django_assert_max_num_queries
):
    client.force_login(treasurer)
    with django_assert_max_num_queries(8):
        client.get(reverse("boxoffice:closings"))
    with django_assert_max_num_queries(8):
        client.get(reverse("boxoffice:closings"), {"page": "2"})
    month = next(c for c in closed_days if c.kind == "month")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("boxoffice:closing", args=[month.pk]))
    assert len(response.context["parts"]) == 26  # 6 to 31 January
    assert response.context["shown"].sales == 26


def test_a_closings_page_shows_its_totals(client, treasurer, closed_days):
    client.force_login(treasurer)
    day = closed_days[0]
    response = client.get(reverse("boxoffice:closing", args=[day.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert day.entry.hash in page
    assert "Espèces" in page or "Cash" in page


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("cashier", 403), ("member", 403), ("programmer", 403), ("treasurer", 200)],
)
def test_only_treasurers_read_the_closings(client, request, closed_days, who, status):
    if who:
        client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("boxoffice:closings"),
        reverse("boxoffice:closing", args=[closed_days[0].pk]),
        reverse("boxoffice:closing_pdf", args=[closed_days[0].pk]),
    ):
        assert client.get(url).status_code == status
