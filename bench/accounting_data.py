"""Three busy years of La Clef, scaled to TICKETS tickets: the data of bench/accounting.py.

Run inside a migrated, empty database (DATABASE_URL), through `bench/accounting.py
build`. It makes the venue and its two rooms (120 and 65 seats), a treasurer, about
1,300 films, some fifty rights holders (distributors, heritage archives, filmmakers and
collectives), every day of the last YEARS years up to yesterday (closed a week in August
and on three public holidays) with up to six screenings a day in each room: new releases
for two weeks, repertoire, a heritage film, a militant film (sometimes with a debate), a
programme of two or three shorts, children's mornings (some free). Each film shown has its
agreement: a percentage (40-50 % for new releases, 25-30 % for older films), a minimum
guarantee, a flat fee or rights waived. Each screening's tickets are drawn from its
weight (room, hour, weekday, season, film), the whole scaled to exactly TICKETS:
pay-what-you-want prices (many 0 €, many 5 to 10 €, some 2, 12, 15 €), checked in or
paid, a few cancelled; numbered in yearly series. Memberships per season (September to
August), with renewals.

Small tables go through the ORM's bulk_create; the tickets through raw SQL: executemany
in big transactions on SQLite, COPY on PostgreSQL. The choices are seeded: the same day
makes the same data. VERSION names the generator: change it when the data changes (the
SQLite file cached by bench/accounting.py is keyed by it and by this file's text).
"""

import datetime as dt
import os
import random
import time
from decimal import Decimal

VERSION = 1
TICKETS = int(os.environ.get("BENCH_ACCOUNTING_TICKETS", "1000000"))
YEARS = 3
SEED = 2026
TREASURER = "tresorerie"
# Local start times of each room's screenings: 2 h 20 apart, the longest film plus the
# audience leaving. Morning slots are not used every day.
SLOTS = [
    ["10:00", "12:20", "14:40", "17:00", "19:20", "21:40"],
    ["10:30", "12:50", "15:10", "17:30", "19:50", "22:10"],
]
ROOMS = [("Grande salle", 120), ("Petite salle", 65)]
# Pay what you want: (price, weight).
PRICES = [
    ("0.00", 24),
    ("2.00", 8),
    ("3.00", 3),
    ("4.00", 3),
    ("5.00", 17),
    ("6.00", 10),
    ("7.00", 6),
    ("8.00", 12),
    ("10.00", 10),
    ("12.00", 4),
    ("15.00", 3),
]
CANCELLED_AT_MOST = 0.06  # the share of a screening's tickets cancelled, at most
NO_SHOW = 0.12  # paid, never checked in
BATCH = 50_000

# fmt: off
DISTRIBUTORS = ["Les Films de la Comète", "Arc-en-ciel Distribution", "Rivages Films",
                "Le Pacte des Ombres", "Nouvelle Lune", "Films du Préau", "Éclipse Diffusion",
                "Zeugma Films", "Le Bureau des Images", "Traverses Distribution",
                "Sud Lointain Films", "Les Films du Fleuve", "Cinéma Libre Distribution",
                "Boréales", "Hors Champ Films", "Épicentre Diffusion", "La Vingt-Cinquième Heure",
                "Tamasa Nord", "Urbanistes Films", "Jour de Fête Distribution"]
ARCHIVES = ["Ciné-Mémoire", "Archives du Film Militant", "Cinémathèque des Faubourgs",
            "Fonds Lumière-Daubenton"]
MAKERS = ["Collectif Super 8 Belleville", "Atelier Varan-Sud", "Les Mutins de Pangée Fictifs",
          "Collectif Cinéma Grève", "Coopérative Image Libre", "Amina Diallo", "Jonas Perrin",
          "Léa Moreau", "Rafael Ortiz", "Nadia Benslimane", "Collectif Cinéastes en Lutte",
          "Atelier Populaire d'Images", "Samir Haddad", "Camille Roussel", "Yuki Tanabe",
          "Collectif Les Voix du Quartier", "Marta Kowalska", "Ibrahim Touré",
          "Collectif Terres Communes", "Hélène Vasseur"]
WORDS = ["nuit", "mer", "ville", "frontière", "mémoire", "usine", "rivière", "saison", "exil",
         "colère", "maison", "grève", "fenêtre", "forêt", "route", "île", "chanson", "lumière",
         "poussière", "frontière", "gare", "lettre", "marche", "parole", "terre", "vague"]
