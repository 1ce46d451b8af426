"""Staffing gaps: which shifts still need people, safety first.

``screening_staffed(screening)`` says whether a screening is ready to be held as far as
its volunteers go: not while a safety shift lacks anyone (the audience's safety is the
one need a screening cannot go without); ``missing`` names every team short, safety
first. A screening with no shifts (no template for it) has nothing missing. The
coordinator's page (``/benevoles/manques/``) reads the next two weeks in a fixed number of
queries. ``send_gap_alerts`` (run by ``clef send_shift_gaps``) emails the qualified
volunteers of each shift still short ``CLEF_SHIFT_GAP_DAYS`` days before it, at most one
email a day per person (``GapAlert``), so running it twice sends nothing new.
"""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.lib.mail import send_mail_on_commit
from clef.volunteers.models import GapAlert, Shift, Signup
from clef.volunteers.qualifications import qualified_users
from clef.volunteers.shifts_mail import language_of, shift_context
from clef.volunteers.shifts_queries import with_places

SAFETY_TEAMS = ("safety",)
GAPS_DAYS = 14


def _safety_first(shift):
    return (shift.team.code not in SAFETY_TEAMS, shift.team.position, shift.starts_at, shift.pk)


def _missing_lines(shifts):
    lines = []
    for shift in sorted(shifts, key=_safety_first):
        short = shift.places - shift.taken
        if short > 0:
            lines.append(
                _("%(team)s: %(missing)s of %(places)s missing")
                % {"team": shift.team.localized_name(), "missing": short, "places": shift.places}
            )
    return lines


def _ready(shifts):
    return not any(
        shift.team.code in SAFETY_TEAMS and shift.taken < shift.places for shift in shifts
    )


def screening_staffed(screening):
    """(ready, missing): see the module's note."""
    shifts = list(with_places(Shift.objects.filter(screening=screening, status=Shift.Status.OPEN)))
    return _ready(shifts), _missing_lines(shifts)


def coming_gaps(venue, *, now=None, days=GAPS_DAYS):
    """The published screenings of the next ``days`` days, each with its shifts (safety
    first), whether it is ready and what is missing; then the other shifts still short
    (the bar, one-off shifts). A fixed number of queries however many."""
    from clef.programme.models import Screening

    now = now or timezone.now()
    end = now + dt.timedelta(days=days)
    screenings = list(
        Screening.objects.filter(
            room__venue=venue,
            status=Screening.Status.PUBLISHED,
            starts_at__gte=now,
            starts_at__lt=end,
        )
        .with_listing()
        .order_by("starts_at", "room__position")
    )
    shifts = with_places(
        Shift.objects.filter(venue=venue, status=Shift.Status.OPEN, starts_at__lt=end).filter(
            ends_at__gte=now
        )
    )
    by_screening, others = {}, []
    for shift in shifts:
        shift.left = max(0, shift.places - shift.taken)
        if shift.screening_id:
            by_screening.setdefault(shift.screening_id, []).append(shift)
        elif shift.left:
            others.append(shift)
    rows = []
    for screening in screenings:
        its = sorted(by_screening.get(screening.pk, []), key=_safety_first)
        rows.append(
            {
                "screening": screening,
                "shifts": its,
                "ready": _ready(its),
                "missing": _missing_lines(its),
                "filled": all(s.taken >= s.places for s in its),
            }
        )
    return rows, sorted(others, key=lambda s: s.starts_at)


# --- the gap emails ----------------------------------------------------------------------
def shifts_to_announce(now=None):
    now = now or timezone.now()
    horizon = now + dt.timedelta(days=settings.CLEF_SHIFT_GAP_DAYS)
    shifts = with_places(
        Shift.objects.filter(status=Shift.Status.OPEN, starts_at__gt=now, starts_at__lte=horizon)
    ).order_by("starts_at", "pk")
    return [s for s in shifts if s.taken < s.places]


def send_gap_alerts(now=None):
    """Email each qualified volunteer the shifts still short they could take: at most one
    email a day per person. Returns how many emails were sent."""
    now = now or timezone.now()
    per_person = {}
    for shift in shifts_to_announce(now):
        day = timezone.localtime(shift.starts_at, shift.venue.zone).date()
        taken_by = set(
            Signup.objects.filter(shift=shift, status__in=Signup.ACTIVE).values_list(
                "person", flat=True
            )
        )
        for person in qualified_users(shift.team, on=day):
            if person.pk not in taken_by and person.email:
                per_person.setdefault(person, []).append(shift)
    today = timezone.localdate(now)
    sent = 0
    for person, shifts in per_person.items():
        if _alert(person, today, shifts):
            sent += 1
    return sent


def _alert(person, today, shifts):
    if GapAlert.objects.filter(person=person, day=today).exists():
        return False
    try:
        with transaction.atomic():
            alert = GapAlert.objects.create(person=person, day=today)
            alert.shifts.set(shifts)
            log_action("volunteers.gapalert.sent", obj=alert, person=person.pk, count=len(shifts))
            items = []
            for shift in shifts:
                context = shift_context(shift)
                items.append({**context, "left": shift.places - shift.taken})
            send_mail_on_commit(
                "volunteers/emails/shift_gaps",
                {"person": person, "shifts": items},
                to=person.email,
                language=language_of(person),
            )
    except IntegrityError:  # already told today
        return False
    return True
