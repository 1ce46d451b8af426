"""Load La Clef's demo data. Safe to run again: what exists is kept, nothing doubles.

The programme runs from six weeks before the current cinema week (already held, with
tickets sold, so that the counters count something) to four weeks after it (the last
one still in draft). The coming screenings have bookings made as members make them,
the demo member's among them, and the next children's workshop is full, with a waiting
list. The demo sends no email: its people are made up."""

import datetime as dt
import logging
import random
import zlib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from clef.demo import accounting as demo_accounting
from clef.demo import data, programme
from clef.demo import till as demo_till
from clef.lib import roles
from clef.lib.timezones import local_to_utc
from clef.members.models import Membership, Person
from clef.payments import services as payments
from clef.payments.methods import TestProvider
from clef.programme.models import Cycle, Film, Screening, ScreeningFilm
from clef.site.models import Commission, Page, TimelineEntry
from clef.tickets import workshops
from clef.tickets.booking import TICKET_SERIES, BookingRefused, availability, book
from clef.tickets.models import Booking, Ticket
from clef.venues.models import Room, Venue
from clef.venues.numbering import take_numbers

WEEKS_BEFORE = 6
WEEKS_AFTER = 4  # the current week, then weeks 1..4 after it; the last one in draft
DEMO_MEMBERS = 60
PRICES = [0, 0, 2, 3, 4, 5, 5, 5, 6, 7, 8, 8, 10, 10, 12, 15]
# Demo bookings carry idempotency keys starting so: loading again finds them.
DEMO_KEY = "demo-"
# The demo's online payments go through the test provider: no money moves.
PAID_ONLINE = TestProvider.code
OTHER_BOOKINGS = 30  # besides the demo member's and the nearly full screening's

AFRICA = {"touki-bouki", "sambizanga", "la-noire-de", "la-petite-vendeuse-de-soleil"}
STRUGGLES = {
    "salt-of-the-earth",
    "born-in-flames",
    "le-fond-de-l-air-est-rouge",
    "la-hora-de-los-hornos",
    "killer-of-sheep",
}


def _seed(*parts):
    """A stable seed: the same slot makes the same choices on every run and machine."""
    return zlib.crc32("|".join(map(str, parts)).encode())


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
    cycles = _cycles()
    _story()
    people = _people()
    today = today or venue.local_date()
    _programme(venue, rooms, films, cycles, today)
    demo_till.load_till(venue, today)  # first: the evenings it sells need no made-up tickets
    _tickets(venue, today)
    demo_accounting.load_accounting(venue, today)  # after the tickets: its statement is final
    _memberships(venue, people, today)
    _bookings(venue, people)
    _workshop(venue)
    return venue


def _venue():
    venue, _ = Venue.objects.get_or_create(slug=data.VENUE["slug"], defaults=data.VENUE)
    return venue


def _rooms(venue):
    return [
        Room.objects.get_or_create(venue=venue, name=room["name"], defaults=room)[0]
        for room in data.ROOMS
    ]


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
                "rights_holder": "",
            },
        )
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


def _programme(venue, rooms, films, cycles, today):
    this_week = venue.week_of(today)
    for offset in range(-WEEKS_BEFORE, WEEKS_AFTER + 1):
        week_start = this_week.start + dt.timedelta(weeks=offset)
        for index, (weekday, clock, room_index, slot) in enumerate(programme.WEEK_PATTERN):
            day = week_start + dt.timedelta(days=(weekday - week_start.weekday()) % 7)
            hour, minute = map(int, clock.split(":"))
            starts_at = local_to_utc(day, dt.time(hour, minute), venue.timezone)
            room = rooms[room_index]
            if Screening.objects.filter(room=room, starts_at=starts_at).exists():
                continue
            gap = _minutes_to_next_slot(weekday, clock, room_index)
            # A stable turn number, so that each slot shows the next film in the lists.
            turn = week_start.toordinal() // 7 * len(programme.WEEK_PATTERN) + index
            screening, shown = _slot(slot, offset, day, turn, gap, films, cycles)
            screening.room = room
            screening.starts_at = starts_at
            screening.programmer = None
            if offset == WEEKS_AFTER:
                screening.status = Screening.Status.DRAFT
            elif offset == 1 and weekday == 3 and room_index == 1:
                screening.status = Screening.Status.CANCELLED
            else:
                screening.status = Screening.Status.PUBLISHED
            screening.save()
            ScreeningFilm.objects.bulk_create(
                _shown(screening, film, position) for position, film in enumerate(shown, 1)
            )


def _shown(screening, film, position):
    """French-speaking and wordless films are shown as they are; others subtitled."""
    if film.languages.startswith("français") or film.languages == "sans dialogue":
        return ScreeningFilm(
            screening=screening,
            film=film,
            position=position,
            version=ScreeningFilm.Version.ORIGINAL,
        )
    return ScreeningFilm(
        screening=screening,
        film=film,
        position=position,
        version=ScreeningFilm.Version.ORIGINAL_SUBTITLED,
        subtitles="français",
    )


