"""Times are stored in UTC and shown in the venue's zone."""

import datetime as dt
from zoneinfo import ZoneInfo


def local_to_utc(day, time, zone_name):
    """The UTC instant of a wall-clock ``time`` on ``day`` in ``zone_name``.

    On the night the clocks go back, 02:30 happens twice: the first one (summer time)
    is taken. On the night they go forward, 02:30 does not exist: it is read with the
    offset in force before the jump, which is 03:30 summer time, as a clock nobody
    changed would show it (PEP 495's rule for fold=0).
    """
    naive = dt.datetime.combine(day, time)
    return naive.replace(tzinfo=ZoneInfo(zone_name), fold=0).astimezone(dt.UTC)


def local_day_bounds(day, zone_name):
    """The UTC instants of the start of ``day`` and of the next day in the zone."""
    start = local_to_utc(day, dt.time(0, 0), zone_name)
    end = local_to_utc(day + dt.timedelta(days=1), dt.time(0, 0), zone_name)
    return start, end
