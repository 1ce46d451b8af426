"""Booking online: seats at the price each spectator chooses, within the online quota.

The story: check the screening and the prices, take the screening's lock, count the
seats, number the tickets, write, log, and tell the member after the commit. Seats come
back when a member cancels, when an online payment fails or times out, and when a
booking to pay at the door is not paid by its cut-off; the waiting list is then told.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.lib.mail import send_mail
from clef.lib.money import format_euros, in_cents
from clef.members.models import Membership
from clef.payments import services as payments
from clef.payments.methods import get_method
from clef.programme.models import Screening, ScreeningFilm
from clef.tickets import waitinglist
from clef.tickets.models import Booking, Ticket
from clef.venues.models import Venue
from clef.venues.numbering import take_numbers

TICKET_SERIES = "ticket"
SCREENING_FILMS = Prefetch(
    "screening_films", queryset=ScreeningFilm.objects.select_related("film").order_by("position")
)


class BookingRefused(Exception):
    """A booking that cannot be made or changed; ``code`` is stable (the API returns it),
    ``message`` is in the person's language."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Availability:
    seats: int
    taken: int
    online_capacity: int
    online_taken: int

    @property
    def online_left(self):
        return max(0, min(self.online_capacity - self.online_taken, self.seats - self.taken))

    @property
    def door_left(self):
        """Seats not sold at all yet, the ones kept for the door included."""
        return max(0, self.seats - self.taken)

    @property
    def sold_out_online(self):
        return self.online_left == 0


def availability(screening):
    """Seats taken and left for one screening, in one query: on a plain cursor, because
    it runs once or twice in every booking request and the ORM costs far more than the
    query itself."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COUNT(*) FILTER (WHERE online) FROM {Ticket._meta.db_table} "
            "WHERE screening_id = %s AND status IN (%s, %s, %s)",
            [screening.pk, *Ticket.SEATED],
        )
        taken, online = cursor.fetchone()
    return _seats(screening, taken, online)


def _seats(screening, taken, online):
    return Availability(
        seats=screening.room.seats,
        taken=taken,
        online_capacity=screening.online_capacity,
        online_taken=online or 0,
    )


def _first_look(screening, user, key):
    """``(id of the booking the idempotency key made or None, Availability)`` in one
    query: a request that brings a key asks both, and most are refused as sold out,
    with nothing else read."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COUNT(*) FILTER (WHERE online), "
            f"(SELECT id FROM {Booking._meta.db_table} "
            "WHERE person_id = %s AND idempotency_key = %s) "
            f"FROM {Ticket._meta.db_table} WHERE screening_id = %s AND status IN (%s, %s, %s)",
            [user.pk, key, screening.pk, *Ticket.SEATED],
        )
        taken, online, replay = cursor.fetchone()
    return replay, _seats(screening, taken, online)


def parse_price(raw, venue):
    """One ticket's price as typed: a number of euros, 0 allowed, two decimals at most,
    not above the venue's ceiling."""
    text = str(raw).strip().replace(",", ".").removesuffix("€").strip()
    try:
        price = Decimal(text)
    except (InvalidOperation, ValueError):
        price = None
    if price is None or not price.is_finite():
        raise BookingRefused(
            "price_invalid",
            _("“%(price)s” is not a price: type euros, like 5 or 7.50.") % {"price": str(raw)[:20]},
        )
    if price < 0:
        raise BookingRefused("price_negative", _("A price cannot be below 0."))
    if price > venue.price_ceiling:
        typed = format_euros(price) if price < 10**9 else str(raw)[:20]
        raise BookingRefused(
            "price_ceiling",
            _("%(price)s is above the highest price, %(ceiling)s: is it a typo?")
            % {"price": typed, "ceiling": format_euros(venue.price_ceiling)},
        )
    if not in_cents(price):
        raise BookingRefused("price_decimals", _("A price has at most two decimals (cents)."))
    return price.quantize(Decimal("0.01"))


def check_on_sale(screening, now=None):
    """Refuse a screening that is not on sale online, with the reason."""
    now = now or timezone.now()
    if screening.status == Screening.Status.DRAFT:
        raise BookingRefused("not_published", _("This screening is not on the programme yet."))
    if screening.status == Screening.Status.CANCELLED:
        raise BookingRefused("cancelled", _("This screening is cancelled."))
    if screening.starts_at <= now:
        raise BookingRefused("past", _("This screening has started: booking is closed."))
    if screening.kind == Screening.Kind.WORKSHOP:
        raise BookingRefused(
            "workshop", _("This is a workshop: register a child instead of booking a seat.")
        )
    if screening.kind == Screening.Kind.PRIVATE:
        raise BookingRefused("private", _("This is a private hire: there is nothing to book."))


