"""The door: the day's screenings, and a screening's seats and bookings for the staff.

Checking tickets in (and taking the money of a ticket to pay at the door, which is a
sale in a till session) is the box office's door page, ``/porte/<id>/``
(``boxoffice.door``): this app cannot reach the till.

Thin views: who may come is asked of ``lib.roles``, the figures are ``tickets.queries``.
A booking is named by its person's name, else by its address masked (``booker``).
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from clef.lib import roles
from clef.lib.security import mask_email
from clef.programme.models import Screening
from clef.tickets import queries
from clef.tickets.models import WaitingListEntry
from clef.venues.queries import current_venue
from clef.volunteers import access

BOOKINGS_PER_PAGE = 50


def booker(booking):
    """Who made a booking, as the door shows it: the person's name, else their address
    masked (``a•••@example.org``: whoever stands at the door need not read it); "" once
    the person is anonymised."""
    person = booking.person
    if person is not None and (name := person.get_full_name()):
        return name
    email = (person.email if person else "") or booking.email
    if not email and person is not None and "@" in person.username:
        email = person.username
    return mask_email(email)


def _screening(pk):
    return get_object_or_404(Screening.objects.with_listing(), pk=pk)


@require_GET
@roles.role_required(access.can_open_door_list, role=roles.CASHIER)
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


@require_GET
@access.door_required(
    access.can_see_overview_of,
    role=(roles.CASHIER, roles.PROGRAMMER, roles.TREASURER),
    screening_of=_screening,
)
def screening_overview(request, pk):
    """A screening's seats, the waiting list and its bookings, page by page: the number
    of queries does not grow with the bookings."""
    screening = _screening(pk)
    page = Paginator(queries.bookings_of(screening), BOOKINGS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for booking in page.object_list:
        booking.who = booker(booking)
    return render(
        request,
        "tickets/overview.html",
        {
            "screening": screening,
            "counts": queries.screening_counts(screening),
            "waiting": WaitingListEntry.objects.filter(screening=screening).count(),
            "page": page,
            "bookings": page.object_list,
            "can_check_in": access.can_check_in_at(request.user, screening),
        },
    )
