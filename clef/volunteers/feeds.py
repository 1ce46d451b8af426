"""A volunteer's personal calendar feed: their shifts at a secret address
(``/benevoles/agenda/<secret>.ics``), which they may revoke (a new one replaces it). A
revoked address answers 410 with a body saying so; an unknown one 404."""

import datetime as dt

import icalendar
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from clef.lib.actions import log_action
from clef.volunteers.models import CalendarFeed, Shift, Signup
from clef.volunteers.shifts_mail import language_of

FEED_HISTORY = dt.timedelta(days=60)


def current_feed(person):
    return CalendarFeed.objects.filter(person=person, revoked_at=None).first()


@transaction.atomic
def new_feed(person):
    """A new secret address; the one before stops working."""
    revoke(person)
    feed = CalendarFeed.objects.create(person=person)
    log_action("volunteers.calendarfeed.made", by=person, calendarfeed=feed.pk)
    return feed


@transaction.atomic
def revoke(person):
    revoked = CalendarFeed.objects.filter(person=person, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    if revoked:
        log_action("volunteers.calendarfeed.revoked", by=person, count=revoked)
    return revoked


def shifts_calendar(person, request):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//clef//volunteers//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("My shifts"))
    signups = (
        Signup.objects.filter(
            person=person,
            status__in=Signup.ACTIVE,
            shift__ends_at__gte=timezone.now() - FEED_HISTORY,
        )
        .select_related("shift__team", "shift__screening__room", "shift__venue")
        .order_by("shift__starts_at")
    )
    host = request.get_host().split(":")[0]
    stamp = timezone.now()
    for signup in signups:
        shift = signup.shift
        event = icalendar.Event()
        event.add("uid", f"shift-{shift.pk}-{signup.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", shift.arrive_at)
        event.add("dtend", shift.ends_at)
        event.add("summary", f"{shift.team.localized_name()} · {shift.label}")
        arrive = timezone.localtime(shift.arrive_at, shift.venue.zone)
        start = timezone.localtime(shift.starts_at, shift.venue.zone)
        event.add(
            "description",
            _("Arrive at %(arrive)s; the shift starts at %(start)s.")
            % {"arrive": arrive.strftime("%H:%M"), "start": start.strftime("%H:%M")},
        )
        location = shift.venue.name
        if shift.screening_id:
            location = f"{shift.screening.room.name}, {location}"
        event.add("location", location)
        event.add("url", request.build_absolute_uri(shift.get_absolute_url()))
        event.add("status", "CANCELLED" if shift.status == Shift.Status.CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


@require_GET
def feed(request, secret):
    found = CalendarFeed.objects.select_related("person").filter(secret=secret[:40]).first()
    if found is None or not found.person.is_active:
        return HttpResponse(
            _("There is no calendar at this address."),
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    with translation.override(language_of(found.person)):
        if found.revoked_at is not None:
            return HttpResponse(
                _(
                    "This calendar address was revoked by its owner: ask them for the new "
                    "one, or make yours again on your volunteer's page."
                ),
                status=410,
                content_type="text/plain; charset=utf-8",
            )
        body = shifts_calendar(found.person, request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
