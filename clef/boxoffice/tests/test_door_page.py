"""The door's check-in page: tickets let in by number, code or QR code, green, red or
amber at a glance, with or without JavaScript; the money of a ticket to pay at the door
taken as a door sale in the cashier's own till session."""

import datetime as dt
import html as htmllib
import json
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from clef.boxoffice import sessions
from clef.boxoffice.models import Sale, SaleLine, TillSession
from clef.boxoffice.reports import session_report
from clef.payments.models import Payment
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
def at_the_door(client, cashier):
    client.force_login(cashier)
    return client


def post(client, screening, raw, **data):
    return client.post(en("boxoffice:door_check_in", screening.pk), {"raw": raw, **data})


def let_in_form(page):
    """The fields of the "It is theirs: let in" form of a typed number's confirmation."""
    form = re.search(r'<form class="door-collect".*?</form>', page, re.S)[0]
    assert "It is theirs: let in" in form
    return dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))


# --- checking in: green ----------------------------------------------------------------
def test_a_typed_number_shows_the_holder_and_lets_in_once_confirmed(
    at_the_door, on_sale, paid_ticket, written
):
    before = written()
    asked = post(at_the_door, on_sale, str(paid_ticket))
    assert asked.status_code == 200
    assert panel(asked) == (
        "ask",
        f"? CHECK Ticket {paid_ticket}: is it theirs? Check the name, then let in. "
        "Mila Paid online: €7.50. It is theirs: let in",
    )
    assert written() == before
    paid_ticket.refresh_from_db()
    assert (paid_ticket.status, paid_ticket.checked_in_at) == (Ticket.Status.PAID, None)

    fields = let_in_form(html(asked))
    assert fields["raw"] == paid_ticket.code
    response = at_the_door.post(en("boxoffice:door_check_in", on_sale.pk), fields)

    assert panel(response) == ("ok", f"✓ OK Welcome: ticket {paid_ticket}.")
    paid_ticket.refresh_from_db()
    assert paid_ticket.status == Ticket.Status.CHECKED_IN
    assert paid_ticket.checked_in_at == NOW


@pytest.mark.parametrize("typed", ["{number}", "{number:06d}", " {series}-{number:06d} "])
def test_a_number_typed_short_is_confirmed_too(at_the_door, on_sale, paid_ticket, typed):
    raw = typed.format(number=paid_ticket.number, series=paid_ticket.series)
    assert panel(post(at_the_door, on_sale, raw))[0] == "ask"
    paid_ticket.refresh_from_db()
    assert paid_ticket.status == Ticket.Status.PAID


def test_a_typed_number_of_a_ticket_sold_at_the_till_says_it_has_no_name(
    at_the_door, on_sale, sell
):
    [ticket] = sell(on_sale, "6")
    asked = post(at_the_door, on_sale, str(ticket))
    assert panel(asked) == (
        "ask",
        f"? CHECK Ticket {ticket}: is it theirs? Check the name, then let in. "
        "No name: sold at the till or the door Paid: €6.00. It is theirs: let in",
    )


def test_a_typed_number_of_a_booking_without_an_account_shows_its_address(
    at_the_door, on_sale, held_ticket
):
    held_ticket.booking.person = None
    held_ticket.booking.email = "guest@example.org"
    held_ticket.booking.save()
    asked = post(at_the_door, on_sale, str(held_ticket))
    assert panel(asked)[0] == "ask"
    assert "guest@example.org To pay at the door: €5.00." in panel(asked)[1]


def test_the_confirmation_is_in_french_on_the_french_door(at_the_door, on_sale, paid_ticket):
    asked = at_the_door.post(fr("boxoffice:door_check_in", on_sale.pk), {"raw": str(paid_ticket)})
    assert panel(asked) == (
        "ask",
        f"? VÉRIFIER Billet {paid_ticket} : est-ce bien le sien ? Vérifiez le nom, puis "
        "faites entrer. Mila Payé en ligne : 7,50 €. C’est le sien : faire entrer",
    )


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
    post(at_the_door, on_sale, paid_ticket.code)
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
def collect_form(page):
    """The fields of the first "Paid …, let in" form on ``page`` (the cash one)."""
    form = re.search(r'<form class="door-collect".*?</form>', page, re.S)[0]
    return dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))


