"""What one person may hold: seats per screening across all their bookings
(``Venue.seats_per_person``), and seats held to pay at the door across their coming
screenings (``Venue.door_hold_seats_per_person``); both counted under the screening's
lock, on the site and through the API alike."""

import datetime as dt

import pytest
from django.utils import translation

from clef.api.services import issue_token
from clef.payments import services as payments
from clef.tickets import seats
from clef.tickets.booking import BookingRefused, book, cancel_ticket
from clef.tickets.models import Ticket


@pytest.fixture(autouse=True)
def in_english():
    """The services' messages are read in English here (the pages ask /en/)."""
    with translation.override("en"):
        yield


@pytest.fixture
def later(make_screening, venue):
    """Another screening, in six days."""
    return make_screening(venue.local_date() + dt.timedelta(days=6), "18:00")


@pytest.fixture
def third(make_screening, venue):
    """A third screening, in seven days."""
    return make_screening(venue.local_date() + dt.timedelta(days=7), "18:00")


# --- seats per person and screening ------------------------------------------------------------
def test_a_member_with_four_seats_in_two_bookings_cannot_book_a_fifth(
    on_sale, paid_member, written
):
    book(on_sale, user=paid_member, prices=["5", "5"])
    book(on_sale, user=paid_member, prices=["0", "7.50"], method="test")
    before = written()

    with pytest.raises(BookingRefused) as refused:
        book(on_sale, user=paid_member, prices=["5"], method="test")

    assert refused.value.code == "person_limit"
    assert refused.value.message == (
        "You already hold 4 seats for this screening, and one person may hold 4 at most."
    )
    assert written() == before


def test_it_says_how_many_are_held_when_a_booking_would_go_past(on_sale, paid_member):
    book(on_sale, user=paid_member, prices=["5", "5", "5"])

    with pytest.raises(BookingRefused) as refused:
        book(on_sale, user=paid_member, prices=["5", "5"])

    assert refused.value.message == (
        "You already hold 3 seats for this screening, and one person may hold 4 at most."
    )
    assert book(on_sale, user=paid_member, prices=["5"])[1] is True


def test_seats_given_back_no_longer_count(on_sale, paid_member):
    first, _ = book(on_sale, user=paid_member, prices=["5", "5", "5", "5"])
    cancel_ticket(first.tickets.first(), by=paid_member)

    _again, created = book(on_sale, user=paid_member, prices=["6"])

    assert created
    assert seats.count(on_sale, person=paid_member).person_seats == 4


def test_other_people_and_other_screenings_are_not_counted(
    on_sale, later, paid_member, make_member
):
    book(on_sale, user=paid_member, prices=["0", "0", "0", "0"])
    book(on_sale, user=make_member("ines"), prices=["0", "0", "0", "0"])
    book(later, user=paid_member, prices=["0", "0", "0", "0"])

    assert seats.count(on_sale, person=paid_member).person_seats == 4
    assert seats.count(later, person=paid_member).person_seats == 4
    assert seats.count(on_sale).online_taken == 8


def test_the_limit_is_the_venues(on_sale, paid_member, venue):
    venue.seats_per_person = 6
    venue.save()
    on_sale.room.venue = venue
    book(on_sale, user=paid_member, prices=["0", "0", "0", "0"])

    booking, created = book(on_sale, user=paid_member, prices=["0", "0"])

    assert created and booking.tickets.count() == 2
    with pytest.raises(BookingRefused) as refused:
        book(on_sale, user=paid_member, prices=["0"])
    assert refused.value.message == (
        "You already hold 6 seats for this screening, and one person may hold 6 at most."
    )


def test_the_same_idempotency_key_at_the_limit_gives_back_the_booking(on_sale, paid_member):
    first, _ = book(on_sale, user=paid_member, prices=["0"] * 4, idempotency_key="k" * 20)

    again, created = book(on_sale, user=paid_member, prices=["0"] * 4, idempotency_key="k" * 20)

    assert (again.pk, created) == (first.pk, False)


def test_the_count_is_taken_under_the_screenings_lock(on_sale, paid_member, monkeypatch):
    order = []
    real_lock, real_count = seats.lock, seats.count
    monkeypatch.setattr(seats, "lock", lambda s: order.append("lock") or real_lock(s))
    monkeypatch.setattr(
        seats,
        "count",
        lambda s, **kw: order.append(("count", bool(kw.get("person")))) or real_count(s, **kw),
    )

    book(on_sale, user=paid_member, prices=["5"])

    # A cheap look first (no lock, nobody named), then the lock and the one count.
    assert order == [("count", False), "lock", ("count", True)]


