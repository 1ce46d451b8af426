"""The ticket statement French rules ask for after each screening, per tariff: first
ticket number, first number of the next screening, tickets issued (presales apart),
tickets cancelled, price, takings.

With pay-what-you-want, a tariff is a price paid: one row per price. Per row:

- ``first_number``: the lowest number of the tickets at that price (cancelled ones
  included: a cancelled ticket keeps its number);
- ``issued``: tickets sold at the door (the till), paid and standing;
- ``presales``: tickets booked online (paid online, free, or paid at the door when
  checked in: the door's sale), paid and standing;
- ``cancelled``: tickets cancelled (online or at the door, an undone sale included);
- ``unpaid``: tickets booked to pay at the door and never paid (no takings);
- ``takings``: price × (issued + presales).

The statement is fixed (a ``TicketStatement``, never changed) once the screening is over.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.boxoffice.models import TicketStatement
from clef.boxoffice.sales import SELLS_AFTER_END
from clef.lib.actions import log_action
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
    issued: int = 0
    presales: int = 0
    cancelled: int = 0
    unpaid: int = 0

    @property
    def takings(self):
        return self.price * (self.issued + self.presales)

    @property
    def first(self):
        return ticket_number(self.series, self.first_number)

    def as_json(self):
        return {
            "price": f"{self.price:.2f}",
            "series": self.series,
            "first_number": self.first_number,
            "issued": self.issued,
            "presales": self.presales,
            "cancelled": self.cancelled,
            "unpaid": self.unpaid,
            "takings": f"{self.takings:.2f}",
        }

    @classmethod
    def of_json(cls, data):
        return cls(
            price=Decimal(data["price"]),
            series=data["series"],
            first_number=data["first_number"],
            issued=data["issued"],
            presales=data["presales"],
            cancelled=data["cancelled"],
            unpaid=data.get("unpaid", 0),
        )


def ticket_number(series, number):
    """As printed on the ticket: 2026-000123."""
    if number is None:
        return ""
    return f"{series}-{number:06d}" if series else f"{number:06d}"


@dataclass
class Figures:
    """A screening's statement, live or fixed."""

    screening: Screening
    rows: list = field(default_factory=list)
    series: int | None = None
    first_number: int | None = None
    next_series: int | None = None
    next_first_number: int | None = None
    fixed_at: object = None

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
    def takings(self):
        return sum((r.takings for r in self.rows), ZERO)

    @property
    def first(self):
        return ticket_number(self.series, self.first_number)

    @property
    def next_first(self):
        return ticket_number(self.next_series, self.next_first_number)

    @property
    def is_fixed(self):
        return self.fixed_at is not None


def statement_rows(screening):
    """The live figures of ``screening``'s statement, per price (two queries).

    The first number of the next screening is the lowest ticket number of the venue's
    next screening, by start time (then by id, for two rooms starting together), that
    has any ticket, cancelled ones included. Ticket numbers are one series for the whole
    venue, given when a ticket is booked or sold, so a ticket booked early for a later
    screening may carry a lower number: the figure says where the next screening's
    numbers start, not where this one's end.
    """
    rows = {}
    tickets = (
        Ticket.objects.filter(screening=screening)
        .order_by("series", "number")
        .values_list("price", "status", "online", "series", "number")
    )
    figures = Figures(screening=screening)
    for price, status, online, series, number in tickets:
        if figures.first_number is None:
            figures.series, figures.first_number = series, number
        row = rows.get(price)
        if row is None:
            row = rows[price] = Row(price=price, series=series, first_number=number)
        if status == Ticket.Status.CANCELLED:
            row.cancelled += 1
        elif status not in Ticket.COUNTED:
            row.unpaid += 1
        elif online:
            row.presales += 1
        else:
            row.issued += 1
    figures.rows = [rows[price] for price in sorted(rows)]
    venue_id = screening.room.venue_id
    later = (
        Ticket.objects.filter(venue_id=venue_id)
        .filter(
            Q(screening__starts_at__gt=screening.starts_at)
            | Q(screening__starts_at=screening.starts_at, screening_id__gt=screening.pk)
        )
        .order_by("screening__starts_at", "screening_id", "series", "number")
        .values_list("series", "number")
        .first()
    )
    if later is not None:
        figures.next_series, figures.next_first_number = later
    return figures


def of_statement(statement):
    """The figures a fixed statement recorded."""
    return Figures(
        screening=statement.screening,
        rows=[Row.of_json(r) for r in statement.rows],
        series=statement.series,
        first_number=statement.first_number,
        next_series=statement.series if statement.next_first_number is not None else None,
        next_first_number=statement.next_first_number,
        fixed_at=statement.fixed_at,
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
                next_first_number=figures.next_first_number,
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
