"""Seats: the one place where a screening's seats are counted, taken and given back.

Whoever sells (online booking, the till, the door, the API) and whoever gives back
(a member cancelling, an unpaid booking released, a sale undone) calls this module, so
"no oversell" is written once: inside the caller's transaction, ``issue`` takes the
screening's lock, counts the seats, refuses past the online quota (online) or past the
room (the door), numbers the tickets and writes them. A ticket's status changes here
only, and a booking's state follows its tickets: a booking with no standing ticket is
cancelled (or released), a booking with nothing left to pay is confirmed, and no
confirmed booking keeps a ticket still to pay. Seats coming back are offered to the
waiting list's first in line, held for them (``waitinglist``).

Workshops count places (registrations), not tickets: they take the same lock and count
with ``places_left`` (a place still waiting for its guardian's address counts until its
time is up).

Money is the caller's business: this module never refunds nor takes a payment.
"""

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clef.lib.actions import log_action
from clef.lib.refusals import Refused
from clef.programme.models import Screening
from clef.tickets import blocks, waitinglist
from clef.tickets.counting import (  # noqa: F401 (the one count, asked as seats.count)
    Availability,
    count,
    count_many,
    count_with_key,
)
from clef.tickets.models import Booking, Registration, Ticket
from clef.venues.numbering import take_numbers

# The name of the tickets' number series in ``venues.NumberSeries`` (one per venue and
# local year).
TICKET_SERIES = "ticket"


class SeatsRefused(Refused):
    """Seats that cannot be taken or given back; ``code`` is stable, ``message`` is in
    the person's language."""


