"""What the programme's listings say of each screening's seats, loaded after the cached
page: sold out, at the door only, last seats, started, over; in two queries whatever the
number of screenings."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clef.programme.models import Screening
from clef.tickets.booking import book
from clef.tickets.models import WaitingListEntry
from clef.tickets.seats import count_many
from clef.venues.models import Room


def places(client, *screenings, language="en"):
    ids = ",".join(str(s.pk) for s in screenings)
    response = client.get(f"/{language}/seances/places/?ids={ids}")
    assert response.status_code == 200
    return response.content.decode()


def tag(screening, text, state):
    return (
        f'<li id="places-{screening.pk}" hx-swap-oob="true" class="tag tag-places '
        f'is-{state}">{text}</li>'
    )


@pytest.fixture
def day(venue):
    return venue.local_date() + dt.timedelta(days=3)


def test_a_screening_with_seats_enough_says_nothing(client, on_sale):
    assert "places-" not in places(client, on_sale)


def test_the_last_seats_are_counted_online(client, make_screening, paid_member, day):
    screening = make_screening(day, "18:00", online_quota=12)
    book(screening, user=paid_member, prices=["4", "4"], method="door")
    assert tag(screening, "Last seats: 10 left online", "last_seats") in places(client, screening)


def test_sold_out_online_says_the_door_still_sells(client, make_screening, paid_member, day):
    screening = make_screening(day, "18:00", online_quota=1)
    book(screening, user=paid_member, prices=["4"], method="door")
    assert tag(screening, "Sold out online: at the door only", "door_only") in places(
        client, screening
    )


def test_a_full_room_is_sold_out(client, make_screening, make_member, venue, day):
    tiny = Room.objects.create(venue=venue, name="Cabine", seats=2, position=9)
    screening = make_screening(day, "18:00", room=tiny, online_quota=2)
    book(screening, user=make_member("ana"), prices=["4", "4"], method="door")
    assert tag(screening, "Sold out", "sold_out") in places(client, screening)
    french = client.get(f"/seances/places/?ids={screening.pk}").content.decode()
    assert tag(screening, "Complet", "sold_out") in french


def test_the_server_keeps_an_answer_five_seconds_then_counts_again(
    client, make_screening, make_member, day, time_machine, settings
):
    screening = make_screening(day, "18:00", online_quota=1)
    last = tag(screening, "Last seats: 1 left online", "last_seats")
    door_only = tag(screening, "Sold out online: at the door only", "door_only")
    time_machine.move_to(timezone.now(), tick=False)
    assert last in places(client, screening)
    book(screening, user=make_member("ana"), prices=["4"], method="door")
    # The same answer for a few seconds (the server's, never the browser's)...
    time_machine.shift(dt.timedelta(seconds=4))
    response = client.get(f"/en/seances/places/?ids={screening.pk}")
    assert last in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    # ...then the count again.
    time_machine.shift(dt.timedelta(seconds=2))
    assert door_only in places(client, screening)
    # Kept for no time at all, it is counted at every request.
    settings.CLEF_LISTING_PLACES_SECONDS = 0
    other = make_screening(day, "21:00", online_quota=1)
    assert tag(other, "Last seats: 1 left online", "last_seats") in places(client, other)
    book(other, user=make_member("bo"), prices=["4"], method="door")
    assert tag(other, "Sold out online: at the door only", "door_only") in places(client, other)


def test_started_and_over_are_said_live(client, make_screening, venue):
    today = venue.local_date()
    screening = make_screening(today + dt.timedelta(days=1), "18:00")
    with time_machine.travel(screening.starts_at + dt.timedelta(minutes=5)):
        assert tag(screening, "Started", "started") in places(client, screening)
    with time_machine.travel(screening.ends_at + dt.timedelta(minutes=5)):
        assert tag(screening, "Over", "over") in places(client, screening)


def test_cancelled_and_draft_screenings_say_nothing_and_odd_ids_are_ignored(
    client, make_screening, day
):
    cancelled = make_screening(day, "18:00", status=Screening.Status.CANCELLED)
    draft = make_screening(day, "21:00", status=Screening.Status.DRAFT)
    assert "places-" not in places(client, cancelled, draft)
    for odd in ("", "x", "٣", "9" * 30, ",".join(["1"] * 5000)):
        assert client.get("/seances/places/", {"ids": odd}).status_code == 200


def test_the_seats_of_many_screenings_are_counted_in_three_queries(
    make_screening, paid_member, day
):
    screenings = [make_screening(day, f"{10 + i}:00", online_quota=20) for i in range(8)]
    book(screenings[3], user=paid_member, prices=["4", "4", "4"], method="door")
    # A seat held for the first in line of a waiting list counts as taken on a listing.
    WaitingListEntry.objects.create(
        screening=screenings[5],
        email="ana@example.org",
        offered_at=timezone.now(),
        offer_ends_at=timezone.now() + dt.timedelta(hours=1),
    )
    with CaptureQueriesContext(connection) as queries:
        counted = count_many(screenings)
    assert len(queries) == 3
    assert [counted[s.pk].online_left for s in screenings] == [20, 20, 20, 17, 20, 19, 20, 20]