FIRST = ["Agnès", "Ousmane", "Lucrecia", "Fernando", "Kinuyo", "Safi", "Med", "Chantal",
         "Sarah", "Mira", "Abbas", "Ana", "Souleymane", "Alice", "Larissa", "Idrissa", "Věra"]
LAST = ["Varda", "Sembène", "Martel", "Solanas", "Tanaka", "Faye", "Hondo", "Akerman",
        "Maldoror", "Nair", "Kiarostami", "Cissé", "Guy", "Shepitko", "Ouédraogo", "Gerima"]
COUNTRIES = ["France", "Sénégal", "Argentine", "Japon", "Belgique", "Mali", "Iran", "Brésil",
             "Hongrie", "Éthiopie", "Inde", "Italie", "Burkina Faso", "Tunisie"]
LANGUAGES = ["français", "wolof", "espagnol", "japonais", "persan", "portugais", "anglais",
             "hongrois", "amharique", "italien", "arabe", "sans dialogue"]
# fmt: on


def build(*, today=None):
    """Make the data; returns a summary (what the benchmark fetches) as a dict."""
    from django.db import connection, transaction

    started = time.perf_counter()
    rng = random.Random(SEED)
    with transaction.atomic():
        venue, rooms, treasurer = _venue()
        today = today or venue.local_date()
        holders = _holders()
        days = _days(venue, today)
        films, plan = _plan(rng, venue, rooms, days, holders)
        _save_programme(films, plan)
    programme_seconds = time.perf_counter() - started
    with transaction.atomic():
        counts = _counts(rng, plan)
        tickets = _tickets(rng, venue, plan, counts, connection)
    tickets_seconds = time.perf_counter() - started - programme_seconds
    with transaction.atomic():
        memberships = _memberships(rng, venue, days[0], today)
    with connection.cursor() as cursor:
        # The planner's statistics (and PostgreSQL's visibility map, which lets a count be
        # read from an index), as autovacuum leaves them on a database in use.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    summary = describe(venue)
    summary.update(
        {
            "treasurer": treasurer.get_username(),
            "tickets_written": tickets,
            "memberships": memberships,
            "seconds": round(time.perf_counter() - started, 1),
            "programme_seconds": round(programme_seconds, 1),
            "tickets_seconds": round(tickets_seconds, 1),
        }
    )
    return summary


# --- the venue, its people, the rights holders -------------------------------------------
def _venue():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from clef.lib import roles
    from clef.venues.models import Room, Venue

    roles.ensure_roles()
    venue = Venue.objects.create(
        slug="la-clef",
        name="La Clef",
        street="34 rue Daubenton",
        postcode="75005",
        city="Paris",
        email="contact@example.org",
        timezone="Europe/Paris",
        open_days="0123456",
        membership_validity="season",
        season_start_month=9,
    )
    rooms = [
        Room.objects.create(venue=venue, name=name, seats=seats, position=n)
        for n, (name, seats) in enumerate(ROOMS, start=1)
    ]
    treasurer = get_user_model().objects.create_user(
        TREASURER, f"{TREASURER}@example.org", None, first_name="Théo", is_staff=True
    )
    treasurer.groups.add(Group.objects.get(name=roles.TREASURER))
    return venue, rooms, treasurer


def _holders():
    from clef.accounting.models import RightsHolder

    made = RightsHolder.objects.bulk_create(
        [
            RightsHolder(
                name=name,
                contact_name=f"{FIRST[n % len(FIRST)]} {LAST[n % len(LAST)]}",
                email=f"holder{n:02d}@example.org",
                language="en" if n % 7 == 3 else "fr",
            )
            for n, name in enumerate(DISTRIBUTORS + ARCHIVES + MAKERS)
        ]
    )
    return {
        "distributors": made[: len(DISTRIBUTORS)],
        "archives": made[len(DISTRIBUTORS) : len(DISTRIBUTORS) + len(ARCHIVES)],
        "makers": made[len(DISTRIBUTORS) + len(ARCHIVES) :],
    }


def _days(venue, today):
    """Every day from the start of the cinema week YEARS years ago to yesterday."""
    first = venue.week_of(today).start - dt.timedelta(weeks=52 * YEARS + 1)
    return [first + dt.timedelta(days=n) for n in range((today - first).days)]


def _closed(day):
    return (day.month == 8 and 10 <= day.day <= 16) or (day.month, day.day) in {
        (12, 25),
        (1, 1),
        (5, 1),
    }


