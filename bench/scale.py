"""Grow La Clef's demo data to the size of a cinema with some years behind it.

Run after `clef migrate` and `clef load_demo`, with the same environment (a throwaway
DATABASE_URL, never the developer's database):

    DJANGO_SETTINGS_MODULE=clef.settings python bench/scale.py

It adds films until there are FILMS, fills the current cinema week up to a busy week's
count, then adds past weeks of programme, both rooms, open days only, no two screenings
in a room at once, until there are SCREENINGS. Everything is published and made with
bulk_create. The choices are seeded: every run makes the same programme around its
current week. It prints, as JSON, what the benchmark needs to know about the result.
"""

import datetime as dt
import json
import random
import sys

import django

FILMS = 1000
SCREENINGS = 2000
# A busy week at La Clef: the demo's weekly pattern plus a few afternoon screenings.
CURRENT_WEEK = 20
# An ordinary week of the archive.
PER_WEEK = 20
# Minutes between two screenings in a room: the audience leaves, the next one comes in.
TURNAROUND = 15
# Local start times tried in each room, by room position.
SLOTS = [["14:00", "16:30", "18:30", "21:00"], ["14:30", "16:45", "19:00", "21:15"]]

# Made-up films are drawn from these.
# fmt: off
WORDS = ["nuit", "mer", "ville", "frontière", "mémoire", "usine", "rivière", "été", "hiver",
         "exil", "retour", "silence", "colère", "jardin", "port", "désert", "école", "grève",
         "fenêtre", "forêt", "route", "île", "chanson", "lumière", "poussière", "marché"]
PATTERNS = ["La {a}", "Le temps de la {a}", "{A} et {b}", "Après la {a}", "Une {a} ordinaire",
            "Les enfants de la {a}", "Lettre à la {a}", "{A}", "Chronique de la {a}",
            "Au bord de la {a}", "La {a} des autres", "Ce que dit la {a}"]
FIRST = ["Agnès", "Ousmane", "Lucrecia", "Fernando", "Kinuyo", "Safi", "Med", "Chantal",
         "Jean", "Sarah", "Mira", "Abbas", "Ana", "Souleymane", "Alice", "Raymond", "Larissa",
         "Idrissa", "Marta", "Haile", "Nelson", "Věra", "Satyajit"]
LAST = ["Varda", "Sembène", "Martel", "Solanas", "Tanaka", "Faye", "Hondo", "Akerman",
        "Rouch", "Maldoror", "Nair", "Kiarostami", "Carolina", "Cissé", "Guy", "Depardon",
        "Shepitko", "Ouédraogo", "Mészáros", "Gerima", "Ray"]
COUNTRIES = ["France", "Sénégal", "Argentine", "Japon", "Belgique", "Mali", "Iran", "Brésil",
             "Hongrie", "Éthiopie", "Inde", "Tchécoslovaquie", "Mauritanie", "États-Unis",
             "Italie", "Burkina Faso"]
LANGUAGES = ["français", "wolof", "espagnol", "japonais", "persan", "portugais", "anglais",
             "hongrois", "amharique", "bambara", "italien", "sans dialogue"]
# fmt: on


def main():
    django.setup()
    print(json.dumps(scale(), indent=2))


def scale():
    from django.db import transaction

    with transaction.atomic():
        rng = random.Random(20240)
        venue, rooms, this_week = _context()
        films = _films(rng)
        _screenings(rng, venue, rooms, this_week, films)
    return _summary(venue, this_week)


def _context():
    from clef.venues.models import Venue

    venue = Venue.objects.order_by("pk").first()
    rooms = list(venue.rooms.order_by("position", "name"))
    return venue, rooms, venue.week_of(venue.local_date())


def _films(rng):
    """Add made-up films until there are FILMS; about one in six is a short."""
    from django.utils.text import slugify

    from clef.programme.models import Film

    missing = FILMS - Film.objects.count()
    new = []
    for n in range(1, missing + 1):
        pattern = rng.choice(PATTERNS)
        a, b = rng.sample(WORDS, 2)
        title = pattern.format(a=a, b=b, A=a.capitalize())
        short = rng.random() < 0.16
        countries = rng.sample(COUNTRIES, rng.choice([1, 1, 1, 2]))
        directors = ", ".join(
            f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.choice([1, 1, 1, 2]))
        )
        year = rng.randint(1922, 2024)
        new.append(
            Film(
                title=title,
                original_title=rng.choice(["", "", "", title.upper()]),
                slug=f"{slugify(title)}-{year}-{n}",
                directors=directors,
                year=year,
                countries=", ".join(countries),
                runtime=rng.randint(8, 35) if short else rng.randint(68, 125),
                languages=rng.choice(LANGUAGES),
                visa_number=str(rng.randint(10000, 160000)),
                synopsis=f"{title} : un film de {directors}, tourné en {countries[0]} en {year}. "
                "Une histoire de gens ordinaires pris dans leur temps, racontée sans détour.",
                synopsis_en=f"{title}: a film by {directors}, shot in {countries[0]} in {year}. "
                "A story of ordinary people caught up in their time, told straight.",
            )
        )
    Film.objects.bulk_create(new, batch_size=500)
    return list(Film.objects.order_by("pk"))


