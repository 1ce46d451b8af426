"""The demo's shifts: staffing templates for both rooms and for children's screenings,
the bar's hours, the coming three weeks' shifts made from the programme and partly
filled, one screening without its safety staff (to show on the gaps page and the
checklist), and the demo volunteer on a door shift tonight.

Templates, shifts and signups go through the volunteers' services; loaded twice,
nothing is added."""

import datetime as dt
import random

from django.utils import timezone

from clef.demo.data import seed
from clef.lib import roles
from clef.lib.refusals import Refused
from clef.programme.models import Screening
from clef.volunteers import shifts, staffing
from clef.volunteers.models import BarHours, Shift, Signup, StaffingTemplate, Team
from clef.volunteers.qualifications import qualified_users

WEEKS = 3
# Of each coming shift's places, the share the demo fills.
FILLED = 0.6

BIG = [
    {"team": "projection", "places": 1, "start_offset": -30, "end_offset": 15},
    {"team": "till", "places": 1, "start_offset": -45, "end_offset": 0},
    {"team": "safety", "places": 1, "start_offset": -30, "end_offset": 15},
    {"team": "door", "places": 2, "start_offset": -45, "end_offset": 0},
]
SMALL = [
    {"team": "projection", "places": 1, "start_offset": -30, "end_offset": 15},
    {"team": "till", "places": 1, "start_offset": -45, "end_offset": 0},
    {"team": "safety", "places": 1, "start_offset": -30, "end_offset": 15},
    {"team": "door", "places": 1, "start_offset": -45, "end_offset": 0},
]
# A children's screening: two more for the welcome.
CHILDREN = [*BIG, {"team": "welcome", "places": 2, "start_offset": -45, "end_offset": 15}]


def load_shifts(venue, rooms, people, today):
    big, small = rooms[0], rooms[1]
    if not StaffingTemplate.objects.filter(venue=venue).exists():
        staffing.save_template(venue, name="Grande salle", room=big, needs=BIG)
        staffing.save_template(venue, name="Petite salle", room=small, needs=SMALL)
        staffing.save_template(venue, name="Séance jeune public", for_children=True, needs=CHILDREN)
    if not BarHours.objects.filter(venue=venue).exists():
        BarHours.objects.create(
            venue=venue,
            team=Team.objects.get(code="bar"),
            opens=dt.time(18, 30),
            closes=dt.time(23, 0),
            places=2,
        )
    staffing.make_bar_shifts(venue, today, today + dt.timedelta(weeks=WEEKS))
    coming = list(
        Screening.objects.filter(
            room__venue=venue,
            status=Screening.Status.PUBLISHED,
            starts_at__gte=timezone.now() - dt.timedelta(hours=3),
            starts_at__lt=timezone.now() + dt.timedelta(weeks=WEEKS),
        ).order_by("starts_at")
    )
    for screening in coming:
        # Published before the templates existed: their shifts are made now.
        staffing.follow_screening(screening)
    tonight = _tonight(coming, venue, today)
    _door_tonight(people[roles.VOLUNTEER], tonight)
    unsafe = next((s for s in coming if s != tonight and s.starts_at > timezone.now()), None)
    _fill(venue, today, unsafe)


def _tonight(coming, venue, today):
    return next((s for s in coming if venue.local_date(s.starts_at) == today), None) or next(
        iter(coming), None
    )


def _door_tonight(volunteer, screening):
    if screening is None:
        return
    door = Shift.objects.filter(screening=screening, team__code="door").first()
    if door is None or door.signups.filter(person=volunteer, status__in=Signup.ACTIVE).exists():
        return
    try:
        shifts.sign_up(door, volunteer)
    except Refused:
        # Loaded after the shift began: the demo volunteer is on it all the same.
        Signup.objects.create(shift=door, person=volunteer)


def _fill(venue, today, unsafe):
    """Fill about ``FILLED`` of the coming places with qualified volunteers, leaving the
    safety shift of ``unsafe`` empty. A second load finds the places taken."""
    rng = random.Random(seed("shifts", "fill"))
    if Signup.objects.filter(shift__venue=venue, shift__starts_at__gt=timezone.now()).count() > 1:
        return
    people_by_team = {}
    upcoming = Shift.objects.filter(
        venue=venue, status=Shift.Status.OPEN, starts_at__gt=timezone.now()
    ).select_related("team", "venue")
    for shift in upcoming.order_by("starts_at", "pk"):
        if unsafe is not None and shift.screening_id == unsafe.pk and shift.team.code == "safety":
            continue
        if shift.team.code != "safety" and rng.random() > FILLED:
            continue
        team_people = people_by_team.setdefault(
            shift.team_id, list(qualified_users(shift.team, on=today))
        )
        rng.shuffle(team_people)
        wanted = shift.places if shift.team.code == "safety" else max(1, shift.places // 2)
        for person in team_people:
            if wanted <= 0:
                break
            try:
                shifts.sign_up(shift, person)
            except Refused:
                continue
            wanted -= 1
