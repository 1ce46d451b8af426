"""What a screening needs, and the shifts that follow the programme.

A staffing template says what a screening of a kind in a room needs: per team so many
people, their times counted from the screening's start (the end from its end), arriving
some minutes before. The shifts follow the screening (``follow_screening``, called on
every save of a ``programme.Screening`` by the signal connected below, when
``VolunteersConfig.ready`` imports this module): published, its shifts are made from its template;
moved, they move and those signed up are told; cancelled, they are cancelled and those
signed up are told. The bar's hours make a shift a day on the venue's open days
(``make_bar_shifts``, run by ``clef make_bar_shifts``). Nobody types shifts by hand but
the coordinator's one-off shifts (``shifts.add_one_off``).
"""

import datetime as dt

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.lib.refusals import Refused
from clef.lib.timezones import local_to_utc
from clef.volunteers.models import BarHours, Shift, Signup, StaffingNeed, StaffingTemplate, Team
from clef.volunteers.shifts_mail import tell_signed_up


class StaffingRefused(Refused):
    pass


def _team_of(code):
    team = Team.objects.filter(code=code).first() if isinstance(code, str) else code
    if team is None:
        raise StaffingRefused(
            "unknown_team", _("There is no team “%(team)s”.") % {"team": str(code)[:60]}
        )
    return team


@transaction.atomic
def save_template(venue, *, name, needs, room=None, kind="", for_children=False, by=None):
    """Make or replace the template of (room, kind, children): ``needs`` is a list of
    dicts with ``team`` (a code or a Team), ``places``, ``start_offset``, ``end_offset``,
    ``arrive_before``. A team that does not exist refuses the whole template."""
    lines = []
    for need in needs:
        team = _team_of(need["team"])
        places = int(need.get("places", 1))
        if not 1 <= places <= 50:
            raise StaffingRefused("bad_places", _("A need is for 1 to 50 people."))
        start, end = int(need.get("start_offset", -30)), int(need.get("end_offset", 15))
        arrive = int(need.get("arrive_before", 15))
        if not (-720 <= start <= 720 and -720 <= end <= 720 and 0 <= arrive <= 240):
            raise StaffingRefused("bad_times", _("A need's times are out of bounds."))
        lines.append((team, places, start, end, arrive))
    template, _created = StaffingTemplate.objects.update_or_create(
        venue=venue,
        room=room,
        kind=kind,
        for_children=for_children,
        defaults={"name": name[:120]},
    )
    template.needs.all().delete()
    StaffingNeed.objects.bulk_create(
        StaffingNeed(
            template=template,
            team=team,
            places=places,
            start_offset=start,
            end_offset=end,
            arrive_before=arrive,
        )
        for team, places, start, end, arrive in lines
    )
    log_action("volunteers.staffingtemplate.saved", by=by, staffingtemplate=template.pk)
    return template


def template_for(screening):
    """The most precise template for the screening: its room and kind, then its room,
    then its kind, then one for every room and kind; a children's screening takes a
    children's template first."""
    candidates = StaffingTemplate.objects.filter(venue=screening.room.venue_id)
    best, best_score = None, -1
    for template in candidates:
        if template.room_id not in (None, screening.room_id):
            continue
        if template.kind not in ("", screening.kind):
            continue
        if template.for_children and not screening.for_children:
            continue
        score = (
            4 * (template.for_children == screening.for_children)
            + 2 * (template.room_id is not None)
            + (template.kind != "")
        )
        if score > best_score:
            best, best_score = template, score
    return best


def times_for(need, screening):
    start = screening.starts_at + dt.timedelta(minutes=need.start_offset)
    end = screening.ends_at + dt.timedelta(minutes=need.end_offset)
    if end <= start:
        end = start + dt.timedelta(minutes=30)
    return start, end, start - dt.timedelta(minutes=need.arrive_before)


def follow_screening(screening):
    """Bring the screening's shifts in line with it (see the module's note)."""
    Status = type(screening).Status
    shifts = list(
        Shift.objects.filter(screening=screening, origin=Shift.Origin.SCREENING).select_related(
            "need"
        )
    )
    if screening.status == Status.CANCELLED:
        _cancel(screening, [s for s in shifts if s.status == Shift.Status.OPEN])
    elif screening.status == Status.PUBLISHED:
        if not shifts:
            _make(screening)
        else:
            _reopen([s for s in shifts if s.status == Shift.Status.CANCELLED])
            _move(screening, [s for s in shifts if s.status == Shift.Status.OPEN])


