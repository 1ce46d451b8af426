"""The door: the day's screenings, and checking tickets in by number, code or QR code,
green, red or amber at a glance, with or without JavaScript."""

import datetime as dt
import html as htmllib
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from clef.payments.models import Payment
from clef.payments.services import mark_paid
from clef.programme.models import Screening
from clef.tickets.booking import book, cancel_ticket
from clef.tickets.checkin import check_in
from clef.tickets.models import Booking, Ticket

# Saturday 21 November 2026, noon in Paris.
NOW = dt.datetime(2026, 11, 21, 11, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def en(name, *args):
    """An address on the English site, whose messages are the msgids themselves."""
    with translation.override("en"):
        return reverse(name, args=args)


def fr(name, *args):
    with translation.override("fr"):
        return reverse(name, args=args)


def html(response):
    return response.content.decode()


def panel(response):
    """The tone of the result panel shown, and its text without tags or extra spaces."""
    found = re.search(r'<div class="door-panel door-panel-(\w+)">(.*?)</div>', html(response), re.S)
    if found is None:
        return None, ""
    text = re.sub(r"<[^>]+>", " ", found[2])
    return found[1], " ".join(htmllib.unescape(text).split())


def counters(response):
    block = re.search(r'<dl id="door-counters".*?</dl>', html(response), re.S)[0]
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(\d+)</dd>", block))


@pytest.fixture
def paid_ticket(on_sale, paid_member):
    """A ticket paid online, 7.50 €."""
    booking, _ = book(on_sale, user=paid_member, prices=["7.50"], method="test")
    mark_paid(booking.payment)
    ticket = booking.tickets.get()
    assert ticket.status == Ticket.Status.PAID
    return ticket


@pytest.fixture
def held_ticket(on_sale, make_member):
    """A ticket booked to pay at the door, 5 €."""
    booking, _ = book(on_sale, user=make_member("hugo"), prices=["5"], method="door")
    assert booking.status == Booking.Status.HELD
    return booking.tickets.get()


@pytest.fixture
def at_the_door(client, cashier):
    client.force_login(cashier)
    return client


def post(client, screening, raw, **data):
    return client.post(en("tickets:door_check_in", screening.pk), {"raw": raw, **data})


# --- the list of screenings ---------------------------------------------------------------
def test_the_door_lists_the_venues_day_then_the_next_days(client, cashier, make_screening, venue):
    # 00:30 in Paris on Sunday 22 November, still Saturday in UTC: the door's day is Sunday.
    late = dt.datetime(2026, 11, 21, 23, 30, tzinfo=dt.UTC)
    sunday = dt.date(2026, 11, 22)
    make_screening(sunday - dt.timedelta(days=1), "20:00", title="Saturday night")
    make_screening(sunday, "20:45", title="Sunday evening")
    make_screening(sunday, "14:00", title="Sunday afternoon")
    make_screening(sunday + dt.timedelta(days=1), "18:00", title="Monday")
    make_screening(sunday + dt.timedelta(days=7), "18:00", title="A week on")
    make_screening(sunday + dt.timedelta(days=8), "18:00", title="Too far")
    make_screening(sunday, "16:00", title="Draft", status=Screening.Status.DRAFT)
    client.force_login(cashier)
    with time_machine.travel(late, tick=False):
        response = client.get(en("tickets:door"))
    assert response.status_code == 200
    page = html(response)
    today, _, next_days = page.partition('id="door-next"')
    titles = re.compile(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>')
    assert titles.findall(today) == ["Sunday afternoon", "Sunday evening"]
    assert titles.findall(next_days) == ["Monday", "A week on"]
    afternoon = Screening.objects.get(title="Sunday afternoon")
    assert en("tickets:door_check_in", afternoon.pk) in today
    assert en("tickets:screening_overview", afternoon.pk) in today


def test_the_door_shows_each_screenings_figures(
    at_the_door, on_sale, paid_ticket, held_ticket, cashier
):
    check_in(on_sale, paid_ticket.code, by=cashier)
    response = at_the_door.get(en("tickets:door"))
    assert "1 in · 2 booked or sold · 120 seats" in html(response)


# --- checking in: green ----------------------------------------------------------------
def test_it_lets_a_paid_ticket_in_by_its_typed_number(at_the_door, on_sale, paid_ticket):
    response = post(at_the_door, on_sale, str(paid_ticket))
    assert response.status_code == 200
    assert panel(response) == ("ok", f"✓ OK Welcome: ticket {paid_ticket}.")
    paid_ticket.refresh_from_db()
    assert paid_ticket.status == Ticket.Status.CHECKED_IN
    assert paid_ticket.checked_in_at == NOW


@pytest.mark.parametrize("typed", ["{number}", "{number:06d}", " {series}-{number:06d} "])
def test_it_lets_a_ticket_in_by_its_number_typed_short(at_the_door, on_sale, paid_ticket, typed):
    raw = typed.format(number=paid_ticket.number, series=paid_ticket.series)
    assert panel(post(at_the_door, on_sale, raw))[0] == "ok"


def test_it_lets_a_paid_ticket_in_by_its_code(at_the_door, on_sale, paid_ticket):
    response = post(at_the_door, on_sale, paid_ticket.code)
    assert panel(response) == ("ok", f"✓ OK Welcome: ticket {paid_ticket}.")


def test_the_page_comes_back_with_an_empty_focused_field(at_the_door, on_sale, paid_ticket):
    page = html(post(at_the_door, on_sale, str(paid_ticket)))
    field = re.search(r'<input id="door-raw"[^>]*>', page, re.S)[0]
    assert 'value=""' in field
    assert "autofocus" in field
    assert '<div id="door-result" class="door-result" role="status" aria-live="polite"' in page


# --- checking in: red ------------------------------------------------------------------
def test_it_refuses_a_second_entry_and_says_when_the_first_was(at_the_door, on_sale, paid_ticket):
    post(at_the_door, on_sale, str(paid_ticket))
    later = NOW + dt.timedelta(minutes=25)
    with time_machine.travel(later, tick=False):
        response = post(at_the_door, on_sale, paid_ticket.code)
    # 11:00 UTC is 12:00 in Paris.
    assert panel(response) == ("no", f"✗ NO Already in, at 12:00. Ticket {paid_ticket}")
    paid_ticket.refresh_from_db()
    assert paid_ticket.checked_in_at == NOW


def test_it_refuses_a_ticket_for_another_screening(
    at_the_door, on_sale, paid_ticket, make_screening, venue
):
    other = make_screening(venue.local_date() + dt.timedelta(days=6), "18:30", title="Another")
    response = post(at_the_door, other, str(paid_ticket))
    when = on_sale.local_start.strftime("%d/%m %H:%M")
    title = on_sale.display_title
    assert panel(response) == (
        "no",
        f"✗ NO This ticket is for another screening: {title}, {when}. Ticket {paid_ticket}",
    )
    paid_ticket.refresh_from_db()
    assert paid_ticket.status == Ticket.Status.PAID


def test_it_refuses_a_cancelled_ticket(at_the_door, on_sale, paid_ticket):
    cancel_ticket(paid_ticket)
    response = post(at_the_door, on_sale, str(paid_ticket))
    assert panel(response) == ("no", f"✗ NO This ticket was cancelled. Ticket {paid_ticket}")


@pytest.mark.parametrize("raw", ["2026-999999", "nothing-like-this"])
def test_it_refuses_an_unknown_ticket(at_the_door, on_sale, paid_ticket, raw):
    response = post(at_the_door, on_sale, raw)
    assert panel(response) == ("no", "✗ NO No ticket has this number or code.")


def test_it_asks_for_a_number_when_nothing_is_typed(at_the_door, on_sale):
    response = post(at_the_door, on_sale, "   ")
    assert panel(response) == ("no", "✗ NO Type a ticket's number, or scan its QR code.")


# --- checking in: amber, then green once paid ------------------------------------------
def test_a_ticket_to_pay_shows_the_amount_then_enters_once_paid(at_the_door, on_sale, held_ticket):
    asked = post(at_the_door, on_sale, str(held_ticket))
    assert panel(asked) == (
        "pay",
        f"€ PAY To pay at the door before going in: €5.00 Ticket {held_ticket} Paid €5.00, let in",
    )
    collect = re.search(r'<form class="door-collect".*?</form>', html(asked), re.S)[0]
    assert f'name="raw" value="{held_ticket.code}"' in collect
    assert 'name="collect" value="1"' in collect
    assert Payment.objects.count() == 0
    held_ticket.refresh_from_db()
    assert held_ticket.status == Ticket.Status.BOOKED

    paid = post(at_the_door, on_sale, held_ticket.code, collect="1")
    assert panel(paid) == ("ok", f"✓ OK Welcome: ticket {held_ticket}.")
    payment = Payment.objects.get()
    assert (payment.method, payment.purpose, payment.amount, payment.status) == (
        "door",
        "booking",
        Decimal("5.00"),
        Payment.Status.PAID,
    )
    held_ticket.refresh_from_db()
    assert held_ticket.status == Ticket.Status.CHECKED_IN
    assert held_ticket.booking.status == Booking.Status.CONFIRMED


def test_the_amount_to_pay_is_written_the_french_way_on_the_french_site(
    at_the_door, on_sale, make_member
):
    booking, _ = book(on_sale, user=make_member("ines"), prices=["7.50"], method="door")
    response = at_the_door.post(
        fr("tickets:door_check_in", on_sale.pk), {"raw": booking.tickets.get().code}
    )
    assert panel(response)[0] == "pay"
    assert '<strong class="door-amount">7,50\u00a0€</strong>' in html(response)


# --- with htmx -------------------------------------------------------------------------------
def test_with_htmx_only_the_result_and_the_counters_come_back(at_the_door, on_sale, paid_ticket):
    response = at_the_door.post(
        en("tickets:door_check_in", on_sale.pk),
        {"raw": str(paid_ticket)},
        headers={"HX-Request": "true"},
    )
    page = html(response)
    assert "<html" not in page
    assert panel(response) == ("ok", f"✓ OK Welcome: ticket {paid_ticket}.")
    assert '<dl id="door-counters" class="door-counters" hx-swap-oob="true">' in page
    assert counters(response) == {"Checked in": "1", "Booked or sold": "1", "Seats": "120"}
    assert "HX-Request" in response["Vary"]


def test_the_form_posts_without_javascript_and_with_htmx(at_the_door, on_sale):
    page = html(at_the_door.get(en("tickets:door_check_in", on_sale.pk)))
    url = en("tickets:door_check_in", on_sale.pk)
    form = re.search(r"<form class=\"door-form\"[^>]*>", page, re.S)[0]
    assert f'method="post" action="{url}"' in form
    assert f'hx-post="{url}" hx-target="#door-result" hx-swap="innerHTML"' in form
    assert panel(at_the_door.get(url)) == (None, "")


def test_the_page_counts_checked_in_sold_and_seats(
    at_the_door, on_sale, paid_ticket, held_ticket, cashier
):
    check_in(on_sale, paid_ticket.code, by=cashier)
    response = at_the_door.get(en("tickets:door_check_in", on_sale.pk))
    assert counters(response) == {"Checked in": "1", "Booked or sold": "2", "Seats": "120"}


def test_the_scan_button_waits_for_the_camera_api_and_names_the_decoder(at_the_door, on_sale):
    page = html(at_the_door.get(en("tickets:door_check_in", on_sale.pk)))
    button = re.search(r'<button type="button" class="door-scan"[^>]*>', page, re.S)[0]
    assert " hidden " in button
    assert 'data-jsqr="/static/clef/vendor/jsQR-1.4.0.js"' in button
    assert '<script src="/static/clef/door.js" defer></script>' in page


# --- who may ---------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["member", "outsider", "paid_member"])
def test_people_who_are_not_the_doors_staff_get_a_403(client, request, on_sale, paid_ticket, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(en("tickets:door")).status_code == 403
    assert client.get(en("tickets:door_check_in", on_sale.pk)).status_code == 403
    assert post(client, on_sale, str(paid_ticket)).status_code == 403
    paid_ticket.refresh_from_db()
    assert paid_ticket.status == Ticket.Status.PAID


def test_a_visitor_is_sent_to_sign_in(client, on_sale):
    url = en("tickets:door_check_in", on_sale.pk)
    response = client.get(url)
    assert response.status_code == 302
    with translation.override("en"):
        login = reverse("accounts:login")
    assert response["Location"] == f"{login}?next={url}"


def test_an_unknown_screening_is_a_404(at_the_door, venue):
    assert at_the_door.get(en("tickets:door_check_in", 999999)).status_code == 404


def test_the_door_does_not_take_a_put(at_the_door, on_sale):
    assert at_the_door.put(en("tickets:door_check_in", on_sale.pk)).status_code == 405
