"""Reads of the tickets shared by the door's pages: a screening's figures, in one query,
and the screenings the door works on."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from clef.lib.timezones import local_day_bounds
from clef.programme.models import Screening
from clef.tickets.models import Booking, Ticket


@dataclass(frozen=True)
class ScreeningCounts:
    """Where a screening's seats are. A ticket to pay at the door holds its seat until it
    is paid or released; a cancelled one holds none."""

    seats: int
    online_capacity: int
    booked_online: int  # tickets sold or booked online that hold a seat (held ones included)
    held: int  # booked online, to pay at the door
    awaiting_payment: int  # booked online, the online payment not finished yet
    sold_at_door: int
    checked_in: int
    cancelled: int
    takings: Decimal  # what the tickets paid for brought in

    @property
    def taken(self):
        return self.booked_online + self.sold_at_door

    @property
    def online_left(self):
        return max(0, min(self.online_capacity - self.booked_online, self.seats - self.taken))

    @property
    def left(self):
        """Seats nobody holds, the ones kept for the door included: what the door can
        still sell."""
        return max(0, self.seats - self.taken)


def screening_counts(screening):
    """The figures of one screening, in one aggregate query over its tickets."""
    seated = Q(status__in=Ticket.SEATED)
    booked = Q(status=Ticket.Status.BOOKED, online=True)
    figures = Ticket.objects.filter(screening=screening).aggregate(
        booked_online=Count("pk", filter=seated & Q(online=True)),
        held=Count("pk", filter=booked & Q(booking__status=Booking.Status.HELD)),
        awaiting_payment=Count(
            "pk", filter=booked & Q(booking__status=Booking.Status.AWAITING_PAYMENT)
        ),
        sold_at_door=Count("pk", filter=seated & Q(online=False)),
        checked_in=Count("pk", filter=Q(status=Ticket.Status.CHECKED_IN)),
        cancelled=Count("pk", filter=Q(status=Ticket.Status.CANCELLED)),
        takings=Coalesce(
            Sum("price", filter=Q(status__in=Ticket.COUNTED)),
            Value(Decimal("0.00")),
            output_field=DecimalField(max_digits=9, decimal_places=2),
        ),
    )
    return ScreeningCounts(
        seats=screening.room.seats,
        online_capacity=screening.online_capacity,
        takings=Decimal(figures.pop("takings")).quantize(Decimal("0.01")),
        **figures,
    )


def door_screenings(venue, *, now, days=7):
    """The screenings of the venue's local day of ``now`` and of the ``days`` days after it,
    each with its tickets that hold a seat (``taken``) and those already in
    (``checked_in``), in a fixed number of queries."""
    today = venue.local_date(now)
    start, _ = local_day_bounds(today, venue.timezone)
    _, end = local_day_bounds(today + dt.timedelta(days=days), venue.timezone)
    return (
        Screening.objects.filter(
            room__venue=venue,
            starts_at__gte=start,
            starts_at__lt=end,
            status__in=[Screening.Status.PUBLISHED, Screening.Status.CANCELLED],
        )
        .with_listing()
        .annotate(
            taken=Count("tickets", filter=Q(tickets__status__in=Ticket.SEATED)),
            checked_in=Count("tickets", filter=Q(tickets__status=Ticket.Status.CHECKED_IN)),
        )
        .order_by("starts_at", "room__position")
    )


def bookings_of(screening):
    """A screening's bookings, newest first, each with its person and its tickets."""
    return (
        Booking.objects.filter(screening=screening)
        .select_related("person", "payment")
        .prefetch_related("tickets")
        .order_by("-created_at", "-pk")
    )
