"""The shifts' shared reads: the coming shifts with their places taken, what a volunteer
holds and may take, in a fixed number of queries however many shifts."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from clef.programme.models import ScreeningFilm
from clef.volunteers.models import Shift, Signup, Team, Training
from clef.volunteers.qualifications import valid_qualifications

ACTIVE = Q(signups__status__in=Signup.ACTIVE)


def with_places(shifts, person=None):
    """``shifts`` with ``taken`` (active signups), ``offered`` (places offered to others)
    and, for ``person``, ``mine`` (whether they hold a place)."""
    shifts = shifts.annotate(
        taken=Count("signups", filter=ACTIVE, distinct=True),
        offered=Count("signups", filter=Q(signups__status=Signup.Status.OFFERED), distinct=True),
    )
    if person is not None:
        shifts = shifts.annotate(
            mine=Exists(
                Signup.objects.filter(shift=OuterRef("pk"), person=person, status__in=Signup.ACTIVE)
            )
        )
    return shifts.select_related("team", "screening__room", "venue").prefetch_related(
        Prefetch(
            "screening__screening_films",
            queryset=ScreeningFilm.objects.select_related("film").order_by("position"),
        )
    )


def coming(venue, *, start, end, person=None):
    return with_places(
        Shift.objects.filter(
            venue=venue, status=Shift.Status.OPEN, starts_at__gte=start, starts_at__lt=end
        ),
        person,
    ).order_by("starts_at", "team__position", "pk")


def qualified_team_ids(person, on=None):
    return set(
        valid_qualifications(on=on)
        .filter(person=person)
        .values_list("training__teams", flat=True)
        .exclude(training__teams=None)
    )


def trainings_by_team():
    """Per team id, the trainings that qualify for it (one query)."""
    found = {}
    for training in Training.objects.prefetch_related("teams"):
        for team in training.teams.all():
            found.setdefault(team.pk, []).append(training)
    return found


@dataclass
class Board:
    """What the volunteer's page shows."""

    mine: list = field(default_factory=list)
    open: list = field(default_factory=list)
    not_qualified: list = field(default_factory=list)  # (team, trainings, shifts)


def board(venue, person, *, start, end):
    """The volunteer's shifts from ``start`` to ``end``: theirs, those they may take (a
    place free or offered), and per team they are not qualified for its shifts with the
    trainings that qualify."""
    qualified = qualified_team_ids(person)
    result = Board()
    elsewhere = {}
    for shift in coming(venue, start=start, end=end, person=person):
        shift.left = max(0, shift.places - shift.taken)
        if shift.mine:
            result.mine.append(shift)
        elif shift.team_id not in qualified:
            if shift.left:
                elsewhere.setdefault(shift.team_id, (shift.team, []))[1].append(shift)
        elif shift.left or shift.offered:
            result.open.append(shift)
    if elsewhere:
        trainings = trainings_by_team()
        result.not_qualified = [
            (team, trainings.get(team.pk, []), shifts)
            for team, shifts in sorted(elsewhere.values(), key=lambda item: item[0].position)
        ]
    return result


def my_signups(person, *, since):
    return (
        Signup.objects.filter(person=person, status__in=Signup.ACTIVE, shift__ends_at__gte=since)
        .select_related("shift__team", "shift__screening__room", "shift__venue")
        .order_by("shift__starts_at")
    )


def week_days(monday, shifts, zone):
    """The seven days from ``monday``, each with its shifts (local days)."""
    days = [(monday + dt.timedelta(days=n), []) for n in range(7)]
    by_day = dict(days)
    for shift in shifts:
        day = timezone.localtime(shift.starts_at, zone).date()
        if day in by_day:
            by_day[day].append(shift)
    return days


def teams():
    return list(Team.objects.all())
