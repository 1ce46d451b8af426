"""From decision to screening: the free slots for an accepted proposal, and the chosen
slot made a draft screening with its films, their rights holder, its programmer (the
proposer) and its checklist.

A slot is a room at one of the usual times (`settings.CLEF_SLOT_TIMES`, local) on a day
the venue is open, within the wished period (from tomorrow, eight weeks when none is
wished), that no screening takes, for as long as the proposal's films last. A slot on a
closed day, in the past or over another screening is refused (`SlotRefused`).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from clef.accounting.agreements import set_film_holder
from clef.lib.actions import log_action
from clef.lib.refusals import Forbidden, Refused
from clef.lib.timezones import local_to_utc
from clef.programme.models import LONGEST_SCREENING, Film, Screening, ScreeningFilm
from clef.programming.models import Checklist, Proposal
from clef.programming.proposals import in_commission
from clef.venues.models import Room

# Introduction and lights: added to the films' runtimes; a debate takes longer.
INTRODUCTION = 15
DEBATE = 45
DEFAULT_WEEKS = 8
LONGEST_PERIOD = 26 * 7
KINDS = {
    Proposal.Kind.DEBATE: Screening.Kind.DEBATE,
}


class SlotRefused(Refused):
    pass


@dataclass(frozen=True)
class Slot:
    room: Room
    starts_at: dt.datetime
    duration: int

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.room.venue.zone)


def slot_times():
    """The usual starting times, from the setting (a malformed one is left out)."""
    times = []
    for text in settings.CLEF_SLOT_TIMES:
        hours, _sep, minutes = text.partition(":")
        digits = f"{hours}{minutes}"
        if digits.isascii() and digits.isdigit() and int(hours) < 24 and int(minutes) < 60:
            times.append(dt.time(int(hours), int(minutes)))
    return sorted(times)


def duration_of(proposal, films=None):
    """How long the room is taken: the films, an introduction, a debate if one."""
    films = list(proposal.films.all()) if films is None else films
    runtime = sum(f.runtime or 0 for f in films)
    runtime += sum(f.runtime or 0 for f in proposal.proposed_films.all()) if films is None else 0
    extra = DEBATE if proposal.kind == Proposal.Kind.DEBATE else INTRODUCTION
    return max(1, min(runtime + extra, LONGEST_SCREENING))


def period_of(proposal, today):
    """The days to look in: the wished period from tomorrow on."""
    first = max(proposal.wished_from or today, today + dt.timedelta(days=1))
    last = proposal.wished_to
    if last is None or last < first:
        last = first + dt.timedelta(weeks=DEFAULT_WEEKS)
    return first, min(last, first + dt.timedelta(days=LONGEST_PERIOD))


def _busy(rooms, start, end):
    """Each room's taken times between two instants, in one query."""
    taken = {room.pk: [] for room in rooms}
    rows = (
        Screening.objects.filter(
            room__in=rooms,
            starts_at__gte=start - dt.timedelta(minutes=LONGEST_SCREENING),
            starts_at__lt=end,
        )
        .exclude(status=Screening.Status.CANCELLED)
        .values_list("room_id", "starts_at", "duration")
    )
    for room_id, starts_at, duration in rows:
        taken[room_id].append((starts_at, starts_at + dt.timedelta(minutes=duration)))
    return taken


def free_slots(proposal, venue, *, limit=12, now=None):
    """Up to ``limit`` free slots for ``proposal`` in ``venue``, earliest first."""
    now = now or timezone.now()
    today = venue.local_date(now)
    first, last = period_of(proposal, today)
    room = proposal.wished_room
    rooms = [room] if room is not None and room.venue_id == venue.pk else list(venue.rooms.all())
    duration = duration_of(proposal)
    times = slot_times()
    start = local_to_utc(first, dt.time(0), venue.timezone)
    end = local_to_utc(last + dt.timedelta(days=1), dt.time(0), venue.timezone)
    taken = _busy(rooms, start, end)
    found = []
    day = first
    while day <= last and len(found) < limit:
        if venue.is_open_on(day):
            for time in times:
                for each in rooms:
                    begins = local_to_utc(day, time, venue.timezone)
                    ends = begins + dt.timedelta(minutes=duration)
                    if begins <= now or any(b < ends and e > begins for b, e in taken[each.pk]):
                        continue
                    found.append(Slot(each, begins, duration))
        day += dt.timedelta(days=1)
    return found[:limit]


