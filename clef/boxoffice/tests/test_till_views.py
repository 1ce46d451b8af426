"""The till's pages through the test client: who may use them, opening, selling through
the till's endpoint, bad input in both languages, undo, check-in, the member search,
closing, and the number of queries of the pages the cashier reloads all evening."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.html import escape

from clef.boxoffice import sales, sessions
from clef.boxoffice.models import Product, Sale, SaleLine, TillSession
from clef.boxoffice.sales import Order
from clef.boxoffice.tests.till_pages import said, sale_form, url
from clef.members.models import Membership
from clef.payments.services import mark_paid
from clef.tickets.booking import book
from clef.tickets.models import Ticket

pytestmark = pytest.mark.django_db


# --- who may come ---------------------------------------------------------------------
def test_visitors_are_sent_to_sign_in(client, till):
    for address in (url("tills"), url("till", till.pk)):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/") or "login" in response["Location"]
        assert "next=" in response["Location"]


def test_members_and_treasurers_cannot_use_the_till(client, till, member, treasurer):
    for user in (member, treasurer):
        client.force_login(user)
        assert client.get(url("tills")).status_code == 403
        assert client.get(url("till", till.pk)).status_code == 403
        assert client.post(url("sell", till.pk), {}).status_code == 403


def test_a_cashier_sees_the_tills_and_whether_each_is_open(as_cashier, till_session, till):
    response = as_cashier.get(url("tills"))
    assert response.status_code == 200
    assert till.name in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


# --- opening --------------------------------------------------------------------------
def test_a_closed_till_shows_the_form_to_open_it(as_cashier, till):
    response = as_cashier.get(url("till", till.pk))
    assert response.status_code == 200
    assert 'name="float"' in response.content.decode()
    assert 'name="prices"' not in response.content.decode()


@pytest.mark.parametrize("typed", ["beaucoup", "-5", "12.555", "20000"])
def test_it_refuses_a_bad_float_and_opens_nothing(as_cashier, till, typed, written):
    before = written()
    response = as_cashier.post(url("open", till.pk), {"float": typed})
    assert response.status_code == 422
    assert (
        said(
            "Type the float in euros, from 0 to %(max)s, like 150 or 87.50.",
            "fr",
            max=sessions.MAX_FLOAT,
        )
        in response.content.decode()
    )
    assert written() == before


def test_a_cashier_opens_the_till_with_the_float_counted(as_cashier, till, cashier):
    response = as_cashier.post(url("open", till.pk), {"float": "87,50"})
    assert response.status_code == 303
    assert response["Location"] == url("till", till.pk)
    session = TillSession.objects.get()
    assert session.opening_float == Decimal("87.50")
    assert session.cashier == cashier and session.is_open


# --- selling --------------------------------------------------------------------------
def test_a_membership_two_tickets_and_a_drink_paid_cash(
    as_cashier, till, till_session, tonight, drink
):
    form = sale_form(
        till_session,
        tonight,
        prices="0 6",
        membership="10",
        first_name="Nina",
        last_name="Vidal",
        email="nina@example.org",
        tendered="20",
        **{f"product-{drink.pk}": "1"},
    )
    response = as_cashier.post(url("sell", till.pk), form)
    assert response.status_code == 303
    sale = Sale.objects.get()
    assert (
        response["Location"] == f"{url('till', till.pk)}?vente={sale.code}&screening={tonight.pk}"
    )
    assert sale.total == Decimal("18.50") and sale.change == Decimal("1.50")
    assert [line.kind for line in sale.lines.all()] == ["membership", "ticket", "ticket", "product"]
    assert sale.person.get_full_name() == "Nina Vidal"
    tickets = list(Ticket.objects.order_by("number"))
    assert [t.price for t in tickets] == [Decimal("0.00"), Decimal("6.00")]

    page = as_cashier.get(response["Location"]).content.decode()
    assert "1,50\u00a0€" in page  # the change
    assert "18,50\u00a0€" in page  # the total
    for ticket in tickets:
        assert str(ticket) in page
    assert url("undo", sale.code) in page
    assert url("sale_pdf", sale.code) in page


def test_a_price_with_a_comma_and_a_member_picked(
    as_cashier, till, till_session, tonight, paid_member
):
    form = sale_form(till_session, tonight, prices="7,50", person=paid_member.pk, method="card")
    assert as_cashier.post(url("sell", till.pk), form).status_code == 303
    sale = Sale.objects.get()
    assert sale.total == Decimal("7.50") and sale.method == "card" and sale.change is None
    assert sale.person == paid_member


def test_the_same_key_posted_twice_sells_once(as_cashier, till, till_session, tonight):
    form = sale_form(till_session, tonight, prices="5", key="one-sale", tendered="10")
    first = as_cashier.post(url("sell", till.pk), form)
    again = as_cashier.post(url("sell", till.pk), form)
    assert first.status_code == again.status_code == 303
    assert first["Location"] == again["Location"]
    assert Sale.objects.count() == 1 and Ticket.objects.count() == 1


def test_the_screen_offers_a_fresh_key_and_the_next_screening(
    as_cashier, till, till_session, tonight, make_screening, venue
):
    later = timezone.localtime(timezone.now() + dt.timedelta(hours=3), venue.zone)
    make_screening(later.date(), later.strftime("%H:%M"))
    page = as_cashier.get(url("till", till.pk)).content.decode()
    keys = re.findall(r'name="key" value="([0-9a-f]{32})"', page)
    assert len(keys) == 1
    assert re.search(rf'value="{tonight.pk}" id="till-screening-{tonight.pk}" checked', page)
    again = as_cashier.get(url("till", till.pk)).content.decode()
    assert re.findall(r'name="key" value="([0-9a-f]{32})"', again) != keys


@pytest.fixture
def no_vat(venue):
    return Product.objects.create(venue=venue, name="Tarte", price=Decimal("3.00"), vat_rate=None)


BAD_SALES = {
    "no lines": ({}, "The sale is empty: add a ticket, a membership or an item.", {}),
    "a negative price": ({"prices": "5 -6"}, "A price cannot be below 0.", {}),
    "three decimals": ({"prices": "6.555"}, "A price has at most two decimals (cents).", {}),
    "an absurd price": (
        {"prices": "100000"},
        "%(price)s is above the highest price, %(ceiling)s: is it a typo?",
        {"price": Decimal("100000"), "ceiling": "ceiling"},
    ),
    "a word for a price": (
        {"prices": "six"},
        "“%(price)s” is not a price: type euros, like 5 or 7.50.",
        {"price": "six"},
    ),
    "too little cash": (
        {"prices": "8", "tendered": "5"},
        "%(given)s given is less than the total, %(total)s.",
        {"given": Decimal("5"), "total": Decimal("8")},
    ),
    "a membership without a person": (
        {"membership": "10"},
        "A membership needs a person: find a member or type a name.",
        {},
    ),
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("case", list(BAD_SALES))
def test_it_refuses_bad_input_in_both_languages_and_writes_nothing(
    client, cashier, till, till_session, tonight, venue, lang, case, written
):
    client.force_login(cashier)
    fields, message, values = BAD_SALES[case]
    if values.get("ceiling") == "ceiling":
        values = {**values, "ceiling": venue.price_ceiling}
    before = written()
    response = client.post(
        url("sell", till.pk, lang=lang), sale_form(till_session, tonight, **fields)
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert said(message, lang, **values) in page
    assert 'role="alert"' in page
    assert written() == before
    # What was typed is still there.
    if fields.get("prices"):
        assert f'value="{escape(fields["prices"])}"' in page


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_it_refuses_a_product_without_a_vat_rate(
    client, cashier, till, till_session, no_vat, lang, written
):
    client.force_login(cashier)
    before = written()
    response = client.post(
        url("sell", till.pk, lang=lang),
        sale_form(till_session, None, **{f"product-{no_vat.pk}": "1"}),
    )
    assert response.status_code == 422
    assert (
        said(
            "“%(name)s” has no VAT rate: set one in the catalogue before selling it.",
            lang,
            name="Tarte",
        )
        in response.content.decode()
    )
    assert written() == before


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_it_refuses_to_sell_on_a_closed_session(
    client, cashier, till, till_session, tonight, lang, written
):
    sessions.close_session(till_session, counts={"100.00": "1"}, by=cashier)
    client.force_login(cashier)
    before = written()
    response = client.post(
        url("sell", till.pk, lang=lang), sale_form(till_session, tonight, prices="5")
    )
    assert response.status_code == 422
    assert said("This till session is closed: open a new one.", lang) in response.content.decode()
    assert written() == before


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_it_refuses_a_screening_over_for_more_than_an_hour(
    client, cashier, till, till_session, make_screening, venue, lang, written
):
    start = timezone.localtime(timezone.now() - dt.timedelta(hours=4), venue.zone)
    over = make_screening(start.date(), start.strftime("%H:%M"), duration=120)
    client.force_login(cashier)
    before = written()
    response = client.post(
        url("sell", till.pk, lang=lang), sale_form(till_session, over, prices="5")
    )
    assert response.status_code == 422
    assert (
        said("This screening ended more than an hour ago: no more tickets.", lang)
        in response.content.decode()
    )
    assert written() == before


# --- undo -----------------------------------------------------------------------------
def test_the_last_sale_is_undone_by_a_reversal(as_cashier, till, till_session, tonight, written):
    as_cashier.post(
        url("sell", till.pk), sale_form(till_session, tonight, prices="6", tendered="10")
    )
    sale = Sale.objects.get()
    response = as_cashier.post(url("undo", sale.code))
    assert response.status_code == 303
    assert response["Location"] == url("till", till.pk)
    reversal = Sale.objects.get(reverses=sale)
    assert reversal.total == Decimal("-6.00")
    assert Ticket.objects.get().status == Ticket.Status.CANCELLED
    page = as_cashier.get(response["Location"]).content.decode()
    assert said("Sale undone: give back %(amount)s.", "fr", amount=Decimal("6")) in page
    # Twice: refused, nothing more written.
    before = written()
    again = as_cashier.post(url("undo", sale.code))
    assert again.status_code == 422
    assert (
        said("This is already a reversal.", "fr") in again.content.decode()
        or said("This sale was already undone.", "fr") in again.content.decode()
    )
    assert written() == before


def test_undo_is_offered_only_for_the_last_sale_within_two_minutes(
    as_cashier, till, till_session, tonight, cashier
):
    first, _ = sales.sell(
        till_session, Order(screening=tonight, prices=["5"]), method="card", by=cashier
    )
    second, _ = sales.sell(
        till_session, Order(screening=tonight, prices=["5"]), method="card", by=cashier
    )
    assert url("undo", first.code) not in as_cashier.get(url("sale", first.code)).content.decode()
    assert url("undo", second.code) in as_cashier.get(url("sale", second.code)).content.decode()


# --- the sale's page and PDF ----------------------------------------------------------
def test_the_sale_page_shows_each_ticket_and_the_pdf_has_a_page_each(
    as_cashier, till, till_session, tonight, cashier
):
    import io

    from pypdf import PdfReader

    sale, _ = sales.sell(
        till_session,
        Order(screening=tonight, prices=["0", "6"]),
        method="cash",
        tendered="10",
        by=cashier,
    )
    page = as_cashier.get(url("sale", sale.code)).content.decode()
    tickets = list(Ticket.objects.order_by("number"))
    for ticket in tickets:
        assert str(ticket) in page
    assert page.count("<svg width=") == 2
    assert "4,00\u00a0€" in page  # the change
    pdf = as_cashier.get(url("sale_pdf", sale.code))
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) == 2
    assert str(tickets[1]) in reader.pages[1].extract_text()


# --- check-in -------------------------------------------------------------------------
@pytest.fixture
def bookings(tonight, paid_member, make_member):
    paid, _ = book(tonight, user=paid_member, prices=["7.50"], method="test")
    mark_paid(paid.payment)
    held, _ = book(tonight, user=make_member("hugo"), prices=["5"], method="door")
    return paid.tickets.get(), held.tickets.get()


def test_a_booked_ticket_is_checked_in_from_the_till_by_its_code(
    as_cashier, till, till_session, tonight, bookings
):
    paid, _held = bookings
    response = as_cashier.post(
        url("checkin", till.pk),
        {"screening": tonight.pk, "raw": paid.code},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "door-panel-ok" in response.content.decode()
    assert Ticket.objects.get(pk=paid.pk).status == Ticket.Status.CHECKED_IN


def test_a_typed_number_at_the_till_shows_the_holder_then_lets_in(
    as_cashier, till, till_session, tonight, bookings
):
    paid, _held = bookings
    asked = as_cashier.post(
        url("checkin", till.pk),
        {"screening": tonight.pk, "raw": str(paid.number)},
        HTTP_HX_REQUEST="true",
    )
    page = asked.content.decode()
    assert "door-panel-ask" in page
    assert '<p class="door-holder"><strong>Mila</strong></p>' in page
    assert said("Paid online: %(price)s.", "fr", price=Decimal("7.50")) in page
    assert Ticket.objects.get(pk=paid.pk).status == Ticket.Status.PAID
    form = re.search(r"<form .*?</form>", page, re.S)[0]
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    assert (fields["raw"], fields["screening"]) == (paid.code, str(tonight.pk))
    response = as_cashier.post(url("checkin", till.pk), fields, HTTP_HX_REQUEST="true")
    assert "door-panel-ok" in response.content.decode()
    assert Ticket.objects.get(pk=paid.pk).status == Ticket.Status.CHECKED_IN


def test_a_ticket_to_pay_at_the_door_is_paid_then_let_in(
    as_cashier, till, till_session, tonight, bookings
):
    _paid, held = bookings
    response = as_cashier.post(
        url("checkin", till.pk), {"screening": tonight.pk, "raw": held.code}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "door-panel-pay" in page
    assert said("Take %(amount)s in cash, let in", "fr", amount=Decimal("5")) in page
    assert Ticket.objects.get(pk=held.pk).status == Ticket.Status.BOOKED
    assert Sale.objects.count() == 0
    key = re.search(r'name="key" value="([0-9a-f]{32})"', page)[1]
    form = {"screening": tonight.pk, "raw": held.code, "collect": "cash", "key": key}
    paid = as_cashier.post(url("checkin", till.pk), form, HTTP_HX_REQUEST="true")
    assert "door-panel-ok" in paid.content.decode()
    sale = Sale.objects.get()
    assert sale.total == Decimal("5.00") and sale.method == "cash"
    assert sale.lines.get().kind == SaleLine.Kind.PRESALE
    assert Ticket.objects.get(pk=held.pk).status == Ticket.Status.CHECKED_IN
    # The same press again (a retry): no second sale.
    as_cashier.post(url("checkin", till.pk), form, HTTP_HX_REQUEST="true")
    assert Sale.objects.count() == 1


def test_check_in_works_without_javascript(as_cashier, till, till_session, tonight, bookings):
    paid, _held = bookings
    response = as_cashier.post(url("checkin", till.pk), {"screening": tonight.pk, "raw": paid.code})
    assert response.status_code == 200
    page = response.content.decode()
    assert "door-panel-ok" in page and 'name="prices"' in page


# --- finding a member -----------------------------------------------------------------
@pytest.fixture
def mila(paid_member):
    paid_member.first_name, paid_member.last_name = "Mila", "Kovač"
    paid_member.save()
    return paid_member


@pytest.mark.parametrize("how", ["name", "surname", "season-number", "number", "card", "email"])
def test_a_member_is_found_by_name_number_or_card(
    as_cashier, till, till_session, mila, make_member, how
):
    make_member("zoe")
    membership = Membership.objects.get(person=mila)
    query = {
        "name": "mila",
        "surname": "kovač",
        "season-number": str(membership),
        "number": str(membership.number),
        "card": membership.code,
        "email": "mila@example",
    }[how]
    response = as_cashier.get(url("members", till.pk), {"q": query})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{mila.pk}"' in page
    assert "Zoe" not in page
    assert str(membership) in page


def test_the_search_works_without_javascript_and_keeps_the_person_picked(
    as_cashier, till, till_session, mila
):
    page = as_cashier.get(url("till", till.pk), {"q": "Kovač"}).content.decode()
    assert f'id="till-person-{mila.pk}"' in page
    # Picked, then the sale refused: the person stays picked.
    response = as_cashier.post(
        url("sell", till.pk), sale_form(till_session, None, person=mila.pk, membership="1")
    )
    assert response.status_code == 422
    assert re.search(
        rf'value="{mila.pk}" id="till-person-{mila.pk}" checked', response.content.decode()
    )


# --- closing --------------------------------------------------------------------------
def test_closing_with_fifty_cents_missing(as_cashier, till, till_session, tonight, cashier):
    sales.sell(
        till_session,
        Order(screening=tonight, prices=["6"]),
        method="cash",
        tendered="10",
        by=cashier,
    )
    page = as_cashier.get(url("close", till.pk)).content.decode()
    # A blind count: the cash expected (the float and the sale) shows only on the report.
    assert "106,00\u00a0€" not in page
    assert page.count('data-denomination="') == len(sessions.DENOMINATIONS)
    response = as_cashier.post(
        url("close", till.pk), {"100.00": "1", "5.00": "1", "0.50": "1", "comment": "Une pièce"}
    )
    assert response.status_code == 303
    session = TillSession.objects.get()
    assert response["Location"] == url("session_report", session.pk)
    assert session.expected == Decimal("106.00")
    assert session.counted == Decimal("105.50")
    assert session.difference == Decimal("-0.50")
    assert session.comment == "Une pièce" and not session.is_open


def test_a_bad_count_closes_nothing(as_cashier, till, till_session, written):
    before = written()
    response = as_cashier.post(url("close", till.pk), {"20.00": "trois"})
    assert response.status_code == 422
    assert (
        said(
            "Count of %(denomination)s: type a whole number of pieces, like 0 or 12.",
            "fr",
            denomination=Decimal("20"),
        )
        in response.content.decode()
    )
    assert TillSession.objects.get().is_open
    assert written() == before


# --- speed ----------------------------------------------------------------------------
@pytest.fixture
def busy_evening(till_session, tonight, make_screening, venue, cashier, drink, beer):
    """Three screenings around now, hundreds of tickets sold at the door."""
    later = timezone.localtime(timezone.now() + dt.timedelta(hours=2), venue.zone)
    other = make_screening(later.date(), later.strftime("%H:%M"))
    for screening in (tonight, other):
        for _ in range(6):
            sales.sell(
                till_session,
                Order(screening=screening, prices=["5"] * 15, products={drink: 1}),
                method="card",
                by=cashier,
            )
    assert Ticket.objects.count() == 180
    return till_session


def test_the_till_screen_and_its_fragments_take_a_few_queries(
    as_cashier, till, busy_evening, django_assert_max_num_queries
):
    sale = Sale.objects.order_by("-pk").first()
    with django_assert_max_num_queries(18):
        response = as_cashier.get(url("till", till.pk), {"vente": sale.code})
    assert response.status_code == 200
    with django_assert_max_num_queries(8):
        assert as_cashier.get(url("screenings", till.pk)).status_code == 200
    with django_assert_max_num_queries(8):
        assert as_cashier.get(url("members", till.pk), {"q": "mila"}).status_code == 200


def test_the_screenings_fragment_counts_the_seats(as_cashier, till, busy_evening, tonight):
    page = as_cashier.get(url("screenings", till.pk), {"screening": tonight.pk}).content.decode()
    with translation.override("fr"):
        left = translation.ngettext("%(left)s seat left", "%(left)s seats left", 30) % {"left": 30}
    assert left in page  # 120 seats, 90 sold here
    assert said("%(door)s sold here", "fr", door=90) in page
    assert said("%(waiting)s booked, not in yet", "fr", waiting=0) in page
    assert re.search(rf'value="{tonight.pk}" id="till-screening-{tonight.pk}" checked', page)
