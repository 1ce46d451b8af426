"""Signing up for shifts, cancelling, offering a shift to others and taking it over, and
the coordinator's one-off shifts.

Every change of a shift's places runs under the shift's lock (``lock``: its row held
until the commit on PostgreSQL; SQLite's immediate transactions serialise writers), so
two volunteers taking the last place at once get one place between them. The rules:
only a volunteer qualified for the shift's team on its day
(``qualifications.qualified_for``), never two shifts that overlap, at most
``CLEF_SHIFT_WEEKLY_CAP`` shifts in one week (Monday to Sunday, local time); a signup is
cancelled until ``CLEF_SHIFT_CANCEL_HOURS`` before the shift, after which it can only be
offered to others: it stays its volunteer's until a qualified volunteer takes it (the
swap is kept: the new signup's ``taken_from``).
"""

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.lib.refusals import Forbidden, Refused
from clef.volunteers.models import Shift, Signup
from clef.volunteers.qualifications import qualified_for
from clef.volunteers.shifts_mail import tell_signed_up


class ShiftRefused(Refused):
    pass


def cancel_cutoff():
    return dt.timedelta(hours=settings.CLEF_SHIFT_CANCEL_HOURS)


def weekly_cap():
    return settings.CLEF_SHIFT_WEEKLY_CAP


def lock(shift):
    """Hold the shift's row until the commit, and read it again (PostgreSQL; SQLite's
    immediate transactions serialise every writer already)."""
    query = Shift.objects.select_related("team", "venue", "screening")
    if connection.features.has_select_for_update:
        query = query.select_for_update(of=("self",))
    return query.get(pk=shift.pk)


def taken(shift):
    return shift.signups.filter(status__in=Signup.ACTIVE).count()


def places_left(shift):
    return max(0, shift.places - taken(shift))


def week_of(shift):
    """The local Monday-to-Sunday week of the shift's start, as UTC bounds."""
    zone = shift.venue.zone
    day = timezone.localtime(shift.starts_at, zone).date()
    monday = day - dt.timedelta(days=day.weekday())
    start = dt.datetime.combine(monday, dt.time(0, 0), tzinfo=zone)
    return start, start + dt.timedelta(days=7)


def _check_may_take(shift, person, now):
    if shift.status != Shift.Status.OPEN:
        raise ShiftRefused("shift_cancelled", _("This shift is cancelled."))
    if shift.starts_at <= now:
        raise ShiftRefused("shift_started", _("This shift has already started."))
    day = timezone.localtime(shift.starts_at, shift.venue.zone).date()
    if not qualified_for(person, shift.team, on=day):
        raise ShiftRefused(
            "not_qualified",
            _("You do not hold a qualification for the team “%(team)s” on that day.")
            % {"team": shift.team.localized_name()},
        )
    mine = Signup.objects.filter(person=person, status__in=Signup.ACTIVE)
    if mine.filter(shift=shift).exists():
        raise ShiftRefused("already_signed_up", _("You are already signed up for this shift."))
    overlap = (
        mine.filter(shift__status=Shift.Status.OPEN)
        .filter(shift__starts_at__lt=shift.ends_at, shift__ends_at__gt=shift.starts_at)
        .select_related("shift")
        .first()
    )
    if overlap:
        when = timezone.localtime(overlap.shift.starts_at, shift.venue.zone)
        raise ShiftRefused(
            "overlap",
            _("You are already on a shift at that time (%(when)s).")
            % {"when": when.strftime("%d/%m %H:%M")},
        )
    start, end = week_of(shift)
    in_week = mine.filter(
        shift__status=Shift.Status.OPEN, shift__starts_at__gte=start, shift__starts_at__lt=end
    ).count()
    if in_week >= weekly_cap():
        raise ShiftRefused(
            "weekly_cap",
            _("You already have %(count)s shifts that week, the most one person takes.")
            % {"count": in_week},
        )


@transaction.atomic
def sign_up(shift, person, *, now=None):
    """``person`` takes a place on ``shift`` (refused: see the module's note)."""
    now = now or timezone.now()
    shift = lock(shift)
    _check_may_take(shift, person, now)
    if taken(shift) >= shift.places:
        raise ShiftRefused("full", _("This shift is full."))
    signup = Signup.objects.create(shift=shift, person=person)
    log_action("volunteers.signup.made", by=person, signup=signup.pk, shift=shift.pk)
    return signup


def _own_active(signup, person):
    signup = (
        Signup.objects.select_for_update(of=("self",))
        .select_related("shift__venue", "shift__team", "person")
        .get(pk=signup.pk)
    )
    if signup.person_id != person.pk:
        raise Forbidden("not_yours", _("This is not your shift."))
    if signup.status not in Signup.ACTIVE:
        raise ShiftRefused("not_active", _("You are no longer signed up for this shift."))
    return signup


def may_cancel(signup, now=None):
    now = now or timezone.now()
    return signup.shift.starts_at - now >= cancel_cutoff()


