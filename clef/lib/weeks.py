"""The cinema week: seven days from a fixed weekday (Wednesday in France) to the day
before it (Tuesday), numbered in its year as ISO 8601 numbers weeks (``numbered``); and
the weeks a month's tax on admissions covers by law. Plain date
arithmetic, no database."""

import datetime as dt
from dataclasses import dataclass

WEDNESDAY = 2  # Python's weekday(): Monday is 0


@dataclass(frozen=True)
class CinemaWeek:
    start: dt.date  # first day (a Wednesday by default)

    @classmethod
    def containing(cls, day, start_weekday=WEDNESDAY):
        return cls(day - dt.timedelta(days=(day.weekday() - start_weekday) % 7))

    @property
    def end(self):
        """The last day of the week, included."""
        return self.start + dt.timedelta(days=6)

    @property
    def days(self):
        return [self.start + dt.timedelta(days=n) for n in range(7)]

    @property
    def previous(self):
        return CinemaWeek(self.start - dt.timedelta(days=7))

    @property
    def next(self):
        return CinemaWeek(self.start + dt.timedelta(days=7))

    @property
    def numbered(self):
        """(year, number) of the week, numbered as ISO 8601 numbers its weeks but with
        the cinema's weeks: a week belongs to the year that holds most of its days (its
        fourth day, a Saturday), and week 1 is the one that holds 4 January. So the week
        from Wednesday 31 December 2025 is week 1 of 2026, the week from Wednesday
        18 November 2026 is week 47 of 2026, and a year has 52 or 53 weeks."""
        year = (self.start + dt.timedelta(days=3)).year
        first = CinemaWeek.containing(dt.date(year, 1, 4), self.start.weekday())
        return year, (self.start - first.start).days // 7 + 1

    @property
    def year(self):
        return self.numbered[0]

    @property
    def number(self):
        return self.numbered[1]

    def __contains__(self, day):
        return self.start <= day <= self.end

    def __str__(self):
        return self.start.isoformat()


@dataclass(frozen=True)
class MonthWeek:
    """A cinema week as a month's tax counts it: its days from ``first`` to ``last``
    (both included), the whole week unless the new year splits it."""

    week: CinemaWeek
    first: dt.date
    last: dt.date

    @property
    def split(self):
        """Whether the new year cuts the week: only its days in this month count."""
        return (self.first, self.last) != (self.week.start, self.week.end)

    def __contains__(self, day):
        return self.first <= day <= self.last


def months_counting(week):
    """(year, month) of the months whose tax on admissions counts ``week``: the month it
    ends in, and December before it when it crosses the new year."""
    end = (week.end.year, week.end.month)
    return [(week.start.year, 12), end] if week.start.year != week.end.year else [end]


def weeks_of_month(year, month, start_weekday=WEDNESDAY):
    """The cinema weeks whose tax on admissions is due for ``month`` of ``year`` (Code du
    cinéma, art. L115-3): the weeks ended in the month, so a week's days in the month
    before count here; except that December stops on 31 December and January starts on
    1 January, a week across the new year giving each its own days."""
    first = dt.date(year, month, 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    week = CinemaWeek.containing(first, start_weekday)  # ends in the month: 7 days at most
    weeks = []
    while week.end <= last:
        weeks.append(MonthWeek(week, week.start, week.end))
        week = week.next
    if month == 12 and week.start <= last:
        weeks.append(MonthWeek(week, week.start, last))
    if month == 1 and weeks[0].week.start < first:
        weeks[0] = MonthWeek(weeks[0].week, first, weeks[0].week.end)
    return weeks