def book(
    screening,
    *,
    user,
    prices,
    method="door",
    idempotency_key=None,
    language="fr",
    by=None,
):
    """Book one seat per price in ``prices`` (strings or Decimals) for ``user``.

    Returns ``(booking, created)``: the same ``idempotency_key`` returns the first
    booking with ``created`` False. Raises ``BookingRefused`` with the reason, having
    written nothing. A booking just made carries the tickets written for it, in order,
    as ``booking.written_tickets`` (saving its caller reading them back).
    """
    seats = None
    if idempotency_key and getattr(user, "pk", None) is not None:
        found, seats = _first_look(screening, user, idempotency_key)
        if found is not None and (replay := _replay_of(found, screening, prices)):
            return replay, False
    elif idempotency_key and (replay := _replay(user, idempotency_key, screening, prices)):
        return replay, False
    venue = screening.room.venue
    check_on_sale(screening)
    prices = [parse_price(p, venue) for p in prices]
    if not prices:
        raise BookingRefused("no_seats", _("Book at least one seat."))
    if len(prices) > venue.seats_per_booking:
        raise BookingRefused(
            "too_many",
            _("One booking takes at most %(count)s seats.") % {"count": venue.seats_per_booking},
        )
    if screening.is_free and any(prices):
        raise BookingRefused("price_free", _("This screening is free: every ticket costs nothing."))
    # A cheap look before taking the lock: a full screening refuses without writing
    # (and without asking for a membership that would not get a seat). With a key, the
    # seats were counted along with the key's look-up.
    if seats is None:
        seats = availability(screening)
    if seats.online_left < len(prices):
        raise _sold_out(seats)
    if venue.ticket_needs_membership and not _is_member(user, venue, screening):
        raise BookingRefused(
            "membership_required",
            _("Booking needs a membership valid on the day of the screening: join first."),
        )
    total = sum(prices, start=Decimal("0.00"))
    if total == 0:
        method = "free"
    elif method == "door" and screening.starts_at - timezone.now() <= dt.timedelta(
        minutes=venue.door_hold_minutes
    ):
        raise BookingRefused(
            "door_closed",
            _("It is too late to book and pay at the door: pay online or come to the door."),
        )
    try:
        booking = _write_booking(
            screening, venue, user, prices, total, method, idempotency_key, language, by
        )
    except IntegrityError:
        # The same key, sent twice at once: the other request booked.
        if (
            idempotency_key
            and (replay := _replay(user, idempotency_key, screening, prices)) is not None
        ):
            return replay, False
        raise
    return booking, True


@transaction.atomic
def _write_booking(screening, venue, user, prices, total, method, key, language, by):
    _lock(screening)
    seats = availability(screening)
    if seats.online_left < len(prices):
        raise _sold_out(seats)
    online_method = get_method(method).online
    if method == "free":
        status, ticket_status = Booking.Status.CONFIRMED, Ticket.Status.PAID
    elif online_method:
        status, ticket_status = Booking.Status.AWAITING_PAYMENT, Ticket.Status.BOOKED
    else:
        status, ticket_status = Booking.Status.HELD, Ticket.Status.BOOKED
    payment = None
    if online_method:
        payment = payments.create_payment(
            venue=venue, purpose="booking", method=method, amount=total, person=user, by=by
        )
    booking = Booking.objects.create(
        venue=venue,
        screening=screening,
        person=user,
        email=user.email,
        language=language,
        status=status,
        payment=payment,
        idempotency_key=key or None,
    )
    series = venue.local_date().year
    first = take_numbers(venue, TICKET_SERIES, series, len(prices))
    tickets = Ticket.objects.bulk_create(
        Ticket(
            venue=venue,
            screening=screening,
            booking=booking,
            series=series,
            number=first + i,
            price=price,
            status=ticket_status,
            online=True,
        )
        for i, price in enumerate(prices)
    )
    log_action(
        "tickets.booking.created",
        by=by or user,
        booking=booking.code,
        screening=screening.pk,
        tickets=",".join(str(t) for t in tickets),
        total=total,
        method=method,
    )
    if status != Booking.Status.AWAITING_PAYMENT:
        _tell_booked(booking, tickets)
    booking.written_tickets = tickets
    return booking