# --- the one lock and the one count ----------------------------------------------------
def lock(screening):
    """Hold the screening's row until the commit: it serialises everything that takes
    or counts its seats (PostgreSQL). SQLite has no row locks: its immediate
    transactions serialise every writer already, so there is nothing to ask for."""
    if not connection.features.has_select_for_update:
        return
    table = connection.ops.quote_name(Screening._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE", [screening.pk])
        if cursor.fetchone() is None:
            raise Screening.DoesNotExist("Screening matching query does not exist.")


def _lock_person(person_id):
    """Hold the person's user row until the commit (PostgreSQL; SQLite serialises every
    writer already). Taken after the screening's lock, never before. ``NO KEY``: it
    serialises the person's door bookings all the same, but leaves the share a commit
    takes of the rows it names (its deferred foreign keys): another of their bookings,
    holding the ticket numbers this one waits for, commits instead of waiting for it."""
    if not connection.features.has_select_for_update:
        return
    table = connection.ops.quote_name(get_user_model()._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR NO KEY UPDATE", [person_id])


def places_left(screening, now=None):
    """A workshop's places not given to a registered child (its online capacity). A
    place whose guardian did not confirm their address in time is free, before the
    timer has even written it down."""
    taken = (
        Registration.objects.holding_places(now or timezone.now())
        .filter(screening=screening)
        .count()
    )
    return max(0, screening.online_capacity - taken)


def refuse_if_short(seats, wanted, *, online):
    """Raise ``SeatsRefused`` when ``wanted`` seats are more than ``seats`` has left
    online (``online``) or in the room (the door)."""
    left = seats.online_left if online else seats.door_left
    if left >= wanted:
        return
    if online:
        if left == 0:
            raise SeatsRefused(
                "sold_out",
                _(
                    "No seats are left online. Join the waiting list, or come to the door: "
                    "some seats are kept for it."
                ),
            )
        raise SeatsRefused(
            "not_enough_seats",
            ngettext(
                "Only %(left)s seat is left online.", "Only %(left)s seats are left online.", left
            )
            % {"left": left},
        )
    if left == 0:
        raise SeatsRefused("sold_out", _("No seats are left in the room."))
    raise SeatsRefused(
        "not_enough_seats",
        ngettext(
            "Only %(left)s seat is left in the room.",
            "Only %(left)s seats are left in the room.",
            left,
        )
        % {"left": left},
    )


def refuse_past_person_limits(seats, wanted, *, venue, at_door):
    """Raise ``SeatsRefused`` when ``wanted`` more seats would take the person counted
    in ``seats`` past the seats one person may hold for a screening
    (``Venue.seats_per_person``) or, held to pay at the door (``at_door``), past the
    seats one person may hold unpaid across the coming screenings
    (``Venue.door_hold_seats_per_person``)."""
    held, limit = seats.person_seats, venue.seats_per_person
    if held + wanted > limit:
        if held:
            message = ngettext(
                "You already hold %(held)s seat for this screening, and one person may "
                "hold %(limit)s at most.",
                "You already hold %(held)s seats for this screening, and one person may "
                "hold %(limit)s at most.",
                held,
            )
        else:
            message = ngettext(
                "One person may hold %(limit)s seat at most for one screening.",
                "One person may hold %(limit)s seats at most for one screening.",
                limit,
            )
        raise SeatsRefused("person_limit", message % {"held": held, "limit": limit})
    if not at_door:
        return
    held, limit = seats.person_door_holds, venue.door_hold_seats_per_person
    if held + wanted > limit:
        if not limit:
            message = _("Paying at the door is not offered for bookings: pay online.")
        elif held:
            message = ngettext(
                "You already hold %(held)s seat to pay at the door for coming screenings, "
                "and one person may hold %(limit)s at most: pay online, or pay for the "
                "seats you hold first.",
                "You already hold %(held)s seats to pay at the door for coming screenings, "
                "and one person may hold %(limit)s at most: pay online, or pay for the "
                "seats you hold first.",
                held,
            )
        else:
            message = ngettext(
                "One person may hold %(limit)s seat at most to pay at the door: pay online.",
                "One person may hold %(limit)s seats at most to pay at the door: pay online.",
                limit,
            )
        raise SeatsRefused("door_hold_limit", message % {"held": held, "limit": limit})


# --- taking seats ------------------------------------------------------------------------
def issue(
    screening, prices, *, online, status, booking=None, venue=None, till_series="", numbers=None
):
    """Write one ticket per price in ``prices`` (Decimals, checked by the caller) for
    ``screening``, numbered in the venue's series of its local year (or, with
    ``till_series``, in that till's own series, the till's seat block counted as its
    own and taken from first), with ``status``. ``numbers`` (a till that sold offline:
    the numbers it printed) must be the series' next ones, consecutive, else the sale is
    refused (``numbers_mismatch``): a number is never given twice nor skipped.

    Inside the caller's transaction: takes the lock, counts, and raises ``SeatsRefused``
    when ``online`` and the online quota is short, or at the door when the room is; a
    ``booking`` made for a person is also refused past what one person may hold
    (``refuse_past_person_limits``), counted in the same query. A ``booking`` not saved
    yet is saved after the count, so that nothing pointing at the screening is written
    before its lock and a refusal writes nothing. Returns the tickets, in order.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("seats.issue() must run inside transaction.atomic()")
    venue = venue or screening.room.venue
    lock(screening)
    person = booking.person_id if booking is not None else None
    at_door = person is not None and booking.status == Booking.Status.HELD
    if at_door:
        # Seats held for the door are counted across screenings: the person's row
        # serialises their door bookings, whatever the screening.
        _lock_person(person)
    seats = count(screening, person=person, venue=venue, holder=till_series)
    refuse_if_short(seats, len(prices), online=online)
    if person is not None:
        refuse_past_person_limits(seats, len(prices), venue=venue, at_door=at_door)
    if booking is not None and booking.pk is None:
        booking.save(force_insert=True)
    series = venue.local_date().year
    if till_series:
        blocks.take_from(screening, till_series, len(prices))
    first = take_numbers(venue, series_name(till_series), series, len(prices))
    if numbers is not None and list(numbers) != list(range(first, first + len(prices))):
        raise SeatsRefused(
            "numbers_mismatch",
            _("The ticket numbers printed by the till are not the next ones of its series."),
        )
    return Ticket.objects.bulk_create(
        Ticket(
            venue=venue,
            screening=screening,
            booking=booking,
            series=series,
            till_series=till_series,
            number=first + i,
            price=price,
            status=status,
            online=online,
        )
        for i, price in enumerate(prices)
    )


def series_name(till_series=""):
    """The ``NumberSeries`` name of the venue's tickets, or of a till's own series."""
    return f"{TICKET_SERIES}-{till_series}" if till_series else TICKET_SERIES


# --- seats coming back -------------------------------------------------------------------
@transaction.atomic
def give_back(tickets, *, by=None, action, booking_status=None):
    """Cancel ``tickets`` (those not cancelled yet): their seats come back.

    Each booking they belong to follows its tickets: with no standing ticket it becomes
    ``booking_status`` (cancelled by default; released for an unpaid booking past its
    cut-off); held for the door with nothing left to pay, it is confirmed (its free
    tickets paid). Logs ``action``; once committed, the seats are offered to each
    screening's waiting list. Returns
    the tickets given back, each with its booking as it now stands. Refunds are the
    caller's.
    """
    # The bookings' rows, then the tickets': every writer takes them in this order.
    bookings = _lock_bookings({t.booking_id for t in tickets if t.booking_id})
    given = list(
        Ticket.objects.select_for_update()
        .filter(pk__in=[t.pk for t in tickets])
        .exclude(status=Ticket.Status.CANCELLED)
        .order_by("pk")
    )
    if not given:
        return []
    now = timezone.now()
    Ticket.objects.filter(pk__in=[t.pk for t in given]).update(
        status=Ticket.Status.CANCELLED, cancelled_at=now
    )
    for ticket in given:
        ticket.status, ticket.cancelled_at = Ticket.Status.CANCELLED, now
        if ticket.booking_id:
            ticket.booking = bookings[ticket.booking_id]
    _follow(bookings, emptied=booking_status or Booking.Status.CANCELLED)
    log_action(
        action,
        by=by,
        tickets=",".join(str(t) for t in given),
        bookings=",".join(sorted(b.code for b in bookings.values())),
    )
    waitinglist.offer_after_commit({t.screening_id for t in given})
    return given


def undo_sale_of(tickets, *, by=None):
    """Undoing or refunding tickets sold at the till (they have no booking): they are
    cancelled, their seats come back, offered to the waiting list. Refunds are the
    caller's."""
    if any(t.booking_id for t in tickets):
        raise ValueError("undo_sale_of() takes tickets sold at the till, without a booking")
    return give_back(tickets, by=by, action="tickets.ticket.sale_undone")


def _lock_bookings(booking_ids):
    return {
        b.pk: b
        for b in Booking.objects.select_for_update().filter(pk__in=booking_ids).order_by("pk")
    }


def _follow(bookings, *, emptied):
    """Each booking's state from its tickets' (rows locked by the caller)."""
    standing = {}
    for booking_id, status, price in (
        Ticket.objects.filter(booking_id__in=bookings)
        .exclude(status=Ticket.Status.CANCELLED)
        .values_list("booking_id", "status", "price")
    ):
        standing.setdefault(booking_id, []).append((status, price))
    for booking in bookings.values():
        left = standing.get(booking.pk, [])
        if not left:
            if booking.status in Booking.ACTIVE:
                _set(booking, emptied)
        elif booking.status == Booking.Status.HELD and not any(
            price for status, price in left if status == Ticket.Status.BOOKED
        ):
            # Nothing is left to pay at the door (the tickets left are free, paid or in):
            # the booking stands on its own.
            Ticket.objects.filter(booking=booking, status=Ticket.Status.BOOKED).update(
                status=Ticket.Status.PAID
            )
            _set(booking, Booking.Status.CONFIRMED)


def _set(booking, status):
    booking.status = status
    booking.save(update_fields=["status", "updated_at"])


# --- paying and letting in ---------------------------------------------------------------
@transaction.atomic
def settle(tickets, *, by=None):
    """The tickets still to pay among ``tickets`` are paid (an online payment came
    through); a booking none of whose tickets is still to pay is confirmed. Returns the
    bookings confirmed."""
    bookings = _lock_bookings({t.booking_id for t in tickets if t.booking_id})
    paid = list(
        Ticket.objects.select_for_update()
        .filter(pk__in=[t.pk for t in tickets], status=Ticket.Status.BOOKED)
        .order_by("pk")
    )
    Ticket.objects.filter(pk__in=[t.pk for t in paid]).update(status=Ticket.Status.PAID)
    for ticket in tickets:
        if ticket.pk in {t.pk for t in paid}:
            ticket.status = Ticket.Status.PAID
    still_booked = set(
        Ticket.objects.filter(booking_id__in=bookings, status=Ticket.Status.BOOKED).values_list(
            "booking_id", flat=True
        )
    )
    confirmed = [
        booking
        for booking in bookings.values()
        if booking.pk not in still_booked
        and booking.status in (Booking.Status.AWAITING_PAYMENT, Booking.Status.HELD)
    ]
    for booking in confirmed:
        _set(booking, Booking.Status.CONFIRMED)
    if paid:
        log_action("tickets.ticket.paid", by=by, tickets=",".join(str(t) for t in paid))
    return confirmed


@transaction.atomic
def let_in(ticket, *, by=None):
    """The ticket enters (checked in now). A booking held for the door with no ticket
    left to pay is confirmed. Whether it may enter (paid, or its money taken) is the
    caller's check."""
    now = timezone.now()
    Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.CHECKED_IN, checked_in_at=now)
    ticket.status, ticket.checked_in_at = Ticket.Status.CHECKED_IN, now
    booking = ticket.booking
    if (
        booking is not None
        and booking.status == Booking.Status.HELD
        and not booking.tickets.filter(status=Ticket.Status.BOOKED).exists()
    ):
        _set(booking, Booking.Status.CONFIRMED)
    log_action(
        "tickets.ticket.checked_in", by=by, ticket=str(ticket), screening=ticket.screening_id
    )
    return ticket


@transaction.atomic
def undo_let_in(ticket, *, by=None):
    """Undo a door collection: the ticket is booked again, still to pay (not in), and
    its booking is held for the door again, so its cut-off applies once more
    (``clef release_bookings`` may release it). The seat stays taken: the waiting list
    is not told."""
    bookings = _lock_bookings([ticket.booking_id] if ticket.booking_id else [])
    locked = Ticket.objects.select_for_update().filter(pk=ticket.pk).first()
    if locked is None or locked.status != Ticket.Status.CHECKED_IN:
        raise SeatsRefused("not_let_in", _("This ticket was not let in: there is nothing to undo."))
    Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.BOOKED, checked_in_at=None)
    ticket.status, ticket.checked_in_at = Ticket.Status.BOOKED, None
    for booking in bookings.values():
        if booking.status == Booking.Status.CONFIRMED:
            _set(booking, Booking.Status.HELD)
        ticket.booking = booking
    log_action("tickets.ticket.let_in_undone", by=by, ticket=str(ticket))
    return ticket