def _minutes_to_next_slot(weekday, clock, room_index):
    def minutes(text):
        hours, mins = map(int, text.split(":"))
        return hours * 60 + mins

    later = [
        minutes(c)
        for d, c, r, _ in programme.WEEK_PATTERN
        if d == weekday and r == room_index and minutes(c) > minutes(clock)
    ]
    return (min(later) if later else 24 * 60 + 60) - minutes(clock) - 15


def _slot(slot, offset, day, turn, gap, films, cycles):
    rng = random.Random(_seed(slot, day, turn))
    screening = Screening(kind=Screening.Kind.SCREENING)
    if slot == "children":
        film = films[programme.CHILDREN_FILMS[turn % len(programme.CHILDREN_FILMS)]]
        screening.cycle = cycles["enfance"]
        screening.for_children = True
        if day.weekday() == 6 and offset % 2 == 0:
            workshop = programme.WORKSHOP
            screening.kind = Screening.Kind.WORKSHOP
            screening.title = workshop["title"].format(film=film.title)
            screening.title_en = workshop["title_en"].format(film=film.title)
            screening.description = workshop["description"]
            screening.description_en = workshop["description_en"]
            screening.age_min, screening.age_max = workshop["age_min"], workshop["age_max"]
            screening.online_quota = workshop["places"]
            screening.pricing = Screening.Pricing.FREE
            screening.duration = film.runtime + 60
        else:
            screening.pricing = (
                Screening.Pricing.FREE
                if day.weekday() == 2
                else Screening.Pricing.PAY_WHAT_YOU_WANT
            )
            screening.duration = film.runtime + 15
        screening.audio_description = day.weekday() == 6
        return screening, [film]
    if slot == "shorts":
        shown = [films[slug] for slug in programme.SHORTS["films"]]
        screening.title = programme.SHORTS["title"]
        screening.title_en = programme.SHORTS["title_en"]
        screening.cycle = cycles["carte-blanche"]
        screening.duration = sum(f.runtime for f in shown) + 15
        screening.sdh = True
        return screening, shown
    if slot == "debate":
        candidates = [s for s in programme.DEBATE_FILMS if films[s].runtime + 60 <= gap]
        film = films[candidates[turn // len(programme.WEEK_PATTERN) % len(candidates)]]
        screening.kind = Screening.Kind.DEBATE
        screening.cycle = cycles["luttes-en-images"]
        screening.guests = rng.choice(programme.GUESTS)
        screening.description = "La projection est suivie d'une discussion avec la salle."
        screening.description_en = "The screening is followed by a discussion with the audience."
        screening.duration = film.runtime + 60
        return screening, [film]
    candidates = [s for s in programme.EVENING_FILMS if films[s].runtime + 15 <= gap]
    film = films[candidates[turn * 7 % len(candidates)]]
    if film.slug in AFRICA:
        screening.cycle = cycles["cinemas-d-afrique"]
    elif film.slug in STRUGGLES:
        screening.cycle = cycles["luttes-en-images"]
    screening.sdh = day.weekday() == 3
    screening.duration = film.runtime + 15
    return screening, [film]


def _tickets(venue, today):
    """Tickets for screenings already held, numbered in the yearly series without gaps."""
    now = timezone.now()
    held = (
        Screening.objects.published()
        .filter(room__venue=venue, starts_at__lt=now, tickets__isnull=True)
        .select_related("room")
        .order_by("starts_at", "pk")
    )
    for screening in held:
        series = screening.local_start.year
        rng = random.Random(_seed("tickets", screening.starts_at.isoformat(), screening.room_id))
        count = rng.randint(screening.room.seats // 5, screening.room.seats * 4 // 5)
        with transaction.atomic():
            first = take_numbers(venue, TICKET_SERIES, series, count)
        tickets = []
        for n in range(count):
            price = Decimal(0) if screening.is_free else Decimal(rng.choice(PRICES))
            tickets.append(
                Ticket(
                    venue=venue,
                    screening=screening,
                    series=series,
                    number=first + n,
                    price=price,
                    status=Ticket.Status.CHECKED_IN,
                    checked_in_at=screening.starts_at,
                )
            )
        Ticket.objects.bulk_create(tickets)


def _memberships(venue, people, today):
    User = get_user_model()
    season = today.year
    member_group = Group.objects.get(name=roles.MEMBER)
    members = [people[roles.MEMBER]]
    for n in range(1, DEMO_MEMBERS + 1):
        user, created = User.objects.get_or_create(
            username=f"membre{n:02d}",
            defaults={
                "first_name": "Membre",
                "last_name": f"n°{n}",
                "email": f"membre{n:02d}@example.org",
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(member_group)
        members.append(user)
    numbered = Membership.objects.filter(venue=venue, season=season)
    have = set(numbered.values_list("person_id", flat=True))
    rng = random.Random(_seed("memberships", season))
    for user in members:
        if user.pk in have:
            continue
        starts = today - dt.timedelta(days=rng.randint(0, 200))
        Person.objects.get_or_create(user=user, defaults={"email_confirmed_at": timezone.now()})
        with transaction.atomic():
            number = take_numbers(venue, "membership", season)
        Membership.objects.create(
            venue=venue,
            person=user,
            status=Membership.Status.PAID,
            paid_at=timezone.now(),
            number=number,
            season=season,
            amount=Decimal(rng.choice([5, 5, 8, 10, 10, 12, 15])),
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=364),
        )


def _bookings(venue, people):
    """Bookings for the coming screenings, made through the booking service so that the
    tickets are numbered in the series: the demo member's two (one paid, one to pay at
    the door), one screening nearly sold out online, and a few dozen others."""
    now = timezone.now()
    if Booking.objects.filter(
        idempotency_key__startswith=DEMO_KEY, screening__starts_at__gt=now
    ).exists():
        return
    # A day ahead at least, so that the bookings stay open for a while.
    coming = list(
        Screening.objects.published()
        .filter(
            room__venue=venue,
            starts_at__gt=now + dt.timedelta(days=1),
            kind__in=[Screening.Kind.SCREENING, Screening.Kind.DEBATE],
            pricing=Screening.Pricing.PAY_WHAT_YOU_WANT,
        )
        .select_related("room__venue")
        .order_by("starts_at", "room__position")
    )
    if len(coming) < 4:
        return
    member = people[roles.MEMBER]
    # The demo member's: the next screening, paid, and another film, to pay at the door.
    first = coming[0]
    second = next((s for s in coming[1:] if s.display_title != first.display_title), coming[1])
    _book(first, member, ["0", "6"], f"{DEMO_KEY}member-paid", online=True)
    _book(second, member, ["5"], f"{DEMO_KEY}member-door", online=False)
    coming = [s for s in coming if s not in (first, second)]

    others = list(
        get_user_model()
        .objects.filter(username__startswith="membre", memberships__venue=venue)
        .distinct()
        .order_by("username")
    )
    rng = random.Random(_seed("bookings", first.starts_at.isoformat()))
    # Nearly sold out online: the next screening in the smallest room, two seats left.
    smallest = min(s.room.seats for s in coming)
    full = next(s for s in coming if s.room.seats == smallest)
    users = iter(others)
    while (wanted := min(3, availability(full).online_left - 2)) > 0:
        if (user := next(users, None)) is None:
            break
        _book_at_random(full, user, wanted, rng)
    rest = [s for s in coming[:10] if s != full]
    for n, user in zip(range(OTHER_BOOKINGS), users, strict=False):
        _book_at_random(rest[n % len(rest)], user, rng.choice([1, 1, 2, 2, 3]), rng)


def _book_at_random(screening, user, seats, rng):
    prices = [str(rng.choice(PRICES)) for _ in range(seats)]
    key = f"{DEMO_KEY}{screening.pk}-{user.pk}"
    language = rng.choice(["fr", "fr", "fr", "en"])
    online = rng.random() < 0.7
    try:
        return _book(screening, user, prices, key, online=online, language=language)
    except BookingRefused:
        # A member of an older demo whose membership has run out: someone else books.
        return None


def _book(screening, user, prices, key, *, online, language="fr"):
    """Book as the member would; an online payment is accepted at once."""
    method = PAID_ONLINE if online else "door"
    booking, created = book(
        screening,
        user=user,
        prices=prices,
        method=method,
        idempotency_key=key,
        language=language,
    )
    if created and booking.status == Booking.Status.AWAITING_PAYMENT:
        payments.mark_paid(booking.payment, by=user)
        booking.refresh_from_db()
    return booking


def _workshop(venue):
    """The next children's workshop, a day ahead at least: every place taken, and two
    children on the waiting list."""
    workshop = (
        Screening.objects.published()
        .filter(
            room__venue=venue,
            kind=Screening.Kind.WORKSHOP,
            starts_at__gt=timezone.now() + dt.timedelta(days=1),
        )
        .order_by("starts_at")
        .first()
    )
    if workshop is None or workshop.registrations.exists():
        return
    for n, (child, age, guardian) in enumerate(programme.WORKSHOP_CHILDREN, start=1):
        workshops.register(
            workshop,
            child_first_name=child,
            child_age=age,
            guardian_name=guardian,
            guardian_phone=f"06 00 00 00 {n:02d}",
            guardian_email=f"parent{n:02d}@example.org",
            photo_consent=n % 3 != 0,
        )
