"""A long journal checked in parts at once: the parts sewn together say what one reading
says, and anything that does not hold sends verify back to one reading, which names the
break as before. (The parts run here in this process, on the test's connection; the
benchmark runs them in forked processes on a file.)"""

import pytest
from django.db import connection

from clef.boxoffice import keys, segments, verify
from clef.boxoffice.models import JournalEntry
from clef.boxoffice.sales import Order, sell
from clef.boxoffice.tests.journals import sql

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def run_here(queries, key):
    parts = []
    for query, params in queries:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            parts.append(segments.rows_of(cursor, key))
    return parts


@pytest.fixture
def entries(venue, till_session, tonight, cashier, record_closing):
    """The session opened (1), nine sales (2 to 10), a closing (11), two sales (12, 13)."""
    for price in range(1, 10):
        sell(till_session, Order(screening=tonight, prices=[str(price)]), method="card", by=cashier)
    record_closing(10)
    for price in ("4", "5"):
        sell(till_session, Order(screening=tonight, prices=[price]), method="cash", by=cashier)
    return {e.sequence: e for e in JournalEntry.objects.filter(venue=venue)}


def in_parts(venue, workers=3):
    marks, known = [], {}
    found = segments.check(
        verify._Table(venue.pk), 13, keys.public_key(), marks, known, workers=workers, run=run_here
    )
    return found, marks, known


@pytest.mark.parametrize("workers", [2, 3, 5])
def test_the_parts_sewn_together_say_what_one_reading_says(venue, entries, workers):
    found, marks, known = in_parts(venue, workers)
    assert found == (13, 13, entries[13].hash)
    assert marks == [(11, entries[11].hash, entries[11].signature)]
    assert known == {11: True}


def test_a_part_that_does_not_hold_is_not_sewn(venue, entries):
    sql("UPDATE boxoffice_journalentry SET kind = 'reversal' WHERE id = %s", [entries[12].pk])
    assert in_parts(venue)[0] is None


def test_a_seam_that_does_not_meet_is_not_sewn(venue, entries):
    for sequence in range(4, 11):
        sql("DELETE FROM boxoffice_journalentry WHERE id = %s", [entries[sequence].pk])
    assert in_parts(venue, workers=2)[0] is None


@pytest.fixture
def parts_here(monkeypatch):
    """verify cuts even a short journal into parts, checked here."""
    monkeypatch.setattr(segments, "workers_for", lambda size: 3)
    monkeypatch.setattr(segments, "_in_processes", run_here)


def test_verify_in_parts_says_ok_and_checks_the_signatures(venue, entries, parts_here):
    result = verify.verify(venue)
    assert result.ok, result.problem
    assert (result.entries, result.last_sequence, result.signatures) == (13, 13, 2)


def test_verify_in_parts_still_names_the_first_break(venue, entries, parts_here):
    sql("DELETE FROM boxoffice_journalentry WHERE id = %s", [entries[7].pk])
    result = verify.verify(venue)
    assert (result.problem.sequence, result.problem.code) == (7, "deleted")
    assert result.problem.message == "Entry 7 is missing: deleted (no entry has this number)."


def test_a_journal_in_memory_or_in_a_transaction_is_read_in_one_piece(venue):
    # The test's database is in memory (SQLite) or its rows uncommitted (PostgreSQL):
    # other processes could not see them.
    assert segments.workers_for(10_000_000) == 0