def test_a_typed_number_to_pay_shows_the_holder_and_the_buttons_that_take_the_money(
    at_the_door, on_sale, held_ticket, till_session
):
    asked = post(at_the_door, on_sale, str(held_ticket))
    assert panel(asked) == (
        "ask",
        f"? CHECK Ticket {held_ticket}: is it theirs? Check the name, then let in. "
        "Hugo To pay at the door: €5.00. Paid €5.00 in cash, let in Paid €5.00 by card, let in",
    )
    fields = collect_form(html(asked))
    assert (fields["raw"], fields["collect"]) == (held_ticket.code, "cash")
    assert Sale.objects.count() == 0
    # Posting "collect" with the typed number asks again: no money is taken unseen.
    forced = post(at_the_door, on_sale, str(held_ticket), collect="cash")
    assert panel(forced)[0] == "ask"
    assert Sale.objects.count() == 0


def test_a_ticket_to_pay_is_a_door_sale_in_the_cashiers_own_session(
    at_the_door, on_sale, held_ticket, till_session
):
    asked = post(at_the_door, on_sale, held_ticket.code)
    assert panel(asked) == (
        "pay",
        f"€ PAY To pay at the door before going in: €5.00 Ticket {held_ticket} "
        "Paid €5.00 in cash, let in Paid €5.00 by card, let in",
    )
    page = html(asked)
    assert "Money taken here goes into your session at Caisse du hall, open since 12:00." in page
    fields = collect_form(page)
    assert (fields["raw"], fields["collect"], fields["session"]) == (
        held_ticket.code,
        "cash",
        str(till_session.pk),
    )
    assert re.fullmatch(r"[0-9a-f]{32}", fields["key"])
    assert Sale.objects.count() == 0

    paid = at_the_door.post(en("boxoffice:door_check_in", on_sale.pk), fields)

    assert panel(paid) == (
        "ok",
        f"✓ OK Welcome: ticket {held_ticket}. "
        "Paid €5.00 (Cash), into your session at Caisse du hall.",
    )
    sale = Sale.objects.get()
    assert (sale.session, sale.channel, sale.method, sale.total, sale.cashier) == (
        till_session,
        Sale.Channel.DOOR,
        Sale.Method.CASH,
        Decimal("5.00"),
        till_session.cashier,
    )
    line = sale.lines.get()
    assert (line.kind, line.ticket, line.amount) == (
        SaleLine.Kind.PRESALE,
        held_ticket,
        Decimal("5.00"),
    )
    entry = sale.journal.get()
    body = json.loads(entry.body)
    assert (entry.kind, body["channel"], body["total"], body["lines"][0]["ref"]) == (
        "sale",
        "door",
        "5.00",
        str(held_ticket),
    )
    assert sessions.expected_cash(till_session) == Decimal("105.00")
    # Check-in recorded no payment: the sale is the record of the money.
    assert Payment.objects.filter(purpose="booking", method="door").count() == 0
    held_ticket.refresh_from_db()
    assert held_ticket.status == Ticket.Status.CHECKED_IN
    assert held_ticket.booking.status == Booking.Status.CONFIRMED
    # The same press again (a retry with the same key): no second sale.
    again = at_the_door.post(en("boxoffice:door_check_in", on_sale.pk), fields)
    assert panel(again)[0] == "ok"
    assert Sale.objects.count() == 1


def test_the_door_sale_is_in_the_session_report(
    at_the_door, on_sale, held_ticket, till_session, cashier
):
    fields = collect_form(html(post(at_the_door, on_sale, str(held_ticket))))
    at_the_door.post(en("boxoffice:door_check_in", on_sale.pk), {**fields, "collect": "card"})
    report = session_report(
        TillSession.objects.select_related("till", "venue", "cashier").get(pk=till_session.pk)
    )
    [block] = report.screenings
    [row] = block.rows
    assert (block.screening.pk, row.presale, row.price, row.count, row.amount) == (
        on_sale.pk,
        True,
        Decimal("5.00"),
        1,
        Decimal("5.00"),
    )
    assert [(m.method, m.count, m.amount) for m in report.methods] == [("card", 1, Decimal("5.00"))]
    assert report.expected == Decimal("100.00")


