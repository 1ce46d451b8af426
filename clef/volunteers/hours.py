"""Hours given: after a shift, the coordinator or the team's lead confirms who came and
marks the no-shows, once. A shift's hours run from the time its volunteers are asked to
arrive to its end."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.lib.refusals import Forbidden, Refused
from clef.lib.roles import can_coordinate_volunteers
from clef.volunteers.models import Shift, Signup


class HoursRefused(Refused):
    """Confirming hours refused, nothing written."""


def may_confirm(user, shift):
    """The coordinator, or the lead of the shift's team."""
    if not user.is_authenticated or not user.is_active:
        return False
    return can_coordinate_volunteers(user) or shift.team.lead_id == user.pk


def shift_hours(shift):
    """The hours a shift counts for each volunteer who came (Decimal, to the minute)."""
    start = shift.arrive_at or shift.starts_at
    seconds = int((shift.ends_at - min(start, shift.starts_at)).total_seconds())
    return (Decimal(seconds // 60) / 60).quantize(Decimal("0.01"))


def active_signups(shift):
    return Signup.objects.filter(shift=shift, status__in=Signup.ACTIVE).select_related("person")


def is_confirmed(signups):
    return any(s.attendance != Signup.Attendance.UNKNOWN for s in signups)


@transaction.atomic
def confirm_attendance(shift, *, came, by):
    """Who came to ``shift`` (``came``: the ids of their signups); the others signed up
    are marked as no-shows. Refused before the shift starts, for a cancelled shift, for
    someone who is neither coordinator nor the team's lead, and when already confirmed
    (a double click confirms once)."""
    shift = Shift.objects.select_for_update(of=("self",)).select_related("team").get(pk=shift.pk)
    if not may_confirm(by, shift):
        raise Forbidden(
            "not_team_lead", _("Only the coordinator or the team's lead confirms hours.")
        )
    if shift.is_cancelled:
        raise HoursRefused("shift_cancelled", _("This shift was cancelled."))
    if shift.starts_at > timezone.now():
        raise HoursRefused(
            "shift_not_started", _("Hours are confirmed once the shift has started.")
        )
    signups = list(active_signups(shift))
    if not signups:
        raise HoursRefused("nobody_signed_up", _("Nobody signed up for this shift."))
    if is_confirmed(signups):
        raise HoursRefused(
            "hours_already_confirmed", _("The hours of this shift were already confirmed.")
        )
    came = {int(pk) for pk in came}
    if came - {s.pk for s in signups}:
        raise HoursRefused(
            "not_signed_up", _("Only people signed up for this shift can be confirmed.")
        )
    now = timezone.now()
    for signup in signups:
        signup.attendance = (
            Signup.Attendance.CAME if signup.pk in came else Signup.Attendance.NO_SHOW
        )
        signup.attendance_by = by
        signup.attendance_at = now
        signup.save(update_fields=["attendance", "attendance_by", "attendance_at"])
    log_action(
        "volunteers.shift.attendance",
        by=by,
        obj=shift,
        came=len(came),
        no_shows=len(signups) - len(came),
        hours=shift_hours(shift),
    )
    return signups


def to_confirm(user, *, since, until=None):
    """The shifts started between ``since`` and ``until`` (now) whose hours ``user`` may
    confirm and nobody has: the coordinator's every team, a lead's own. Three queries
    however many."""
    until = until or timezone.now()
    shifts = (
        Shift.objects.filter(starts_at__gte=since, starts_at__lte=until)
        .exclude(status=Shift.Status.CANCELLED)
        .filter(signups__status__in=Signup.ACTIVE)
        .exclude(signups__attendance__in=[Signup.Attendance.CAME, Signup.Attendance.NO_SHOW])
        .select_related("team", "screening")
        .prefetch_related("screening__screening_films__film")
        .distinct()
        .order_by("-starts_at", "pk")
    )
    if not can_coordinate_volunteers(user):
        shifts = shifts.filter(team__lead=user)
    return list(shifts)
