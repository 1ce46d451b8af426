"""The demo's volunteers: La Clef's teams and trainings, a coordinator, forty volunteers
(the demo volunteer and thirty-nine others) with varied qualifications (some expiring
within the month), a safety session next week with a few registered, and the past
month of shifts at the held screenings with their hours confirmed (two no-shows).

Granting, registering and confirming go through the volunteers' services; loaded twice,
nothing is added."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from clef.demo.data import DEMO_PASSWORD, seed
from clef.lib import roles
from clef.lib.timezones import local_to_utc
from clef.members.models import Person
from clef.programme.models import Screening
from clef.volunteers import hours, trainings
from clef.volunteers.models import (
    Qualification,
    ShadowShift,
    Shift,
    Signup,
    TrainingSession,
)
from clef.volunteers.qualifications import add_months, qualified_users
from clef.volunteers.qualifications_defaults import ensure_teams_and_trainings

OTHERS = 39
FIRST_NAMES = [
    "Adèle", "Basile", "Capucine", "Dounia", "Elias", "Fatou", "Gaspard", "Hélène",
    "Ismaël", "Jeanne", "Kenza", "Lazare", "Maëlle", "Nino", "Octave", "Pauline",
    "Quentin", "Rose", "Samir", "Tess", "Ulysse", "Violette", "Wassim", "Xavière",
    "Yanis", "Zoé", "Anouk", "Bilal", "Clémence", "Driss", "Eugénie", "Félix",
    "Gabrielle", "Hugo", "Inès", "Jules", "Léna", "Malik", "Noémie",
]  # fmt: skip
LAST_NAMES = ["Martin", "Nguyen", "Benali", "Moreau", "Diallo", "Laurent", "Rossi", "Petit"]
# The trainings each volunteer may hold, the first of each pair more likely.
CHOICES = ["door", "safety", "bar", "till", "projection", "door", "bar", "safety"]
# One safety qualification in three expires within the month, to show the reminders.
SAFETY_MONTHS = 24
# At each held screening of the past month: the teams staffed.
PAST_TEAMS = ["door", "safety", "bar"]
# The confirmed shifts (in time order) whose volunteer did not come.
NO_SHOWS = (4, 11)


def load_volunteers(venue, people, today):
    teams, by_code = ensure_teams_and_trainings()
    coordinator = _coordinator()
    demo_volunteer = people[roles.VOLUNTEER]
    others = _volunteers()
    _qualify(demo_volunteer, others, by_code, coordinator, today)
    if teams["bar"].lead_id is None:
        teams["bar"].lead = others[0]
        teams["bar"].save(update_fields=["lead"])
    _session_next_week(by_code["safety"], others, coordinator, today)
    _past_month(venue, teams, coordinator, today)


def _coordinator():
    """The volunteers' coordinator's login: coordinator@example.org, the demo password."""
    user, _created = get_user_model().objects.get_or_create(
        username="coordinator",
        defaults={
            "first_name": "Corinne",
            "last_name": "Coordinatrice",
            "email": "coordinator@example.org",
            "is_staff": True,
            "password": make_password(DEMO_PASSWORD),
        },
    )
    user.groups.add(Group.objects.get(name=roles.COORDINATOR))
    Person.objects.get_or_create(
        user=user, defaults={"language": "fr", "email_confirmed_at": timezone.now()}
    )
    return user


def _volunteers():
    User = get_user_model()
    group = Group.objects.get(name=roles.VOLUNTEER)
    password = None
    users = []
    for n, first in enumerate(FIRST_NAMES[:OTHERS], start=1):
        username = f"volunteer{n:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            password = password or make_password(DEMO_PASSWORD)
            user = User.objects.create(
                username=username,
                first_name=first,
                last_name=LAST_NAMES[n % len(LAST_NAMES)],
                email=f"{username}@example.org",
                password=password,
            )
        user.groups.add(group)
        Person.objects.get_or_create(
            user=user,
            defaults={
                "language": "en" if n % 7 == 0 else "fr",
                "email_confirmed_at": timezone.now(),
            },
        )
        users.append(user)
    return users


def _qualify(demo_volunteer, others, by_code, coordinator, today):
    """Each volunteer's trainings, granted by the coordinator on a day of the past two
    years; the demo volunteer holds the door and safety."""
    if Qualification.objects.filter(person__in=[demo_volunteer, *others]).exists():
        return
    rng = random.Random(seed("volunteers", "qualifications"))
    holding = {demo_volunteer: ["door", "safety"]}
    for n, user in enumerate(others):
        codes = sorted(set(rng.sample(CHOICES, rng.randint(1, 3))))
        if n < 8:  # enough of each for the shifts
            codes = sorted({*codes, ["door", "safety", "bar", "till"][n % 4]})
        holding[user] = codes
    for n, (user, codes) in enumerate(holding.items()):
        for code in codes:
            training = by_code[code]
            if code == "safety" and n % 3 == 1:
                expires = today + dt.timedelta(days=3 + n % 25)
                granted_on = add_months(expires, -SAFETY_MONTHS)
            else:
                granted_on = today - dt.timedelta(days=30 + rng.randint(0, 600))
            trainings.grant(user, training, on=granted_on, by=coordinator)
            _shadowed(user, training, granted_on, by_code)


def _shadowed(user, training, granted_on, by_code):
    """The shifts the training asks to shadow, done after it (the first holders of a
    training were shadowed by the coordinator's say-so: there was nobody to shadow)."""
    seniors = [
        q.person for q in Qualification.objects.filter(training=training).exclude(person=user)[:1]
    ]
    for n in range(training.shadow_shifts):
        ShadowShift.objects.get_or_create(
            person=user,
            training=training,
            day=granted_on + dt.timedelta(days=7 * (n + 1)),
            confirmed_by=seniors[0] if seniors else user,
            defaults={"note": "demo"},
        )


def _session_next_week(safety, others, coordinator, today):
    if TrainingSession.objects.filter(training=safety, starts_at__gt=timezone.now()).exists():
        return
    day = today + dt.timedelta(days=7 + (5 - today.weekday()) % 7)  # next week's Saturday
    trainer = next(iter(qualified_users("safety", on=today)), coordinator)
    session = trainings.create_session(
        safety,
        starts_at=local_to_utc(day, dt.time(14, 0), "Europe/Paris"),
        trainer=trainer,
        capacity=12,
        place="Grande salle",
        by=coordinator,
    )
    expiring = Qualification.objects.filter(
        training=safety, expires_on__lte=today + dt.timedelta(days=31)
    ).select_related("person")
    for qualification in list(expiring)[:4]:
        trainings.register(session, qualification.person)
    for user in others[-3:]:
        if not Qualification.objects.filter(person=user, training=safety).exists():
            trainings.register(session, user)


def _past_month(venue, teams, coordinator, today):
    """Shifts at the past month's held screenings, one volunteer each, and their hours
    confirmed by the coordinator: everyone came but two."""
    now = timezone.now()
    since = now - dt.timedelta(days=30)
    if Signup.objects.filter(
        shift__starts_at__gte=since, attendance__in=["came", "no_show"]
    ).exists():
        return
    screenings = Screening.objects.filter(
        room__venue=venue,
        starts_at__gte=since,
        starts_at__lt=now - dt.timedelta(hours=4),
        status=Screening.Status.PUBLISHED,
    ).order_by("starts_at")
    rng = random.Random(seed("volunteers", "hours"))
    confirmed = 0
    for screening in screenings:
        day = timezone.localdate(screening.starts_at)
        for code in PAST_TEAMS:
            shift = _past_shift(venue, screening, teams[code], coordinator)
            people = list(qualified_users(code, on=day))
            if not people:
                continue
            person = rng.choice(people)
            signup = Signup.objects.filter(shift=shift, status__in=Signup.ACTIVE).first()
            if signup is None:
                signup = Signup.objects.create(shift=shift, person=person)
            came = [] if confirmed in NO_SHOWS else [signup.pk]
            hours.confirm_attendance(shift, came=came, by=coordinator)
            confirmed += 1


def _past_shift(venue, screening, team, coordinator):
    shift = Shift.objects.filter(screening=screening, team=team).first()
    if shift is not None:
        return shift
    return Shift.objects.create(
        venue=venue,
        screening=screening,
        team=team,
        origin=Shift.Origin.SCREENING,
        arrive_at=screening.starts_at - dt.timedelta(minutes=45),
        starts_at=screening.starts_at - dt.timedelta(minutes=30),
        ends_at=screening.ends_at + dt.timedelta(minutes=15),
        places=1,
        created_by=coordinator,
    )
