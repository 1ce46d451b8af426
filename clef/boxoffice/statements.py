"""The ticket statement French rules ask for after each screening, per tariff: the
ticket numbers used, tickets issued (presales apart), tickets cancelled, price, takings.

With pay-what-you-want, a tariff is a price paid: one row per price. Per row:

- ``ranges``: the numbers of the tickets at that price as runs without a gap,
  ``(series, first, last)``, cancelled ones included (a cancelled ticket keeps its
  number), shown "2026 : 1041–1052, 1060" (``numbers``); ``first_number`` is the lowest.
  A till's own series (``Ticket.till_series``) numbers its tickets apart: its runs are
  apart too, their series named as printed, "T1-2026" (the venue's series is the year
  alone, an int, as statements fixed before kept it), "2026 : 1–3 · T1-2026 : 1–12";
- ``issued``: tickets sold at the door (the till), paid and standing;
- ``presales``: tickets booked online (paid online, free, or paid at the door when
  checked in: the door's sale), paid and standing;
- ``cancelled``: tickets cancelled (online or at the door, an undone sale included);
- ``unpaid``: tickets booked to pay at the door and never paid (no takings);
- ``takings``: price × (issued + presales).

The numbers of one screening need not follow each other, nor come before the next
screening's: the venue has one yearly series, a ticket is numbered when it is booked or
sold, and a ticket booked early for a later screening has a lower number. So the
statement gives the numbers each screening used, not "the first number of the next
screening", which said nothing.

``tickets_by_price`` is the one home of these figures: the till's statement and the
weekly declaration to the CNC both read them from it, in one query for any number of
screenings. The statement is fixed (a ``TicketStatement``, never changed) once the
screening is over.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.boxoffice.models import TicketStatement
from clef.boxoffice.sales import SELLS_AFTER_END
from clef.lib.actions import log_action
from clef.lib.money import cents
from clef.lib.refusals import Refused
from clef.programme.models import Screening
from clef.tickets.models import Ticket

ZERO = Decimal("0.00")


class StatementRefused(Refused):
    """A statement that cannot be fixed yet; ``code`` is stable, ``message`` translated."""


@dataclass
class Row:
    price: Decimal
    series: int
    first_number: int
    till_series: str = ""  # of the first number: the venue's series first, if any
    issued: int = 0
    presales: int = 0
    cancelled: int = 0
    unpaid: int = 0
    ranges: list = field(default_factory=list)  # (series, first, last), in order

    @property
    def takings(self):
        return self.price * (self.issued + self.presales)

    @property
    def admissions(self):
        """Tickets that stand for a spectator: issued at the door or presold."""
        return self.issued + self.presales

    @property
    def count(self):
        """Every ticket number used at this price, cancelled and unpaid included."""
        return self.issued + self.presales + self.cancelled + self.unpaid

    @property
    def first(self):
        return ticket_number(series_label(self.till_series, self.series), self.first_number)

    @property
    def numbers(self):
        """The numbers used, "2026 : 1041–1052, 1060"."""
        return format_ranges(self.ranges)

    def as_json(self):
        return {
            "price": f"{self.price:.2f}",
            "series": self.series,
            "first_number": self.first_number,
            "ranges": [list(r) for r in self.ranges],
            "issued": self.issued,
            "presales": self.presales,
            "cancelled": self.cancelled,
            "unpaid": self.unpaid,
            "takings": f"{self.takings:.2f}",
            # a till's own series only: the venue's rows read as they always did
            **({"till_series": self.till_series} if self.till_series else {}),
        }

    @classmethod
    def of_json(cls, data):
        return cls(
            price=Decimal(data["price"]),
            series=data["series"],
            first_number=data["first_number"],
            till_series=data.get("till_series", ""),
            issued=data["issued"],
            presales=data["presales"],
            cancelled=data["cancelled"],
            unpaid=data.get("unpaid", 0),
            # a statement fixed before the ranges were kept knew its first number only
            ranges=[tuple(r) for r in data.get("ranges", [])],
        )


def series_label(till_series, series):
    """A run's series: the year (an int) for the venue's series, "T1-2026" for a till's."""
    return f"{till_series}-{series}" if till_series else series


def split_label(label):
    """(till's series, year) of a run's series: ("", 2026), ("T1", 2026)."""
    if isinstance(label, str):
        till_series, _sep, year = label.rpartition("-")
        return till_series, int(year)
    return "", label


def first_of(rows):
    """(till's series, year, number) of the first ticket of ``rows``: the venue's series
    before the tills' ones."""
    return min((r.till_series != "", r.till_series, r.series, r.first_number) for r in rows)[1:]


def ticket_number(series, number):
    """As printed on the ticket: 2026-000123."""
    if number is None:
        return ""
    return f"{series}-{number:06d}" if series else f"{number:06d}"


def format_ranges(ranges):
    """Runs of ticket numbers as a person reads them: "2026 : 1041–1052, 1060", a
    series after another "2025 : 998–999 · 2026 : 1–4"."""
    by_series = {}
    for series, first, last in ranges:
        text = str(first) if first == last else f"{first}\u2013{last}"
        by_series.setdefault(series, []).append(text)
    return " · ".join(
        _("%(series)s: %(numbers)s") % {"series": series, "numbers": ", ".join(runs)}
        for series, runs in by_series.items()
    )


