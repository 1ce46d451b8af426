"""Checking a long journal's chain in several processes at once.

Reading a row and hashing it costs the same in any part of the journal, and the rows of
one part say nothing about another's except at the seams. So a journal of more than
``FROM`` entries is cut into as many parts as there are processors (``MAX_WORKERS`` at
most); a process forked for each part opens its own connection, checks that its part is
one unbroken piece of chain (consecutive numbers, each entry linked to the one before,
each hash right), and checks the signatures of the closings and unsigned entries it meets.
The parts are then sewn together: each must start where the one before ended, the first
at entry 1 after 64 zeros.

This only makes a whole journal faster to confirm. Anything unexpected (a part that does
not hold, a seam that does not meet, a process that fails, a database the other processes
cannot see: SQLite in memory, or entries not committed yet) makes the caller read the
journal in one piece, as it always could, and explain the first break from there.
"""

import hashlib
import multiprocessing
import os

from django.db import connection

from clef.boxoffice import keys
from clef.boxoffice.journal import GENESIS

FROM = 200_000
MAX_WORKERS = 4
CHUNK = 2000


def workers_for(size):
    """How many processes to check a journal of about ``size`` entries (0: one piece)."""
    if size < FROM or connection.in_atomic_block or not hasattr(os, "fork"):
        return 0
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            return 0
    elif connection.vendor != "postgresql":
        return 0
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    return workers if workers >= 2 else 0


def check(table, size, key, marks, known, *, workers=None, run=None):
    """Check ``table``'s chain (a ``verify._Table``) in parts: (entries, last sequence,
    last hash), adding the closings and unsigned entries to ``marks`` and their
    signatures' validity to ``known``; or None when it could not tell."""
    workers = workers_for(size) if workers is None else workers
    if workers < 2:
        return None
    parts = (run or _in_processes)(_queries(table, size, workers), key)
    return _sew(parts, marks, known)


def _queries(table, size, workers):
    """One (sql, parameters) per part, in the chain's order."""
    columns = f"sequence, previous_hash, hash, {table.message}, {table.mark}"
    if connection.vendor == "sqlite":
        # Parts of the table itself, by row number: its own order, the fastest read.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT MIN(id), MAX(id) FROM {table.table} WHERE venue_id = %s",
                [table.venue_id],
            )
            low, high = cursor.fetchone()
        if low is None:
            return []
        step = (high - low) // workers + 1
        return [
            (
                f"SELECT {columns} FROM {table.table} "
                "WHERE id >= %s AND id < %s AND +venue_id = %s ORDER BY id",
                [start, start + step, table.venue_id],
            )
            for start in range(low, high + 1, step)
        ]
    step = size // workers + 1
    bounds = [(start, start + step) for start in range(0, size, step)]
    queries = [
        (
            f"SELECT {columns} FROM {table.table} "
            "WHERE venue_id = %s AND sequence > %s AND sequence <= %s ORDER BY sequence",
            [table.venue_id, start, end],
        )
        for start, end in bounds[:-1]
    ]
    # The last part runs to the end, however far the journal went meanwhile.
    queries.append(
        (
            f"SELECT {columns} FROM {table.table} "
            "WHERE venue_id = %s AND sequence > %s ORDER BY sequence",
            [table.venue_id, bounds[-1][0]],
        )
    )
    return queries


def _in_processes(queries, key):
    """Each query's part checked in a process of its own; a part is None when it failed."""
    context = multiprocessing.get_context("fork")
    running = []
    for sql, params in queries:
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_part, args=(send, sql, params, key), daemon=True)
        process.start()
        send.close()
        running.append((process, receive))
    parts = []
    for process, receive in running:
        try:
            parts.append(receive.recv())
        except EOFError:
            parts.append(None)
        process.join()
        receive.close()
    return parts


def _part(send, sql, params, key):
    """In a forked process: check one part on a connection of its own (the parent's is
    never touched here) and send what it found."""
    try:
        raw = connection.get_new_connection(connection.get_connection_params())
        if connection.vendor == "sqlite":
            cursor = raw.cursor()
            sql = sql.replace("%s", "?")
        else:
            cursor = raw.cursor(name="clef_journal_part")
        cursor.execute(sql, params)
        send.send(rows_of(cursor, key))
    except Exception:  # the parent reads the journal in one piece instead
        send.send(None)
    finally:
        send.close()


def rows_of(cursor, key):
    """What one part holds: ((first sequence, its previous hash), last sequence, last
    hash, entries, marks, {sequence: signature valid}); None when it is not one unbroken
    piece of chain."""
    sha256 = hashlib.sha256
    first = None
    expected = last = None
    marks = []
    while rows := cursor.fetchmany(CHUNK):
        for sequence, previous, digest, message, mark in rows:
            if first is None:
                first = (sequence, previous)
                expected, last = sequence, previous
            if sequence != expected or previous != last or sha256(message).hexdigest() != digest:
                return None
            if mark is not None:
                marks.append((sequence, digest, mark))
            expected += 1
            last = digest
    if first is None:
        return (None, None, None, 0, [], {})
    known = {
        sequence: keys.is_valid(key, digest, signature)
        for sequence, digest, signature in marks
        if signature
    }
    return (first, expected - 1, last, expected - first[0], marks, known)


def _sew(parts, marks, known):
    if not parts or any(part is None for part in parts):
        return None
    expected, last, count = 1, GENESIS, 0
    for first, end, end_hash, entries, part_marks, part_known in parts:
        if not entries:
            continue
        if first != (expected, last):
            return None
        expected, last = end + 1, end_hash
        count += entries
        marks.extend(part_marks)
        known.update(part_known)
    if not count:
        return None
    return count, expected - 1, last
