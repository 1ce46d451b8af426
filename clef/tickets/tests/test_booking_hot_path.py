"""The booking service's plain-cursor reads answer as the ORM's queries they stand for."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from clef.members.models import Membership
from clef.tickets.booking import _is_member, book
from clef.venues.models import Venue


def _membership(venue, person, status, starts, ends):
    return Membership.objects.create(
        venue=venue,
        person=person,
        status=status,
        number=None,
        season=starts.year,
        amount=Decimal("10.00"),
        starts_on=starts,
        ends_on=ends,
        paid_at=timezone.now() if status == Membership.Status.PAID else None,
    )


@pytest.mark.parametrize("status", list(Membership.Status))
@pytest.mark.parametrize(
    ("starts", "ends"),
    [(-30, 30), (0, 0), (0, 30), (-30, 0), (1, 30), (-30, -1)],
)
def test_the_membership_check_agrees_with_valid_on(on_sale, member, status, starts, ends):
    day = on_sale.local_start.date()
    venue = on_sale.room.venue
    _membership(
        venue,
        member,
        status,
        day + dt.timedelta(days=starts),
        day + dt.timedelta(days=ends),
    )
    elsewhere = Venue.objects.create(slug="ailleurs", name="Ailleurs", timezone="Europe/Paris")
    expected = Membership.objects.valid_on(day).filter(person=member, venue=venue).exists()

    assert _is_member(member, venue, on_sale) is expected
    assert _is_member(member, elsewhere, on_sale) is False


def test_a_new_booking_carries_the_tickets_it_wrote(on_sale, paid_member):
    booking, created = book(on_sale, user=paid_member, prices=["5", "0"], idempotency_key="k")

    assert created
    assert booking.written_tickets == list(booking.tickets.order_by("number"))
    assert [t.price for t in booking.written_tickets] == [Decimal("5.00"), Decimal("0.00")]

    again, created = book(on_sale, user=paid_member, prices=["5", "0"], idempotency_key="k")
    assert (again, created) == (booking, False)
