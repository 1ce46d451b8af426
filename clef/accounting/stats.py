"""The figures of the statistics page (a calendar year) and of the public transparency
page (the last season), read in a fixed number of queries whatever the data.

The year's tickets are read once, grouped by screening and price (a few thousand rows
for hundreds of thousands of tickets); everything else is arithmetic on that result.
Admissions are tickets paid or checked in; a 0 € ticket is an admission with no money.
Screenings count when held (published, begun), by their local date.

Choices written down here and said on the pages:
- Mean and median prices are over every admission, free entries (0 €) included. The
  median of an even number of admissions is the mean of the two middle prices, rounded
  to the cent half up; the mean is the receipts over the admissions, rounded likewise.
- Price buckets (``BUCKETS``) include both their bounds: 0 €, 0.01–2, 2.01–5, 5.01–8,
  8.01–10, 10.01–15, over 15 €; the usual pay-what-you-want prices (2, 5, 8, 10, 15 €)
  fall at the top of a bucket.
- Fill rate: admissions over the seats offered (the room's seats times its screenings
  held), per room and month; the year's average is over the whole year, not a mean of
  months.
- A film in a programme of shorts counts the programme's admissions.
- A renewal is a membership paid this year whose person had a paid membership in the
  season before the membership's own.
- The season of the transparency page is the twelve months up to the end of the last
  complete month.
- Memberships and bar sales are reported apart: no ticket tax on them.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.utils import timezone

from clef.accounting.figures import statements_for
from clef.boxoffice.models import SaleLine
from clef.lib.money import cents
from clef.lib.shares import ZERO, allocate
from clef.lib.timezones import local_day_bounds
from clef.members.models import Membership
from clef.programme.models import Film, Screening, ScreeningFilm
from clef.tickets.models import Ticket

HUNDRED = Decimal(100)
TOP_FILMS = 10
# (lowest, highest) price of each bucket, in euros, both included; None: no ceiling.
BUCKETS = (
    (Decimal("0"), Decimal("0")),
    (Decimal("0.01"), Decimal("2")),
    (Decimal("2.01"), Decimal("5")),
    (Decimal("5.01"), Decimal("8")),
    (Decimal("8.01"), Decimal("10")),
    (Decimal("10.01"), Decimal("15")),
    (Decimal("15.01"), None),
)


def rate(part, whole):
    """``part`` as a percent of ``whole``, one decimal; None when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


