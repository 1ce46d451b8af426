"""The demo's till: La Clef's two tills, the bar's catalogue, and the last few evenings
at the door, sold through the till's own services so that the journal is a true chain.
Each evening also has its online money: in the morning one of the audience (joining
online first if need be) books two seats paid online (test provider) and one to pay at the
door, collected at the door before the film; the first such day they give one ticket
back (refunded online), so that the closings show the till, the door and online.

Past evenings need the clock moved: while they are written, ``django.utils.timezone.now``
(and the columns that default to it) reads the demo's clock, so each entry carries the
time of its evening. Each day is closed the night after, once over, when the closings
exist. Safe to run again: tills and products are kept, the evenings written once.
"""

import datetime as dt
import random
from decimal import Decimal
from functools import partial

from django.contrib.auth import get_user_model
from django.utils import timezone

from clef.boxoffice import door_sales, reversals, sales, sessions
from clef.boxoffice.models import Product, Till, TillSession
from clef.boxoffice.sales import MembershipLine, Order
from clef.demo.clock import demo_clock
from clef.demo.data import seed
from clef.lib.timezones import local_to_utc
from clef.members import services as members
from clef.members.models import Person
from clef.payments import services as payments
from clef.payments.methods import TestProvider
from clef.programme.models import Screening
from clef.tickets.booking import book, cancel_ticket

TILLS = ["Caisse du hall", "Bar"]
# (name, English name, price, VAT rate): the bar's catalogue.
PRODUCTS = [
    ("Café", "Coffee", "1.50", "10.00"),
    ("Thé", "Tea", "1.50", "10.00"),
    ("Limonade", "Lemonade", "2.50", "5.50"),
    ("Bière", "Beer", "4.00", "20.00"),
    ("Verre de vin", "Glass of wine", "3.50", "20.00"),
    ("Gâteau maison", "Homemade cake", "2.50", "10.00"),
]
EVENINGS = 3  # the last evenings with screenings before today
DOOR_PRICES = ["0", "2", "5", "5", "5", "6", "8", "8", "10", "12"]
# An evening's sessions close by then, so that the day holds all of them.
LAST_CLOCK = dt.time(23, 45)
SHORT_COMMENT = "Il manque 0,50\u00a0€\u00a0: une pièce tombée sous le comptoir\u00a0?"
CASHIER = "cashier"
TREASURER = "treasurer"
# Who books online on the past evenings: one of the audience, without a login.
ONLINE_PERSON = {"first_name": "Jules", "last_name": "Martin", "email": "jules.martin@example.org"}
# The demo member's morning online: (local time, what), before the evening's first film.
MORNING = dt.time(10, 0)
ONLINE_PRICES = ["6", "8"]
DOOR_PRICE = "5"
# A new member at the door on the first evening: found again on a second load.
NEW_MEMBER = {"first_name": "Inès", "last_name": "Durand", "email": "ines.durand@example.org"}


def load_till(venue, today):
    """The tills, the catalogue and the past evenings (once)."""
    tills = [Till.objects.get_or_create(venue=venue, name=name)[0] for name in TILLS]
    products = [
        Product.objects.get_or_create(
            venue=venue,
            name=name,
            defaults={
                "name_en": name_en,
                "price": Decimal(price),
                "vat_rate": Decimal(rate),
                "position": position,
            },
        )[0]
        for position, (name, name_en, price, rate) in enumerate(PRODUCTS, start=1)
    ]
    if not TillSession.objects.filter(venue=venue).exists():
        _past_evenings(venue, today, tills, products)
    _give_series(tills)


def _past_evenings(venue, today, tills, products):
    users = get_user_model().objects
    cashier = users.filter(username=CASHIER).first()
    treasurer = users.filter(username=TREASURER).first()
    if cashier is None:
        return
    online = {"member": _online_person(), "given_back": False}
    with demo_clock() as clock:
        for n, evening in enumerate(_evenings(venue, today)):
            _evening(venue, evening, tills, products, cashier, clock, first=n == 0, online=online)
            _close_days(venue, evening[0] + dt.timedelta(days=1), treasurer, clock)


