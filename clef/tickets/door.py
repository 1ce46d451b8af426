"""The door: the day's screenings, checking tickets in (typed, or read from the QR code by
the camera), and a screening's seats and bookings for the staff.

Thin views: who may come is asked of ``lib.roles``, the check-in is
``tickets.checkin.check_in``, the figures are ``tickets.queries``.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from clef.lib import roles
from clef.programme.models import Screening
from clef.tickets import checkin, queries
from clef.tickets.models import WaitingListEntry
from clef.venues.queries import current_venue

BOOKINGS_PER_PAGE = 50
# Longer than any ticket number or QR payload: the rest is not worth reading.
LONGEST_ENTRY = 200


def allowed(test):
    """Visitors are sent to sign in; people signed in without the right get a 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _screening(pk):
    return get_object_or_404(Screening.objects.with_listing(), pk=pk)


@require_GET
@allowed(roles.can_check_in)
def index(request):
    """Today's screenings (the venue's local day) and the next days', each with its door."""
    venue = current_venue()
    today = venue.local_date()
    screenings = list(queries.door_screenings(venue, now=timezone.now()))
    return render(
        request,
        "tickets/door.html",
        {
            "today": today,
            "today_screenings": [s for s in screenings if s.local_start.date() == today],
            "next_screenings": [s for s in screenings if s.local_start.date() != today],
        },
    )


@dataclass(frozen=True)
class Verdict:
    """A check-in's result as the door shows it: a tone (ok, no, pay), a word that does
    not rely on colour, and what to say."""

    tone: str
    word: str
    message: str
    ticket: object = None
    to_pay: object = None


def verdict(result):
    if result.ok:
        return Verdict("ok", pgettext("door", "OK"), result.message, result.ticket)
    if result.code == "to_pay":
        return Verdict(
            "pay",
            pgettext("door", "PAY"),
            _("To pay at the door before going in:"),
            result.ticket,
            result.to_pay,
        )
    return Verdict("no", pgettext("door", "NO"), result.message, result.ticket)


@require_http_methods(["GET", "POST"])
@allowed(roles.can_check_in)
def check_in(request, pk):
    """Type a ticket's number (or let the camera read its QR code): green, red or amber.

    Without JavaScript the form posts and the page comes back with the result; with
    htmx only the result (and the counters) are swapped in.
    """
    screening = _screening(pk)
    result = None
    if request.method == "POST":
        raw = request.POST.get("raw", "").strip()[:LONGEST_ENTRY]
        if raw:
            result = verdict(
                checkin.check_in(
                    screening, raw, by=request.user, collect=request.POST.get("collect") == "1"
                )
            )
        else:
            result = Verdict(
                "no", pgettext("door", "NO"), _("Type a ticket's number, or scan its QR code.")
            )
    context = {
        "screening": screening,
        "counts": queries.screening_counts(screening),
        "result": result,
    }
    if request.headers.get("HX-Request") == "true":
        response = render(request, "tickets/door_result.html", {**context, "swap": True})
    else:
        response = render(request, "tickets/door_check_in.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@allowed(roles.can_see_screening_overview)
def screening_overview(request, pk):
    """A screening's seats, the waiting list and its bookings, page by page: the number
    of queries does not grow with the bookings."""
    screening = _screening(pk)
    page = Paginator(queries.bookings_of(screening), BOOKINGS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "tickets/overview.html",
        {
            "screening": screening,
            "counts": queries.screening_counts(screening),
            "waiting": WaitingListEntry.objects.filter(screening=screening).count(),
            "page": page,
            "bookings": page.object_list,
            "can_check_in": roles.can_check_in(request.user),
        },
    )
