"""The public listings cost the same number of queries whatever the number of screenings,
with all they show: posters, each film's version, today marked, and the live answer that
says "last seats", "at the door only", "started" or "over" (the speed of the same pages
is measured by bench/pages.py)."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clef.tickets.booking import book

# Saturday 21 November 2026, noon in Paris: the cinema week runs from Wednesday 18 to
# Tuesday 24 November.
NOW = dt.datetime(2026, 11, 21, 11, 0, tzinfo=dt.UTC)
SAT, SUN, TUE = dt.date(2026, 11, 21), dt.date(2026, 11, 22), dt.date(2026, 11, 24)
POSTER = "posters/originals/drawn.png"  # a name: the listings only name the renditions


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def listing(venue, make_screening, make_film, small_room, paid_member):
    """Screenings of this week that each say something different: over, started, last
    seats, at the door only; ``grow()`` adds more of every kind."""
    venue.open_days = "0123456"
    venue.save()
    made = []

    def film(n):
        return make_film(f"Film {len(made)}-{n}", poster=POSTER, languages="wolof")

    def grow(times=1):
        for _ in range(times):
            made.append(make_screening(SAT, "09:00", films=[film(1)]))  # over
            made.append(make_screening(SAT, "11:30", films=[film(1)], room=small_room))  # on
            made.append(make_screening(SAT, "20:00", films=[film(1)], online_quota=5))  # last
            door_only = make_screening(SUN, "20:00", films=[film(1)], online_quota=1)
            book(door_only, user=paid_member, prices=["4"], method="door")
            made.append(door_only)
            # A programme of shorts, each with a poster.
            made.append(make_screening(TUE, "18:00", films=[film(n) for n in range(3)]))
        return made

    return grow


def queries_of(client, path):
    cache.clear()  # the page made, not read from the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries]


# The home page lists what has not ended yet: all but the screening that is over.
@pytest.mark.parametrize("path, shown", [("/en/", 4), ("/en/programme/", 5)])
def test_a_listing_costs_the_same_queries_for_five_screenings_or_twenty(
    client, listing, path, shown
):
    listing(1)
    page, few = queries_of(client, path)
    assert page.count('class="card-poster"') == shown
    assert page.count('class="card-version"') == shown + 2  # the shorts: three films
    listing(3)
    page, many = queries_of(client, path)
    assert page.count('class="card-poster"') == 4 * shown
    assert len(many) == len(few)
    # The live answer is asked once, for every screening listed.
    (asked,) = re.findall(r'hx-get="/en/seances/places/\?ids=([\d,]+)"', page)
    assert len(asked.split(",")) == 4 * shown


def test_the_programme_marks_today(client, listing):
    listing(1)
    page, _ = queries_of(client, "/en/programme/")
    assert page.count(" is-today") == 1
    assert page.count(" is-past") == 3  # Wednesday to Friday


def test_the_live_answer_costs_four_queries_for_five_screenings_or_twenty(client, listing):
    def answer(screenings):
        ids = ",".join(str(s.pk) for s in screenings)
        page, queries = queries_of(client, f"/en/seances/places/?ids={ids}")
        states = re.findall(r'class="tag tag-places is-(\w+)"', page)
        tables = [re.search(r'FROM "(\w+)"', sql).group(1) for sql in queries]
        return states, tables

    states, tables = answer(listing(1))
    assert states == ["over", "started", "last_seats", "door_only"]
    assert tables == [
        "programme_screening",
        "tickets_ticket",
        "tickets_seatblock",
        "tickets_waitinglistentry",
    ]
    states, many = answer(listing(3))
    assert sorted(states) == sorted(["over", "started", "last_seats", "door_only"] * 4)
    assert many == tables


def test_the_live_answer_says_how_many_last_seats_are_left(client, listing):
    screenings = listing(1)
    last = screenings[2]
    page, _ = queries_of(client, f"/en/seances/places/?ids={last.pk}")
    assert page == (
        f'<li id="places-{last.pk}" hx-swap-oob="true" class="tag tag-places is-last_seats">'
        "Last seats: 5 left online</li>\n\n"
    )
