"""Listing one's bookings and giving seats back through the API."""

import datetime as dt

import time_machine

from clef.tickets.booking import book
from clef.tickets.models import Booking, Ticket


def test_it_lists_my_bookings_only_the_latest_first(
    call, bearer, on_sale, paid_member, make_member
):
    older, _ = book(on_sale, user=paid_member, prices=["0"])
    newer, _ = book(on_sale, user=paid_member, prices=["5", "5"])
    book(on_sale, user=make_member("zoe"), prices=["4"])

    status, body, _ = call("get", "/api/bookings", headers=bearer(paid_member))

    assert status == 200
    assert body["count"] == 2
    assert [(b["code"], b["total"], len(b["tickets"])) for b in body["items"]] == [
        (newer.code, "10.00", 2),
        (older.code, "0.00", 1),
    ]


def test_the_list_of_bookings_costs_the_same_queries_for_one_or_many(
    call, bearer, on_sale, paid_member, make_screening, django_assert_max_num_queries
):
    headers = bearer(paid_member)
    book(on_sale, user=paid_member, prices=["0"])
    call("get", "/api/bookings", headers=headers)
    for hour in ("14:00", "16:00", "18:00"):
        # Paid online: one person holds at most 4 seats to pay at the door.
        book(
            make_screening(on_sale.local_start.date(), hour),
            user=paid_member,
            prices=["1", "2"],
            method="test",
        )

    with django_assert_max_num_queries(5):
        status, body, _ = call("get", "/api/bookings", headers=headers)

    assert (status, body["count"]) == (200, 4)


def test_it_shows_one_of_my_bookings_and_hides_other_people_s(
    call, bearer, on_sale, paid_member, make_member
):
    mine, _ = book(on_sale, user=paid_member, prices=["5"])
    theirs, _ = book(on_sale, user=make_member("zoe"), prices=["5"])
    headers = bearer(paid_member)

    assert call("get", f"/api/bookings/{mine.code}", headers=headers)[1]["code"] == mine.code
    status, body, _ = call("get", f"/api/bookings/{theirs.code}", headers=headers)
    assert (status, body["code"]) == (404, "not_found")


def test_it_cancels_every_seat_of_a_booking(call, bearer, on_sale, paid_member):
    booking, _ = book(on_sale, user=paid_member, prices=["0", "7.50"])

    status, body, _ = call(
        "post", f"/api/bookings/{booking.code}/cancel", headers=bearer(paid_member)
    )

    assert status == 200
    assert (body["status"], body["total"]) == ("cancelled", "0.00")
    assert [t["status"] for t in body["tickets"]] == ["cancelled", "cancelled"]
    assert set(Ticket.objects.values_list("status", flat=True)) == {Ticket.Status.CANCELLED}
    assert Booking.objects.get().status == Booking.Status.CANCELLED


def test_it_refuses_to_cancel_a_booking_twice(call, bearer, on_sale, paid_member):
    booking, _ = book(on_sale, user=paid_member, prices=["0"])
    headers = bearer(paid_member)
    call("post", f"/api/bookings/{booking.code}/cancel", headers=headers)

    status, body, _ = call("post", f"/api/bookings/{booking.code}/cancel", headers=headers)

    assert (status, body["code"]) == (409, "already_cancelled")


def test_it_refuses_to_cancel_after_the_cut_off_and_changes_nothing(
    call, bearer, on_sale, paid_member
):
    booking, _ = book(on_sale, user=paid_member, prices=["0", "5"])
    headers = bearer(paid_member)

    with time_machine.travel(on_sale.starts_at - dt.timedelta(minutes=30)):
        status, body, _ = call("post", f"/api/bookings/{booking.code}/cancel", headers=headers)
        ticket = booking.tickets.first()
        one = call("post", f"/api/tickets/{ticket.code}/cancel", headers=headers)

    assert (status, body["code"]) == (409, "too_late")
    assert (one[0], one[1]["code"]) == (409, "too_late")
    assert set(Ticket.objects.values_list("status", flat=True)) == {Ticket.Status.BOOKED}


def test_it_cancels_one_ticket_and_keeps_the_other(call, bearer, on_sale, paid_member):
    booking, _ = book(on_sale, user=paid_member, prices=["0", "7.50"])
    dear = booking.tickets.get(price="7.50")

    status, body, _ = call("post", f"/api/tickets/{dear.code}/cancel", headers=bearer(paid_member))

    assert status == 200
    # Nothing is left to pay at the door: the booking stands confirmed.
    assert (body["code"], body["status"], body["total"]) == (booking.code, "confirmed", "0.00")
    assert sorted((t["price"], t["status"]) for t in body["tickets"]) == [
        ("0.00", "paid"),
        ("7.50", "cancelled"),
    ]
    again = call("post", f"/api/tickets/{dear.code}/cancel", headers=bearer(paid_member))
    assert (again[0], again[1]["code"]) == (409, "already_cancelled")


def test_it_does_not_cancel_another_person_s_ticket(
    call, bearer, on_sale, paid_member, make_member
):
    theirs, _ = book(on_sale, user=make_member("zoe"), prices=["5"])
    ticket = theirs.tickets.get()

    status, body, _ = call(
        "post", f"/api/tickets/{ticket.code}/cancel", headers=bearer(paid_member)
    )

    assert (status, body["code"]) == (404, "not_found")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.BOOKED


def test_it_refuses_to_cancel_a_booking_already_used_at_the_door(
    call, bearer, on_sale, paid_member
):
    booking, _ = book(on_sale, user=paid_member, prices=["0"])
    booking.tickets.update(status=Ticket.Status.CHECKED_IN)

    status, body, _ = call(
        "post", f"/api/bookings/{booking.code}/cancel", headers=bearer(paid_member)
    )

    assert (status, body["code"]) == (409, "checked_in")
