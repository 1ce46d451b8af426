"""The monthly tax (TSA) follows the law's weeks (Code du cinéma, art. L115-3;
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
from django.utils import timezone

from clef.accounting import access
from clef.accounting.figures import held_screenings, statements_for
from clef.lib.money import percent_of
from clef.lib.shares import ZERO
from clef.lib.weeks import weeks_of_month


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