@dataclass
class Figures:
    """A screening's statement, live or fixed."""

    screening: Screening
    rows: list = field(default_factory=list)
    series: int | None = None
    first_number: int | None = None
    fixed_at: object = None
    till_series: str = ""  # of the first number

    @property
    def issued(self):
        return sum(r.issued for r in self.rows)

    @property
    def presales(self):
        return sum(r.presales for r in self.rows)

    @property
    def cancelled(self):
        return sum(r.cancelled for r in self.rows)

    @property
    def unpaid(self):
        return sum(r.unpaid for r in self.rows)

    @property
    def admissions(self):
        return sum(r.admissions for r in self.rows)

    @property
    def count(self):
        return sum(r.count for r in self.rows)

    @property
    def takings(self):
        return sum((r.takings for r in self.rows), ZERO)

    @property
    def first(self):
        return ticket_number(series_label(self.till_series, self.series), self.first_number)

    @property
    def is_fixed(self):
        return self.fixed_at is not None


def tickets_by_price(screenings):
    """The live statement (``Figures``) of each of ``screenings``, by screening id: per
    price paid, the ticket numbers used as runs, tickets issued, presold, cancelled and
    unpaid. One query, however many screenings: their tickets in the order of their
    numbers at each price (runs are found as they come); a screening without a ticket
    has no row."""
    screenings = list(screenings)
    found = {s.pk: Figures(screening=s) for s in screenings}
    if not found:
        return found
    # A plain cursor: for a week of many thousand tickets, model machinery and a Decimal
    # per row would cost more than the query.
    sql = (
        "SELECT screening_id, price, till_series, series, number, status, online "
        "FROM {table} WHERE screening_id IN ({ids}) "
        "ORDER BY screening_id, price, till_series, series, number"
    ).format(
        table=connection.ops.quote_name(Ticket._meta.db_table),
        ids=", ".join(["%s"] * len(found)),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(found))
        tickets = cursor.fetchall()
    prices = {}  # as the database gives it (SQLite: a float or an int) -> Decimal
    counted = set(Ticket.COUNTED)
    cancelled = Ticket.Status.CANCELLED
    row, key = None, None
    for screening_id, price, till_series, year, number, status, online in tickets:
        if (screening_id, price) != key:
            key = (screening_id, price)
            if price not in prices:
                prices[price] = cents(Decimal(str(price)))
            row = Row(
                price=prices[price], series=year, first_number=number, till_series=till_series
            )
            found[screening_id].rows.append(row)
        series = series_label(till_series, year)
        last = row.ranges[-1] if row.ranges else None
        if last is not None and last[0] == series and last[2] == number - 1:
            row.ranges[-1] = (series, last[1], number)
        else:
            row.ranges.append((series, number, number))
        if status == cancelled:
            row.cancelled += 1
        elif status not in counted:
            row.unpaid += 1
        elif online:
            row.presales += 1
        else:
            row.issued += 1
    for figures in found.values():
        if figures.rows:
            figures.till_series, figures.series, figures.first_number = first_of(figures.rows)
    return found


def statement_rows(screening):
    """The live figures of ``screening``'s statement, per price (one query)."""
    return tickets_by_price([screening])[screening.pk]


def of_statement(statement):
    """The figures a fixed statement recorded."""
    rows = [Row.of_json(r) for r in statement.rows]
    return Figures(
        screening=statement.screening,
        rows=rows,
        series=statement.series,
        first_number=statement.first_number,
        fixed_at=statement.fixed_at,
        till_series=first_of(rows)[0] if rows else "",
    )


def figures_of(screening):
    """The fixed statement's figures if there is one, else the live ones."""
    statement = TicketStatement.objects.filter(screening=screening).first()
    if statement is not None:
        statement.screening = screening
        return of_statement(statement)
    return statement_rows(screening)


def fix(screening, *, now=None, by=None):
    """Write ``screening``'s statement once it is over; a statement already fixed is
    returned as it is, never changed."""
    existing = TicketStatement.objects.filter(screening=screening).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    if screening.ends_at > now:
        raise StatementRefused(
            "not_over",
            _("The screening is not over yet: its statement is fixed after its end."),
        )
    try:
        with transaction.atomic():
            figures = statement_rows(screening)
            statement = TicketStatement.objects.create(
                screening=screening,
                venue_id=screening.room.venue_id,
                rows=[row.as_json() for row in figures.rows],
                series=figures.series,
                first_number=figures.first_number,
                issued=figures.issued,
                presales=figures.presales,
                cancelled=figures.cancelled,
                takings=figures.takings,
            )
    except IntegrityError:
        # Fixed by another run meanwhile.
        return TicketStatement.objects.get(screening=screening)
    log_action(
        "boxoffice.statement.fixed",
        by=by,
        screening=screening.pk,
        issued=statement.issued,
        presales=statement.presales,
        cancelled=statement.cancelled,
        takings=statement.takings,
    )
    return statement


def fix_due(now=None, *, venue=None):
    """Fix the statement of every screening over, without one, that took tickets.

    A screening still sells at the till for ``SELLS_AFTER_END`` after its end
    (latecomers): its statement waits for that, so that no ticket comes after it.
    """
    now = now or timezone.now()
    screenings = (
        Screening.objects.filter(starts_at__lt=now, ticket_statement__isnull=True)
        .exclude(status=Screening.Status.DRAFT)
        .exclude(kind__in=(Screening.Kind.WORKSHOP, Screening.Kind.PRIVATE))
        .select_related("room")
        .order_by("starts_at", "pk")
    )
    if venue is not None:
        screenings = screenings.filter(room__venue=venue)
    return [
        fix(screening, now=now)
        for screening in screenings
        if screening.ends_at + SELLS_AFTER_END <= now
    ]


def is_over(screening, now=None):
    return screening.ends_at <= (now or timezone.now())
