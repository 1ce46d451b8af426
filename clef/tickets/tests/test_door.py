"""The door: the day's screenings, each with its figures and its check-in page (the box
office's door page, tested in ``boxoffice/tests/test_door_page.py``)."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from clef.programme.models import Screening
from clef.tickets.checkin import check_in
from clef.tickets.tests.pages import page

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
    text = page(response)
    today, _, next_days = text.partition('id="door-next"')
    titles = re.compile(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>')
    assert titles.findall(today) == ["Sunday afternoon", "Sunday evening"]
    assert titles.findall(next_days) == ["Monday", "A week on"]
    afternoon = Screening.objects.get(title="Sunday afternoon")
    assert en("boxoffice:door_check_in", afternoon.pk) in today
    assert en("tickets:screening_overview", afternoon.pk) in today


def test_the_door_shows_each_screenings_figures(client, on_sale, paid_ticket, held_ticket, cashier):
    check_in(on_sale, paid_ticket.code, by=cashier)
    client.force_login(cashier)
    response = client.get(en("tickets:door"))
    assert "1 in · 2 booked or sold · 120 seats" in page(response)
