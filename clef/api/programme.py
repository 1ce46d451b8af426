"""The public programme: screenings with the seats left online, and films. No sign-in."""

import datetime as dt

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from clef.api import schemas
from clef.api.errors import ApiError
from clef.lib.forms import FIRST_DAY, LAST_DAY
from clef.lib.localized import localized
from clef.programme.models import Film, Screening
from clef.programme.queries import screenings_between
from clef.tickets.models import Registration, Ticket
from clef.tickets.seats import Availability
from clef.venues.queries import current_venue

router = Router(tags=["programme"])

# The longest span one request may ask for, in days.
LONGEST_RANGE = 62
# Days the API reads (``lib.forms``' bounds): year 1 or 9999 is a 422, not a date to add to.
FROM_DAY = Query(
    None,
    alias="from",
    ge=FIRST_DAY,
    le=LAST_DAY,
    description="First local day (today by default), from 1900-01-01 to 2999-12-31.",
)
TO_DAY = Query(
    None,
    ge=FIRST_DAY,
    le=LAST_DAY,
    description="Last local day, included (six days later by default).",
)


@router.get("/screenings", response={200: list[schemas.Screening], 422: schemas.Error})
def list_screenings(
    request,
    from_: dt.date | None = FROM_DAY,
    to: dt.date | None = TO_DAY,
):
    """Public screenings from ``from`` (today by default) to ``to`` (six days later by
    default), at most 62 days at once."""
    venue = current_venue()
    start = from_ or venue.local_date()
    end = to or start + dt.timedelta(days=6)
    if end < start or (end - start).days >= LONGEST_RANGE:
        raise ApiError(
            422,
            "invalid_range",
            _("Ask for %(days)s days at most, “to” on or after “from”.") % {"days": LONGEST_RANGE},
        )
    screenings = list(screenings_between(venue, start, end))
    return screenings_out(request, screenings)


@router.get("/screenings/{screening_id}", response={200: schemas.Screening, 404: schemas.Error})
def get_screening(request, screening_id: int):
    screening = get_object_or_404(Screening.objects.public().with_listing(), pk=screening_id)
    return screenings_out(request, [screening])[0]


@router.get("/films", response=schemas.Films)
def list_films(
    request,
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=schemas.LARGEST_OFFSET),
):
    """Every film, by title; ``limit`` and ``offset`` page through them."""
    films = Film.objects.order_by("title", "year", "pk")
    return {
        "count": films.count(),
        "items": [film_out(request, film) for film in films[offset : offset + limit]],
    }


@router.get("/films/{slug}", response={200: schemas.FilmDetail, 404: schemas.Error})
def get_film(request, slug: str):
    film = get_object_or_404(Film, slug=slug)
    screenings = list(
        Screening.objects.public()
        .filter(films=film, starts_at__gte=timezone.now())
        .with_listing()
        .distinct()
    )
    return {**film_out(request, film), "screenings": screenings_out(request, screenings)}


def film_out(request, film):
    return {
        "slug": film.slug,
        "title": film.title,
        "original_title": film.original_title,
        "directors": film.directors,
        "year": film.year,
        "countries": film.countries,
        "runtime": film.runtime,
        "languages": film.languages,
        "synopsis": film.localized_synopsis(),
        "url": request.build_absolute_uri(film.get_absolute_url()),
    }


def seats_left_online(screenings):
    """``{screening id: seats (or places) left online}`` for a page of screenings, in
    one aggregate query (two when workshops are among them)."""
    seated = [s.pk for s in screenings if s.kind != Screening.Kind.WORKSHOP]
    workshops = [s.pk for s in screenings if s.kind == Screening.Kind.WORKSHOP]
    taken = {}
    if seated:
        taken = {
            row["screening_id"]: row
            for row in Ticket.objects.filter(screening_id__in=seated, status__in=Ticket.SEATED)
            .order_by()
            .values("screening_id")
            .annotate(taken=Count("pk"), online=Count("pk", filter=Q(online=True)))
        }
    registered = {}
    if workshops:
        registered = dict(
            Registration.objects.holding_places(timezone.now())
            .filter(screening_id__in=workshops)
            .order_by()
            .values("screening_id")
            .annotate(n=Count("pk"))
            .values_list("screening_id", "n")
        )
    left = {}
    for s in screenings:
        if s.kind == Screening.Kind.PRIVATE:
            left[s.pk] = None
        elif s.is_cancelled:
            left[s.pk] = 0
        elif s.kind == Screening.Kind.WORKSHOP:
            left[s.pk] = max(0, s.online_capacity - registered.get(s.pk, 0))
        else:
            row = taken.get(s.pk, {"taken": 0, "online": 0})
            left[s.pk] = Availability(
                seats=s.room.seats,
                taken=row["taken"],
                online_capacity=s.online_capacity,
                online_taken=row["online"],
            ).online_left
    return left


def screenings_out(request, screenings):
    left = seats_left_online(screenings)
    return [screening_out(request, s, left[s.pk]) for s in screenings]


def screening_out(request, screening, seats_left):
    zone = screening.room.venue.zone
    return {
        "id": screening.pk,
        "title": screening.display_title,
        "url": request.build_absolute_uri(screening.get_absolute_url()),
        "status": screening.status,
        "kind": screening.kind,
        "kind_label": str(screening.get_kind_display()),
        "pricing": screening.pricing,
        "is_free": screening.is_free,
        "starts_at": screening.starts_at.astimezone(dt.UTC),
        "starts_at_local": screening.starts_at.astimezone(zone),
        "ends_at": screening.ends_at.astimezone(dt.UTC),
        "duration": screening.duration,
        "room": {"name": screening.room.name, "seats": screening.room.seats},
        "films": [
            {
                "slug": sf.film.slug,
                "title": sf.film.title,
                "original_title": sf.film.original_title,
                "directors": sf.film.directors,
                "year": sf.film.year,
                "runtime": sf.film.runtime,
                "version": str(sf.version_text()),
            }
            for sf in screening.screening_films.all()
        ],
        "cycle": localized(screening.cycle, "title") if screening.cycle else None,
        "for_children": screening.for_children,
        "age_min": screening.age_min,
        "age_max": screening.age_max,
        "guests": screening.guests,
        "accessibility": [
            {"code": code, "label": str(label)} for code, label in screening.accessibility
        ],
        "suggested_prices": [
            f"{price:.2f}"
            for price in ([0] if screening.is_free else screening.room.venue.suggested_price_list())
        ],
        "seats_left_online": seats_left,
    }