def _lock(screening):
    """Hold the screening's row until the commit: it serialises the bookings of one
    screening (PostgreSQL). SQLite has no row locks: its immediate transactions
    serialise every writer already, so there is nothing to ask for."""
    if not connection.features.has_select_for_update:
        return
    table = connection.ops.quote_name(Screening._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE", [screening.pk])
        if cursor.fetchone() is None:
            raise Screening.DoesNotExist("Screening matching query does not exist.")


def _replay(user, key, screening, prices):
    booking = Booking.objects.filter(person=user, idempotency_key=key).first()
    if booking is None:
        return None
    return _check_replay(booking, screening, prices)


def _replay_of(booking_pk, screening, prices):
    """``_replay`` for the booking ``_first_look`` found by its key."""
    booking = Booking.objects.filter(pk=booking_pk).first()
    if booking is None:  # gone meanwhile: as if the key were new
        return None
    return _check_replay(booking, screening, prices)


def _check_replay(booking, screening, prices):
    if booking.screening_id != screening.pk or booking.tickets.count() != len(prices):
        raise BookingRefused(
            "idempotency_conflict",
            _("This idempotency key was used for another booking."),
        )
    return booking


def _is_member(user, venue, screening):
    """Whether ``user`` holds a membership valid on the day of the screening."""
    if user is None or not user.is_authenticated:
        return False
    day = connection.ops.adapt_datefield_value(screening.local_start.date())
    # ``Membership.objects.valid_on(day).filter(person=user, venue=venue).exists()`` on a
    # plain cursor: building that query costs several times running it, in every
    # booking (a test holds the two to the same answers).
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {Membership._meta.db_table} WHERE person_id = %s AND venue_id = %s "
            "AND status = %s AND starts_on <= %s AND ends_on >= %s LIMIT 1",
            [user.pk, venue.pk, Membership.Status.PAID, day, day],
        )
        return cursor.fetchone() is not None


def _sold_out(seats):
    left = seats.online_left
    if left == 0:
        return BookingRefused(
            "sold_out",
            _(
                "No seats are left online. Join the waiting list, or come to the door: "
                "some seats are kept for it."
            ),
        )
    return BookingRefused(
        "not_enough_seats",
        _("Only %(left)s seats are left online.") % {"left": left},
    )


def _tell_booked(booking, tickets=None):
    if booking.email:
        transaction.on_commit(lambda: _send_booked(booking, tickets))


def _send_booked(booking, tickets):
    # The films are read once, for the subject, the body and the caller; the tickets
    # just written are passed along rather than read again.
    prefetch_related_objects([booking.screening], SCREENING_FILMS)
    tickets = [t for t in (tickets or booking.tickets.all()) if t.is_valid]
    send_mail(
        "tickets/emails/booking_confirmed",
        {
            "booking": booking,
            "screening": booking.screening,
            "tickets": tickets,
            "total": sum((t.price for t in tickets), start=Decimal("0.00")),
        },
        to=booking.email,
        language=booking.language,
    )


# --- payment handlers (registered in TicketsConfig.ready) ----------------------------
def booking_paid(payment):
    for booking in Booking.objects.select_for_update().filter(
        payment=payment, status=Booking.Status.AWAITING_PAYMENT
    ):
        booking.status = Booking.Status.CONFIRMED
        booking.save(update_fields=["status", "updated_at"])
        booking.tickets.filter(status=Ticket.Status.BOOKED).update(status=Ticket.Status.PAID)
        log_action("tickets.booking.paid", by=booking.person, booking=booking.code)
        _tell_booked(booking)


def booking_failed(payment):
    for booking in Booking.objects.select_for_update().filter(
        payment=payment, status=Booking.Status.AWAITING_PAYMENT
    ):
        _give_back(booking, Booking.Status.CANCELLED, "tickets.booking.payment_failed", None)


# --- seats coming back -----------------------------------------------------------------
def can_cancel(ticket, now=None):
    now = now or timezone.now()
    cutoff = ticket.screening.starts_at - dt.timedelta(minutes=ticket.venue.cancel_cutoff_minutes)
    return ticket.status in (Ticket.Status.BOOKED, Ticket.Status.PAID) and now < cutoff


