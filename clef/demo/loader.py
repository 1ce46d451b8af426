"""Load La Clef's demo data. Safe to run again: what exists is kept, nothing doubles.

The venue, its rooms and films, the story and the logins here; the programme over the
weeks in ``schedule``, the members in ``members``, the till's evenings in ``till``, the
tickets, bookings and the workshop in ``audience``, the agreements and a statement sent
in ``accounting``. The demo sends no email: its people are made up."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from clef.demo import (
    accounting,
    audience,
    checklists,
    data,
    fundraising,
    gifts,
    meetings,
    members,
    posters,
    programme,
    schedule,
    shifts,
    till,
    volunteers,
    waiting,
)
from clef.demo import programming as proposals_demo
from clef.lib import roles
from clef.members.models import Person
from clef.programme.models import Cycle, Film
from clef.site.models import Commission, Page, TimelineEntry
from clef.venues.models import Room, Venue


def load_demo(*, today=None):
    # The emails that bookings and registrations send go nowhere: nobody is to be told.
    # The override lasts until the commit, when they would be sent. The made-up actions
    # are not logged one by one either: the command says what it loaded.
    actions = logging.getLogger("clef.actions")
    level = actions.level
    actions.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            return _load(today)
    finally:
        actions.setLevel(level)


@transaction.atomic
def _load(today):
    roles.ensure_roles()
    venue = _venue()
    rooms = _rooms(venue)
    films = _films()
    posters.load_posters(films)
    cycles = _cycles()
    _story()
    people = _people()
    today = today or venue.local_date()
    schedule.load_schedule(venue, rooms, films, cycles, today)
    # In time order, as the journal records them: the members of the past year, then the
    # last evenings at the till (before the made-up tickets: they sell their own).
    members.load_members(venue, people, today)
    till.load_till(venue, today)
    audience.load_tickets(venue, today)
    accounting.load_accounting(venue, today)  # after the tickets: its statement is final
    audience.load_bookings(venue, people)
    audience.load_workshop(venue)
    waiting.load_waiting_list(venue, people)  # after the bookings
    volunteers.load_volunteers(venue, people, today)
    meetings.load_meetings(venue, people, today)  # after the proposals
    checklists.load_checklists(venue, people, today)  # after the proposals and meetings
    proposals_demo.load_proposals(venue, people, today)  # after the meetings, checklists
    fundraising.load_fundraising(today)  # before the gifts
    gifts.load_gifts(today)  # after the campaigns
    shifts.load_shifts(venue, rooms, people, today)  # after the volunteers
    return venue


def _venue():
    venue, _ = Venue.objects.get_or_create(slug=data.VENUE["slug"], defaults=data.VENUE)
    _fill_blank(
        venue,
        **{
            key: data.VENUE[key]
            for key in (
                "cnc_number",
                "phone",
                "opening_hours",
                "opening_hours_en",
                "getting_there",
                "getting_there_en",
                "latitude",
                "longitude",
            )
        },
    )
    return venue


def _rooms(venue):
    rooms = []
    for room in data.ROOMS:
        found, _ = Room.objects.get_or_create(venue=venue, name=room["name"], defaults=room)
        _fill_blank(found, cnc_number=room["cnc_number"])
        rooms.append(found)
    return rooms


def _fill_blank(obj, **values):
    """Give an object loaded by an older demo what it lacks, keeping what it has."""
    blank = {name: value for name, value in values.items() if not getattr(obj, name)}
    if blank:
        for name, value in blank.items():
            setattr(obj, name, value)
        obj.save(update_fields=list(blank))


def _films():
    films = {}
    for row in programme.FILMS:
        slug, title, original, directors, year, countries, runtime, languages, fr, en = row
        films[slug], _ = Film.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "original_title": original,
                "directors": directors,
                "year": year,
                "countries": countries,
                "runtime": runtime,
                "languages": languages,
                "synopsis": fr,
                "synopsis_en": en,
                "visa_number": programme.VISAS.get(slug, ""),
                "no_visa": slug in programme.NO_VISA,
            },
        )
        if not films[slug].no_visa:
            _fill_blank(films[slug], visa_number=programme.VISAS.get(slug, ""))
    return films


def _cycles():
    cycles = {}
    for slug, title, title_en, children, fr, en in programme.CYCLES:
        cycles[slug], _ = Cycle.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "title_en": title_en,
                "for_children": children,
                "description": fr,
                "description_en": en,
            },
        )
    return cycles


def _story():
    for date, precision, title, title_en, text, text_en in data.TIMELINE:
        TimelineEntry.objects.get_or_create(
            date=date,
            title=title,
            defaults={
                "date_precision": precision,
                "title_en": title_en,
                "text": text,
                "text_en": text_en,
            },
        )
    for position, (name, name_en, text, text_en) in enumerate(data.COMMISSIONS, start=1):
        Commission.objects.get_or_create(
            name=name,
            defaults={
                "name_en": name_en,
                "description": text,
                "description_en": text_en,
                "position": position,
            },
        )
    for slug, (title, title_en, body, body_en) in data.PAGES.items():
        Page.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "title_en": title_en,
                "body": body,
                "body_en": body_en,
            },
        )


def _people():
    User = get_user_model()
    people = {}
    for username, role, first, last in data.PEOPLE:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_staff": role in roles.STAFF_ROLES,
                "is_superuser": role == roles.ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(data.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role))
        Person.objects.get_or_create(
            user=user, defaults={"language": "fr", "email_confirmed_at": timezone.now()}
        )
        people[role] = user
    return people
