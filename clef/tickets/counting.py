"""The one count of a screening's seats: taken, sold online, held by the tills
(``SeatBlock``), held for the waiting list's first in line, and what one person holds,
in one query on a plain cursor (``count``, ``count_with_key``), or for a listing's many
screenings in three (``count_many``). ``seats`` takes the lock around it and re-exports
it: callers ask ``seats.count``."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils import timezone

from clef.programme.models import Screening
from clef.tickets.models import Booking, SeatBlock, Ticket, WaitingListEntry


@dataclass(frozen=True)
class Availability:
    seats: int
    taken: int
    online_capacity: int
    online_taken: int
    # What the person counted with (``count(..., person=)``) holds, else None: their
    # seats for this screening, and their seats held to pay at the door across the
    # venue's coming screenings.
    person_seats: int | None = None
    person_door_holds: int | None = None
    # Seats the tills hold to sell offline (``tickets.blocks``), but the counting till's.
    blocked: int = 0
    # Seats held for the waiting list's first in line (``tickets.waitinglist``), but the
    # counting person's own.
    offered: int = 0
    # The counting person's places on this screening's waiting list not booked yet (0 or
    # 1): a booking takes them off the line, with no query when there are none.
    waiting: int = 0

    @property
    def online_left(self):
        return max(
            0,
            min(
                self.online_capacity - self.online_taken - self.offered,
                self.seats - self.taken - self.blocked - self.offered,
            ),
        )

    @property
    def door_left(self):
        """Seats not sold at all yet nor held by another till or for the waiting list, the
        ones kept for the door included."""
        return max(0, self.seats - self.taken - self.blocked - self.offered)

    @property
    def sold_out_online(self):
        return self.online_left == 0


_TAKEN = (
    "COUNT(*), COUNT(*) FILTER (WHERE online), "
    "(SELECT COALESCE(SUM(seats), 0) FROM {blocks} "
    "WHERE screening_id = %s AND released_at IS NULL AND holder <> %s), "
    "(SELECT COUNT(*) FROM {waiting} WHERE screening_id = %s AND offer_ends_at > %s "
    "AND booked_at IS NULL AND (person_id IS NULL OR person_id <> %s)), "
    "(SELECT COUNT(*) FROM {waiting} WHERE screening_id = %s AND booked_at IS NULL "
    "AND person_id = %s) "
    "FROM {tickets} WHERE screening_id = %s AND status IN (%s, %s, %s)"
)


def _taken_params(screening, *, holder, moment, offered_to):
    """The parameters of ``_TAKEN``, in order."""
    return [
        screening.pk,
        holder,
        screening.pk,
        moment,
        offered_to or 0,
        screening.pk,
        offered_to or 0,
        screening.pk,
    ]


def _tables():
    return {
        "tickets": Ticket._meta.db_table,
        "bookings": Booking._meta.db_table,
        "screenings": Screening._meta.db_table,
        "blocks": SeatBlock._meta.db_table,
        "waiting": WaitingListEntry._meta.db_table,
    }


# The seats one person holds for one screening, across all their bookings.
_MINE = (
    "(SELECT COUNT(*) FROM {tickets} t JOIN {bookings} b ON b.id = t.booking_id "
    "WHERE b.person_id = %s AND b.screening_id = %s AND t.status IN (%s, %s, %s))"
)
# The seats one person holds to pay at the door, across the venue's coming screenings.
_AT_DOOR = (
    "(SELECT COUNT(*) FROM {tickets} t JOIN {bookings} b ON b.id = t.booking_id "
    "JOIN {screenings} s ON s.id = b.screening_id "
    "WHERE b.person_id = %s AND b.venue_id = %s AND b.status = %s AND t.status = %s "
    "AND s.starts_at > %s)"
)


def count(screening, *, person=None, venue=None, now=None, holder="", offered_to=None):
    """Seats taken and left for one screening, in one query: on a plain cursor, because
    it runs once or twice in every booking request and the ORM costs far more than the
    query itself. With ``person`` (a user or their id), the same query also counts what
    they hold (``Availability.person_seats`` and ``person_door_holds``). The seats the
    tills hold (``SeatBlock``) are taken too, but those of ``holder`` (a till's
    series), which sells from its own block; and the seats held for the waiting list's
    first in line, but the one held for ``person`` (or ``offered_to``, a user's id,
    when their own holdings are not asked)."""
    tables = _tables()
    person_id = getattr(person, "pk", person)
    moment = connection.ops.adapt_datetimefield_value(now or timezone.now())
    sql = "SELECT " + _TAKEN.format(**tables)
    params = [
        *_taken_params(screening, holder=holder, moment=moment, offered_to=person_id or offered_to),
        *Ticket.SEATED,
    ]
    if person_id is not None:
        venue = venue or screening.room.venue
        sql = f"SELECT {_MINE.format(**tables)}, {_AT_DOOR.format(**tables)}, " + _TAKEN.format(
            **tables
        )
        params = [
            person_id,
            screening.pk,
            *Ticket.SEATED,
            person_id,
            venue.pk,
            Booking.Status.HELD,
            Ticket.Status.BOOKED,
            moment,
            *params,
        ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if person_id is None:
        taken, online, blocked, offered, waiting = row
        return _availability(
            screening, taken, online, blocked=blocked, offered=offered, waiting=waiting
        )
    mine, at_door, taken, online, blocked, offered, waiting = row
    return _availability(
        screening, taken, online, mine, at_door, blocked=blocked, offered=offered, waiting=waiting
    )


def count_with_key(screening, *, person, key):
    """``(id of the booking ``person`` made with the idempotency ``key`` or None,
    Availability)`` in the one query of ``count``: a booking request that brings a key
    asks both, and most are refused as sold out, with nothing else read."""
    moment = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT id FROM {Booking._meta.db_table} "
            "WHERE person_id = %s AND idempotency_key = %s), " + _TAKEN.format(**_tables()),
            [
                person.pk,
                key,
                *_taken_params(screening, holder="", moment=moment, offered_to=person.pk),
                *Ticket.SEATED,
            ],
        )
        replay, taken, online, blocked, offered, waiting = cursor.fetchone()
    return replay, _availability(
        screening, taken, online, blocked=blocked, offered=offered, waiting=waiting
    )


def _availability(
    screening, taken, online, mine=None, at_door=None, *, blocked=0, offered=0, waiting=0
):
    return Availability(
        seats=screening.room.seats,
        taken=taken,
        online_capacity=screening.online_capacity,
        online_taken=online or 0,
        person_seats=mine,
        person_door_holds=at_door,
        blocked=blocked or 0,
        offered=offered or 0,
        waiting=waiting or 0,
    )


def count_many(screenings, now=None):
    """``{screening id: Availability}`` for a listing's screenings, in three queries
    whatever their number (the seats sold, the seats the tills hold, the seats held for
    the waiting lists): what the programme shows as "sold out" or "last seats". No lock
    and no person: a listing only informs; booking counts again with ``count``."""
    by_id = {screening.pk: screening for screening in screenings}
    sold = {
        row["screening_id"]: row
        for row in Ticket.objects.filter(screening_id__in=by_id, status__in=Ticket.SEATED)
        .values("screening_id")
        .annotate(taken=Count("pk"), online=Count("pk", filter=Q(online=True)))
    }
    held = dict(
        SeatBlock.objects.filter(screening_id__in=by_id, released_at__isnull=True)
        .values("screening_id")
        .annotate(seats=Sum("seats"))
        .values_list("screening_id", "seats")
    )
    offered = dict(
        WaitingListEntry.objects.holding_seats(now or timezone.now())
        .filter(screening_id__in=by_id)
        .values("screening_id")
        .annotate(seats=Count("pk"))
        .values_list("screening_id", "seats")
    )
    return {
        pk: _availability(
            screening,
            sold.get(pk, {}).get("taken", 0),
            sold.get(pk, {}).get("online", 0),
            blocked=held.get(pk, 0),
            offered=offered.get(pk, 0),
        )
        for pk, screening in by_id.items()
    }
