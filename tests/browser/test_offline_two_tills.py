"""Two tills offline at once on the same screening, each with its cashier and its own
series: each sells its block and no more while online bookings and the door sell the
rest; back online, both are sent, the room is full and never beyond, each series has no
gap and the journal verifies."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from clef.boxoffice import sessions
from clef.boxoffice.models import OfflineConflict, Sale, Till
from clef.tickets import seats
from clef.tickets.models import Ticket
from tests.browser.conftest import sign_in
from tests.browser.test_offline_till import sell, until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tonight(make_screening, venue):
    venue.till_block_percent = 25
    venue.save(update_fields=["till_block_percent"])
    start = timezone.localtime(timezone.now() + dt.timedelta(minutes=30), venue.zone)
    return make_screening(start.date(), start.strftime("%H:%M"))


def issue(screening, count, *, online):
    with transaction.atomic():
        return seats.issue(
            screening, [Decimal("6")] * count, online=online, status=Ticket.Status.PAID
        )


def open_till(open_page, live_server, till, user, screening):
    session = sessions.open_session(till, cashier=user, opening_float="20")
    page = open_page(locale="en-GB")
    sign_in(page.context, live_server, user)
    with translation.override("en"):
        page.goto(reverse("boxoffice:till", args=[till.pk]))
    state = f"JSON.parse(localStorage.getItem('clef-till-{session.pk}') || '{{}}')"
    until(page, f"() => !!({state}.blocks || {{}})[{screening.pk}]")
    return page, session


def test_two_tills_offline_at_once_never_sell_beyond_the_room(
    open_page, live_server, venue, tonight, cashier, other_cashier
):
    # 120 seats, 84 for online booking, 80 of them booked: 40 unsold, 4 still online's.
    issue(tonight, 80, online=True)
    hall = Till.objects.create(venue=venue, name="Hall", ticket_series="T1")
    bar = Till.objects.create(venue=venue, name="Bar", ticket_series="T2")
    one, first = open_till(open_page, live_server, hall, cashier, tonight)
    two, second = open_till(open_page, live_server, bar, other_cashier, tonight)
    # Each till holds a quarter of the 40 unsold seats.
    with transaction.atomic():
        left = seats.count(tonight)
    assert (left.blocked, left.door_left, left.online_left) == (20, 20, 4)

    one.context.set_offline(True)
    two.context.set_offline(True)
    sell(one, tonight, "5 5 5 5")
    sell(two, tonight, "4 4 4 4 4")
    sell(one, tonight, "3 3 3")
    # Meanwhile the last online seats are booked and the door sells every seat left.
    issue(tonight, 4, online=True)
    issue(tonight, 16, online=False)
    with pytest.raises(seats.SeatsRefused):
        issue(tonight, 1, online=False)
    sell(two, tonight, "0 0 0 0 0")
    sell(one, tonight, "7 7 7")
    expect(one.locator("[data-offline-status]")).to_contain_text(
        "3 sales to send — 0 seats left in your block"
    )
    expect(two.locator("[data-offline-status]")).to_contain_text(
        "2 sales to send — 0 seats left in your block"
    )
    sell(one, tonight, "5")
    expect(one.locator("[data-offline-message]")).to_contain_text(
        "Every seat of your block for this screening is sold"
    )
    year = venue.local_date().year
    expect(two.locator("[data-offline-message]")).to_contain_text(
        f"Tickets: T2-{year}-000006, T2-{year}-000007, T2-{year}-000008, "
        f"T2-{year}-000009, T2-{year}-000010"
    )

    one.context.set_offline(False)
    two.context.set_offline(False)
    expect(one.locator("[data-offline-status]")).to_be_hidden()
    expect(two.locator("[data-offline-status]")).to_be_hidden()
    assert Sale.objects.filter(session=first).count() == 3
    assert Sale.objects.filter(session=second).count() == 2
    assert not OfflineConflict.objects.exists()
    assert Ticket.objects.filter(screening=tonight, status__in=Ticket.SEATED).count() == 120
    for series in ("T1", "T2"):
        numbers = Ticket.objects.filter(till_series=series).order_by("number")
        assert list(numbers.values_list("number", flat=True)) == list(range(1, 11))
    out = io.StringIO()
    call_command("journal", "verify", stdout=out)
    assert "OK" in out.getvalue().splitlines()[0]