# --- seats held to pay at the door, per person --------------------------------------------------
def test_four_seats_held_at_the_door_across_screenings_stop_a_fifth(
    on_sale, later, third, paid_member, written
):
    book(on_sale, user=paid_member, prices=["5", "5"])
    book(later, user=paid_member, prices=["5", "0"])
    before = written()

    with pytest.raises(BookingRefused) as refused:
        book(third, user=paid_member, prices=["5"], method="door")

    assert refused.value.code == "door_hold_limit"
    assert refused.value.message == (
        "You already hold 4 seats to pay at the door for coming screenings, and one person "
        "may hold 4 at most: pay online, or pay for the seats you hold first."
    )
    assert written() == before
    # Paying online, or nothing to pay, is not a hold.
    assert book(third, user=paid_member, prices=["5"], method="test")[1] is True
    assert book(third, user=paid_member, prices=["0"], method="door")[1] is True


def test_seats_paid_or_past_no_longer_count_as_held(
    on_sale, later, third, paid_member, time_machine
):
    book(on_sale, user=paid_member, prices=["5", "5"])
    held, _ = book(later, user=paid_member, prices=["5", "5"])
    seats.settle(list(held.tickets.all()), by=paid_member)  # paid at the door meanwhile

    assert seats.count(third, person=paid_member).person_door_holds == 2
    _booking, created = book(third, user=paid_member, prices=["5", "5"], method="door")
    assert created
    assert seats.count(third, person=paid_member).person_door_holds == 4
    # Once the first screening has begun, its seats no longer count as held ahead.
    time_machine.move_to(on_sale.starts_at + dt.timedelta(minutes=1))
    assert seats.count(third, person=paid_member).person_door_holds == 2


def test_a_venue_that_holds_nothing_for_the_door_says_to_pay_online(on_sale, paid_member, venue):
    venue.door_hold_seats_per_person = 0
    venue.save()

    with pytest.raises(BookingRefused) as refused:
        book(on_sale, user=paid_member, prices=["5"], method="door")

    assert refused.value.message == "Paying at the door is not offered for bookings: pay online."


# --- the pages and the API -----------------------------------------------------------------------
def test_the_booking_page_says_the_limit_is_reached(client, on_sale, paid_member):
    book(on_sale, user=paid_member, prices=["5", "5"])
    book(on_sale, user=paid_member, prices=["5", "5"], method="test")
    client.force_login(paid_member)

    body = client.get(f"/en/seance/{on_sale.pk}/reserver/").content.decode()

    assert (
        "You already hold 4 seats for this screening, and one person may hold 4 at most."
    ) in body
    assert 'name="places"' not in body


def test_the_booking_page_offers_only_the_seats_left_to_the_person(client, on_sale, paid_member):
    book(on_sale, user=paid_member, prices=["5", "5", "5"], method="test")
    client.force_login(paid_member)

    body = client.get(f"/en/seance/{on_sale.pk}/reserver/?places=4").content.decode()

    assert 'name="price_1"' in body
    assert 'name="price_2"' not in body
    assert '<option value="2"' not in body


def test_the_booking_page_offers_no_door_payment_past_the_holds(
    client, on_sale, later, paid_member
):
    book(later, user=paid_member, prices=["5", "5", "5", "5"])
    client.force_login(paid_member)

    body = client.get(f"/en/seance/{on_sale.pk}/reserver/").content.decode()

    assert 'value="door"' not in body
    assert 'value="test"' in body


def test_a_door_booking_past_the_holds_is_refused_beside_the_payment(
    client, on_sale, later, paid_member
):
    book(later, user=paid_member, prices=["5", "5", "5"])
    client.force_login(paid_member)
    form = {"places": "2", "price_1": "5.00", "price_2": "5.00", "payment": "door"}

    response = client.post(f"/en/seance/{on_sale.pk}/reserver/", form)

    assert response.status_code == 400
    body = response.content.decode()
    assert '<ul class="errorlist" id="id_payment_error"><li>You already hold 3 seats' in body
    assert Ticket.objects.filter(screening=on_sale).count() == 0


def test_the_api_refuses_a_fifth_seat_with_the_same_message(client, on_sale, paid_member):
    book(on_sale, user=paid_member, prices=["5", "5", "5", "5"], method="test")
    token, _ = issue_token(paid_member, "tests")

    response = client.post(
        "/api/bookings",
        data={"screening": on_sale.pk, "prices": ["5"], "payment": "online"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
    )

    assert response.status_code == 409
    assert response.json()["code"] == "person_limit"
    assert Ticket.objects.filter(screening=on_sale).count() == 4


def test_an_online_payment_made_does_not_count_as_held(on_sale, later, paid_member):
    booking, _ = book(later, user=paid_member, prices=["5", "5", "5", "5"], method="test")
    payments.mark_paid(booking.payment)

    assert seats.count(on_sale, person=paid_member).person_door_holds == 0
