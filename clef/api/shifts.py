"""A volunteer's shifts from their phone: the shifts they hold and may take, signing up,
cancelling (until the cut-off) and offering their place after it. Signed-in volunteers
only; the rules are ``volunteers.shifts``'s, its refusals answered 409 (403 for another
person's place)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from clef.api import schemas
from clef.api.auth import SIGNED_IN
from clef.api.errors import ApiError
from clef.lib.forms import to_id
from clef.venues.queries import current_venue
from clef.volunteers import shifts, shifts_queries
from clef.volunteers.models import Shift, Signup
from clef.volunteers.trainings_views import is_volunteer

router = Router(tags=["shifts"], auth=SIGNED_IN)

ERRORS = {401: schemas.Error, 403: schemas.Error, 404: schemas.Error, 409: schemas.Error}
DAYS = 28


class ShiftOut(Schema):
    id: int
    team: str
    team_name: str
    label: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    arrive_at: dt.datetime
    places: int
    taken: int
    screening: int | None
    mine: str | None  # "signed" or "offered" when the caller holds a place
    url: str


class ShiftsOut(Schema):
    mine: list[ShiftOut]
    open: list[ShiftOut]


def _volunteer(request):
    if not is_volunteer(request.auth):
        raise ApiError(403, "not_a_volunteer", _("This is for volunteers."))
    return request.auth


def shift_out(request, shift, mine=None):
    return {
        "id": shift.pk,
        "team": shift.team.code,
        "team_name": shift.team.localized_name(),
        "label": shift.label,
        "starts_at": shift.starts_at,
        "ends_at": shift.ends_at,
        "arrive_at": shift.arrive_at,
        "places": shift.places,
        "taken": getattr(shift, "taken", 0),
        "screening": shift.screening_id,
        "mine": mine,
        "url": request.build_absolute_uri(shift.get_absolute_url()),
    }


@router.get("/shifts", response={200: ShiftsOut, 401: schemas.Error, 403: schemas.Error})
def list_shifts(request):
    """The caller's shifts of the next four weeks, and those they may take."""
    person = _volunteer(request)
    now = timezone.now()
    board = shifts_queries.board(
        current_venue(), person, start=now, end=now + dt.timedelta(days=DAYS)
    )
    states = dict(
        Signup.objects.filter(
            person=person, status__in=Signup.ACTIVE, shift__in=[s.pk for s in board.mine]
        ).values_list("shift", "status")
    )
    return {
        "mine": [shift_out(request, s, states.get(s.pk)) for s in board.mine],
        "open": [shift_out(request, s) for s in board.open],
    }


def _shift(pk):
    found = (
        shifts_queries.with_places(Shift.objects.filter(pk=to_id(pk))).first()
        if to_id(pk)
        else None
    )
    if found is None:
        raise ApiError(404, "not_found", _("There is no such shift."))
    return found


def _mine(shift, person):
    signup = Signup.objects.filter(shift=shift, person=person, status__in=Signup.ACTIVE).first()
    if signup is None:
        raise ApiError(409, "not_active", _("You are not signed up for this shift."))
    return signup


def _answer(request, pk, person, status=200):
    shift = _shift(pk)
    state = (
        Signup.objects.filter(shift=shift, person=person, status__in=Signup.ACTIVE)
        .values_list("status", flat=True)
        .first()
    )
    return Status(status, shift_out(request, shift, state))


@router.post("/shifts/{pk}/signup", response={201: ShiftOut, **ERRORS})
def sign_up(request, pk: str):
    """Take a place: a free one, else one a volunteer offers."""
    person = _volunteer(request)
    shifts.take(_shift(pk), person)
    return _answer(request, pk, person, 201)


@router.post("/shifts/{pk}/cancel", response={200: ShiftOut, **ERRORS})
def cancel(request, pk: str):
    """Cancel one's place, until the cut-off (``past_cutoff`` after it: offer it)."""
    person = _volunteer(request)
    shifts.cancel(_mine(_shift(pk), person), by=person)
    return _answer(request, pk, person)


@router.post("/shifts/{pk}/offer", response={200: ShiftOut, **ERRORS})
def offer(request, pk: str):
    """Offer one's place to the other volunteers: still one's own until taken."""
    person = _volunteer(request)
    shifts.offer(_mine(_shift(pk), person), by=person)
    return _answer(request, pk, person)
