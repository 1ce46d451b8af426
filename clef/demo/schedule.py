"""The demo's programme over the weeks: the weekly pattern (``programme.WEEK_PATTERN``)
repeated from ``WEEKS_BEFORE`` weeks before the current cinema week to ``WEEKS_AFTER``
weeks after it, each slot showing the next film of its list; the last week in draft
and one screening cancelled. Safe to run again: a slot already filled is kept."""

import datetime as dt
import random

from clef.demo import programme
from clef.demo.data import seed
from clef.lib.timezones import local_to_utc
from clef.programme.models import Screening, ScreeningFilm

WEEKS_BEFORE = 6
WEEKS_AFTER = 4  # the current week, then weeks 1..4 after it; the last one in draft

AFRICA = {"touki-bouki", "sambizanga", "la-noire-de", "la-petite-vendeuse-de-soleil"}
STRUGGLES = {
    "salt-of-the-earth",
    "born-in-flames",
    "le-fond-de-l-air-est-rouge",
    "la-hora-de-los-hornos",
    "killer-of-sheep",
}


def load_schedule(venue, rooms, films, cycles, today):
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
    rng = random.Random(seed(slot, day, turn))
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
