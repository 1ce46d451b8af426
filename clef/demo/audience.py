"""The demo's audience: tickets for the screenings already held, bookings for the coming
ones made as members make them (the demo member's two, a screening nearly sold out
online, a few dozen others), and the next children's workshop full, with a waiting
list. Safe to run again: what exists is kept."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from clef.demo import programme
from clef.demo.data import seed
from clef.lib import roles
from clef.payments import services as payments
from clef.payments.methods import TestProvider
from clef.programme.models import Screening
from clef.tickets import workshops
from clef.tickets.booking import TICKET_SERIES, BookingRefused, availability, book
from clef.tickets.models import Booking, Ticket
from clef.venues.numbering import take_numbers

PRICES = [0, 0, 2, 3, 4, 5, 5, 5, 6, 7, 8, 8, 10, 10, 12, 15]
# Demo bookings carry idempotency keys starting so: loading again finds them.
DEMO_KEY = "demo-"
# The demo's online payments go through the test provider: no money moves.
PAID_ONLINE = TestProvider.code
OTHER_BOOKINGS = 30  # besides the demo member's and the nearly full screening's


def load_tickets(venue, today):
    """Tickets for screenings already held, numbered in the yearly series without gaps."""
    now = timezone.now()
    held = (
        Screening.objects.published()
        .filter(room__venue=venue, starts_at__lt=now, tickets__isnull=True)
        .select_related("room")
        .order_by("starts_at", "pk")
    )
    for screening in held:
        series = screening.local_start.year
        rng = random.Random(seed("tickets", screening.starts_at.isoformat(), screening.room_id))
        count = rng.randint(screening.room.seats // 5, screening.room.seats * 4 // 5)
        with transaction.atomic():
            first = take_numbers(venue, TICKET_SERIES, series, count)
        tickets = []
        for n in range(count):
            price = Decimal(0) if screening.is_free else Decimal(rng.choice(PRICES))
            tickets.append(
                Ticket(
                    venue=venue,
                    screening=screening,
                    series=series,
                    number=first + n,
                    price=price,
                    status=Ticket.Status.CHECKED_IN,
                    checked_in_at=screening.starts_at,
                )
            )
        Ticket.objects.bulk_create(tickets)


def load_bookings(venue, people):
    """Bookings for the coming screenings, made through the booking service so that the
    tickets are numbered in the series: the demo member's two (one paid, one to pay at
    the door), one screening nearly sold out online, and a few dozen others."""
    now = timezone.now()
    if Booking.objects.filter(
        idempotency_key__startswith=DEMO_KEY, screening__starts_at__gt=now
    ).exists():
        return
    # A day ahead at least, so that the bookings stay open for a while.
    coming = list(
        Screening.objects.published()
        .filter(
            room__venue=venue,
            starts_at__gt=now + dt.timedelta(days=1),
            kind__in=[Screening.Kind.SCREENING, Screening.Kind.DEBATE],
            pricing=Screening.Pricing.PAY_WHAT_YOU_WANT,
        )
        .select_related("room__venue")
        .order_by("starts_at", "room__position")
    )
    if len(coming) < 4:
        return
    member = people[roles.MEMBER]
    # The demo member's: the next screening, paid, and another film, to pay at the door.
    first = coming[0]
    second = next((s for s in coming[1:] if s.display_title != first.display_title), coming[1])
    _book(first, member, ["0", "6"], f"{DEMO_KEY}member-paid", online=True)
    _book(second, member, ["5"], f"{DEMO_KEY}member-door", online=False)
    coming = [s for s in coming if s not in (first, second)]

    others = list(
        get_user_model()
        .objects.filter(username__startswith="membre", memberships__venue=venue)
        .distinct()
        .order_by("username")
    )
    rng = random.Random(seed("bookings", first.starts_at.isoformat()))
    # Nearly sold out online: the next screening in the smallest room, two seats left.
    smallest = min(s.room.seats for s in coming)
    full = next(s for s in coming if s.room.seats == smallest)
    users = iter(others)
    while (wanted := min(3, availability(full).online_left - 2)) > 0:
        if (user := next(users, None)) is None:
            break
        _book_at_random(full, user, wanted, rng)
    rest = [s for s in coming[:10] if s != full]
    for n, user in zip(range(OTHER_BOOKINGS), users, strict=False):
        _book_at_random(rest[n % len(rest)], user, rng.choice([1, 1, 2, 2, 3]), rng)


def _book_at_random(screening, user, seats, rng):
    prices = [str(rng.choice(PRICES)) for _ in range(seats)]
    key = f"{DEMO_KEY}{screening.pk}-{user.pk}"
    language = rng.choice(["fr", "fr", "fr", "en"])
    online = rng.random() < 0.7
    try:
        return _book(screening, user, prices, key, online=online, language=language)
    except BookingRefused:
        # A member of an older demo whose membership has run out: someone else books.
        return None


def _book(screening, user, prices, key, *, online, language="fr"):
    """Book as the member would; an online payment is accepted at once."""
    method = PAID_ONLINE if online else "door"
    booking, created = book(
        screening,
        user=user,
        prices=prices,
        method=method,
        idempotency_key=key,
        language=language,
    )
    if created and booking.status == Booking.Status.AWAITING_PAYMENT:
        payments.mark_paid(booking.payment, by=user)
        booking.refresh_from_db()
    return booking


def load_workshop(venue):
    """The next children's workshop, a day ahead at least: every place taken, and two
    children on the waiting list."""
    workshop = (
        Screening.objects.published()
        .filter(
            room__venue=venue,
            kind=Screening.Kind.WORKSHOP,
            starts_at__gt=timezone.now() + dt.timedelta(days=1),
        )
        .order_by("starts_at")
        .first()
    )
    if workshop is None or workshop.registrations.exists():
        return
    for n, (child, age, guardian) in enumerate(programme.WORKSHOP_CHILDREN, start=1):
        workshops.register(
            workshop,
            child_first_name=child,
            child_age=age,
            guardian_name=guardian,
            guardian_phone=f"06 00 00 00 {n:02d}",
            guardian_email=f"parent{n:02d}@example.org",
            photo_consent=n % 3 != 0,
            # The demo's guardians are made up: their addresses are taken as confirmed,
            # so their places never run out while the demo is shown.
            confirmed=True,
        )