def _give_series(tills):
    """Each till its own ticket series (T1, T2…), so the demo's tills can sell offline.
    Given after the past evenings, which sold in the venue's series as tills without one
    do; a series set by hand is kept."""
    for n, till in enumerate(tills, start=1):
        if not till.ticket_series:
            Till.objects.filter(pk=till.pk, ticket_series="").update(ticket_series=f"T{n}")


def _evenings(venue, today):
    """The last ``EVENINGS`` days before ``today`` with screenings at the door, oldest
    first, each with its screenings in order."""
    start = local_to_utc(today, dt.time(0), venue.timezone)
    screenings = (
        Screening.objects.published()
        .filter(
            room__venue=venue,
            starts_at__lt=start,
            kind__in=[Screening.Kind.SCREENING, Screening.Kind.DEBATE],
        )
        .select_related("room__venue")
        .prefetch_related("screening_films__film")
        .order_by("-starts_at")
    )
    days = {}
    for screening in screenings:
        day = screening.local_start.date()
        if day not in days and len(days) == EVENINGS:
            break
        days.setdefault(day, []).append(screening)
    return [(day, sorted(days[day], key=lambda s: s.starts_at)) for day in sorted(days)]


def _evening(venue, evening, tills, products, cashier, clock, *, first, online=None):
    """One evening at the door: the morning's online money, both tills open, tickets
    sold before each film (the first evening with a new member, and a sale undone), the
    ticket booked in the morning paid at the door, the bar before and after each film,
    then both tills counted and closed. The events are written in time order."""
    day, screenings = evening
    rng = random.Random(seed("till", day))
    hall, bar = tills
    last = local_to_utc(day, LAST_CLOCK, venue.timezone)
    cake = next(p for p in products if p.name == "Gâteau maison")
    drinks = [p for p in products if p != cake]
    opening = screenings[0].starts_at - dt.timedelta(minutes=45)
    opened = {}
    events = [
        (opening, lambda: opened.update(hall=_open(hall, cashier, "150"))),
        (opening + dt.timedelta(minutes=5), lambda: opened.update(bar=_open(bar, cashier, "50"))),
    ]
    if online is not None:
        events += _online(venue, day, screenings, cashier, opened, online)
    for index, screening in enumerate(screenings):
        at = screening.starts_at - dt.timedelta(minutes=30)
        for n in range(rng.randint(5, 9)):
            count = rng.choice([1, 1, 2, 2, 3])
            prices = ["0"] * count if screening.is_free else rng.sample(DOOR_PRICES, count)
            order = Order(screening=screening, prices=prices)
            if rng.random() < 0.3:
                order.products = {rng.choice(drinks): 1}
            if first and index == 0 and n == 0:
                order.membership = MembershipLine(amount="10", **NEW_MEMBER)
            at += dt.timedelta(minutes=rng.randint(1, 3))
            method = _method(rng)
            events.append((at, partial(_sell_at, opened, "hall", order, method, cashier)))
        if first and index == 0:
            # A sale typed twice by mistake, undone at once: a reversal in the journal.
            events.append((at, lambda o=order: _sell_and_undo(opened["hall"], o, cashier, clock)))
        # The bar, before the film and after it (unless it ends too late in the night).
        for moment in (
            screening.starts_at - dt.timedelta(minutes=12),
            screening.ends_at + dt.timedelta(minutes=2),
        ):
            if moment >= last - dt.timedelta(minutes=10):
                continue
            for _ in range(rng.randint(2, 5)):
                moment += dt.timedelta(minutes=1)
                basket = {rng.choice(drinks): rng.choice([1, 1, 2])}
                if rng.random() < 0.4:
                    basket[cake] = 1
                order = Order(products=basket)
                method = _method(rng)
                events.append((moment, partial(_sell_at, opened, "bar", order, method, cashier)))
    # The first evening's count is short by 50 cents: the difference is recorded.
    short = Decimal("0.50") if first else Decimal("0")
    comment = SHORT_COMMENT if first else ""
    hall_close = min(screenings[-1].starts_at + dt.timedelta(minutes=20), last)
    bar_close = min(max(s.ends_at for s in screenings) + dt.timedelta(minutes=20), last)
    events.append((hall_close, lambda: _close(opened["hall"], cashier, short, comment)))
    events.append((max(bar_close, hall_close), lambda: _close(opened["bar"], cashier, 0, "")))
    # In time order (the order written for events at the same minute); never back.
    for at, event in sorted(events, key=lambda e: e[0]):
        clock(at)
        event()


