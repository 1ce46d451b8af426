"""Booking online: seats at the price each spectator chooses, within the online quota
and the limits per person.

The story: check the screening and the prices, take the screening's lock, count the
seats (and what the person holds already), number the tickets, write, log, and tell the
member after the commit. Seats come back when a member cancels (here, the money
following: a refund, or a payment not made yet replaced by one for the new total), when
an online payment fails, and when a booking is not paid in time (``release.py``); the
waiting list is then told.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.lib.forms import is_euros_text
from clef.lib.mail import send_mail
from clef.lib.money import format_euros, in_cents
from clef.members.models import Membership
from clef.payments import services as payments
from clef.payments.methods import get_method
from clef.payments.models import Payment
from clef.programme.feeds import screening_calendar
from clef.programme.models import Screening, ScreeningFilm
from clef.tickets import documents, seats, waitinglist
from clef.tickets.models import Booking, Ticket
from clef.tickets.release import release_unpaid  # noqa: F401 (its name before release.py)
from clef.tickets.seats import TICKET_SERIES, Availability, SeatsRefused  # noqa: F401

SCREENING_FILMS = Prefetch(
    "screening_films", queryset=ScreeningFilm.objects.select_related("film").order_by("position")
)

# The names callers knew before seats had their own module.
BookingRefused = SeatsRefused
availability = seats.count


def parse_price(raw, venue):
    """One ticket's price as typed: a number of euros, 0 allowed, two decimals at most,
    not above the venue's ceiling."""
    text = str(raw).strip().replace(",", ".").removesuffix("€").strip()
    try:
        # Decimal reads other scripts' digits ("٣" as 3): a price is typed in 0-9.
        price = Decimal(text) if is_euros_text(raw) else None
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
    left = None
    if idempotency_key and getattr(user, "pk", None) is not None:
        found, left = seats.count_with_key(screening, person=user, key=idempotency_key)
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
    if left is None:
        left = seats.count(screening, offered_to=getattr(user, "pk", None))
    seats.refuse_if_short(left, len(prices), online=True)
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
            screening,
            venue,
            user,
            prices,
            total,
            method,
            idempotency_key,
            language,
            by,
            waiting=left.waiting,
        )
    except (IntegrityError, SeatsRefused):
        # The same key, sent twice at once: the other request booked (and its seats may
        # be what this one was refused for).
        if (
            idempotency_key
            and (replay := _replay(user, idempotency_key, screening, prices)) is not None
        ):
            return replay, False
        raise
    return booking, True


@transaction.atomic
def _write_booking(screening, venue, user, prices, total, method, key, language, by, *, waiting):
    """The booking and its seats, in one transaction; ``waiting``: the person has a place
    on the screening's waiting list (counted with the seats), which booking takes off
    the line."""
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
    # Saved by ``seats.issue`` once the seats are counted, under the screening's lock.
    booking = Booking(
        venue=venue,
        screening=screening,
        person=user,
        email=user.email,
        language=language,
        status=status,
        payment=payment,
        idempotency_key=key or None,
    )
    tickets = seats.issue(
        screening, prices, online=True, status=ticket_status, booking=booking, venue=venue
    )
    if waiting:
        waitinglist.booked(screening, user)
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


def _replay(user, key, screening, prices):
    booking = Booking.objects.filter(person=user, idempotency_key=key).first()
    if booking is None:
        return None
    return _check_replay(booking, screening, prices)


def _replay_of(booking_pk, screening, prices):
    """``_replay`` for the booking ``seats.count_with_key`` found by its key."""
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


def _tell_booked(booking, tickets=None):
    if booking.email:
        transaction.on_commit(lambda: _send_booked(booking, tickets))


def _send_booked(booking, tickets):
    # The films are read once, for the subject, the body and the caller; the tickets
    # just written are passed along rather than read again.
    prefetch_related_objects([booking.screening], SCREENING_FILMS)
    tickets = [t for t in (tickets or booking.tickets.all()) if t.is_valid]
    screening = booking.screening
    venue = booking.venue
    for ticket in tickets:  # the screening at hand, its films read once already
        ticket.screening = screening
    holder = booking.person.get_full_name() if booking.person_id else ""
    pdf = documents.tickets_pdf(
        tickets, venue=venue, language=booking.language, booking=booking, holder=holder
    )
    with translation.override(booking.language):
        attachments = [
            (f"{venue.slug}-{booking.code}.pdf", pdf, "application/pdf"),
            (
                f"{venue.slug}-{screening.pk}.ics",
                screening_calendar(screening, site_url=settings.SITE_URL),
                "text/calendar",
            ),
        ]
    send_mail(
        "tickets/emails/booking_confirmed",
        {
            "booking": booking,
            "screening": screening,
            "tickets": tickets,
            "total": sum((t.price for t in tickets), start=Decimal("0.00")),
            "held_until": screening.starts_at - dt.timedelta(minutes=venue.door_hold_minutes),
        },
        to=booking.email,
        language=booking.language,
        attachments=attachments,
    )


# --- payment handlers (registered in TicketsConfig.ready) ----------------------------
def booking_paid(payment):
    for booking in Booking.objects.select_for_update().filter(
        payment=payment, status=Booking.Status.AWAITING_PAYMENT
    ):
        seats.settle(list(booking.tickets.all()), by=booking.person)
        booking.refresh_from_db(fields=["status", "updated_at"])
        log_action("tickets.booking.paid", by=booking.person, booking=booking.code)
        _tell_booked(booking)


