"""The cinema week: seven days from a fixed weekday (Wednesday in France) to the day
before it (Tuesday). Plain date arithmetic, no database."""

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

    def __contains__(self, day):
        return self.start <= day <= self.end

    def __str__(self):
        return self.start.isoformat()
