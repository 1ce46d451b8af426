"""The seat held for the waiting list's first in line, raced for: members booking it at
the same instant as its holder, and everything that touches a waiting list at once
(a seat given back, the holder booking, the timer, someone joining, someone leaving)
without a deadlock nor a seat sold twice."""

import datetime as dt
import threading
import time
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from clef.programme.models import Screening
from clef.tickets import seats, waitinglist
from clef.tickets.booking import BookingRefused, book, cancel_ticket
from clef.tickets.models import Ticket, WaitingListEntry
from tests.concurrency.conftest import at_once

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def _caught(act):
    """``act`` whose exception is returned, not raised: ``at_once`` aborts its barrier on
    an exception, and a refusal that comes fast breaks the threads still leaving it."""

    def run(fetched):
        try:
            return ("ok", act(fetched))
        except Exception as error:
            return ("raised", error)

    return run


def _outcome(kind, value):
    if kind == "ok":
        return "ok"
    if isinstance(value, BookingRefused):
        return value.code
    return repr(value)


def _fetch(screening_pk, user_pk):
    screening = Screening.objects.select_related("room__venue").get(pk=screening_pk)
    return screening, get_user_model().objects.get(pk=user_pk)


@pytest.fixture
def held(make_screening, venue, make_member):
    """Two seats online, booked by Ahmed; Ana, Bo and Cy wait; one seat given back is held
    for Ana (the offer made once the cancellation is committed)."""
    screening = make_screening(venue.local_date() + dt.timedelta(days=5), online_quota=2)
    booking, _ = book(screening, user=make_member("ahmed"), prices=["5", "5"])
    people = [make_member(name) for name in ("ana", "bo", "cy")]
    for person in people:
        waitinglist.join(screening, email=person.email, user=person)
    cancel_ticket(booking.tickets.order_by("number").first(), by=booking.person)
    assert WaitingListEntry.objects.get(person=people[0]).state() == "offered"
    return screening, booking, people


def test_the_holder_and_five_others_booking_at_once_the_holder_gets_the_seat(held, make_member):
    screening, _booking, (ana, bo, cy) = held
    rushing = [ana, bo, cy, *(make_member(f"rush{i}") for i in range(3))]

    results = at_once(
        len(rushing),
        lambda i: _fetch(screening.pk, rushing[i].pk),
        _caught(lambda fetched: book(fetched[0], user=fetched[1], prices=["5"])),
    )

    outcomes = [_outcome(*value) for _kind, value in results]
    assert outcomes[0] == "ok", results
    assert Counter(outcomes[1:]) == {"sold_out": 5}
    assert Ticket.objects.filter(screening=screening, status__in=Ticket.SEATED).count() == 2
    assert WaitingListEntry.objects.get(person=ana).state() == "booked"


def test_everything_that_touches_a_waiting_list_at_once_ends_without_a_deadlock(held, make_member):
    screening, booking, (ana, bo, cy) = held
    dan = make_member("dan")
    last_ticket = booking.tickets.exclude(status=Ticket.Status.CANCELLED).get()
    acts = [
        lambda s, u: book(s, user=u, prices=["5"]),  # Ana takes her seat
        lambda s, u: cancel_ticket(Ticket.objects.get(pk=last_ticket.pk), by=u),  # Ahmed
        lambda s, u: waitinglist.pass_on(),  # the timer
        lambda s, u: waitinglist.join(s, email=u.email, user=u),  # Dan joins
        lambda s, u: waitinglist.leave(WaitingListEntry.objects.get(person=u), by=u),  # Cy
        lambda s, u: book(s, user=u, prices=["5"]),  # Bo, not offered yet
    ]
    users = [ana, booking.person, ana, dan, cy, bo]

    results = at_once(
        len(acts),
        lambda i: (i, *_fetch(screening.pk, users[i].pk)),
        _caught(lambda fetched: acts[fetched[0]](fetched[1], fetched[2])),
    )

    outcomes = [_outcome(*value) for _kind, value in results]
    # Nothing failed but Bo, who may find his seat held for him or not yet.
    assert outcomes[:5] == ["ok"] * 5, outcomes
    assert outcomes[5] in ("ok", "sold_out"), outcomes
    seated = Ticket.objects.filter(screening=screening, status__in=Ticket.SEATED)
    assert seated.filter(booking__person=ana).count() == 1
    # Never more than the two seats online, the held ones included.
    held_now = WaitingListEntry.objects.filter(
        screening=screening, offered_at__isnull=False, booked_at=None
    ).count()
    assert seated.count() + held_now <= 2
    # Ahmed's seat came back: either Bo booked it or it is held for him; Cy left, Dan waits.
    bo_entry = WaitingListEntry.objects.get(person=bo)
    assert bo_entry.state() in ("booked", "offered")
    assert seated.count() + held_now == 2
    assert not WaitingListEntry.objects.filter(person=cy).exists()
    assert WaitingListEntry.objects.get(person=dan).state() == "waiting"


def test_a_member_booking_two_screenings_at_once_one_at_the_door_never_deadlocks(
    make_screening, venue, make_member, monkeypatch
):
    """A door booking holds its screening, then the person's row (their seats held for
    the door, across screenings), then the venue's ticket numbers. Another booking of
    the same person, paid online for another screening, holds the numbers until its
    commit, where PostgreSQL checks the rows it wrote name the person (a share of the
    person's row): were the person's row held for update, each would wait for the
    other. Paused here at the worst moment."""
    if not connection.features.has_select_for_update:
        pytest.skip("SQLite serialises every writer: there are no row locks to cross")
    day = venue.local_date() + dt.timedelta(days=5)
    door, online = make_screening(day, "18:00"), make_screening(day, "21:00")
    member = make_member("twotabs")
    numbered = threading.Event()
    real_booked, real_lock_person = waitinglist.booked, seats._lock_person

    def booked(screening, person, now=None):
        real_booked(screening, person, now)
        if screening.pk == online.pk:
            numbered.set()  # the online booking holds the numbers until its commit
            time.sleep(0.5)  # meanwhile the door booking holds the person's row

    def lock_person(person_id):
        numbered.wait(timeout=5)
        real_lock_person(person_id)

    monkeypatch.setattr(waitinglist, "booked", booked)
    monkeypatch.setattr(seats, "_lock_person", lock_person)
    asked = [(door, "door"), (online, "test")]

    results = at_once(
        2,
        lambda i: (asked[i][1], *_fetch(asked[i][0].pk, member.pk)),
        _caught(lambda f: book(f[1], user=f[2], prices=["5"], method=f[0])),
    )

    assert [_outcome(*value) for _kind, value in results] == ["ok", "ok"], results
    assert Ticket.objects.filter(booking__person=member).count() == 2
