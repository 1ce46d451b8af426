"""The demo's waiting list: a screening of the coming week sold out online, three members
waiting, and one seat given back, held for the first in line, the demo member, whose
"my waiting lists" page shows the offer and its link. Made with the booking and waiting
list services, as members would; loaded twice, nothing doubles."""

import contextlib
import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from clef.demo.audience import PRICES, _book
from clef.demo.data import seed
from clef.lib import roles
from clef.programme.models import Screening
from clef.tickets import waitinglist
from clef.tickets.booking import BookingRefused, availability, cancel_ticket
from clef.tickets.models import WaitingListEntry

# The screening sells this many seats online beyond those it has sold already: the rest
# of the room is kept for the door.
ONLINE_SEATS_MORE = 12


def load_waiting_list(venue, people):
    now = timezone.now()
    if WaitingListEntry.objects.filter(
        screening__room__venue=venue, screening__starts_at__gt=now
    ).exists():
        return
    member = people[roles.MEMBER]
    screening = _screening(venue, member, now)
    if screening is None:
        return
    # A small quota: the seats it has sold online, and a few more.
    quota = availability(screening).online_taken + ONLINE_SEATS_MORE
    Screening.objects.filter(pk=screening.pk).update(online_quota=quota)
    screening.refresh_from_db()
    bookers = list(
        get_user_model()
        .objects.filter(username__startswith="membre", memberships__venue=venue)
        .exclude(bookings__screening=screening)
        .distinct()
        .order_by("-username")
    )
    prices = [str(p) for p in PRICES]
    made, rest = [], iter(bookers)
    for n, user in enumerate(rest):
        left = availability(screening).online_left
        wanted = [prices[(n * 3 + i) % len(prices)] for i in range(min(4, left))]
        key = f"demo-full-{screening.pk}-{user.pk}"
        with contextlib.suppress(BookingRefused):  # a membership run out: the next one
            made.append(_book(screening, user, wanted, key, online=n % 2 == 0))
        if left == len(wanted) and made and made[-1].person_id == user.pk:
            break
    if not made:
        return
    waiting = [member, *list(rest)[:2]]
    for user in waiting:
        waitinglist.join(screening, email=user.email, user=user, language="fr")
    # One of the bookers gives a seat back: it is held for the demo member.
    chosen = made[seed("waiting", screening.starts_at.isoformat()) % len(made)]
    given = chosen.tickets.order_by("number").first()
    cancel_ticket(given, by=given.booking.person)
    waitinglist.offer(screening)


def _screening(venue, member, now):
    """A screening of the coming week, two days ahead at least, that the demo member
    holds no seat for."""
    return (
        Screening.objects.published()
        .filter(
            room__venue=venue,
            starts_at__gt=now + dt.timedelta(days=2),
            starts_at__lt=now + dt.timedelta(days=8),
            kind=Screening.Kind.SCREENING,
            pricing=Screening.Pricing.PAY_WHAT_YOU_WANT,
        )
        .exclude(bookings__person=member)
        .select_related("room__venue")
        .order_by("starts_at", "room__position")
        .first()
    )
