"""Booking seats, listing one's bookings, giving seats back. Signed-in people only.

``POST /bookings`` is the rush's hot path: it reads the token and the screening (kept in
the process while the programme's version stays the same), lets ``tickets.booking.book``
do the work, and answers with the tickets it wrote; nothing more.
"""

import copy

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status

from clef.api import schemas
from clef.api.auth import SIGNED_IN
from clef.api.errors import ApiError
from clef.lib.localized import localized
from clef.payments.methods import online_method
from clef.programme import versioning
from clef.programme.models import Screening, ScreeningFilm
from clef.tickets.booking import (
    SCREENING_FILMS,
    BookingRefused,
    book,
    cancel_booking,
    cancel_ticket,
)
from clef.tickets.models import Booking, Ticket

router = Router(tags=["bookings"], auth=SIGNED_IN)

ERRORS = {
    401: schemas.Error,
    404: schemas.Error,
    409: schemas.Error,
    422: schemas.Invalid,
}
FILMS = Prefetch("screening_films", queryset=ScreeningFilm.objects.select_related("film"))


@router.post("/bookings", response={200: schemas.Booking, 201: schemas.Booking, **ERRORS})
def create_booking(
    request,
    payload: schemas.BookingIn,
    response: HttpResponse,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=80),
):
    """Book one seat per price. 201 with the booking; with an ``Idempotency-Key`` already
    used, 200 with the booking it made and ``Idempotent-Replayed: true``."""
    screening = _screening(payload.screening)
    if payload.payment == "online":
        method = online_method()
        if method is None:
            raise ApiError(
                409,
                "online_payment_unavailable",
                _("Paying online is not offered: choose to pay at the door."),
            )
        method = method.code
    else:
        method = "door"
    booking, created = book(
        screening,
        user=request.auth,
        prices=payload.prices,
        method=method,
        idempotency_key=idempotency_key or None,
        language=request.LANGUAGE_CODE,
    )
    booking.screening = screening
    # A new booking brings the tickets it wrote; a replay reads them.
    tickets = booking.written_tickets if created else list(booking.tickets.all())
    title = localized(screening, "title") or _films_title(screening)
    if not created:
        response["Idempotent-Replayed"] = "true"
    return Status(201 if created else 200, booking_out(request, booking, tickets, title))


@router.get("/bookings", response={200: schemas.Bookings, 401: schemas.Error})
def list_bookings(
    request,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=schemas.LARGEST_OFFSET),
):
    """My bookings, the latest first."""
    bookings = _mine(request)
    return {
        "count": bookings.count(),
        "items": [
            booking_out(request, b, b.tickets.all()) for b in bookings[offset : offset + limit]
        ],
    }


@router.get(
    "/bookings/{code}", response={200: schemas.Booking, 401: schemas.Error, 404: schemas.Error}
)
def get_booking(request, code: str):
    booking = get_object_or_404(_mine(request), code=code)
    return booking_out(request, booking, booking.tickets.all())


@router.post("/bookings/{code}/cancel", response={200: schemas.Booking, **ERRORS})
def cancel_whole_booking(request, code: str):
    """Give back every seat of the booking still standing (until the cut-off)."""
    booking = get_object_or_404(_mine(request), code=code)
    statuses = {t.status for t in booking.tickets.all()}
    if not statuses & {Ticket.Status.BOOKED, Ticket.Status.PAID}:
        if Ticket.Status.CHECKED_IN in statuses:
            raise BookingRefused(
                "checked_in", _("This booking's tickets have been used: nothing to cancel.")
            )
        raise BookingRefused("already_cancelled", _("This booking is already cancelled."))
    cancel_booking(booking, by=request.auth)
    return _fresh(request, booking.code)


@router.post("/tickets/{code}/cancel", response={200: schemas.Booking, **ERRORS})
def cancel_one_ticket(request, code: str):
    """Give back one seat (until the cut-off); answers with its booking."""
    ticket = get_object_or_404(
        Ticket.objects.select_related("booking"), code=code, booking__person=request.auth
    )
    cancel_ticket(ticket, by=request.auth)
    return _fresh(request, ticket.booking.code)


def _mine(request):
    return (
        Booking.objects.filter(person=request.auth)
        .select_related("screening__room__venue", "payment")
        .prefetch_related("tickets", Prefetch("screening__screening_films", FILMS.queryset))
        .order_by("-created_at", "-pk")
    )


def _fresh(request, code):
    booking = _mine(request).get(code=code)
    return booking_out(request, booking, booking.tickets.all())


def _screening(pk):
    """The screening to book, with its room, venue and films (which the confirmation
    email shows), read once per process and programme version (``versioning.cached``:
    any change to a screening, room, venue or film raises the version). Each request
    gets its own copy of the screening."""

    def read():
        return (
            Screening.objects.select_related("room__venue")
            .prefetch_related(SCREENING_FILMS)
            .filter(pk=pk)
            .first()
        )

    screening = versioning.cached(("api.bookings.screening", pk), read)
    if screening is None:
        raise Http404
    return copy.copy(screening)


def _films_title(screening):
    """``Screening.display_title`` for a screening without a title of its own, from its
    films as read with it."""
    films = sorted(screening.screening_films.all(), key=lambda sf: (sf.position, sf.pk))
    return " + ".join(sf.film.title for sf in films) or "—"


def booking_out(request, booking, tickets, title=None):
    screening = booking.screening
    payment_url = None
    if booking.status == Booking.Status.AWAITING_PAYMENT and booking.payment_id:
        payment = booking.payment
        if payment.status == payment.Status.PENDING and (
            url := payment.method_object.start(payment)
        ):
            payment_url = request.build_absolute_uri(url)
    return {
        "code": booking.code,
        "status": booking.status,
        "screening": {
            "id": screening.pk,
            "title": title or screening.display_title,
            "starts_at": screening.starts_at,
            "starts_at_local": screening.local_start,
            "room": screening.room.name,
        },
        "tickets": [ticket_out(t) for t in tickets],
        "total": f"{sum((t.price for t in tickets if t.is_valid), start=0):.2f}",
        "payment_url": payment_url,
        "url": request.build_absolute_uri(booking.get_absolute_url()),
        "created_at": booking.created_at,
    }


def ticket_out(ticket):
    return {
        "number": str(ticket),
        "code": ticket.code,
        "price": f"{ticket.price:.2f}",
        "status": ticket.status,
    }
