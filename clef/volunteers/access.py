"""Staff tools opened by being on shift: the one place that says who may use the door
and the till.

The door of a screening opens for those who may check in (cashiers, administrators:
``roles.can_check_in``) and for whoever holds the door or the till qualification and is
signed up for a door or till shift of that screening, from an hour before the screening
starts to an hour after it ends. The day's door list opens for whoever is within such a
window now. The till opens for cashiers as before (``roles.can_use_till``) and for
whoever holds the till qualification and is on a till shift now (from its arrival to its
end). A door volunteer is not a cashier: their shift opens the door, never the till.

The views ask through ``role_required`` (tests of the user) or ``door_required`` (a test
of the user and the screening of the page's ``pk``).
"""

import datetime as dt
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.utils import timezone

from clef.lib import roles
from clef.volunteers.models import Shift, Signup
from clef.volunteers.qualifications import qualified_for

DOOR_TEAMS = ("door", "till")
TILL_TEAMS = ("till",)
WINDOW = dt.timedelta(hours=1)


def _signed_up(user, team_codes):
    return Signup.objects.filter(
        person=user,
        status__in=Signup.ACTIVE,
        shift__status=Shift.Status.OPEN,
        shift__team__code__in=team_codes,
    )


def _qualified(user, team_codes, on):
    return any(qualified_for(user, code, on=on) for code in team_codes)


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def door_shift_screenings(user, now=None):
    """The screenings whose door ``user`` holds by a shift now (ids)."""
    if not _active(user):
        return set()
    now = now or timezone.now()
    rows = _signed_up(user, DOOR_TEAMS).filter(
        shift__screening__isnull=False,
        shift__screening__starts_at__lte=now + WINDOW,
        shift__screening__starts_at__gte=now - WINDOW - dt.timedelta(hours=12),
    )
    found = set()
    for screening in {s.shift.screening for s in rows.select_related("shift__screening")}:
        if screening.starts_at - WINDOW <= now <= screening.ends_at + WINDOW:
            found.add(screening.pk)
    if found and not _qualified(user, DOOR_TEAMS, timezone.localdate(now)):
        return set()
    return found


def on_door_shift(user, screening, now=None):
    """Whether ``user`` holds the door of ``screening`` by a shift now."""
    if not _active(user) or screening is None:
        return False
    now = now or timezone.now()
    if not screening.starts_at - WINDOW <= now <= screening.ends_at + WINDOW:
        return False
    if not _signed_up(user, DOOR_TEAMS).filter(shift__screening=screening).exists():
        return False
    return _qualified(user, DOOR_TEAMS, timezone.localdate(now))


def on_till_shift(user, now=None):
    """Whether ``user`` holds the till qualification and is on a till shift now."""
    if not _active(user):
        return False
    now = now or timezone.now()
    on_shift = (
        _signed_up(user, TILL_TEAMS)
        .filter(shift__arrive_at__lte=now, shift__ends_at__gte=now)
        .exists()
    )
    return on_shift and _qualified(user, TILL_TEAMS, timezone.localdate(now))


# --- the tests the views ask -------------------------------------------------------------
def can_use_till(user):
    """The till: cashiers and administrators, and a qualified volunteer on a till shift."""
    return roles.can_use_till(user) or on_till_shift(user)


def can_open_door_list(user):
    """The day's door list: those who check in, and whoever holds a door by a shift now."""
    return roles.can_check_in(user) or bool(door_shift_screenings(user))


def can_check_in_at(user, screening):
    """The door of ``screening``: those who check in, and whoever holds it by a shift."""
    return roles.can_check_in(user) or on_door_shift(user, screening)


def can_see_overview_of(user, screening):
    return roles.can_see_screening_overview(user) or on_door_shift(user, screening)


def door_required(test, *, role, screening_of):
    """Like ``roles.role_required``, for a page of one screening: ``test(user,
    screening)``, the screening read by ``screening_of(pk)`` (its 404 first)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, pk, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            screening = screening_of(pk)
            if not test(request.user, screening):
                return roles.forbidden(request, role)
            return view(request, pk, *args, **kwargs)

        return wrapped

    return decorator
