"""The programme as an iCalendar feed (RFC 5545), whole or for one cycle."""

import datetime as dt

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.programme.models import Screening

# How far back a feed reaches: calendar programs keep what they have already seen.
FEED_HISTORY = dt.timedelta(days=60)


def programme_calendar(venue, request, *, cycle=None):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//clef//programme//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = venue.name if cycle is None else f"{venue.name} · {cycle.localized_title()}"
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", venue.timezone)

    screenings = (
        Screening.objects.public()
        .filter(room__venue=venue, starts_at__gte=timezone.now() - FEED_HISTORY)
        .with_listing()
    )
    if cycle is not None:
        screenings = screenings.filter(cycle=cycle)
    host = request.get_host().split(":")[0]
    stamp = timezone.now()
    for screening in screenings:
        url = request.build_absolute_uri(screening.get_absolute_url())
        calendar.add_component(_event(screening, venue, host=host, url=url, stamp=stamp))
    return calendar.to_ical()


def screening_calendar(screening, *, site_url):
    """One screening as a calendar file, attached to the booking's email: the same event
    (same UID) as in the programme's feed, so a calendar holding both keeps one."""
    venue = screening.room.venue
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//clef//programme//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    host = site_url.split("://", 1)[-1].split("/", 1)[0].split(":")[0]
    url = site_url.rstrip("/") + screening.get_absolute_url()
    calendar.add_component(_event(screening, venue, host=host, url=url, stamp=timezone.now()))
    return calendar.to_ical()


def _event(screening, venue, *, host, url, stamp):
    address = ", ".join([venue.name, *venue.address_lines])
    event = icalendar.Event()
    event.add("uid", f"screening-{screening.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("last-modified", screening.updated_at)
    event.add("dtstart", screening.starts_at)
    event.add("dtend", screening.ends_at)
    event.add("summary", screening.display_title)
    event.add("location", f"{screening.room.name}, {address}")
    event.add("url", url)
    event.add("description", _describe(screening))
    event.add("status", "CANCELLED" if screening.is_cancelled else "CONFIRMED")
    if screening.cycle:
        event.add("categories", [screening.cycle.localized_title()])
    return event


def _describe(screening):
    lines = []
    for sf in screening.screening_films.all():
        film = sf.film
        lines.append(f"{film.title} — {film.directors}, {film.year}, {film.runtime} min")
    if screening.guests:
        lines.append(_("With %(guests)s") % {"guests": screening.guests})
    lines.append(screening.get_pricing_display())
    return "\n".join(lines)
