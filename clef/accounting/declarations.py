"""The weekly declaration of takings ("bordereau de recettes") to the CNC, read from the
screenings' statements (``figures``).

A week's declaration is built in a fixed number of queries, however many screenings and
tickets: the held screenings with their rooms and films (2), their tickets grouped by
price and their agreements (2), their ticket numbers per price (1), the films without a
visa number (1), the memberships paid and the bar's sales of the week (1 each). Every
figure is a sum of the screenings' own rounded parts, so the week adds up exactly as its
screenings do.

What the CNC asks of it (DOMAIN.md, "Ticketing duties"): the establishment's and the
rooms' CNC numbers, the week's number in its year (``lib.weeks``), the tax rates applied
(the X list's for an X film) and each film's X flag. Per room and programme (a programme
is the films a screening shows, in order, with their versions: the screenings of one
room showing the same ones are one programme), the screenings per day with their local
times, admissions and takings per screening and per day, and for each screening and
price the ticket numbers used with the tickets issued, presold and cancelled: the till's
ticket statement's figures, read by the same function
(``boxoffice.statements.tickets_by_price``, one query for the week); the week's takings
per price, and for each film its visa, version (VO, VF, VOSTF), rights holder, terms and
share. Films shown with no visa number and not marked as having none are listed
(``films_without_visa``): the week cannot be declared until each has one. Screenings
without a film (a workshop) are listed apart, untaxed; so are memberships and the bar,
with no ticket tax.

The monthly tax (TSA) is in ``declaration_month`` (``monthly_tax``, also importable from
here).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import pgettext

from clef.accounting import access

# The month's tax has its own module; callers may still read it from here.
from clef.accounting.declaration_month import MonthlyTax, monthly_tax  # noqa: F401
from clef.accounting.figures import PriceRow, held_screenings, statements_for
from clef.boxoffice.models import SaleLine
from clef.boxoffice.statements import tickets_by_price
from clef.lib.money import cents
from clef.lib.shares import ZERO
from clef.lib.timezones import local_day_bounds
from clef.lib.weeks import months_counting
from clef.members.models import Membership
from clef.programme.models import Film, Screening, ScreeningFilm

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


# The subtitles' languages read as French: a subtitled film is then "VOSTF".
FRENCH = {"", "fr", "francais", "français", "french", "fra", "fre"}


def version_code(shown):
    """How a ``ScreeningFilm`` is shown, as French declarations write it: VO, VF,
    VOSTF (subtitled in French, or in no language said), VOST (in another language);
    a silent film "muet" ("silent" in English)."""
    Version = ScreeningFilm.Version
    if shown.version == Version.ORIGINAL_SUBTITLED:
        return "VOSTF" if shown.subtitles.strip().lower() in FRENCH else "VOST"
    if shown.version == Version.SILENT:
        return pgettext("film version code", "silent")
    return {Version.ORIGINAL: "VO", Version.DUBBED: "VF"}.get(shown.version, shown.version)


@dataclass
class Showing:
    """One screening held in the week, with its statement and its tickets' numbers."""

    statement: object  # figures.ScreeningStatement
    local_start: dt.datetime
    tickets: object = None  # boxoffice.statements.Figures: per price, numbers and counts

    @property
    def screening(self):
        return self.statement.screening

    @property
    def room(self):
        return self.screening.room

    @property
    def day(self):
        return self.local_start.date()

    @property
    def local_end(self):
        return self.local_start + dt.timedelta(minutes=self.screening.duration)

    @property
    def prices(self):
        """Per price paid (``boxoffice.statements.Row``): the numbers used, tickets
        issued, presold, cancelled, admissions and takings."""
        return self.tickets.rows if self.tickets else []

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

    @property
    def version_code(self):
        return version_code(self.shown)

    @property
    def x_rated(self):
        return self.film.x_rated


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

    @property
    def x_rated(self):
        """An X film in the programme: the X list's tax rate applies to it."""
        return any(f.x_rated for f in self.films)

    @property
    def tsa_rate(self):
        return self.showings[0].statement.tsa_rate if self.showings else None


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
    films_without_visa: list = field(default_factory=list)  # Film, by title

    @property
    def numbered(self):
        """(year, number) of the week in its year (``lib.weeks.CinemaWeek.numbered``)."""
        return self.week.numbered

    @property
    def cnc_number(self):
        return self.venue.cnc_number

    @property
    def tsa_rate(self):
        return self.venue.tsa_rate

    @property
    def tsa_rate_x(self):
        return self.venue.tsa_rate_x

    @property
    def x_rated(self):
        """Whether an X film was shown: the X list's rate applied to its screenings."""
        return any(p.x_rated for p in self.programmes)

    @property
    def showings(self):
        """The film screenings of the week, in order of their start."""
        return sorted(
            (s for p in self.programmes for s in p.showings),
            key=lambda s: (s.local_start, s.room.position, s.screening.pk),
        )

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
    tickets = tickets_by_price(screenings)
    zone = venue.zone

    rooms, programmes, untaxed = {}, {}, []
    days = {day: Day(day) for day in week.days}
    prices, holders = {}, {}
    figures, untaxed_figures = Figures(), Figures()
    for screening in screenings:
        statement = statements[screening.pk]
        showing = Showing(
            statement, timezone.localtime(screening.starts_at, zone), tickets[screening.pk]
        )
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
        films_without_visa=films_without_visa(venue, week.start, week.end),
    )


def films_without_visa(venue, first_day, last_day):
    """The films shown at ``venue``'s published screenings from ``first_day`` to
    ``last_day`` (local days, both included) that have no visa number and are not marked
    as having none (``Film.no_visa``), by title: a declaration cannot name them. One
    query."""
    start, end = _bounds(venue, first_day, last_day)
    return list(
        Film.objects.filter(
            screening_films__screening__room__venue=venue,
            screening_films__screening__status=Screening.Status.PUBLISHED,
            screening_films__screening__starts_at__gte=start,
            screening_films__screening__starts_at__lt=end,
            visa_number="",
            no_visa=False,
        )
        .distinct()
        .order_by("title", "year", "pk")
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
