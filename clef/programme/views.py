"""The public programme: the week, a screening, a film, a cycle, and the calendar feeds."""

import datetime as dt

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from clef.lib.pagecache import cached_for_visitors
from clef.programme import feeds, jsonld, posters, search
from clef.programme.forms import ProgrammeFilterForm
from clef.programme.models import Cycle, Film, Screening
from clef.programme.queries import apply_filters, programme_version, screenings_between
from clef.venues.queries import current_venue

# Weeks a visitor may ask for: the cinema's history and a few years ahead.
FIRST_YEAR, LAST_YEAR = 1973, 2100


def _version(request):
    return programme_version()


def _week_version(request):
    # "This week" moves on at midnight on the first day of the week.
    return f"{programme_version()}:{timezone.localdate()}"


def bad_request(request, message):
    return render(request, "site/400.html", {"message": message}, status=400)


@cached_for_visitors(_week_version)
def week(request, day=None):
    venue = current_venue()
    if day is None:
        current = venue.week_of(venue.local_date())
    else:
        try:
            asked = dt.datetime.strptime(day, "%Y-%m-%d").date()
        except ValueError:
            return bad_request(
                request,
                _("“%(day)s” is not a date: write it as year-month-day, like %(example)s.")
                % {"day": day, "example": venue.local_date().isoformat()},
            )
        if not FIRST_YEAR <= asked.year <= LAST_YEAR:
            raise Http404(_("There is no such week."))
        current = venue.week_of(asked)

    # One address per page: another day of the week leads to its first day, and the
    # empty fields a filter form sends are dropped.
    query = [(key, value) for key, values in request.GET.lists() for value in values]
    kept = [(key, value) for key, value in query if value]
    if (day is not None and current.start.isoformat() != day) or kept != query:
        url = (
            request.path
            if day is None
            else reverse("programme:week", args=[current.start.isoformat()])
        )
        return redirect(url + ("?" + urlencode(kept) if kept else ""))

    form = ProgrammeFilterForm(request.GET or None, venue=venue)
    screenings = screenings_between(venue, current.start, current.end)
    ignored = []
    if form.is_bound:
        # A value that no longer exists (an old link's cycle) is left out, with a note:
        # the rest of the filters still apply.
        form.is_valid()
        ignored = form.ignored()
        screenings = apply_filters(screenings, **form.cleaned_data)

    by_day = {day: [] for day in current.days}
    for screening in screenings:
        by_day[screening.local_start.date()].append(screening)
    today = venue.local_date()
    days = [
        {
            "date": day,
            "open": venue.is_open_on(day),
            "screenings": by_day[day],
            "today": day == today,
            "past": day < today,
        }
        for day in current.days
    ]
    listed = [s.pk for d in days for s in d["screenings"]]
    return render(
        request,
        "programme/week.html",
        {
            "venue": venue,
            "week": current,
            "days": days,
            "form": form,
            "count": len(listed),
            "this_week": venue.week_of(today),
            "ignored": ignored,
            "filtering": form.is_bound and form.active,
            "listed": ",".join(map(str, listed)),
        },
    )


def _hourly_version(request):
    # These pages tell coming screenings from past ones: they change with the hour too.
    return f"{programme_version()}:{timezone.now():%Y%m%d%H}"


@cached_for_visitors(_hourly_version)
def screening(request, pk):
    screening = get_object_or_404(Screening.objects.public().with_listing(), pk=pk)
    return render(
        request,
        "programme/screening.html",
        {
            "screening": screening,
            "venue": screening.room.venue,
            "is_past": screening.ends_at < timezone.now(),
            "jsonld": jsonld.screening_event(screening, request),
        },
    )


def _coming_and_past(screenings, *, past_shown=12):
    """Coming screenings in order, then the latest past ones, most recent first."""
    now = timezone.now()
    screenings = list(screenings)
    coming = [s for s in screenings if s.ends_at >= now]
    past = [s for s in reversed(screenings) if s.ends_at < now][:past_shown]
    return {"coming": coming, "past": past}


@cached_for_visitors(_hourly_version)
def film(request, slug):
    film = get_object_or_404(Film, slug=slug)
    screenings = Screening.objects.public().filter(films=film).with_listing().distinct()
    return render(request, "programme/film.html", {"film": film, **_coming_and_past(screenings)})


@cached_for_visitors(_hourly_version)
def cycle(request, slug):
    cycle = get_object_or_404(Cycle, slug=slug)
    screenings = cycle.screenings.public().with_listing()
    return render(request, "programme/cycle.html", {"cycle": cycle, **_coming_and_past(screenings)})


@cached_for_visitors(_version)
def calendar(request, slug=None):
    venue = current_venue()
    cycle = get_object_or_404(Cycle, slug=slug) if slug else None
    body = feeds.programme_calendar(venue, request, cycle=cycle)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    return response


def poster(request, slug, width):
    """A film's poster ``width`` pixels wide (``posters.WIDTHS``), made when it was uploaded;
    made now if missing (a poster uploaded before, or a rendition deleted)."""
    if width not in posters.WIDTHS:
        raise Http404
    film = get_object_or_404(Film.objects.only("slug", "poster"), slug=slug)
    if not film.poster:
        raise Http404
    name = posters.rendition_name(film, width)
    if not default_storage.exists(name):
        posters.make_renditions(film)
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def search_page(request):
    """Films, directors and cycles, found without a script (``search.py``)."""
    try:
        query = search.read_query(request.GET.get("q"))
    except search.SearchRefused as refused:
        return render(
            request, "programme/search.html", {"query": "", "refused": str(refused)}, status=400
        )
    films, cycles = search.search(query)
    return render(
        request,
        "programme/search.html",
        {"query": query, "films": films, "cycles": cycles},
    )