def _online_person():
    users = get_user_model().objects
    user = users.filter(email=ONLINE_PERSON["email"]).first()
    if user is None:
        user = users.create_user(username=ONLINE_PERSON["email"], **ONLINE_PERSON)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Person.objects.get_or_create(
        user=user, defaults={"language": "fr", "email_confirmed_at": timezone.now()}
    )
    return user


def _online(venue, day, screenings, cashier, opened, online):
    """One person's online money of the day, and the door collecting what they
    booked to pay there: (moment, event) pairs. They join online first if they are not
    a member that day; the first day with online money, they give a ticket back. For
    the evening's first paying film that leaves a morning before it; none without one."""
    member = online["member"]
    morning = local_to_utc(day, MORNING, venue.timezone)
    screening = next(
        (s for s in screenings if not s.is_free and s.starts_at >= morning + dt.timedelta(hours=3)),
        None,
    )
    if member is None or screening is None:
        return []
    minute = dt.timedelta(minutes=1)
    booked = {}

    def join():
        if members.current_membership(member, venue, day) is not None:
            return
        membership = members.start_membership(
            member, venue, amount=Decimal("10"), method=TestProvider.code, by=member
        )
        payments.mark_paid(membership.payment, by=member, note="demo")

    def book_online():
        booking, _created = book(
            screening, user=member, prices=ONLINE_PRICES, method=TestProvider.code
        )
        payments.mark_paid(booking.payment, by=member, note="demo")
        booked["online"] = booking

    def book_for_the_door():
        booked["door"], _created = book(screening, user=member, prices=[DOOR_PRICE], method="door")

    def give_one_back():
        ticket = booked["online"].tickets.order_by("number").first()
        cancel_ticket(ticket, by=member)

    def collect():
        ticket = booked["door"].tickets.get()
        door_sales.collect(opened["hall"], screening, str(ticket), method="cash", by=cashier)

    events = [
        (morning, join),
        (morning + 5 * minute, book_online),
        (morning + 10 * minute, book_for_the_door),
    ]
    if not online["given_back"]:
        online["given_back"] = True
        events.append((morning + 120 * minute, give_one_back))
    events.append((screening.starts_at - 25 * minute, collect))
    return events


def _open(till, cashier, opening_float):
    return sessions.open_session(till, cashier=cashier, opening_float=opening_float)


def _method(rng):
    return "card" if rng.random() < 0.35 else "cash"


def _sell_at(opened, till, order, method, cashier):
    return _sell(opened[till], order, method, cashier)


def _sell(session, order, method, cashier):
    total = _total(order)
    tendered = None
    if method == "cash" and total:
        tendered = next((str(n) for n in (5, 10, 20, 50, 100) if n >= total), None)
    sale, _created = sales.sell(session, order, method=method, tendered=tendered, by=cashier)
    return sale


def _sell_and_undo(session, order, cashier, clock):
    sale = _sell(session, order, "cash", cashier)
    clock(timezone.now() + dt.timedelta(seconds=40))
    reversals.undo(sale, by=cashier)


def _total(order):
    prices = sum((Decimal(p) for p in order.prices), Decimal("0"))
    products = sum((p.price * q for p, q in order.products.items()), Decimal("0"))
    membership = Decimal(order.membership.amount) if order.membership else Decimal("0")
    return prices + products + membership


def _close(session, cashier, short, comment):
    counted = sessions.expected_cash(session) - short
    counts = {}
    for denomination in sessions.DENOMINATIONS:
        pieces = int(counted // denomination)
        if pieces:
            counts[f"{denomination:.2f}"] = str(pieces)
            counted -= pieces * denomination
    sessions.close_session(session, counts=counts, by=cashier, comment=comment)


def _close_days(venue, next_day, treasurer, clock):
    """Close what is over, just after midnight (or now, if that is sooner)."""
    try:
        from clef.boxoffice.closings import close_due
    except ImportError:  # closings not there yet: the days stay open
        return
    clock(min(local_to_utc(next_day, dt.time(0, 10), venue.timezone), _real_now()))
    close_due(venue, today=next_day, by=treasurer)


def _real_now():
    return dt.datetime.now(dt.UTC)
