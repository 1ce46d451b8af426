"""Numbers without gaps: tickets in a yearly series, memberships in a season.

A number is taken inside the caller's transaction, under a lock on the series' row, so
two sales never get the same number and a rolled-back sale gives its number back.
"""

from django.db import transaction
from django.db.models import F

from clef.venues.models import NumberSeries


def take_numbers(venue, name, period, count=1):
    """Reserve ``count`` consecutive numbers in a series; return the first one.

    Must run inside ``transaction.atomic``: the numbers are only given if the caller's
    transaction commits.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("take_numbers() must run inside transaction.atomic()")
    # Create the row if it is missing, without failing when another process does too.
    NumberSeries.objects.bulk_create(
        [NumberSeries(venue=venue, name=name, period=period, last=0)], ignore_conflicts=True
    )
    rows = NumberSeries.objects.filter(venue=venue, name=name, period=period)
    rows.update(last=F("last") + count)
    last = rows.values_list("last", flat=True).get()
    return last - count + 1


def last_number(venue, name, period):
    row = NumberSeries.objects.filter(venue=venue, name=name, period=period).first()
    return row.last if row else 0