def _screenings(rng, venue, rooms, this_week, films):
    """Fill the current week up to CURRENT_WEEK, then past weeks up to SCREENINGS."""
    from clef.programme.models import Screening

    cycles = _cycles()
    features = [f for f in films if f.runtime >= 60]
    shorts = [f for f in films if f.runtime < 60]
    rng.shuffle(features)
    # Every film is shown at least once: features one after the other, shorts in programmes.
    picker = {"features": iter(features * 4), "shorts": iter(shorts * 10)}

    planned = []
    in_week = Screening.objects.filter(
        room__venue=venue,
        starts_at__gte=_utc(venue, this_week.start, "00:00"),
        starts_at__lt=_utc(venue, this_week.next.start, "00:00"),
    ).count()
    planned += _week(rng, venue, rooms, this_week, CURRENT_WEEK - in_week, picker, cycles)
    # The demo's weeks are left as they are; the archive starts the week before them.
    earliest = Screening.objects.order_by("starts_at").values_list("starts_at", flat=True)[0]
    week = venue.week_of(venue.local_date(earliest)).previous
    while (remaining := SCREENINGS - Screening.objects.count() - len(planned)) > 0:
        planned += _week(rng, venue, rooms, week, min(PER_WEEK, remaining), picker, cycles)
        week = week.previous
    _save(planned)


def _week(rng, venue, rooms, week, wanted, picker, cycles):
    """Up to ``wanted`` screenings in free slots of ``week``, as (Screening, films)."""
    from clef.programme.models import Screening

    taken = {room.pk: [] for room in rooms}
    for s in Screening.objects.filter(
        room__in=rooms,
        starts_at__gte=_utc(venue, week.start, "00:00"),
        starts_at__lt=_utc(venue, week.next.start, "00:00"),
    ).exclude(status=Screening.Status.CANCELLED):
        taken[s.room_id].append((s.starts_at, s.ends_at + dt.timedelta(minutes=TURNAROUND)))
    slots = [
        (day, clock, room)
        for day in week.days
        if venue.is_open_on(day)
        for room, clocks in zip(rooms, SLOTS, strict=False)
        for clock in clocks
    ]
    rng.shuffle(slots)
    made = []
    for day, clock, room in slots:
        if len(made) == wanted:
            break
        screening, shown = _programme(rng, picker, cycles)
        screening.room = room
        screening.starts_at = _utc(venue, day, clock)
        busy = (screening.starts_at, screening.ends_at + dt.timedelta(minutes=TURNAROUND))
        if any(start < busy[1] and busy[0] < end for start, end in taken[room.pk]):
            continue
        taken[room.pk].append(busy)
        made.append((screening, shown))
    return made


def _programme(rng, picker, cycles):
    """A published screening and the films it shows: mostly one feature, sometimes a
    programme of two to four shorts."""
    from clef.programme.models import Screening

    screening = Screening(status=Screening.Status.PUBLISHED, kind=Screening.Kind.SCREENING)
    if rng.random() < 0.1:
        shown = [next(picker["shorts"]) for _ in range(rng.randint(2, 4))]
        screening.title = f"Courts métrages : {shown[0].title.lower()} et autres"
        screening.title_en = f"Short films: {shown[0].title} and more"
    else:
        shown = [next(picker["features"])]
    screening.duration = sum(f.runtime for f in shown) + 15
    if rng.random() < 0.08:
        screening.kind = Screening.Kind.DEBATE
        screening.duration += 45
        screening.guests = "l'équipe du film"
    if rng.random() < 0.3:
        screening.cycle = rng.choice(cycles)
    screening.sdh = rng.random() < 0.15
    screening.audio_description = rng.random() < 0.05
    screening.pricing = rng.choice(
        [Screening.Pricing.PAY_WHAT_YOU_WANT] * 5 + [Screening.Pricing.FREE]
    )
    return screening, shown


def _save(planned):
    from clef.programme.models import Screening, ScreeningFilm

    Screening.objects.bulk_create([s for s, _ in planned], batch_size=500)
    ScreeningFilm.objects.bulk_create(
        [
            ScreeningFilm(
                screening=s,
                film=film,
                position=n,
                subtitles="" if film.languages in ("français", "sans dialogue") else "français",
            )
            for s, shown in planned
            for n, film in enumerate(shown, start=1)
        ],
        batch_size=500,
    )


def _cycles():
    from clef.programme.models import Cycle

    return list(Cycle.objects.filter(for_children=False))


def _utc(venue, day, clock):
    from clef.lib.timezones import local_to_utc

    hour, minute = map(int, clock.split(":"))
    return local_to_utc(day, dt.time(hour, minute), venue.timezone)


def _summary(venue, this_week):
    """Counts, and what the benchmark fetches and edits in the current week."""
    from clef.programme.models import Film, Screening
    from clef.programme.queries import screenings_between

    week = list(screenings_between(venue, this_week.start, this_week.end))
    published = [s for s in week if s.status == Screening.Status.PUBLISHED]
    # The screening fetched, showing one film under the film's own title: the benchmark
    # renames that film and looks for the new title on the programme, this screening's
    # page and the feed.
    alone = [s for s in published if not s.title and len(s.ordered_films) == 1]
    chosen = alone[len(alone) // 2]
    summary = {
        "films": Film.objects.count(),
        "screenings": Screening.objects.count(),
        "published": Screening.objects.published().count(),
        "weeks": Screening.objects.dates("starts_at", "week").count(),
        "current_week": str(this_week),
        "current_week_screenings": len(week),
        "screening": chosen.pk,
        # The week's listing asks what is left to book of all its screenings at once.
        "week_ids": ",".join(str(s.pk) for s in week),
        "film": {"pk": chosen.ordered_films[0].pk, "title": chosen.ordered_films[0].title},
    }
    if summary["films"] != FILMS or summary["screenings"] != SCREENINGS:
        sys.exit(
            f"scale: made {summary['films']} films and {summary['screenings']} "
            f"screenings instead of {FILMS} and {SCREENINGS}"
        )
    return summary


if __name__ == "__main__":
    main()
