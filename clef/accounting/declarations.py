"""The weekly declaration of takings ("bordereau de recettes") and the monthly tax to the
CNC, read from the screenings' statements (``figures``).

A week's declaration is built in a fixed number of queries, however many screenings and
tickets: the held screenings with their rooms and films (2), their tickets grouped by
price and their agreements (2), the memberships paid and the bar's sales of the week
(1 each). Every figure is a sum of the screenings' own rounded parts, so the week adds
up exactly as its screenings do.

Per room and programme (a programme is the films a screening shows, in order, with their
versions: the screenings of one room showing the same ones are one programme), the
screenings per day with their local times, admissions and takings per screening and per
day, the week's takings per price, and for each film its visa, version, rights holder,
terms and share. Screenings without a film (a workshop) are listed apart, untaxed; so are
memberships and the bar, with no ticket tax.

The monthly tax (TSA) follows the law's weeks (Code du cinéma, art. L115-3;
``lib.weeks.weeks_of_month``): a month's tax is due for the cinema weeks ended in it with
at least ``CLEF_TSA_MIN_SCREENINGS_PER_WEEK`` film screenings held, so a week from
Wednesday 28 October to Tuesday 3 November counts whole in November; December stops on
31 December and January starts on 1 January, the week across the new year giving each
month the screenings of its own days (by their local date) while its screenings are
counted over the whole week. The month's tax is each rate applied once to the taxed
takings at it, rounded to the cent (it may differ by a few cents from the sum of the
screenings' statements, each rounded on its own); nothing is due when it is under
``CLEF_TSA_MONTHLY_THRESHOLD``.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Sum
from django.utils import timezone

from clef.accounting import access
from clef.accounting.figures import PriceRow, held_screenings, statements_for
from clef.boxoffice.models import SaleLine
from clef.lib.money import cents, percent_of
from clef.lib.shares import ZERO
from clef.lib.timezones import local_day_bounds
from clef.lib.weeks import months_counting, weeks_of_month
from clef.members.models import Membership

SUMMED = [
    "admissions",
    "paid",
    "free",
    "receipts",
    "vat",
    "tsa",
    "music_rights",
    "rights",
    "cinema",
]


@dataclass
class Figures:
    """Sums of screenings' statements."""

    screenings: int = 0
    admissions: int = 0
    paid: int = 0
    free: int = 0
    receipts: Decimal = ZERO
    vat: Decimal = ZERO
    tsa: Decimal = ZERO
    music_rights: Decimal = ZERO
    rights: Decimal = ZERO
    cinema: Decimal = ZERO

    def add(self, statement):
        self.screenings += 1
        for name in SUMMED:
            setattr(self, name, getattr(self, name) + getattr(statement, name))

    @property
    def distributor_base(self):
        return self.receipts - self.vat - self.tsa


@dataclass
class Showing:
    """One screening held in the week, with its statement."""

    statement: object  # figures.ScreeningStatement
    local_start: dt.datetime

    @property
    def screening(self):
        return self.statement.screening

    @property
    def day(self):
        return self.local_start.date()

    @property
    def title(self):
        """The screening's title; for a workshop with none, its kind."""
        films = self.screening.screening_films.all()
        if self.screening.title or films:
            return self.screening.display_title
        return self.screening.get_kind_display()


@dataclass
class Day:
    day: dt.date
    showings: list = field(default_factory=list)
    figures: Figures = field(default_factory=Figures)


@dataclass
class Deal:
    """A rights holder's terms for a film over the week's screenings of a programme
    (``holder`` None: the screenings with no agreement recorded)."""

    holder: object  # RightsHolder or None
    terms: str
    screenings: int = 0
    owed: Decimal = ZERO


@dataclass
class FilmEntry:
    shown: object  # ScreeningFilm of the programme's first screening
    deals: list = field(default_factory=list)
    portion: Decimal = ZERO  # its part of the distributor base
    owed: Decimal = ZERO
    missing: int = 0  # screenings with no agreement for it
    by_terms: dict = field(default_factory=dict, repr=False)  # deal key -> Deal

    @property
    def film(self):
        return self.shown.film

    @property
    def title(self):
        return self.film.title

    @property
    def visa(self):
        return self.film.visa_number

    @property
    def version(self):
        return self.shown.get_version_display()