def test_without_a_session_the_door_offers_to_open_one_and_takes_no_money(
    at_the_door, on_sale, held_ticket, paid_ticket, till, written
):
    page = html(at_the_door.get(en("boxoffice:door_check_in", on_sale.pk)))
    assert "You have no till session open: only tickets already paid can be let in." in page
    form = re.search(r'<form id="door-open".*?</form>', page, re.S)[0]
    assert f'action="{en("boxoffice:door_open", on_sale.pk)}"' in form
    assert f'<option value="{till.pk}">Caisse du hall</option>' in form
    asked = post(at_the_door, on_sale, held_ticket.code)
    assert panel(asked) == (
        "pay",
        f"€ PAY To pay at the door before going in: €5.00 Ticket {held_ticket} "
        "Open your till session (above) to take this money.",
    )
    assert '<form class="door-collect"' not in html(asked)
    # Paid tickets still go in.
    assert panel(post(at_the_door, on_sale, paid_ticket.code))[0] == "ok"
    before = written()

    forced = post(at_the_door, on_sale, held_ticket.code, collect="cash")

    assert forced.status_code == 422
    assert panel(forced) == (
        "no",
        "✗ NO Open your till session first: the money taken at the door goes into it.",
    )
    assert written() == before
    held_ticket.refresh_from_db()
    assert held_ticket.status == Ticket.Status.BOOKED


def test_a_cashier_opens_a_session_from_the_door_with_the_float_counted(
    at_the_door, on_sale, till, cashier
):
    bad = at_the_door.post(en("boxoffice:door_open", on_sale.pk), {"till": till.pk, "float": "x"})
    assert bad.status_code == 422
    assert "Type the float in euros" in html(bad)
    assert TillSession.objects.count() == 0

    opened = at_the_door.post(
        en("boxoffice:door_open", on_sale.pk), {"till": till.pk, "float": "80"}
    )

    assert opened.status_code == 303
    assert opened["Location"] == en("boxoffice:door_check_in", on_sale.pk)
    session = TillSession.objects.get()
    assert (session.till, session.cashier, session.opening_float) == (
        till,
        cashier,
        Decimal("80.00"),
    )
    assert session.journal.get().kind == "session_opened"
    page = html(at_the_door.get(opened["Location"]))
    assert f'data-door-session="{session.pk}"' in page


def test_a_collection_into_another_cashiers_session_is_forbidden(
    client, on_sale, held_ticket, till_session, other_cashier, written
):
    client.force_login(other_cashier)
    before = written()

    response = post(client, on_sale, held_ticket.code, collect="cash", session=str(till_session.pk))

    assert response.status_code == 403
    assert panel(response) == (
        "no",
        "✗ NO This till session is camille's: only they may sell, undo, take money or close "
        "in it. To take over, they count the cash and close, then you open your own session.",
    )
    assert written() == before
    held_ticket.refresh_from_db()
    assert held_ticket.status == Ticket.Status.BOOKED


def test_a_collection_for_a_ticket_already_paid_is_refused(
    at_the_door, on_sale, paid_ticket, till_session, written
):
    before = written()
    response = post(at_the_door, on_sale, paid_ticket.code, collect="cash")
    assert response.status_code == 422
    assert panel(response) == (
        "no",
        f"✗ NO Ticket {paid_ticket} is already paid: there is nothing to take. Check it in "
        "without collecting.",
    )
    assert written() == before
    paid_ticket.refresh_from_db()
    assert paid_ticket.status == Ticket.Status.PAID