# --- the programme --------------------------------------------------------------------------
class Films:
    """Films made as the weeks need them, each with the deal its rights holder agreed:
    (holder, kind, rate, amount)."""

    def __init__(self, rng, holders):
        self.rng = rng
        self.holders = holders
        self.films = []  # unsaved Film objects
        self.deals = {}  # id(film) -> (holder, kind, rate, amount)
        self.pools = {"repertoire": [], "heritage": [], "militant": [], "short": [], "child": []}
        for kind, size in (
            ("repertoire", 620),
            ("heritage", 150),
            ("militant", 90),
            ("short", 200),
            ("child", 40),
        ):
            for _ in range(size):
                self.pools[kind].append(self._film(kind, year=None))
            rng.shuffle(self.pools[kind])
        self.turns = dict.fromkeys(self.pools, 0)

    def next(self, kind):
        pool = self.pools[kind]
        film = pool[self.turns[kind] % len(pool)]
        self.turns[kind] += 1
        return film

    def new_release(self, year):
        return self._film("new", year=year)

    def _film(self, kind, year):
        from clef.programme.models import Film

        rng = self.rng
        n = len(self.films) + 1
        a, b = rng.sample(WORDS, 2)
        title = rng.choice(
            [f"La {a}", f"{a.capitalize()} et {b}", f"Après la {a}", f"Lettre à la {a}"]
        )
        if year is None:
            year = {
                "repertoire": rng.randint(1950, 2018),
                "heritage": rng.randint(1920, 1975),
                "militant": rng.randint(1968, 2022),
                "short": rng.randint(1990, 2022),
                "child": rng.randint(1960, 2020),
            }[kind]
        runtime = rng.randint(8, 30) if kind == "short" else rng.randint(62, 125)
        language = rng.choice(LANGUAGES)
        film = Film(
            title=title,
            slug=f"bench-{n}",
            directors=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            year=year,
            countries=rng.choice(COUNTRIES),
            runtime=runtime,
            languages=language,
            visa_number=str(100000 + n),
        )
        self.films.append(film)
        self.deals[id(film)] = self._deal(kind)
        return film

    def _deal(self, kind):
        rng, holders = self.rng, self.holders
        percent = Decimal  # rates are whole or half percents
        if kind == "new":
            holder = rng.choice(holders["distributors"])
            if rng.random() < 0.3:
                amount = Decimal(rng.choice([100, 120, 150, 200]))
                return holder, "minimum_guarantee", percent(rng.choice([35, 40, 45])), amount
            return holder, "percentage", percent(rng.choice([40, 45, 47.5, 50])), None
        if kind == "heritage":
            holder = rng.choice(holders["archives"])
            if rng.random() < 0.7:
                return holder, "flat_fee", None, Decimal(rng.choice([80, 100, 150, 200, 250]))
            return holder, "percentage", percent(rng.choice([20, 25])), None
        if kind == "militant":
            if rng.random() < 0.8:
                return rng.choice(holders["makers"]), "waived", None, None
            return rng.choice(holders["makers"]), "percentage", percent(25), None
        if kind == "short":
            holder = rng.choice(holders["makers"] + holders["distributors"][:4])
            draw = rng.random()
            if draw < 0.3:
                return holder, "waived", None, None
            if draw < 0.45:
                return holder, "flat_fee", None, Decimal(rng.choice([30, 40, 60]))
            return holder, "percentage", percent(rng.choice([30, 35, 40])), None
        holder = rng.choice(holders["distributors"])
        if rng.random() < 0.15:
            return holder, "flat_fee", None, Decimal(rng.choice([100, 150]))
        return holder, "percentage", percent(rng.choice([25, 30, 30, 35])), None


class Planned:
    __slots__ = ("films", "screening", "seats", "weight")

    def __init__(self, screening, films, weight, seats):
        self.screening, self.films, self.weight, self.seats = screening, films, weight, seats


def _plan(rng, venue, rooms, days, holders):
    """Every screening, with its films and its weight (how full it gets)."""
    from clef.lib.timezones import local_to_utc

    films = Films(rng, holders)
    plan = []
    fresh = []  # the new releases of this week and the week before
    for week_start in range(0, len(days), 7):
        week = days[week_start : week_start + 7]
        year = week[0].year
        fresh = fresh[-2:] + [films.new_release(year) for _ in range(2)]
        items = _week_items(rng, films, fresh)
        for day in week:
            if _closed(day):
                continue
            for room, clocks in zip(rooms, SLOTS, strict=True):
                for index, clock in enumerate(clocks):
                    morning = index == 0
                    weekend = day.weekday() >= 5
                    if morning and not weekend and rng.random() < 0.5:
                        continue
                    if rng.random() < 0.04:
                        continue
                    kind, shown = _pick(rng, items, morning=morning, day=day, late=index >= 4)
                    hour, minute = map(int, clock.split(":"))
                    starts_at = local_to_utc(day, dt.time(hour, minute), venue.timezone)
                    screening = _screening(rng, kind, shown, room, starts_at, index == 5)
                    weight = _weight(rng, kind, day, index, room.seats)
                    plan.append(Planned(screening, shown, weight, room.seats))
    return films, plan