@dataclass
class Programme:
    room: object
    films: list  # FilmEntry, in the programme's order
    showings: list = field(default_factory=list)
    days: list = field(default_factory=list)  # Day, only days it was shown
    prices: list = field(default_factory=list)  # PriceRow
    figures: Figures = field(default_factory=Figures)

    @property
    def title(self):
        return " + ".join(f.title for f in self.films)

    @property
    def missing_agreements(self):
        return any(f.missing for f in self.films)


@dataclass
class RoomBlock:
    room: object
    programmes: list = field(default_factory=list)


@dataclass
class Tally:
    count: int = 0
    amount: Decimal = ZERO


@dataclass
class HolderTotal:
    holder: object
    owed: Decimal = ZERO


@dataclass
class Declaration:
    venue: object
    week: object  # CinemaWeek
    provisional: bool  # the week is not over: more screenings may come
    rooms: list  # RoomBlock
    days: list  # Day, the seven days, film screenings of every room
    prices: list  # PriceRow over the week
    figures: Figures  # film screenings: the declared takings
    untaxed: list  # Showing without a film (workshops)
    untaxed_figures: Figures
    memberships: Tally
    bar: Tally
    holders: list  # HolderTotal, by name

    @property
    def programmes(self):
        return [p for block in self.rooms for p in block.programmes]

    @property
    def missing_agreements(self):
        return any(p.missing_agreements for p in self.programmes)

    @property
    def other_receipts(self):
        return self.memberships.amount + self.bar.amount

    @property
    def all_receipts(self):
        return self.figures.receipts + self.untaxed_figures.receipts + self.other_receipts

    @property
    def months(self):
        """(year, month) of the months whose tax counts the week: the one it ends in (and
        December, for the week across the new year)."""
        return months_counting(self.week)


def weekly_declaration(venue, week, *, now=None):
    """The declaration of ``venue`` for the cinema ``week`` (screenings held so far)."""
    now = now or timezone.now()
    screenings = held_screenings(venue, week.start, week.end, now=now)
    statements = statements_for(screenings)
    zone = venue.zone

    rooms, programmes, untaxed = {}, {}, []
    days = {day: Day(day) for day in week.days}
    prices, holders = {}, {}
    figures, untaxed_figures = Figures(), Figures()
    for screening in screenings:
        statement = statements[screening.pk]
        showing = Showing(statement, timezone.localtime(screening.starts_at, zone))
        shown = list(screening.screening_films.all())
        if not shown:
            untaxed.append(showing)
            untaxed_figures.add(statement)
            continue
        key = (screening.room_id, tuple((f.film_id, f.version) for f in shown))
        programme = programmes.get(key)
        if programme is None:
            programme = programmes[key] = Programme(
                room=screening.room, films=[FilmEntry(f) for f in shown]
            )
            block = rooms.setdefault(screening.room_id, RoomBlock(screening.room))
            block.programmes.append(programme)
        _add_showing(programme, showing)
        figures.add(statement)
        days[showing.day].showings.append(showing)
        days[showing.day].figures.add(statement)
        for row in statement.rows:
            prices[row.price] = prices.get(row.price, 0) + row.admissions
        for line in statement.films:
            if line.holder is not None:
                total = holders.setdefault(line.holder.pk, HolderTotal(line.holder))
                total.owed += line.owed

    return Declaration(
        venue=venue,
        week=week,
        provisional=not access.is_complete(venue, week, now=now),
        rooms=sorted(rooms.values(), key=lambda b: (b.room.position, b.room.name, b.room.pk)),
        days=list(days.values()),
        prices=[PriceRow(price, n) for price, n in sorted(prices.items())],
        figures=figures,
        untaxed=untaxed,
        untaxed_figures=untaxed_figures,
        memberships=memberships_paid(venue, week.start, week.end),
        bar=bar_sales(venue, week.start, week.end),
        holders=sorted(holders.values(), key=lambda h: (h.holder.name.lower(), h.holder.pk)),
    )