def test_with_htmx_a_refused_collection_still_shows_its_message(at_the_door, on_sale, held_ticket):
    response = at_the_door.post(
        en("boxoffice:door_check_in", on_sale.pk),
        {"raw": held_ticket.code, "collect": "cash"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert panel(response)[0] == "no"
    assert "Open your till session first" in html(response)


def test_the_amount_to_pay_is_written_the_french_way_on_the_french_site(
    at_the_door, on_sale, make_member
):
    booking, _ = book(on_sale, user=make_member("ines"), prices=["7.50"], method="door")
    response = at_the_door.post(
        fr("boxoffice:door_check_in", on_sale.pk), {"raw": booking.tickets.get().code}
    )
    assert panel(response)[0] == "pay"
    assert '<strong class="door-amount">7,50\u00a0€</strong>' in html(response)


# --- with htmx -------------------------------------------------------------------------------
def test_with_htmx_only_the_result_and_the_counters_come_back(at_the_door, on_sale, paid_ticket):
    response = at_the_door.post(
        en("boxoffice:door_check_in", on_sale.pk),
        {"raw": paid_ticket.code},
        headers={"HX-Request": "true"},
    )
    page = html(response)
    assert "<html" not in page
    assert panel(response) == ("ok", f"✓ OK Welcome: ticket {paid_ticket}.")
    assert '<dl id="door-counters" class="door-counters" hx-swap-oob="true">' in page
    assert counters(response) == {"Checked in": "1", "Booked or sold": "1", "Seats": "120"}
    assert "HX-Request" in response["Vary"]


def test_the_form_posts_without_javascript_and_with_htmx(at_the_door, on_sale):
    page = html(at_the_door.get(en("boxoffice:door_check_in", on_sale.pk)))
    url = en("boxoffice:door_check_in", on_sale.pk)
    form = re.search(r"<form class=\"door-form\"[^>]*>", page, re.S)[0]
    assert f'method="post" action="{url}"' in form
    assert f'hx-post="{url}" hx-target="#door-result" hx-swap="innerHTML"' in form
    assert panel(at_the_door.get(url)) == (None, "")


def test_the_page_counts_checked_in_sold_and_seats(
    at_the_door, on_sale, paid_ticket, held_ticket, cashier
):
    check_in(on_sale, paid_ticket.code, by=cashier)
    response = at_the_door.get(en("boxoffice:door_check_in", on_sale.pk))
    assert counters(response) == {"Checked in": "1", "Booked or sold": "2", "Seats": "120"}


def test_the_scan_button_waits_for_the_camera_api_and_names_the_decoder(at_the_door, on_sale):
    page = html(at_the_door.get(en("boxoffice:door_check_in", on_sale.pk)))
    button = re.search(r'<button type="button" class="door-scan"[^>]*>', page, re.S)[0]
    assert " hidden " in button
    assert 'data-jsqr="/static/clef/vendor/jsQR-1.4.0.js"' in button
    assert '<script src="/static/clef/door.js" defer></script>' in page


# --- who may ---------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["member", "outsider", "paid_member"])
def test_people_who_are_not_the_doors_staff_get_a_403(client, request, on_sale, paid_ticket, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(en("tickets:door")).status_code == 403
    assert client.get(en("boxoffice:door_check_in", on_sale.pk)).status_code == 403
    assert post(client, on_sale, str(paid_ticket)).status_code == 403
    paid_ticket.refresh_from_db()
    assert paid_ticket.status == Ticket.Status.PAID


def test_a_visitor_is_sent_to_sign_in(client, on_sale):
    url = en("boxoffice:door_check_in", on_sale.pk)
    response = client.get(url)
    assert response.status_code == 302
    with translation.override("en"):
        login = reverse("accounts:login")
    assert response["Location"] == f"{login}?next={url}"


def test_an_unknown_screening_is_a_404(at_the_door, venue):
    assert at_the_door.get(en("boxoffice:door_check_in", 999999)).status_code == 404


def test_the_door_does_not_take_a_put(at_the_door, on_sale):
    assert at_the_door.put(en("boxoffice:door_check_in", on_sale.pk)).status_code == 405
