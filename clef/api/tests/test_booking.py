"""Booking through the API: the answer, every refusal with its status, idempotency."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from clef.programme.models import Screening
from clef.tickets.booking import book
from clef.tickets.models import Booking, Ticket


def test_it_books_two_seats_and_answers_the_booking(call, bearer, on_sale, paid_member, rows):
    year = on_sale.room.venue.local_date().year

    status, body, _ = call(
        "post",
        "/api/bookings",
        {"screening": on_sale.pk, "prices": ["0", 7.5], "payment": "door"},
        bearer(paid_member),
    )

    assert status == 201
    booking = Booking.objects.get()
    tickets = list(booking.tickets.order_by("number"))
    assert body == {
        "code": booking.code,
        "status": "held",
        "screening": {
            "id": on_sale.pk,
            "title": "Wanda",
            "starts_at": on_sale.starts_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "starts_at_local": on_sale.local_start.isoformat(),
            "room": "Grande salle",
        },
        "tickets": [
            {
                "number": f"{year}-000001",
                "code": tickets[0].code,
                "price": "0.00",
                "status": "booked",
            },
            {
                "number": f"{year}-000002",
                "code": tickets[1].code,
                "price": "7.50",
                "status": "booked",
            },
        ],
        "total": "7.50",
        "payment_url": None,
        "url": f"http://testserver/reservation/{booking.code}/",
        "created_at": body["created_at"],
    }
    assert booking.person == paid_member
    assert rows() == (1, 2, 0, 1)


def test_it_sends_an_online_booking_to_the_payment_page(call, bearer, on_sale, paid_member):
    status, body, _ = call(
        "post",
        "/api/bookings",
        {"screening": on_sale.pk, "prices": ["12"], "payment": "online"},
        bearer(paid_member),
    )

    payment = Booking.objects.get().payment
    assert (status, body["status"], body["total"]) == (201, "awaiting", "12.00")
    assert body["payment_url"] == f"http://testserver/paiement/test/{payment.code}/"


def test_it_refuses_online_payment_when_none_is_offered(
    call, bearer, on_sale, paid_member, rows, settings
):
    settings.CLEF_ONLINE_PAYMENT = ""
    before = rows()

    status, body, _ = call(
        "post",
        "/api/bookings",
        {"screening": on_sale.pk, "prices": ["12"], "payment": "online"},
        bearer(paid_member),
    )

    assert (status, body["code"]) == (409, "online_payment_unavailable")
    assert rows() == before


@pytest.mark.parametrize(
    ("prices", "code"),
    [
        (["-1"], "price_negative"),
        ([-1], "price_negative"),
        (["7.555"], "price_decimals"),
        ([7.555], "price_decimals"),
        (["sept euros"], "price_invalid"),
        (["200.01"], "price_ceiling"),
        ([250], "price_ceiling"),
        (["0", "0", "0", "0", "0"], "too_many"),
        ([], "no_seats"),
    ],
)
def test_it_refuses_a_bad_input_with_422_and_writes_nothing(
    call, bearer, on_sale, paid_member, rows, prices, code
):
    headers = bearer(paid_member)
    before = rows()

    status, body, _ = call(
        "post", "/api/bookings", {"screening": on_sale.pk, "prices": prices}, headers
    )

    assert (status, body["code"]) == (422, code)
    assert body["message"]
    assert rows() == before


@pytest.mark.parametrize("price", ["1e30", 1e300])
def test_a_huge_price_is_refused_not_a_server_error(call, bearer, on_sale, paid_member, price):
    status, body, _ = call(
        "post", "/api/bookings", {"screening": on_sale.pk, "prices": [price]}, bearer(paid_member)
    )
    # A number written with an exponent is not a price typed in euros.
    assert (status, body["code"]) == (422, "price_invalid")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"status": Screening.Status.DRAFT}, "not_published"),
        ({"status": Screening.Status.CANCELLED}, "cancelled"),
        ({"starts_at": timezone.now() - dt.timedelta(minutes=5)}, "past"),
        ({"kind": Screening.Kind.WORKSHOP}, "workshop"),
        ({"online_quota": 0}, "sold_out"),
    ],
)
def test_it_refuses_a_screening_not_on_sale_with_409_and_writes_nothing(
    call, bearer, on_sale, paid_member, rows, change, code
):
    Screening.objects.filter(pk=on_sale.pk).update(**change)
    headers = bearer(paid_member)
    before = rows()

    status, body, _ = call(
        "post", "/api/bookings", {"screening": on_sale.pk, "prices": ["5"]}, headers
    )

    assert (status, body["code"]) == (409, code)
    assert rows() == before


def test_it_refuses_the_seats_after_the_last_online(
    call, bearer, on_sale, paid_member, make_member, rows
):
    Screening.objects.filter(pk=on_sale.pk).update(online_quota=3)
    on_sale.refresh_from_db()
    book(on_sale, user=make_member("zoe"), prices=["0", "0"])
    headers = bearer(paid_member)
    before = rows()

    status, body, _ = call(
        "post", "/api/bookings", {"screening": on_sale.pk, "prices": ["0", "0"]}, headers
    )
    assert (status, body["code"]) == (409, "not_enough_seats")
    assert rows() == before

    assert (
        call("post", "/api/bookings", {"screening": on_sale.pk, "prices": ["0"]}, headers)[0] == 201
    )
    status, body, _ = call(
        "post", "/api/bookings", {"screening": on_sale.pk, "prices": ["0"]}, headers
    )
    assert (status, body["code"]) == (409, "sold_out")
    assert Ticket.objects.count() == 3


def test_it_refuses_a_person_without_membership_with_409(call, bearer, on_sale, member, rows):
    headers = bearer(member)
    before = rows()

    status, body, _ = call(
        "post", "/api/bookings", {"screening": on_sale.pk, "prices": ["5"]}, headers
    )

    assert (status, body["code"]) == (409, "membership_required")
    assert rows() == before


def test_it_refuses_to_hold_a_seat_at_the_door_too_close_to_the_start(
    call, bearer, on_sale, paid_member, rows
):
    headers = bearer(paid_member)
    before = rows()

    with time_machine.travel(on_sale.starts_at - dt.timedelta(minutes=10)):
        status, body, _ = call(
            "post", "/api/bookings", {"screening": on_sale.pk, "prices": ["5"]}, headers
        )

    assert (status, body["code"]) == (409, "door_closed")
    assert rows() == before


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"prices": ["5"]}, ["body", "payload", "screening"]),
        ({"screening": "x", "prices": ["5"]}, ["body", "payload", "screening"]),
        ({"screening": 1, "prices": "5"}, ["body", "payload", "prices"]),
        ({"screening": 1, "prices": [True]}, ["body", "payload", "prices", 0]),
        ({"screening": 1, "prices": ["5"], "payment": "cash"}, ["body", "payload", "payment"]),
    ],
)
def test_it_refuses_a_malformed_body_with_the_field_at_fault(
    call, bearer, on_sale, paid_member, rows, body, where
):
    headers = bearer(paid_member)
    before = rows()

    status, answer, _ = call("post", "/api/bookings", body, headers)

    assert (status, answer["code"]) == (422, "invalid")
    assert [error["loc"] for error in answer["errors"]] == [where]
    assert rows() == before


def test_it_answers_400_for_a_body_that_is_not_json(client, bearer, paid_member):
    response = client.post(
        "/api/bookings", "{prices", content_type="application/json", headers=bearer(paid_member)
    )
    assert (response.status_code, response.json()["code"]) == (400, "bad_request")


def test_it_answers_404_for_an_unknown_screening(call, bearer, paid_member):
    status, body, _ = call(
        "post", "/api/bookings", {"screening": 999, "prices": ["5"]}, bearer(paid_member)
    )
    assert (status, body["code"]) == (404, "not_found")


def test_the_same_idempotency_key_books_once_and_replays_the_booking(
    call, bearer, on_sale, paid_member
):
    headers = {**bearer(paid_member), "Idempotency-Key": "till-42"}
    body = {"screening": on_sale.pk, "prices": ["4", "4"]}

    first_status, first, first_response = call("post", "/api/bookings", body, headers)
    again_status, again, again_response = call("post", "/api/bookings", body, headers)

    assert (first_status, again_status) == (201, 200)
    assert again == first
    assert "Idempotent-Replayed" not in first_response.headers
    assert again_response.headers["Idempotent-Replayed"] == "true"
    assert (Booking.objects.count(), Ticket.objects.count()) == (1, 2)


def test_an_idempotency_key_used_for_another_screening_is_a_conflict(
    call, bearer, on_sale, make_screening, paid_member, rows
):
    other = make_screening(on_sale.local_start.date(), "16:00")
    headers = {**bearer(paid_member), "Idempotency-Key": "till-42"}
    call("post", "/api/bookings", {"screening": on_sale.pk, "prices": ["4"]}, headers)
    before = rows()

    status, body, _ = call(
        "post", "/api/bookings", {"screening": other.pk, "prices": ["4"]}, headers
    )

    assert (status, body["code"]) == (409, "idempotency_conflict")
    assert rows() == before


def test_two_people_may_use_the_same_idempotency_key(
    call, bearer, on_sale, paid_member, make_member
):
    body = {"screening": on_sale.pk, "prices": ["4"]}
    first = call("post", "/api/bookings", body, {**bearer(paid_member), "Idempotency-Key": "k"})
    second = call(
        "post", "/api/bookings", body, {**bearer(make_member("zoe")), "Idempotency-Key": "k"}
    )

    assert (first[0], second[0]) == (201, 201)
    assert first[1]["code"] != second[1]["code"]


def test_an_idempotency_key_longer_than_80_characters_is_invalid(
    call, bearer, on_sale, paid_member
):
    headers = {**bearer(paid_member), "Idempotency-Key": "k" * 81}
    status, body, _ = call(
        "post", "/api/bookings", {"screening": on_sale.pk, "prices": ["4"]}, headers
    )
    assert (status, body["code"], body["errors"][0]["loc"]) == (
        422,
        "invalid",
        ["header", "Idempotency-Key"],
    )


def test_booking_costs_a_bounded_number_of_queries(
    call, bearer, on_sale, paid_member, django_assert_max_num_queries
):
    headers = bearer(paid_member)
    # The first booking notes the token's first use and opens the year's ticket series.
    call("post", "/api/bookings", {"screening": on_sale.pk, "prices": ["4"]}, headers)

    # token, screening, key, membership, seats, lock, seats again, booking, number,
    # tickets, the screening's films and the tickets for the answer; and the savepoint
    with django_assert_max_num_queries(14):
        status, _, _ = call(
            "post",
            "/api/bookings",
            {"screening": on_sale.pk, "prices": ["4", "0"]},
            {**headers, "Idempotency-Key": "k"},
        )

    assert status == 201


def test_a_programme_of_several_films_is_named_after_them(
    call, bearer, make_screening, make_film, paid_member, venue
):
    shorts = make_screening(
        venue.local_date() + dt.timedelta(days=2),
        "20:00",
        films=[make_film("La Jetée"), make_film("Nuit et brouillard")],
    )

    status, body, _ = call(
        "post", "/api/bookings", {"screening": shorts.pk, "prices": ["3"]}, bearer(paid_member)
    )

    assert (status, body["screening"]["title"]) == (201, "La Jetée + Nuit et brouillard")
