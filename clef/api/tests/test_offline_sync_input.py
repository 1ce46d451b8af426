"""``POST /api/till/sync`` with what a till may send wrong: ticket numbers that are not
its series' next, a split that does not add up, a block larger than the seats left, a
sale sent twice, a session closed by an administrator meanwhile. Each is answered with
its reason, recorded, never lost and never doubled."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from clef.boxoffice import sessions
from clef.boxoffice.models import OfflineConflict, Sale, Till, TillSession
from clef.lib import roles
from clef.tickets import blocks, seats
from clef.tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def till(venue):
    return Till.objects.create(venue=venue, name="Hall", ticket_series="T1")


@pytest.fixture
def session(till, cashier):
    return sessions.open_session(till, cashier=cashier, opening_float="50")


@pytest.fixture
def tonight(make_screening, venue):
    start = timezone.localtime(timezone.now() + dt.timedelta(hours=1), venue.zone)
    return make_screening(start.date(), start.strftime("%H:%M"))


@pytest.fixture
def send(call, bearer, cashier, session):
    """``send(*sales)`` → the answer to a sync of ``sales``, in English, whose status
    is ``status``."""
    headers = bearer(cashier) | {"Accept-Language": "en"}

    def post(*sent, status=200):
        answered, answer, _ = call(
            "post", "/api/till/sync", {"session": session.pk, "sales": list(sent)}, headers
        )
        assert answered == status, answer
        return answer

    return post


def sale(sequence, **fields):
    return {
        "key": uuid.uuid4().hex,
        "sequence": sequence,
        "sold_at": (timezone.now() - dt.timedelta(minutes=30)).isoformat(),
        "method": "cash",
        **fields,
    }


def tickets(screening, *prices, numbers=None, sequence=1, **fields):
    sent = sale(sequence, screening=screening.pk, prices=list(prices), **fields)
    if numbers is not None:
        sent["numbers"] = numbers
    return sent


def outcome(answer):
    return [(r["status"], r["code"]) for r in answer["results"]]


def printed(answer, *numbers):
    return [f"T1-{answer['year']}-{n:06d}" for n in numbers]


def test_it_writes_the_ticket_numbers_the_till_printed(send, tonight):
    answer = send(
        tickets(tonight, "5", "5", numbers=[1, 2]), tickets(tonight, "7", numbers=[3], sequence=2)
    )
    assert outcome(answer) == [("done", ""), ("done", "")]
    assert [r["tickets"] for r in answer["results"]] == [
        printed(answer, 1, 2),
        printed(answer, 3),
    ]
    assert answer["last_number"] == 3


def test_numbers_already_used_are_a_recorded_conflict_and_nothing_is_voided(send, tonight):
    send(tickets(tonight, "5", numbers=[1]))
    reused = tickets(tonight, "5", numbers=[1], sequence=2)
    answer = send(reused)
    assert outcome(answer) == [("conflict", "numbers_mismatch")]
    assert answer["results"][0]["message"] == (
        "The ticket numbers printed by the till are not the next ones of its series."
    )
    conflict = OfflineConflict.objects.get()
    assert (conflict.key, conflict.ticket_numbers, conflict.sent["numbers"]) == (
        reused["key"],
        [],
        [1],
    )
    assert list(Ticket.objects.values_list("number", flat=True)) == [1]
    # Sent again: the same conflict, recorded once.
    assert outcome(send(reused)) == [("conflict", "numbers_mismatch")]
    assert OfflineConflict.objects.count() == 1


def test_numbers_that_do_not_match_the_tickets_are_a_conflict(send, tonight):
    answer = send(tickets(tonight, "5", "5", numbers=[1]))
    assert outcome(answer) == [("conflict", "numbers_mismatch")]
    # The one number sent is the series' next: it was printed, so it is voided.
    assert OfflineConflict.objects.get().ticket_numbers == [1]
    assert not Ticket.objects.exists()
    answer = send(tickets(tonight, "5", numbers=[2], sequence=2))
    assert outcome(answer) == [("done", "")]


@pytest.mark.parametrize("numbers", [["٣"], [0], [10**30], ["1"] * 51, "1"])
def test_bad_numbers_are_refused_with_nothing_written(send, tonight, numbers):
    answer = send(tickets(tonight, "5", numbers=numbers), status=422)
    assert answer["code"] == "invalid"
    assert not Sale.objects.exists() and not OfflineConflict.objects.exists()


def test_a_split_that_does_not_add_up_is_a_recorded_conflict_its_numbers_voided(send, tonight):
    answer = send(
        tickets(tonight, "5", numbers=[1], method="split", card_part="10"),
        tickets(tonight, "5", numbers=[2], sequence=2, method="split", card_part="2"),
    )
    assert outcome(answer) == [("conflict", "split_mismatch"), ("done", "")]
    assert answer["results"][0]["message"] == (
        "A split payment of €5.00: the card part, €10.00, must be more than nothing and "
        "less than the total, the rest paid in cash."
    )
    assert answer["results"][1]["tickets"] == printed(answer, 2)
    assert OfflineConflict.objects.get().ticket_numbers == [1]
    sold = Sale.objects.get()
    assert (sold.method, sold.card_part, sold.total) == ("split", Decimal("2.00"), Decimal("5.00"))


def test_a_block_larger_than_the_seats_left_never_sells_beyond_the_room(
    send, venue, tonight, big_room
):
    assert [b.seats for b in blocks.hold_coming(venue, "T1")] == [12]
    with transaction.atomic():
        seats.issue(tonight, [Decimal("6")] * 84, online=True, status=Ticket.Status.PAID)
        seats.issue(tonight, [Decimal("6")] * 24, online=False, status=Ticket.Status.PAID)
    # Eight seats are taken out of the room: the block of 12 is larger than the 4 left.
    big_room.seats = 112
    big_room.save(update_fields=["seats"])
    answer = send(
        tickets(tonight, "5", "5", numbers=[1, 2]),
        tickets(tonight, "5", "5", numbers=[3, 4], sequence=2),
        tickets(tonight, "5", "5", numbers=[5, 6], sequence=3),
    )
    assert outcome(answer) == [("done", ""), ("done", ""), ("conflict", "sold_out")]
    assert answer["results"][2]["message"] == "No seats are left in the room."
    assert Ticket.objects.filter(screening=tonight, status__in=Ticket.SEATED).count() == 112
    assert OfflineConflict.objects.get().ticket_numbers == [5, 6]
    assert answer["blocks"] == []  # nothing left to hold


def test_a_sale_sent_twice_is_answered_as_already_done(send, tonight):
    first = tickets(tonight, "5", numbers=[1])
    answer = send(first, first)
    assert outcome(answer) == [("done", ""), ("already_done", "")]
    assert answer["results"][0]["sale"] == answer["results"][1]["sale"]
    assert [r["tickets"] for r in answer["results"]] == [printed(answer, 1)] * 2
    again = send(first)
    assert outcome(again) == [("already_done", "")]
    assert again["results"][0]["sale"] == answer["results"][0]["sale"]
    assert Sale.objects.count() == 1 and Ticket.objects.count() == 1


def test_a_sale_sent_after_an_administrator_closed_the_session_goes_into_a_late_one(
    send, session, cashier, tonight
):
    administrator = get_user_model().objects.create_user("ada", first_name="Ada")
    administrator.groups.add(Group.objects.get_or_create(name=roles.ADMINISTRATOR)[0])
    sessions.close_session(session, counts={"50.00": 1}, by=administrator)
    sent = tickets(tonight, "5", "7", numbers=[1, 2])
    answer = send(sent)
    assert outcome(answer) == [("done", "")]
    late = TillSession.objects.get(pk=answer["late_session"])
    assert (late.late_for_id, late.cashier, late.is_open) == (session.pk, cashier, False)
    assert Sale.objects.get().session == late
    assert late.expected == Decimal("12.00")
    # Sent again: already done, no second late session.
    again = send(sent)
    assert outcome(again) == [("already_done", "")]
    assert again["late_session"] is None
    assert TillSession.objects.filter(late_for=session).count() == 1
    assert Sale.objects.count() == 1
