"""The reminder each volunteer chose (none, the day before, two hours before), sent by
``clef send_shift_reminders`` (run by a timer every few minutes). A signup reminded is
marked (``Signup.reminded_at``), so running it twice sends nothing new; a shift that moves
is reminded again."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from clef.lib.actions import log_action
from clef.volunteers.models import Shift, ShiftPreferences, Signup
from clef.volunteers.shifts_mail import tell_signed_up

AHEAD = {
    ShiftPreferences.Reminder.DAY_BEFORE: dt.timedelta(hours=24),
    ShiftPreferences.Reminder.TWO_HOURS: dt.timedelta(hours=2),
}
DEFAULT = ShiftPreferences.Reminder.DAY_BEFORE


def send_reminders(now=None):
    """Remind every signup whose moment has come; returns how many were sent."""
    now = now or timezone.now()
    longest = max(AHEAD.values())
    candidates = Signup.objects.filter(
        status__in=Signup.ACTIVE,
        reminded_at=None,
        shift__status=Shift.Status.OPEN,
        shift__starts_at__gt=now,
        shift__starts_at__lte=now + longest,
    ).select_related("shift__team", "shift__venue", "shift__screening", "person__person")
    choices = dict(
        ShiftPreferences.objects.filter(person__in=candidates.values("person")).values_list(
            "person", "reminder"
        )
    )
    sent = 0
    for signup in candidates:
        ahead = AHEAD.get(choices.get(signup.person_id, DEFAULT))
        if ahead is None or signup.shift.starts_at - now > ahead:
            continue
        with transaction.atomic():
            marked = Signup.objects.filter(pk=signup.pk, reminded_at=None).update(reminded_at=now)
            if not marked:
                continue
            log_action("volunteers.signup.reminded", signup=signup.pk, shift=signup.shift_id)
            tell_signed_up(signup, "shift_reminder")
            sent += 1
    return sent