def _week_items(rng, films, fresh):
    """The week's programme: (kind, films, weight)."""
    items = [("new", [film], 3.0) for film in fresh]
    items += [("repertoire", [films.next("repertoire")], 1.5) for _ in range(5)]
    items.append(("heritage", [films.next("heritage")], 1.0))
    items.append(("militant", [films.next("militant")], 1.0))
    shorts = [films.next("short") for _ in range(rng.choice([2, 3, 3]))]
    items.append(("shorts", shorts, 1.0))
    items.append(("child", [films.next("child")], 0.0))
    return items


def _pick(rng, items, *, morning, day, late):
    if morning and day.weekday() in (2, 5, 6):
        return next((kind, shown) for kind, shown, _ in items if kind == "child")
    choices = [(kind, shown) for kind, shown, weight in items if weight]
    weights = [weight for _, _, weight in items if weight]
    return rng.choices(choices, weights)[0]


def _screening(rng, kind, shown, room, starts_at, last):
    from clef.programme.models import Screening

    screening = Screening(
        room=room,
        starts_at=starts_at,
        status=Screening.Status.PUBLISHED,
        kind=Screening.Kind.SCREENING,
        duration=sum(f.runtime for f in shown) + 15,
    )
    if kind == "shorts":
        screening.title = f"Courts métrages : {shown[0].title.lower()} et autres"
        screening.title_en = f"Short films: {shown[0].title} and more"
    elif kind == "child":
        screening.for_children = True
        if starts_at.weekday() == 2:
            screening.pricing = Screening.Pricing.FREE
    elif kind == "militant" and last and rng.random() < 0.5:
        screening.kind = Screening.Kind.DEBATE
        screening.duration += 45
        screening.guests = "le collectif du film"
    return screening


def _weight(rng, kind, day, index, seats):
    """How much a screening draws: the room's seats times the hour, the weekday, the
    season, the film, and chance."""
    hour = [0.55, 0.65, 0.75, 0.9, 1.15, 1.05][index]
    weekday = [0.85, 0.85, 1.0, 0.95, 1.1, 1.2, 1.05][day.weekday()]
    season = 0.8 if day.month in (7, 8) else 1.0
    film = {"new": 1.15, "shorts": 0.8, "heritage": 0.9, "militant": 0.95, "child": 0.9}
    return seats * hour * weekday * season * film.get(kind, 1.0) * rng.lognormvariate(0, 0.3)


def _save_programme(films, plan):
    from clef.accounting.models import RightsAgreement
    from clef.programme.models import Film, Screening, ScreeningFilm

    Film.objects.bulk_create(films.films, batch_size=500)
    Screening.objects.bulk_create([p.screening for p in plan], batch_size=500)
    shown, agreements = [], []
    for p in plan:
        shares = _shares(p.films)
        for position, film in enumerate(p.films, start=1):
            subtitled = film.languages not in ("français", "sans dialogue")
            shown.append(
                ScreeningFilm(
                    screening=p.screening,
                    film=film,
                    position=position,
                    version="vost" if subtitled else "vo",
                    subtitles="français" if subtitled else "",
                )
            )
            holder, kind, rate, amount = films.deals[id(film)]
            agreements.append(
                RightsAgreement(
                    screening=p.screening,
                    film=film,
                    holder=holder,
                    kind=kind,
                    rate=rate,
                    amount=amount,
                    programme_share=shares[position - 1] if shares else None,
                )
            )
    ScreeningFilm.objects.bulk_create(shown, batch_size=1000)
    RightsAgreement.objects.bulk_create(agreements, batch_size=1000)


def _shares(shown):
    """Set shares of a programme of shorts for one in three (the first film's number
    decides, so that a programme keeps its shares); else divided by running time."""
    if len(shown) < 2 or int(shown[0].visa_number) % 3:
        return None
    if len(shown) == 2:
        return [Decimal(60), Decimal(40)]
    return [Decimal(40), Decimal(30), Decimal(30)]


