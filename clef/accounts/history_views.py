"""A person's history: every past booking with its tickets, and every membership with its
attestation. Their page shows the last few; this one shows them all, a page at a time."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from clef.accounts.personal_data import screenings_with_titles
from clef.lib import roles
from clef.lib.forms import BadInput, parse_int
from clef.members.models import Membership
from clef.tickets.models import Booking, Ticket

PER_PAGE = 50


@roles.signed_in
def history(request):
    now = timezone.now()
    bookings = (
        Booking.objects.filter(person=request.user, screening__starts_at__lte=now)
        .select_related("venue")
        .prefetch_related(
            Prefetch("screening", queryset=screenings_with_titles()),
            Prefetch("tickets", queryset=Ticket.objects.order_by("series", "number")),
        )
        .order_by("-screening__starts_at", "-pk")
    )
    paginator = Paginator(bookings, PER_PAGE)
    try:
        number = parse_int(request.GET.get("page") or "1", low=1, high=paginator.num_pages)
    except BadInput:
        number = 1  # a stale or odd page number shows the first page, never an error
    memberships = Membership.objects.filter(person=request.user).exclude(
        status=Membership.Status.PENDING
    )
    return render(
        request,
        "accounts/history.html",
        {
            "page": paginator.page(number),
            "memberships": memberships.select_related("venue").order_by("-season", "-pk"),
        },
    )