class Prices:
    """Admissions counted by price: their receipts, mean, median and free share."""

    def __init__(self):
        self.counts = Counter()

    def add(self, price, n):
        self.counts[price] += n

    @property
    def admissions(self):
        return sum(self.counts.values())

    @property
    def free(self):
        return self.counts[ZERO]

    @property
    def paid(self):
        return self.admissions - self.free

    @property
    def receipts(self):
        return sum((price * n for price, n in self.counts.items()), ZERO)

    @property
    def free_share(self):
        return rate(self.free, self.admissions)

    @property
    def mean(self):
        admissions = self.admissions
        return cents(self.receipts / admissions) if admissions else None

    @property
    def median(self):
        """The median price of the admissions, weighted by their counts."""
        admissions = self.admissions
        if not admissions:
            return None
        middle = [(admissions - 1) // 2, admissions // 2]  # 0-based ranks, equal if odd
        found, seen = [], 0
        for price in sorted(self.counts):
            seen += self.counts[price]
            while len(found) < 2 and middle[len(found)] < seen:
                found.append(price)
        return cents((found[0] + found[1]) / 2)


@dataclass
class Week:
    start: dt.date
    end: dt.date
    screenings: int = 0
    admissions: int = 0


@dataclass
class Fill:
    """A room's screenings, seats offered and admissions over a period."""

    month: dt.date | None = None
    screenings: int = 0
    seats: int = 0
    admissions: int = 0

    @property
    def rate(self):
        return rate(self.admissions, self.seats)


@dataclass
class RoomFill:
    room: object
    months: list  # Fill, one per month of the year begun
    year: Fill = field(default_factory=Fill)


@dataclass
class Bucket:
    low: Decimal
    high: Decimal | None
    admissions: int = 0
    receipts: Decimal = ZERO

    def holds(self, price):
        return price >= self.low and (self.high is None or price <= self.high)


@dataclass
class KindPrices:
    kind: str
    prices: Prices

    @property
    def label(self):
        return Screening.Kind(self.kind).label


@dataclass
class Month:
    first: dt.date
    prices: Prices = field(default_factory=Prices)
    screenings: int = 0
    memberships: int = 0
    renewals: int = 0
    membership_amount: Decimal = ZERO
    bar: Decimal = ZERO


@dataclass
class FilmRow:
    film: object  # its title while ranking, then the Film
    screenings: int = 0
    admissions: int = 0


@dataclass
class YearStatistics:
    year: int
    until: dt.date  # the last day counted: 31 December, or today for this year
    screenings: int
    total: Prices
    weeks: list
    rooms: list
    buckets: list
    kinds: list
    months: list
    films: list

    @property
    def provisional(self):
        return self.until < dt.date(self.year, 12, 31)

    @property
    def memberships(self):
        return sum(m.memberships for m in self.months)

    @property
    def renewals(self):
        return sum(m.renewals for m in self.months)

    @property
    def membership_amount(self):
        return sum((m.membership_amount for m in self.months), ZERO)

    @property
    def bar(self):
        return sum((m.bar for m in self.months), ZERO)


def held(venue, first_day=None, last_day=None, *, now):
    """The screenings of ``venue`` held from ``first_day`` to ``last_day`` (local days,
    both included; from the first one, to ``now``, when not given) as a queryset: begun
    by ``now``, published."""
    screenings = Screening.objects.published().filter(room__venue=venue, starts_at__lte=now)
    if first_day is not None:
        screenings = screenings.filter(
            starts_at__gte=local_day_bounds(first_day, venue.timezone)[0]
        )
    if last_day is not None:
        screenings = screenings.filter(starts_at__lt=local_day_bounds(last_day, venue.timezone)[1])
    return screenings


def admissions(venue, first_day=None, last_day=None, *, now):
    """How many spectators came: the tickets paid or checked in (``Ticket.COUNTED``) of
    the screenings ``held`` from ``first_day`` to ``last_day``; a ticket of a screening
    not begun yet is not one. One query. The one rule of the public pages: the home page
    counts every screening held, the page on where the money goes its season's."""
    return Ticket.objects.filter(
        screening__in=held(venue, first_day, last_day, now=now), status__in=Ticket.COUNTED
    ).count()


def with_films(screenings):
    return screenings.select_related("room__venue").prefetch_related(
        Prefetch(
            "screening_films",
            queryset=ScreeningFilm.objects.select_related("film").order_by("position", "pk"),
        )
    )


def first_year(venue):
    """The year of the venue's first published screening (local), or None."""
    first = (
        Screening.objects.published()
        .filter(room__venue=venue)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return venue.local_date(first).year if first else None


def _months(year, until):
    return [dt.date(year, m, 1) for m in range(1, until.month + 1)] if until.year == year else []


def _month_bounds(venue, first):
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return local_day_bounds(first, venue.timezone)[0], local_day_bounds(last, venue.timezone)[1]


def year_statistics(venue, year, *, now=None):
    """Everything the statistics page shows for the calendar ``year``: seven queries,
    none of them building a model object per screening or per ticket."""
    now = now or timezone.now()
    first_day = dt.date(year, 1, 1)
    until = min(dt.date(year, 12, 31), venue.local_date(now))
    screenings = held(venue, first_day, until, now=now)
    rows = screenings.order_by("starts_at", "pk").values_list("pk", "starts_at", "room_id", "kind")
    shown = defaultdict(dict)  # screening: {film: title}, each film once
    for screening_id, film_id, title in ScreeningFilm.objects.filter(
        screening__in=screenings
    ).values_list("screening_id", "film_id", "film__title"):
        shown[screening_id][film_id] = title
    by_screening = defaultdict(Prices)
    for screening_id, price, n in (
        Ticket.objects.filter(screening__in=screenings, status__in=Ticket.COUNTED)
        .values_list("screening_id", "price")
        .annotate(n=Count("*"))
        .order_by()
    ):
        by_screening[screening_id].add(price, n)

    months = {first: Month(first) for first in _months(year, until)}
    weeks = {}
    if months:
        week = venue.week_of(first_day)
        while week.start <= until:
            weeks[week.start] = Week(week.start, week.end)
            week = week.next
    rooms = {
        room.pk: RoomFill(room, [Fill(m) for m in months])
        for room in venue.rooms.order_by("position", "pk")
    }
    kinds = defaultdict(Prices)
    films = {}
    total = Prices()
    held_count = 0
    for screening_id, starts_at, room_id, kind in rows:
        held_count += 1
        prices = by_screening[screening_id]
        admissions = prices.admissions
        day = timezone.localtime(starts_at, venue.zone).date()
        month = months[day.replace(day=1)]
        month.screenings += 1
        week = weeks[venue.week_of(day).start]
        week.screenings += 1
        week.admissions += admissions
        room = rooms[room_id]
        for fill in (room.months[day.month - 1], room.year):
            fill.screenings += 1
            fill.seats += room.room.seats
            fill.admissions += admissions
        for price, n in prices.counts.items():
            total.add(price, n)
            month.prices.add(price, n)
            kinds[kind].add(price, n)
        for film_id, title in shown[screening_id].items():
            row = films.setdefault(film_id, FilmRow(title))
            row.screenings += 1
            row.admissions += admissions

    buckets = [Bucket(low, high) for low, high in BUCKETS]
    for price, n in total.counts.items():
        bucket = next(b for b in buckets if b.holds(price))
        bucket.admissions += n
        bucket.receipts += price * n
    _memberships_and_bar(venue, months)
    return YearStatistics(
        year=year,
        until=until,
        screenings=held_count,
        total=total,
        weeks=list(weeks.values()),
        rooms=[r for r in rooms.values() if r.year.screenings],
        buckets=buckets,
        kinds=[KindPrices(k, kinds[k]) for k in Screening.Kind.values if k in kinds],
        months=list(months.values()),
        films=_top(films),
    )


def _top(films):
    """The most-seen films (by admissions, then title), each with its Film."""
    ranked = sorted(films.items(), key=lambda item: (-item[1].admissions, item[1].film, item[0]))
    ranked = ranked[:TOP_FILMS]
    found = Film.objects.in_bulk([film_id for film_id, _row in ranked])
    for film_id, row in ranked:
        row.film = found[film_id]
    return [row for _film_id, row in ranked]


def _memberships_and_bar(venue, months):
    """Memberships paid and bar sales of each month (two queries, one row each)."""
    if not months:
        return
    bounds = {first: _month_bounds(venue, first) for first in months}
    start, end = bounds[min(months)][0], bounds[max(months)][1]
    renewal = Exists(
        Membership.objects.filter(
            venue=venue,
            person=OuterRef("person"),
            status=Membership.Status.PAID,
            season=OuterRef("season") - 1,
        )
    )
    paid = Membership.objects.filter(
        venue=venue, status=Membership.Status.PAID, paid_at__gte=start, paid_at__lt=end
    ).annotate(renewal=renewal)
    columns = {}
    for i, (low, high) in enumerate(bounds.values()):
        when = Q(paid_at__gte=low, paid_at__lt=high)
        columns[f"n{i}"] = Count("id", filter=when)
        columns[f"r{i}"] = Count("id", filter=when & Q(renewal=True))
        columns[f"a{i}"] = Sum("amount", filter=when)
    sums = paid.aggregate(**columns)
    bar = SaleLine.objects.filter(
        kind=SaleLine.Kind.PRODUCT,
        sale__venue=venue,
        sale__created_at__gte=start,
        sale__created_at__lt=end,
    ).aggregate(
        **{
            f"b{i}": Sum("amount", filter=Q(sale__created_at__gte=low, sale__created_at__lt=high))
            for i, (low, high) in enumerate(bounds.values())
        }
    )
    for i, month in enumerate(months.values()):
        month.memberships = sums[f"n{i}"]
        month.renewals = sums[f"r{i}"]
        month.membership_amount = sums[f"a{i}"] or ZERO
        month.bar = bar[f"b{i}"] or ZERO


# --- the public page: where each euro of the last season went ---------------------------
PARTS = ("rights", "tsa", "vat", "music", "cinema")


@dataclass
class SeasonSummary:
    first_day: dt.date
    last_day: dt.date
    screenings: int = 0
    admissions: int = 0  # ``admissions``, counted as the home page counts them
    waiting: int = 0  # screenings whose agreements are not all recorded
    prices: Prices = field(default_factory=Prices)
    parts: dict = field(default_factory=dict)  # key: amount, adding up to the receipts
    memberships: int = 0
    membership_amount: Decimal = ZERO

    @property
    def receipts(self):
        return self.prices.receipts

    def rows(self):
        """(key, amount, out of each euro, percent); the euros add up to 1.00."""
        amounts = [self.parts.get(key, ZERO) for key in PARTS]
        per_euro = allocate(Decimal("1.00"), amounts) if self.receipts else [None] * len(PARTS)
        return [
            (key, amount, euro, rate(amount, self.receipts))
            for key, amount, euro in zip(PARTS, amounts, per_euro, strict=True)
        ]


def last_season(venue, *, now=None):
    """(first day, last day): the twelve months up to the end of the last complete month."""
    today = venue.local_date(now or timezone.now())
    last_day = today.replace(day=1) - dt.timedelta(days=1)
    first_day = dt.date(last_day.year - 1, last_day.month, 1) + dt.timedelta(days=32)
    return first_day.replace(day=1), last_day


def season_summary(venue, *, now=None):
    """The last season's admissions, receipts and their parts, summed over each held
    screening's statement (``figures.statements_for``): six queries."""
    now = now or timezone.now()
    first_day, last_day = last_season(venue, now=now)
    summary = SeasonSummary(first_day, last_day)
    screenings = with_films(held(venue, first_day, last_day, now=now))
    statements = statements_for(screenings)
    summary.parts = dict.fromkeys(PARTS, ZERO)
    for statement in statements.values():
        summary.screenings += 1
        summary.waiting += not statement.complete
        for row in statement.rows:
            summary.prices.add(row.price, row.admissions)
        for key, amount in statement.parts():
            summary.parts[key] += amount
    summary.admissions = admissions(venue, first_day, last_day, now=now)
    start, _ = local_day_bounds(first_day, venue.timezone)
    _, end = local_day_bounds(last_day, venue.timezone)
    joined = Membership.objects.filter(
        venue=venue, status=Membership.Status.PAID, paid_at__gte=start, paid_at__lt=end
    ).aggregate(n=Count("id"), amount=Sum("amount"))
    summary.memberships = joined["n"]
    summary.membership_amount = cents(joined["amount"] or ZERO)  # SQLite sums floats
    return summary
