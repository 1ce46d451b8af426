"""Numbers without gaps: tickets in a yearly series, memberships in a season.

A number is taken inside the caller's transaction, under a lock on the series' row, so
two sales never get the same number and a rolled-back sale gives its number back.
"""

from django.db import transaction

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
    table = NumberSeries._meta.db_table
    with connection.cursor() as cursor:
        # One statement takes the numbers and holds the row's lock until commit
        # (UPDATE … RETURNING: SQLite 3.35+, PostgreSQL).
        cursor.execute(
            f"UPDATE {table} SET last = last + %s "
            "WHERE venue_id = %s AND name = %s AND period = %s RETURNING last",
            [count, venue.pk, name, period],
        )
        row = cursor.fetchone()
    if row is None:
        # The series' first number: create the row without failing when another
        # process does too, then take the numbers as above.
        NumberSeries.objects.bulk_create(
            [NumberSeries(venue=venue, name=name, period=period, last=0)],
            ignore_conflicts=True,
        )
        return take_numbers(venue, name, period, count)
    return row[0] - count + 1


def last_number(venue, name, period):
    row = NumberSeries.objects.filter(venue=venue, name=name, period=period).first()
    return row.last if row else 0
