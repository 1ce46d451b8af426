"""What the timer gives back (``clef release_bookings``, every minute or so): the seats
of bookings to pay at the door past the venue's cut-off, of online payments never
finished, and the workshop places whose guardian did not confirm their address in time.
A workshop place past its time is already counted as free (``seats.places_left``
leaves it out), so for workshops the timer only writes down what the count says; a
booked seat stays counted (``seats.count``) until the timer gives it back."""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from clef.payments import services as payments
from clef.payments.models import Payment
from clef.tickets import seats, workshops
from clef.tickets.models import Booking, Ticket
from clef.venues.models import Venue


def release(now=None):
    """Everything past its time: ``(bookings released, registrations expired)``."""
    now = now or timezone.now()
    return release_unpaid(now), workshops.release_unconfirmed(now)


def release_unpaid(now=None):
    """Give back the seats of bookings to pay at the door past their cut-off
    (``Venue.door_hold_minutes`` before the start), and of online payments never
    finished (``Venue.payment_timeout_minutes`` after the booking)."""
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
    """Give back the tickets of ``booking`` still to pay; those paid at the door or let in
    keep their seats (the booking is then confirmed)."""
    # The payment's row first, as ``payments.mark_paid`` takes it: a payment coming in
    # at that very moment either is paid before (the booking is then confirmed) or after
    # (it is then refused), never both.
    if booking.payment_id is not None:
        Payment.objects.select_for_update().filter(pk=booking.payment_id).values_list("pk").get()
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != expected:
        return 0
    if booking.payment is not None:
        payments.cancel_payment(booking.payment, note="not paid in time")
    seats.give_back(
        list(booking.tickets.filter(status=Ticket.Status.BOOKED)),
        action="tickets.booking.released",
        booking_status=Booking.Status.RELEASED,
    )
    return 1