def _add_showing(programme, showing):
    statement = showing.statement
    programme.showings.append(showing)
    programme.figures.add(statement)
    if not programme.days or programme.days[-1].day != showing.day:
        programme.days.append(Day(showing.day))
    programme.days[-1].showings.append(showing)
    programme.days[-1].figures.add(statement)
    merged = {row.price: row.admissions for row in programme.prices}
    for row in statement.rows:
        merged[row.price] = merged.get(row.price, 0) + row.admissions
    programme.prices = [PriceRow(price, n) for price, n in sorted(merged.items())]
    for entry, line in zip(programme.films, statement.films, strict=True):
        entry.portion += line.portion
        entry.owed += line.owed
        agreement = line.agreement
        if agreement is None:
            entry.missing += 1
            deal_key = None
        else:
            deal_key = (agreement.holder_id, agreement.kind, agreement.rate, agreement.amount)
        deal = entry.by_terms.get(deal_key)
        if deal is None:
            deal = entry.by_terms[deal_key] = Deal(
                holder=agreement.holder if agreement else None,
                # text in the language of the moment, never a lazy translation
                terms=str(agreement.terms_text()) if agreement else "",
            )
            entry.deals.append(deal)
        deal.screenings += 1
        deal.owed += line.owed


def _bounds(venue, first_day, last_day):
    start, _ = local_day_bounds(first_day, venue.timezone)
    _, end = local_day_bounds(last_day, venue.timezone)
    return start, end


def memberships_paid(venue, first_day, last_day):
    """Memberships paid from ``first_day`` to ``last_day`` (local days): how many, how
    much. One query."""
    start, end = _bounds(venue, first_day, last_day)
    found = Membership.objects.filter(
        venue=venue, status=Membership.Status.PAID, paid_at__gte=start, paid_at__lt=end
    ).aggregate(count=Count("id"), amount=Sum("amount"))
    return Tally(found["count"] or 0, cents(found["amount"] or ZERO))


def bar_sales(venue, first_day, last_day):
    """The bar's sales at the till from ``first_day`` to ``last_day``: items (net of
    reversals) and amount (reversals carry negative amounts). One query."""
    start, end = _bounds(venue, first_day, last_day)
    found = SaleLine.objects.filter(
        sale__venue=venue,
        kind=SaleLine.Kind.PRODUCT,
        sale__created_at__gte=start,
        sale__created_at__lt=end,
    ).aggregate(count=Sum("quantity"), amount=Sum("amount"))
    # SQLite sums decimals as floats: back to the cent.
    return Tally(found["count"] or 0, cents(found["amount"] or ZERO))


# --- the monthly tax ----------------------------------------------------------------------
@dataclass
class TaxWeek:
    """A cinema week as the month's tax counts it."""

    week: object  # CinemaWeek
    first: dt.date  # its first day counted in the month: the week's, or 1 January
    last: dt.date  # its last day counted in the month: the week's, or 31 December
    screenings: int  # film screenings held in the whole week, every room
    taxed: bool  # enough screenings for the tax to apply
    complete: bool  # the week is over
    in_month: int = 0  # of which held on the days counted in the month
    receipts: Decimal = ZERO  # of the screenings counted in the month
    tsa: Decimal = ZERO  # the sum of their statements' tax, each at its rate
    by_rate: dict = field(default_factory=dict)  # tax rate -> the receipts counted at it

    @property
    def due(self):
        return self.tsa if self.taxed else ZERO

    @property
    def split(self):
        """The new year cuts the week: only its days from ``first`` to ``last`` count."""
        return (self.first, self.last) != (self.week.start, self.week.end)

    @property
    def up_to_new_year(self):
        """December's part of the week across the new year."""
        return self.last < self.week.end

    @property
    def from_new_year(self):
        """January's part of the week across the new year."""
        return self.first > self.week.start


