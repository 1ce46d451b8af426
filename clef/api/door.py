"""Checking tickets in at the door, for the people who hold the till; taking the money
of a ticket booked to pay at the door is a door sale in the caller's own till session."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router

from clef.api import schemas
from clef.api.auth import SIGNED_IN
from clef.api.bookings import ticket_out
from clef.api.errors import ApiError
from clef.boxoffice import door_sales, sessions
from clef.boxoffice.models import TillSession
from clef.programme.models import Screening
from clef.tickets.checkin import check_in, to_confirm
from clef.volunteers import access

router = Router(tags=["door"], auth=SIGNED_IN)

# Whoever may change tickets may let them in (the cashier's role gives it).
CHECK_IN_PERMISSION = "tickets.change_ticket"


@router.post(
    "/checkin",
    response={
        200: schemas.CheckIn,
        401: schemas.Error,
        403: schemas.Error,
        404: schemas.Error,
        409: schemas.Error,
        422: schemas.Invalid,
    },
)
def checkin(request, payload: schemas.CheckInIn):
    """Let a ticket in, by its number ("2026-000123", or "123" for this year) or its QR
    code. ``ok`` says green or red; ``code`` why (``already_in``, ``other_screening``,
    ``cancelled``, ``to_pay``, ``not_found``, ``confirm``).

    A QR code (the ticket's random code) lets in at once. A number, which anyone can
    say, lets in only with ``confirm: true``: without it the answer is ``ok: false``,
    ``code: "confirm"``, with ``holder`` (whose ticket it is), the ticket and what is
    left to pay, and nothing is written; show the name, then send the same call with
    ``confirm``.

    With ``collect``, the money of a ticket to pay at the door is taken (``method``:
    cash or card) into the caller's own open till session, as a door sale (``sale``):
    409 ``no_session`` without one, 403 ``not_your_session`` in another cashier's, 409
    ``already_paid`` for a ticket with nothing to pay."""
    user = request.auth
    screening = get_object_or_404(
        Screening.objects.select_related("room__venue"), pk=payload.screening
    )
    # Those who check in, and a volunteer holding this screening's door by a shift.
    if not (user.has_perm(CHECK_IN_PERMISSION) or access.on_door_shift(user, screening)):
        raise ApiError(403, "forbidden", _("Only the people at the till check tickets in."))
    sale = None
    holder = None
    confirm = None if payload.confirm else to_confirm(screening, payload.ticket)
    if confirm is not None:
        result, holder = confirm, confirm.holder
    elif payload.collect:
        if not access.can_use_till(user):
            raise ApiError(403, "forbidden", _("Only cashiers take money at the door."))
        result, sale = door_sales.collect(
            _session(payload, user, screening),
            screening,
            payload.ticket,
            method=payload.method,
            by=user,
        )
    else:
        result = check_in(screening, payload.ticket, by=user)
    return {
        "ok": result.ok,
        "code": result.code,
        "message": result.message,
        "ticket": ticket_out(result.ticket) if result.ticket else None,
        "to_pay": None if result.to_pay is None else f"{result.to_pay:.2f}",
        "sale": sale.code if sale else None,
        "holder": holder,
    }


def _session(payload, user, screening):
    """The session named, or the caller's own; ``door_sales.collect`` refuses one that is
    not theirs, or none."""
    if payload.session is None:
        return sessions.own_session(user, screening.room.venue)
    return (
        TillSession.objects.select_related("till", "venue", "cashier")
        .filter(pk=payload.session)
        .first()
    )