# --- the tickets ------------------------------------------------------------------------------
def _counts(rng, plan):
    """Each screening's number of tickets (cancelled included): its weight times one
    factor, at most its seats and a few cancelled, adding up to exactly TICKETS."""
    caps = [p.seats + p.seats // 20 for p in plan]
    weights = [p.weight for p in plan]

    def total(factor):
        return sum(min(cap, int(w * factor)) for w, cap in zip(weights, caps, strict=True))

    low, high = 0.0, 1.0
    while total(high) < TICKETS:
        high *= 2
        if high > 1e6:
            raise SystemExit(f"{TICKETS} tickets do not fit in {sum(caps)} seats")
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if total(middle) < TICKETS else (low, middle)
    counts = [min(cap, int(w * high)) for w, cap in zip(weights, caps, strict=True)]
    excess = sum(counts) - TICKETS
    order = list(range(len(plan)))
    rng.shuffle(order)
    for i in order:
        if excess <= 0:
            break
        if counts[i]:
            counts[i] -= 1
            excess -= 1
    return counts


def _tickets(rng, venue, plan, counts, connection):
    """Write the tickets, screening after screening, numbered in each local year's
    series; returns how many."""
    from clef.tickets.models import Ticket
    from clef.venues.models import NumberSeries

    postgres = connection.vendor == "postgresql"
    stamp = _pg_time if postgres else _sqlite_time
    no = "f" if postgres else 0
    prices = [price for price, _ in PRICES]
    cumulative = list(_accumulate(weight for _, weight in PRICES))
    zone = venue.zone
    numbers = {}
    columns = (
        "venue_id, screening_id, booking_id, code, series, number, price, status, online, "
        "checked_in_at, cancelled_at, created_at"
    )
    table = connection.ops.quote_name(Ticket._meta.db_table)
    written = 0
    batch = []

    def flush():
        nonlocal batch
        if not batch:
            return
        with connection.cursor() as cursor:
            if postgres:
                _copy(cursor, table, columns, batch)
            else:
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) "
                    "VALUES (%s, %s, NULL, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    batch,
                )
        batch = []

    if not postgres:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")
    for p, count in zip(plan, counts, strict=True):
        if not count:
            continue
        screening = p.screening
        starts = screening.starts_at
        series = starts.astimezone(zone).year
        first = numbers.get(series, 0) + 1
        numbers[series] = first + count - 1
        cancelled = max(count - p.seats, round(count * rng.uniform(0, CANCELLED_AT_MOST)))
        cancelled_at = set(rng.sample(range(count), cancelled)) if cancelled else ()
        if screening.pricing == "free":
            drawn = ["0.00"] * count
        else:
            drawn = rng.choices(prices, cum_weights=cumulative, k=count)
        door = stamp(starts - dt.timedelta(minutes=20))
        checked = stamp(starts - dt.timedelta(minutes=5))
        early = stamp(starts - dt.timedelta(days=2))
        for n in range(count):
            number = first + n
            code = f"B{series}{number:07d}"
            if n in cancelled_at:
                row = ("cancelled", no, None, door, early)
            elif rng.random() < NO_SHOW:
                row = ("paid", no, None, None, door)
            else:
                row = ("checked_in", no, checked, None, door)
            status, online, checked_in_at, cancelled_on, created = row
            batch.append(
                (
                    venue.pk,
                    screening.pk,
                    code,
                    series,
                    number,
                    drawn[n],
                    status,
                    online,
                    checked_in_at,
                    cancelled_on,
                    created,
                )
            )
        written += count
        if len(batch) >= BATCH:
            flush()
    flush()
    if not postgres:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -2000")
    NumberSeries.objects.bulk_create(
        [
            NumberSeries(venue=venue, name="ticket", period=series, last=last)
            for series, last in sorted(numbers.items())
        ]
    )
    return written


def _copy(cursor, table, columns, rows):
    """COPY ``rows`` into PostgreSQL, as text (much faster than INSERT)."""
    raw = cursor.cursor  # psycopg's own cursor under Django's wrapper
    null = "\\N"
    with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        copy.write(
            "".join(
                "\t".join(
                    null if value is None else str(value)
                    for value in (venue, screening, None, *rest)
                )
                + "\n"
                for venue, screening, *rest in rows
            )
        )


def _sqlite_time(moment):
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def _pg_time(moment):
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S+00")


