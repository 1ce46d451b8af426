"""Checking tickets in at the door, for the people who hold the till."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router

from clef.api import schemas
from clef.api.auth import SIGNED_IN
from clef.api.bookings import ticket_out
from clef.api.errors import ApiError
from clef.programme.models import Screening
from clef.tickets.checkin import check_in

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
        422: schemas.Invalid,
    },
)
def checkin(request, payload: schemas.CheckInIn):
    """Let a ticket in, by its number ("2026-000123", or "123" for this year) or its QR
    code. ``ok`` says green or red; ``code`` why (``already_in``, ``other_screening``,
    ``cancelled``, ``to_pay``, ``not_found``)."""
    if not request.auth.has_perm(CHECK_IN_PERMISSION):
        raise ApiError(403, "forbidden", _("Only the people at the till check tickets in."))
    screening = get_object_or_404(
        Screening.objects.select_related("room__venue"), pk=payload.screening
    )
    result = check_in(screening, payload.ticket, by=request.auth, collect=payload.collect)
    return {
        "ok": result.ok,
        "code": result.code,
        "message": result.message,
        "ticket": ticket_out(result.ticket) if result.ticket else None,
        "to_pay": None if result.to_pay is None else f"{result.to_pay:.2f}",
    }