@dataclass
class RateTotal:
    """The taxed takings of a month at one rate (the X list's is higher) and their tax."""

    rate: Decimal
    receipts: Decimal = ZERO

    @property
    def tax(self):
        return percent_of(self.receipts, self.rate)


@dataclass
class MonthlyTax:
    venue: object
    first: dt.date  # the month's first day
    last: dt.date  # the month's last day
    weeks: list  # TaxWeek, the weeks the month covers by law
    min_screenings: int
    threshold: Decimal
    provisional: bool  # a week of the month is not over yet

    @property
    def covers_from(self):
        """The first day the month's tax counts: a Wednesday of the month before, or the
        month's first day."""
        return self.weeks[0].first

    @property
    def covers_to(self):
        """The last day the month's tax counts: the last week's end, or 31 December."""
        return self.weeks[-1].last

    @property
    def untaxed_weeks(self):
        return [w for w in self.weeks if not w.taxed]

    @property
    def receipts(self):
        return sum((w.receipts for w in self.weeks), ZERO)

    @property
    def taxed_receipts(self):
        return sum((w.receipts for w in self.weeks if w.taxed), ZERO)

    @property
    def untaxed_receipts(self):
        return self.receipts - self.taxed_receipts

    @property
    def rates(self):
        """The taxed takings by rate (RateTotal), lowest rate first."""
        totals = {}
        for week in self.weeks:
            if week.taxed:
                for rate, receipts in week.by_rate.items():
                    totals.setdefault(rate, RateTotal(rate)).receipts += receipts
        return [totals[rate] for rate in sorted(totals)]

    @property
    def tsa(self):
        """The month's tax, before the threshold: each rate applied once to the month's
        taxed takings at it, rounded to the cent, as the CNC's monthly return computes
        it. It may differ by a few cents from ``weeks_tsa``."""
        return sum((r.tax for r in self.rates), ZERO)

    @property
    def weeks_tsa(self):
        """The sum of the tax the taxed weeks' screening statements show, each rounded
        on its own (the distributor base is computed with it)."""
        return sum((w.due for w in self.weeks), ZERO)

    @property
    def below_threshold(self):
        return self.tsa < self.threshold

    @property
    def due(self):
        return ZERO if self.below_threshold else self.tsa

    @property
    def previous(self):
        return (self.first - dt.timedelta(days=1)).replace(day=1)

    @property
    def next(self):
        return self.last + dt.timedelta(days=1)


def monthly_tax(venue, year, month, *, now=None):
    """The tax to the CNC of ``venue`` for ``month`` of ``year``, by the law's weeks.
    Four queries."""
    now = now or timezone.now()
    parts = weeks_of_month(year, month, venue.week_start)
    first = dt.date(year, month, 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    # the whole weeks, even across the new year: their screenings are counted whole
    screenings = [
        s
        for s in held_screenings(venue, parts[0].week.start, parts[-1].week.end, now=now)
        if s.screening_films.all()
    ]
    statements = statements_for(screenings)
    zone = venue.zone
    dated = [(timezone.localtime(s.starts_at, zone).date(), statements[s.pk]) for s in screenings]
    minimum = settings.CLEF_TSA_MIN_SCREENINGS_PER_WEEK
    rows = []
    for part in parts:
        held = [(day, statement) for day, statement in dated if day in part.week]
        row = TaxWeek(
            week=part.week,
            first=part.first,
            last=part.last,
            screenings=len(held),
            taxed=len(held) >= minimum,
            complete=access.is_complete(venue, part.week, now=now),
        )
        for day, statement in held:
            if day in part:
                row.in_month += 1
                row.receipts += statement.receipts
                row.tsa += statement.tsa
                rate = statement.tsa_rate
                row.by_rate[rate] = row.by_rate.get(rate, ZERO) + statement.receipts
        rows.append(row)
    return MonthlyTax(
        venue=venue,
        first=first,
        last=last,
        weeks=rows,
        min_screenings=minimum,
        threshold=Decimal(settings.CLEF_TSA_MONTHLY_THRESHOLD),
        provisional=not rows[-1].complete,
    )
