"""The periods closings are made for: a day, a month or a year of the venue's calendar,
its bounds in UTC (midnight in the venue's time zone), its name in the active language,
and the shorter periods it is the sum of (a month of days, a year of months).
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from clef.boxoffice.models import Closing
from clef.boxoffice.totals import ClosingRefused
from clef.lib.timezones import local_to_utc


@dataclass(frozen=True)
class Period:
    kind: str
    first: dt.date
    last: dt.date

    def bounds(self, zone_name):
        """The UTC instants where the period starts and where the next one starts."""
        return (
            local_to_utc(self.first, dt.time(0, 0), zone_name),
            local_to_utc(self.last + dt.timedelta(days=1), dt.time(0, 0), zone_name),
        )

    @property
    def shorter(self):
        return {Closing.Kind.MONTH: Closing.Kind.DAY, Closing.Kind.YEAR: Closing.Kind.MONTH}.get(
            self.kind
        )


def day_period(day):
    return Period(Closing.Kind.DAY, day, day)


def month_period(year, month):
    try:
        last = calendar.monthrange(year, month)[1]
        return Period(Closing.Kind.MONTH, dt.date(year, month, 1), dt.date(year, month, last))
    except (ValueError, calendar.IllegalMonthError, OverflowError):
        raise ClosingRefused(
            "period_invalid",
            _("%(year)s-%(month)s is not a month.") % {"year": year, "month": month},
        ) from None


def year_period(year):
    try:
        return Period(Closing.Kind.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))
    except (ValueError, OverflowError):
        raise ClosingRefused(
            "period_invalid", _("%(year)s is not a year.") % {"year": year}
        ) from None


def holding(kind, day):
    """The period of ``kind`` (a day, a month, a year) that ``day`` is in."""
    if kind == Closing.Kind.DAY:
        return day_period(day)
    if kind == Closing.Kind.MONTH:
        return month_period(day.year, day.month)
    return year_period(day.year)


def describe(period):
    """ "14 janvier 2026", "janvier 2026", "2026" in the active language."""
    if period.kind == Closing.Kind.DAY:
        return formats.date_format(period.first, "j F Y")
    if period.kind == Closing.Kind.MONTH:
        return formats.date_format(period.first, "F Y")
    return str(period.first.year)