@transaction.atomic
def cancel(signup, *, by, now=None):
    """The volunteer cancels their own signup, until the cut-off."""
    now = now or timezone.now()
    lock(signup.shift)
    signup = _own_active(signup, by)
    if not may_cancel(signup, now):
        raise ShiftRefused(
            "past_cutoff",
            _(
                "It is too late to cancel (%(hours)s hours before the shift at the latest): "
                "offer your shift to others instead."
            )
            % {"hours": settings.CLEF_SHIFT_CANCEL_HOURS},
        )
    signup.status, signup.cancelled_at = Signup.Status.CANCELLED, now
    signup.save(update_fields=["status", "cancelled_at"])
    log_action("volunteers.signup.cancelled", by=by, signup=signup.pk, shift=signup.shift_id)
    return signup


@transaction.atomic
def offer(signup, *, by, now=None):
    """Past the cut-off, the volunteer offers their place to others: still theirs until
    someone takes it."""
    now = now or timezone.now()
    lock(signup.shift)
    signup = _own_active(signup, by)
    if signup.shift.starts_at <= now:
        raise ShiftRefused("shift_started", _("This shift has already started."))
    if signup.status == Signup.Status.OFFERED:
        return signup
    signup.status, signup.offered_at = Signup.Status.OFFERED, now
    signup.save(update_fields=["status", "offered_at"])
    log_action("volunteers.signup.offered", by=by, signup=signup.pk, shift=signup.shift_id)
    return signup


@transaction.atomic
def withdraw_offer(signup, *, by):
    lock(signup.shift)
    signup = _own_active(signup, by)
    if signup.status == Signup.Status.OFFERED:
        signup.status, signup.offered_at = Signup.Status.SIGNED, None
        signup.save(update_fields=["status", "offered_at"])
        log_action("volunteers.signup.kept", by=by, signup=signup.pk, shift=signup.shift_id)
    return signup


@transaction.atomic
def take_over(signup, person, *, now=None):
    """A qualified volunteer takes the place ``signup`` offers; the swap is kept."""
    now = now or timezone.now()
    shift = lock(signup.shift)
    offered = (
        Signup.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(pk=signup.pk)
        .first()
    )
    if offered is None or offered.status != Signup.Status.OFFERED:
        raise ShiftRefused("not_offered", _("This place is no longer offered."))
    if offered.person_id == person.pk:
        raise ShiftRefused("own_offer", _("This is your own place."))
    _check_may_take(shift, person, now)
    offered.status = Signup.Status.SWAPPED
    offered.save(update_fields=["status"])
    mine = Signup.objects.create(shift=shift, person=person, taken_from=offered)
    log_action(
        "volunteers.signup.swapped",
        by=person,
        signup=mine.pk,
        shift=shift.pk,
        taken_from=offered.pk,
    )
    offered.shift = shift
    tell_signed_up(offered, "shift_taken", taker=person.get_full_name() or person.username)
    return mine


def offered_place(shift):
    """The first place offered on ``shift``, or None."""
    return shift.signups.filter(status=Signup.Status.OFFERED).order_by("offered_at", "pk").first()


@transaction.atomic
def take(shift, person, *, now=None):
    """One tap: a free place if there is one, else a place someone offers."""
    locked = lock(shift)
    if taken(locked) < locked.places:
        return sign_up(locked, person, now=now)
    offered = offered_place(locked)
    if offered is None:
        raise ShiftRefused("full", _("This shift is full."))
    return take_over(offered, person, now=now)


@transaction.atomic
def add_one_off(venue, *, team, starts_at, ends_at, arrive_at=None, places=1, title="", by):
    """The coordinator's shift outside the programme (a renovation, a festival)."""
    if ends_at <= starts_at:
        raise ShiftRefused("ends_before_start", _("A shift must end after it starts."))
    if ends_at - starts_at > dt.timedelta(hours=24):
        raise ShiftRefused("too_long", _("A shift lasts at most 24 hours."))
    arrive_at = arrive_at or starts_at
    if arrive_at > starts_at:
        raise ShiftRefused("arrive_after_start", _("One arrives before the shift starts."))
    if not 1 <= places <= 50:
        raise ShiftRefused("bad_places", _("A shift is for 1 to 50 people."))
    # A double click (or two clients at once): the shift just added, not a second one.
    type(venue).objects.select_for_update().filter(pk=venue.pk).first()
    same = Shift.objects.filter(
        venue=venue,
        team=team,
        origin=Shift.Origin.ONE_OFF,
        title=title[:200],
        starts_at=starts_at,
        ends_at=ends_at,
    ).exclude(status=Shift.Status.CANCELLED)
    if (found := same.first()) is not None:
        return found
    shift = Shift.objects.create(
        venue=venue,
        team=team,
        origin=Shift.Origin.ONE_OFF,
        title=title[:200],
        starts_at=starts_at,
        ends_at=ends_at,
        arrive_at=arrive_at,
        places=places,
        created_by=by,
    )
    log_action("volunteers.shift.added", by=by, shift=shift.pk)
    return shift