def _make(screening):
    template = template_for(screening)
    if template is None:
        return []
    made = [
        Shift(
            venue_id=screening.room.venue_id,
            screening=screening,
            team_id=need.team_id,
            origin=Shift.Origin.SCREENING,
            need=need,
            starts_at=start,
            ends_at=end,
            arrive_at=arrive,
            places=need.places,
        )
        for need in template.needs.all()
        for start, end, arrive in [times_for(need, screening)]
    ]
    Shift.objects.bulk_create(made)
    log_action("volunteers.shifts.made", obj=screening, screening=screening.pk, count=len(made))
    return made


def _reopen(shifts):
    if shifts:
        Shift.objects.filter(pk__in=[s.pk for s in shifts]).update(status=Shift.Status.OPEN)
        for shift in shifts:
            shift.status = Shift.Status.OPEN


def _move(screening, shifts):
    moved = []
    for shift in shifts:
        if shift.need is None:
            continue
        start, end, arrive = times_for(shift.need, screening)
        if (start, end, arrive) == (shift.starts_at, shift.ends_at, shift.arrive_at):
            continue
        shift.starts_at, shift.ends_at, shift.arrive_at = start, end, arrive
        shift.save(update_fields=["starts_at", "ends_at", "arrive_at"])
        moved.append(shift)
    if moved:
        log_action(
            "volunteers.shifts.moved",
            obj=screening,
            screening=screening.pk,
            shifts=[s.pk for s in moved],
        )
        signups = _active_signups(moved)
        # Reminded again at the new time.
        Signup.objects.filter(pk__in=[s.pk for s in signups]).update(reminded_at=None)
        for signup in signups:
            tell_signed_up(signup, "shift_moved")


def _cancel(screening, shifts):
    if not shifts:
        return
    now = timezone.now()
    signups = _active_signups(shifts)
    Shift.objects.filter(pk__in=[s.pk for s in shifts]).update(status=Shift.Status.CANCELLED)
    Signup.objects.filter(pk__in=[s.pk for s in signups]).update(
        status=Signup.Status.CANCELLED, cancelled_at=now
    )
    log_action(
        "volunteers.shifts.cancelled",
        obj=screening,
        screening=screening.pk,
        shifts=[s.pk for s in shifts],
    )
    for signup in signups:
        signup.shift.status = Shift.Status.CANCELLED
        tell_signed_up(signup, "shift_cancelled")


def _active_signups(shifts):
    return list(
        Signup.objects.filter(shift__in=shifts, status__in=Signup.ACTIVE).select_related(
            "person__person", "shift__team", "shift__screening"
        )
    )


# --- the bar ---------------------------------------------------------------------------
@transaction.atomic
def make_bar_shifts(venue, first_day, last_day):
    """A shift per bar hours and open day from ``first_day`` to ``last_day`` (local days);
    a day already made is left alone, so running it again makes nothing."""
    made = []
    hours = list(BarHours.objects.filter(venue=venue))
    day = first_day
    while day <= last_day:
        if venue.is_open_on(day):
            for bar in hours:
                start = local_to_utc(day, bar.opens, venue.timezone)
                end = local_to_utc(day, bar.closes, venue.timezone)
                if end <= start:
                    end += dt.timedelta(days=1)
                exists = Shift.objects.filter(
                    venue=venue, origin=Shift.Origin.BAR, team=bar.team_id, starts_at=start
                ).exists()
                if not exists:
                    made.append(
                        Shift(
                            venue=venue,
                            team_id=bar.team_id,
                            origin=Shift.Origin.BAR,
                            starts_at=start,
                            ends_at=end,
                            arrive_at=start - dt.timedelta(minutes=bar.arrive_before),
                            places=bar.places,
                        )
                    )
        day += dt.timedelta(days=1)
    Shift.objects.bulk_create(made)
    if made:
        log_action("volunteers.shifts.made", obj=venue, venue=venue.pk, count=len(made))
    return made


# --- listening to the programme ----------------------------------------------------------
def _screening_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    follow_screening(instance)


# Connected when the app is ready (``VolunteersConfig.ready`` imports this module).
post_save.connect(_screening_saved, sender="programme.Screening", dispatch_uid="volunteers.shifts")