def booking_failed(payment):
    for booking in Booking.objects.select_for_update().filter(
        payment=payment, status=Booking.Status.AWAITING_PAYMENT
    ):
        seats.give_back(
            list(booking.tickets.all()),
            action="tickets.booking.payment_failed",
            booking_status=Booking.Status.CANCELLED,
        )


# --- seats coming back -----------------------------------------------------------------
def can_cancel(ticket, now=None):
    now = now or timezone.now()
    cutoff = ticket.screening.starts_at - dt.timedelta(minutes=ticket.venue.cancel_cutoff_minutes)
    return ticket.status in (Ticket.Status.BOOKED, Ticket.Status.PAID) and now < cutoff


def cancel_ticket(ticket, *, by=None):
    """A member gives one seat back, until the cut-off; money follows (see
    ``_follow_money``), and the booking's address is told what comes back
    (``given.refunded``)."""
    with transaction.atomic():
        [given] = _cancel(ticket.booking_id, [ticket.pk], by=by)
        given.refunded = refund_on_cancel(given)
        _tell_cancelled(given)
    return given


def refund_on_cancel(ticket):
    """What giving ``ticket`` back refunds: its price when its booking was paid online,
    nothing when nothing was paid yet (the payment then asks less)."""
    payment = ticket.booking.payment if ticket.booking_id else None
    if payment is not None and payment.status == Payment.Status.PAID:
        return ticket.price
    return Decimal("0.00")


def _tell_cancelled(ticket):
    booking = ticket.booking
    if booking is None or not booking.email:
        return
    transaction.on_commit(
        lambda: send_mail(
            "tickets/emails/ticket_cancelled",
            {"booking": booking, "screening": ticket.screening, "ticket": ticket},
            to=booking.email,
            language=booking.language,
        )
    )


def cancel_booking(booking, *, by=None):
    """Cancel every ticket of a booking still standing, at once: one refund per paid
    ticket, and a payment not made yet is cancelled."""
    with transaction.atomic():
        _cancel(booking.pk, None, by=by)
    booking.refresh_from_db()
    return booking


def _cancel(booking_id, ticket_pks, *, by):
    """Give back the tickets ``ticket_pks`` (every standing ticket of the booking when
    None), each checked; then the booking's money follows."""
    # The rows in the order every writer takes them: the booking's payment (as
    # ``payments.mark_paid`` does), the booking, its tickets.
    payment = _lock_payment_and_booking(booking_id)
    tickets = Ticket.objects.select_for_update(of=("self",)).select_related("screening", "venue")
    if ticket_pks is None:
        tickets = tickets.filter(
            booking_id=booking_id, status__in=(Ticket.Status.BOOKED, Ticket.Status.PAID)
        )
    else:
        tickets = tickets.filter(pk__in=ticket_pks)
    tickets = list(tickets.order_by("pk"))
    for ticket in tickets:
        _check_cancellable(ticket)
    given = seats.give_back(tickets, by=by, action="tickets.ticket.cancelled")
    if given and payment is not None:
        _follow_money(given, payment, by=by)
    return given


def _lock_payment_and_booking(booking_id):
    """Lock the booking's payment, then the booking; returns the payment as it stands."""
    if booking_id is None:
        return None
    payment_id = Booking.objects.filter(pk=booking_id).values_list("payment_id", flat=True).get()
    if payment_id is not None:
        Payment.objects.select_for_update().filter(pk=payment_id).values_list("pk").get()
    booking = Booking.objects.select_for_update().only("payment_id").get(pk=booking_id)
    if booking.payment_id is None:
        return None
    # Replaced in between (rare): the new payment is locked too.
    return Payment.objects.select_for_update().get(pk=booking.payment_id)


def _check_cancellable(ticket):
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


def _follow_money(given, payment, *, by):
    """The booking's money after ``given`` came back. Paid online: each ticket given
    back is refunded. Not paid yet: the payment asks what is still to pay, never more: a
    payment's amount is never edited, so it is replaced by one for the new total
    (``payments.replace_payment``); with nothing left to pay it is cancelled, and the
    free tickets left are settled; with no ticket left, it is cancelled."""
    booking = given[0].booking
    if payment.status == Payment.Status.PAID:
        for ticket in given:
            if ticket.price:
                payments.refund(
                    payment, ticket.price, by=by, note=f"ticket {ticket}", refs=[str(ticket)]
                )
        return
    if payment.status != Payment.Status.PENDING:
        return
    numbers = ", ".join(str(t) for t in given)
    if booking.status not in Booking.ACTIVE:
        payments.cancel_payment(payment, by=by, note="booking cancelled")
        return
    left = list(booking.tickets.filter(status=Ticket.Status.BOOKED))
    owed = sum((t.price for t in left), start=Decimal("0.00"))
    if owed == payment.amount:  # the seats given back were free
        return
    if owed == 0:
        payments.cancel_payment(payment, by=by, note=f"nothing left to pay: {numbers} cancelled")
        seats.settle(left, by=by)
        booking.refresh_from_db(fields=["status", "updated_at"])
        _tell_booked(booking)
        return
    new = payments.replace_payment(payment, amount=owed, by=by, note=f"{numbers} cancelled")
    booking.payment = new
    booking.save(update_fields=["payment", "updated_at"])
    log_action(
        "tickets.booking.payment_replaced",
        by=by,
        booking=booking.code,
        replaced=payment.code,
        payment=new.code,
        amount=owed,
    )