def check_slot(room, starts_at, duration, *, now=None):
    """Refuse a slot in the past, on a day the venue is closed, or over a screening."""
    venue = room.venue
    local = timezone.localtime(starts_at, venue.zone)
    if starts_at <= (now or timezone.now()):
        raise SlotRefused("past", _("This time has already passed: choose a later slot."))
    if not venue.is_open_on(local.date()):
        raise SlotRefused(
            "closed_day",
            _("%(venue)s is closed on that day: choose a day it is open (%(open)s).")
            % {"venue": venue.name, "open": venue.open_days_text()},
        )
    probe = Screening(room=room, starts_at=starts_at, duration=duration)
    clash = probe.overlapping().first()
    if clash is not None:
        raise SlotRefused(
            "slot_taken",
            _("%(room)s is taken from %(start)s to %(end)s by “%(title)s”.")
            % {
                "room": room.name,
                "start": timezone.localtime(clash.starts_at, venue.zone).strftime("%H:%M"),
                "end": timezone.localtime(clash.ends_at, venue.zone).strftime("%H:%M"),
                "title": clash.display_title,
            },
        )


def may_schedule(user, proposal):
    """The proposer, the commission, and the back office's programmers."""
    if not (user.is_authenticated and user.is_active):
        return False
    return (
        proposal.proposer_id == user.pk
        or user.has_perm("programme.add_screening")
        or in_commission(user)
    )


def _film_of(typed, by):
    """A typed film made one of the programme's, its rights holder set when known."""
    if not (typed.year and typed.runtime and typed.directors and typed.countries):
        raise SlotRefused(
            "film_incomplete",
            _(
                "“%(title)s” was typed without its year, runtime, director or countries: "
                "complete the proposal first."
            )
            % {"title": typed.title},
        )
    base = slugify(f"{typed.title}-{typed.year}")[:200] or "film"
    slug, n = base, 1
    while Film.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    film = Film.objects.create(
        title=typed.title,
        slug=slug,
        directors=typed.directors,
        year=typed.year,
        countries=typed.countries,
        runtime=typed.runtime,
        languages=typed.languages,
    )
    log_action("programme.film.added", by=by, obj=film, proposal=typed.proposal_id)
    return film


def _copy_format(proposal):
    for typed in proposal.proposed_films.all():
        for value in typed.formats:
            if value in Checklist.Format.values:
                return value
    return ""


def schedule(proposal, *, room, starts_at, by):
    """Make the chosen slot a draft screening of ``proposal`` with its checklist."""
    if not may_schedule(by, proposal):
        raise Forbidden(
            "not_yours", _("Only its proposer or the programming commission may do this.")
        )
    with transaction.atomic():
        room = Room.objects.select_for_update(of=("self",)).select_related("venue").get(pk=room.pk)
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != Proposal.Status.ACCEPTED:
            raise SlotRefused("not_accepted", _("Only an accepted proposal is made a screening."))
        films = list(proposal.films.all())
        typed = list(proposal.proposed_films.all())
        if not films and not typed:
            raise SlotRefused("no_film", _("The proposal names no film."))
        duration = duration_of(proposal, films + typed)
        check_slot(room, starts_at, duration)
        for each in typed:
            film = _film_of(each, by)
            if each.rights_holder_id:
                set_film_holder(film, each.rights_holder, by=by)
            films.append(film)
        screening = Screening(
            room=room,
            starts_at=starts_at,
            duration=duration,
            title=proposal.title if len(films) > 1 else "",
            kind=KINDS.get(proposal.kind, Screening.Kind.SCREENING),
            for_children=proposal.kind == Proposal.Kind.CHILDREN,
            status=Screening.Status.DRAFT,
            programmer=proposal.proposer,
        )
        try:
            screening.full_clean()
        except ValidationError as error:
            raise SlotRefused("invalid", " ".join(error.messages)) from None
        screening.save()
        ScreeningFilm.objects.bulk_create(
            ScreeningFilm(screening=screening, film=film, position=n)
            for n, film in enumerate(films, start=1)
        )
        checklist = Checklist.objects.create(
            screening=screening, proposal=proposal, copy_format=_copy_format(proposal)
        )
        log_action(
            "programming.proposal.scheduled",
            by=by,
            obj=proposal,
            screening=screening.pk,
            checklist=checklist.pk,
        )
    return screening
