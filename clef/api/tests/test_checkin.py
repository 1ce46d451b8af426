"""Checking tickets in through the API, for the people at the till."""

from clef.boxoffice.models import Till
from clef.boxoffice.sessions import open_session
from clef.tickets.booking import book
from clef.tickets.models import Ticket


def test_a_number_without_confirm_lets_nobody_in_and_names_the_holder(
    call, bearer, door_cashier, on_sale, paid_member, written
):
    booking, _ = book(on_sale, user=paid_member, prices=["0"])
    ticket = booking.tickets.get()
    before = written()

    status, body, _ = call(
        "post",
        "/api/checkin",
        {"screening": on_sale.pk, "ticket": str(ticket)},
        bearer(door_cashier),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert status == 200
    assert body == {
        "ok": False,
        "code": "confirm",
        "message": f"Ticket {ticket}: is it theirs? Check the name, then let in.",
        "ticket": {"number": str(ticket), "code": ticket.code, "price": "0.00", "status": "paid"},
        "to_pay": None,
        "sale": None,
        "holder": "Mila",
    }
    assert written() == before


def test_a_number_to_pay_without_confirm_takes_no_money(
    call, bearer, door_cashier, on_sale, paid_member, written
):
    booking, _ = book(on_sale, user=paid_member, prices=["7.50"])
    ticket = booking.tickets.get()
    till = Till.objects.create(venue=on_sale.room.venue, name="Porte")
    open_session(till, cashier=door_cashier, opening_float="0")
    before = written()
    body = {"screening": on_sale.pk, "ticket": str(ticket.number), "collect": True}

    _, asked, _ = call("post", "/api/checkin", body, bearer(door_cashier))
    assert (asked["ok"], asked["code"], asked["to_pay"], asked["holder"]) == (
        False,
        "confirm",
        "7.50",
        "Mila",
    )
    assert written() == before

    _, paid, _ = call("post", "/api/checkin", {**body, "confirm": True}, bearer(door_cashier))
    assert (paid["ok"], paid["code"], paid["holder"]) == (True, "ok", None)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.CHECKED_IN


def test_a_cashier_checks_a_ticket_in_by_its_number_once_confirmed(
    call, bearer, door_cashier, on_sale, paid_member
):
    booking, _ = book(on_sale, user=paid_member, prices=["0"])
    ticket = booking.tickets.get()
    headers = bearer(door_cashier)

    status, body, _ = call(
        "post",
        "/api/checkin",
        {"screening": on_sale.pk, "ticket": str(ticket), "confirm": True},
        headers,
    )

    assert status == 200
    assert (body["ok"], body["code"], body["to_pay"]) == (True, "ok", None)
    assert body["ticket"] == {
        "number": str(ticket),
        "code": ticket.code,
        "price": "0.00",
        "status": "checked_in",
    }
    again = call("post", "/api/checkin", {"screening": on_sale.pk, "ticket": ticket.code}, headers)
    assert (again[0], again[1]["ok"], again[1]["code"]) == (200, False, "already_in")


def test_a_ticket_to_pay_at_the_door_asks_for_the_money_first(
    call, bearer, door_cashier, on_sale, paid_member
):
    booking, _ = book(on_sale, user=paid_member, prices=["7.50"])
    ticket = booking.tickets.get()
    headers = bearer(door_cashier)
    body = {"screening": on_sale.pk, "ticket": ticket.code}
    # The money goes into the cashier's own till session (see test_checkin_collect.py).
    till = Till.objects.create(venue=on_sale.room.venue, name="Porte")
    open_session(till, cashier=door_cashier, opening_float="0")

    _, asked, _ = call("post", "/api/checkin", body, headers)
    _, paid, _ = call("post", "/api/checkin", {**body, "collect": True}, headers)

    assert (asked["ok"], asked["code"], asked["to_pay"]) == (False, "to_pay", "7.50")
    assert (paid["ok"], paid["code"]) == (True, "ok")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.CHECKED_IN


def test_an_unknown_ticket_is_red_and_an_unknown_screening_is_404(
    call, bearer, door_cashier, on_sale
):
    headers = bearer(door_cashier)

    _, body, _ = call("post", "/api/checkin", {"screening": on_sale.pk, "ticket": "999"}, headers)
    status, missing, _ = call("post", "/api/checkin", {"screening": 999, "ticket": "1"}, headers)

    assert (body["ok"], body["code"], body["ticket"]) == (False, "not_found", None)
    assert (status, missing["code"]) == (404, "not_found")


def test_a_member_may_not_check_tickets_in(call, bearer, on_sale, paid_member):
    booking, _ = book(on_sale, user=paid_member, prices=["5"])
    ticket = booking.tickets.get()

    status, body, _ = call(
        "post",
        "/api/checkin",
        {"screening": on_sale.pk, "ticket": ticket.code},
        bearer(paid_member),
    )

    assert (status, body["code"]) == (403, "forbidden")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.BOOKED
