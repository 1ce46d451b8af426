"""Reads of the programme shared by the public pages, the feeds and the sitemap."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from clef.lib.timezones import local_day_bounds
from clef.programme import versioning
from clef.programme.models import Cycle, Screening


def programme_version():
    """A number that changes whenever anything the public programme shows changes."""
    return versioning.current()


def screenings_between(venue, start_day, end_day):
    """Public screenings of ``venue`` from ``start_day`` to ``end_day`` (both included,
    local days), with everything a listing shows."""
    start, _ = local_day_bounds(start_day, venue.timezone)
    _, end = local_day_bounds(end_day, venue.timezone)
    return (
        Screening.objects.public()
        .filter(room__venue=venue, starts_at__gte=start, starts_at__lt=end)
        .with_listing()
    )


ACCESS_FIELDS = {"sdh": "sdh", "ad": "audio_description", "wheelchair": "wheelchair"}


def apply_filters(screenings, *, cycle=None, kind="", access=(), room=None):
    if cycle is not None:
        screenings = screenings.filter(cycle=cycle)
    if kind == "children":
        screenings = screenings.filter(Q(for_children=True) | Q(cycle__for_children=True))
    elif kind:
        screenings = screenings.filter(kind=kind)
    for mark in access:
        screenings = screenings.filter(**{ACCESS_FIELDS[mark]: True})
    if room is not None:
        screenings = screenings.filter(room=room)
    return screenings


def upcoming(venue, *, now=None, days=7):
    """Screenings not yet over, from now to the end of the ``days``-th local day."""
    now = now or timezone.now()
    today = venue.local_date(now)
    _, end = local_day_bounds(today + dt.timedelta(days=days - 1), venue.timezone)
    return (
        Screening.objects.public()
        .filter(room__venue=venue, starts_at__gte=now - dt.timedelta(hours=3), starts_at__lt=end)
        .with_listing()
    )


def current_cycles(venue, *, now=None, days=35):
    """Cycles with a public screening in the coming weeks."""
    now = now or timezone.now()
    return (
        Cycle.objects.filter(
            screenings__status=Screening.Status.PUBLISHED,
            screenings__room__venue=venue,
            screenings__starts_at__gte=now,
            screenings__starts_at__lt=now + dt.timedelta(days=days),
        )
        .distinct()
        .order_by("title")
    )