@transaction.atomic
def cancel_ticket(ticket, *, by=None):
    """A member gives one seat back, until the cut-off; a paid ticket is refunded."""
    ticket = (
        Ticket.objects.select_for_update().select_related("screening", "venue").get(pk=ticket.pk)
    )
    if ticket.status == Ticket.Status.CANCELLED:
        raise BookingRefused("already_cancelled", _("This ticket is already cancelled."))
    if ticket.status == Ticket.Status.CHECKED_IN:
        raise BookingRefused("checked_in", _("This ticket has been used: it cannot be cancelled."))
    if not can_cancel(ticket):
        raise BookingRefused(
            "too_late",
            _("Cancelling closes %(minutes)s minutes before the start.")
            % {"minutes": ticket.venue.cancel_cutoff_minutes},
        )
    _cancel_tickets([ticket])
    booking = ticket.booking
    if booking is not None:
        payment = booking.payment
        if payment is not None and payment.status == payment.Status.PAID and ticket.price:
            payments.refund(payment, ticket.price, by=by, note=f"ticket {ticket}")
        standing = booking.tickets.exclude(status=Ticket.Status.CANCELLED)
        if not standing.exists():
            booking.status = Booking.Status.CANCELLED
            booking.save(update_fields=["status", "updated_at"])
            if payment is not None:
                payments.cancel_payment(payment, by=by, note="booking cancelled")
        elif booking.status == Booking.Status.HELD and not standing.exclude(price=0).exists():
            # Nothing is left to pay at the door: the booking stands on its own.
            standing.filter(status=Ticket.Status.BOOKED).update(status=Ticket.Status.PAID)
            booking.status = Booking.Status.CONFIRMED
            booking.save(update_fields=["status", "updated_at"])
    log_action(
        "tickets.ticket.cancelled",
        by=by,
        ticket=str(ticket),
        booking=booking.code if booking else "",
        price=ticket.price,
    )
    waitinglist.tell(ticket.screening)
    return ticket


def cancel_booking(booking, *, by=None):
    """Cancel every ticket of a booking still standing."""
    with transaction.atomic():
        for ticket in booking.tickets.filter(status__in=(Ticket.Status.BOOKED, Ticket.Status.PAID)):
            cancel_ticket(ticket, by=by)
    booking.refresh_from_db()
    return booking


def release_unpaid(now=None):
    """Give back the seats of bookings to pay at the door past their cut-off, and of
    online payments never finished. Run by a timer (``clef release_bookings``)."""
    now = now or timezone.now()
    released = 0
    # Only bookings whose screening is near: the longest hold of any venue bounds it.
    longest = Venue.objects.aggregate(m=Max("door_hold_minutes"))["m"] or 0
    held = Booking.objects.filter(
        status=Booking.Status.HELD,
        screening__starts_at__lte=now + dt.timedelta(minutes=longest),
    ).select_related("venue", "screening")
    for booking in held:
        cutoff = booking.screening.starts_at - dt.timedelta(minutes=booking.venue.door_hold_minutes)
        if now >= cutoff:
            released += _release(booking, Booking.Status.HELD)
    awaiting = Booking.objects.filter(status=Booking.Status.AWAITING_PAYMENT).select_related(
        "venue", "payment"
    )
    for booking in awaiting:
        if now >= booking.created_at + dt.timedelta(minutes=booking.venue.payment_timeout_minutes):
            released += _release(booking, Booking.Status.AWAITING_PAYMENT)
    return released


@transaction.atomic
def _release(booking, expected):
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != expected:
        return 0
    if booking.payment is not None:
        payments.cancel_payment(booking.payment, note="not paid in time")
    _give_back(booking, Booking.Status.RELEASED, "tickets.booking.released", None)
    return 1


def _give_back(booking, status, action, by):
    tickets = list(booking.tickets.exclude(status=Ticket.Status.CANCELLED))
    _cancel_tickets(tickets)
    booking.status = status
    booking.save(update_fields=["status", "updated_at"])
    log_action(action, by=by, booking=booking.code, tickets=",".join(str(t) for t in tickets))
    waitinglist.tell(booking.screening)


def _cancel_tickets(tickets):
    now = timezone.now()
    Ticket.objects.filter(pk__in=[t.pk for t in tickets]).update(
        status=Ticket.Status.CANCELLED, cancelled_at=now
    )
    for ticket in tickets:
        ticket.status, ticket.cancelled_at = Ticket.Status.CANCELLED, now