def _accumulate(values):
    total = 0
    for value in values:
        total += value
        yield total


# --- memberships --------------------------------------------------------------------------
def _memberships(rng, venue, first_day, today):
    """Each season from September: about half the members renew, others join; most join
    in September and October. Returns how many."""
    from django.contrib.auth import get_user_model

    from clef.members.models import Membership, Person
    from clef.venues.models import NumberSeries

    User = get_user_model()
    seasons = range(first_day.year - (first_day.month < 9), today.year - (today.month < 9) + 1)
    people = []
    members = []
    memberships = []
    last = {}
    for season in seasons:
        start, end = dt.date(season, 9, 1), dt.date(season + 1, 8, 31)
        renewing = [user for user in members if rng.random() < 0.55]
        joining = rng.randint(900, 1100)
        for _ in range(joining):
            user = User(
                username=f"adherent{len(people) + 1:05d}",
                email=f"adherent{len(people) + 1:05d}@example.org",
                password="!",
            )
            people.append(user)
            renewing.append(user)
        members = renewing
        dated = []
        for user in members:
            paid = start + dt.timedelta(days=min(int(rng.expovariate(1 / 45)), 364))
            if first_day <= paid < today:
                dated.append((paid, user))
        dated.sort(key=lambda pair: (pair[0], pair[1].username))
        for number, (paid, user) in enumerate(dated, start=1):
            memberships.append(
                (
                    user,
                    Membership(
                        venue=venue,
                        status=Membership.Status.PAID,
                        number=number,
                        season=season,
                        amount=Decimal(rng.choice([5, 8, 10, 10, 10, 12, 15, 20])),
                        starts_on=paid,
                        ends_on=end,
                        paid_at=dt.datetime.combine(paid, dt.time(19, 30), tzinfo=dt.UTC),
                        code=f"M{season}{number:05d}",
                    ),
                )
            )
        if dated:
            last[season] = len(dated)
    User.objects.bulk_create(people, batch_size=1000)
    Person.objects.bulk_create([Person(user=user, language="fr") for user in people], 1000)
    for user, membership in memberships:
        membership.person = user
    Membership.objects.bulk_create([m for _, m in memberships], batch_size=1000)
    NumberSeries.objects.bulk_create(
        [
            NumberSeries(venue=venue, name="membership", period=season, last=n)
            for season, n in last.items()
        ]
    )
    return len(memberships)


# --- what the benchmark needs ---------------------------------------------------------------
def describe(venue=None):
    """The busiest cinema week, the busiest year, and the rights holder with the most
    films that week (for the statement), read from the database."""
    from collections import Counter

    from django.db.models import Count

    from clef.accounting.models import RightsAgreement
    from clef.members.models import Membership
    from clef.programme.models import Screening
    from clef.tickets.models import Ticket
    from clef.venues.models import Venue

    venue = venue or Venue.objects.get(slug="la-clef")
    by_screening = dict(
        Ticket.objects.filter(status__in=Ticket.COUNTED)
        .values_list("screening_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    weeks, years = Counter(), Counter()
    starts = dict(Screening.objects.values_list("pk", "starts_at"))
    for pk, n in by_screening.items():
        day = venue.local_date(starts[pk])
        weeks[venue.week_of(day).start] += n
        years[day.year] += n
    week, week_admissions = weeks.most_common(1)[0]
    year, year_admissions = years.most_common(1)[0]
    week_screenings = [
        pk for pk, at in starts.items() if venue.week_of(venue.local_date(at)).start == week
    ]
    holders = Counter(
        RightsAgreement.objects.filter(screening_id__in=week_screenings).values_list(
            "holder_id", flat=True
        )
    )
    holder, holder_films = holders.most_common(1)[0]
    return {
        "version": VERSION,
        "tickets": Ticket.objects.count(),
        "screenings": len(starts),
        "films": RightsAgreement.objects.values("film").distinct().count(),
        "agreements": RightsAgreement.objects.count(),
        "first_day": str(venue.local_date(min(starts.values()))),
        "last_day": str(venue.local_date(max(starts.values()))),
        "week": str(week),
        "week_screenings": len(week_screenings),
        "week_admissions": week_admissions,
        "year": year,
        "year_admissions": year_admissions,
        "holder": holder,
        "holder_agreements": holder_films,
        "kinds": dict(Counter(RightsAgreement.objects.values_list("kind", flat=True))),
        "memberships_by_season": dict(
            Counter(str(s) for s in Membership.objects.values_list("season", flat=True))
        ),
    }
