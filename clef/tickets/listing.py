"""What a programme listing says of each screening's seats: "sold out", "at the door only",
"last seats", "started", "over". The listing pages are cached whole; this small answer is
asked by them once loaded (``programme/_places_loader.html``), in four queries whatever the
number of screenings (``seats.count_many``). Every visitor of a busy evening asks it at
once: the server keeps each answer a few seconds (``CLEF_LISTING_PLACES_SECONDS``, 5 by
default; 0 keeps none), never the browsers nor a proxy. A listing only informs: booking
counts again, under the screening's lock."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from clef.lib.forms import to_id
from clef.programme.models import Screening
from clef.tickets import seats

# A listing shows a week, or the home page's next days: never more.
MOST = 200
# What ``states`` and the seats' count read of a screening, its room and venue: this
# answer is never cached, and loading the whole rows cost half its time (bench/pages.py).
READ = (
    "status",
    "starts_at",
    "duration",
    "kind",
    "online_quota",
    "room__seats",
    "room__venue__last_seats",
    "room__venue__online_quota_percent",
)


def states(screenings, now):
    """(screening, state, seats left online) for each screening that has something to say."""
    bookable = [
        s
        for s in screenings
        if s.status == Screening.Status.PUBLISHED
        and s.starts_at > now
        and not s.is_workshop
        and s.kind != Screening.Kind.PRIVATE
    ]
    counted = seats.count_many(bookable)
    for screening in screenings:
        if screening.status == Screening.Status.CANCELLED:
            continue
        if screening.ends_at <= now:
            yield screening, "over", None
        elif screening.starts_at <= now:
            yield screening, "started", None
        elif (left := counted.get(screening.pk)) is not None:
            last = screening.room.venue.last_seats
            if left.online_left == 0 and left.door_left == 0:
                yield screening, "sold_out", 0
            elif left.online_left == 0:
                yield screening, "door_only", 0
            elif left.online_left <= last:
                yield screening, "last_seats", left.online_left


@never_cache
def listing_places(request):
    ids = sorted({pk for pk in map(to_id, request.GET.get("ids", "").split(",")[:MOST]) if pk})
    keep = settings.CLEF_LISTING_PLACES_SECONDS
    digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()
    key = f"listing-places:{get_language()}:{digest}"
    html = cache.get(key) if keep else None
    if html is None:
        # Only what the public programme shows: a draft's state is nobody's business.
        screenings = (
            Screening.objects.public().filter(pk__in=ids).select_related("room__venue").only(*READ)
        )
        html = render_to_string(
            "tickets/listing_places.html",
            {"rows": list(states(list(screenings), timezone.now()))},
        )
        if keep:
            cache.set(key, html, keep)
    return HttpResponse(html)
