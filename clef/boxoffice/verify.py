"""Checking the journal: recompute each venue's chain from the database and say it is
whole, or where it first breaks and why.

The check reads every entry once, in one query streamed in chunks (a server-side cursor
on PostgreSQL), with the time selected as text in the form the hash uses, and hashes in
a tight loop: no model objects, no JSON on the way. Only the first entry that does not
fit is looked at closely, to explain it. On SQLite the entries are read in the table's
own order (the order they were written in, which is the sequence order of a whole
journal) because that is the fastest way through the file; at the first thing that does
not fit, the rest is read again in sequence order, so the answer is the same. A journal
of more than 200,000 entries is read in parts at once, one process per processor
(``segments.py``), when the database lets other processes see it.

Once the chain holds, the signatures are checked with the public key (never read from
the database: the key file's, or the one an auditor gives), as ``signatures.py`` says:
the closings' and the last entry's, or every entry's. Then the chain is compared with
the venue's anchor beside the key (``anchor.py``): a database chain shorter than what
the anchor remembers, or with another hash where the anchor points, lost or rewrote its
tail. The sales, lines, sessions and closings tables are compared with the journal in
``checks.py``.

A problem has a stable ``code`` (see ``diagnosis.py``); the operator reads its
``message``.
"""

import hashlib

from django.db import connection
from django.utils.translation import gettext as _

from clef.boxoffice import anchor as anchor_file
from clef.boxoffice import keys, segments, signatures
from clef.boxoffice.diagnosis import (  # the names checks of the journal share
    ANCHOR,
    BROKEN_LINK,
    CHANGED,
    DELETED,
    HEAD,
    NOT_SIGNED,
    REORDERED,
    UNREADABLE,
    UNSIGNED,
    Problem,
    Result,
    Row,
    diagnose,
    missing,
)
from clef.boxoffice.journal import GENESIS
from clef.boxoffice.models import Closing, JournalEntry, JournalHead
from clef.venues.models import Venue

__all__ = [
    "ANCHOR",
    "BROKEN_LINK",
    "CHANGED",
    "DELETED",
    "HEAD",
    "NOT_SIGNED",
    "REORDERED",
    "UNREADABLE",
    "UNSIGNED",
    "Problem",
    "Result",
    "Row",
    "diagnose",
    "verify",
    "verify_all",
]

# Rows fetched at once from the cursor.
CHUNK = 2000


# --- the database ---------------------------------------------------------------------
def verify_all(*, key=None, all_signatures=False, anchors=True):
    """Check every venue's journal; one ``Result`` per venue."""
    key = key or keys.public_key()
    return [
        verify(venue, key=key, all_signatures=all_signatures, anchors=anchors)
        for venue in Venue.objects.order_by("pk")
    ]


def verify(venue, *, key=None, all_signatures=False, anchors=True):
    """Check ``venue``'s journal, from its first entry to its head: the chain of hashes,
    the signatures with the public ``key`` (by default the key file's; every entry's with
    ``all_signatures``, else the closings' and the last entry's), and how far the chain
    went against the venue's anchor beside the key (``anchors``: True for the usual
    folder, a folder, or False not to look)."""
    key = key or keys.public_key()
    table = _Table(venue.pk)
    result = Result(venue=venue, fingerprint=keys.fingerprint(key))
    # Read before the entries: it is written after its entry commits, so every entry it
    # names is in what is read next.
    anchor, anchor_problem = _anchor(venue, key, anchors, result)
    sqlite = connection.vendor == "sqlite"
    marks, known = [], {}
    head = table.head()
    size = max(head[0] if head else 0, anchor.sequence if anchor else 0)
    # A long journal is checked in parts at once, when it can be (``segments.py``).
    parts = segments.check(table, size, key, marks, known)
    if parts is not None:
        (count, last_sequence, last_hash), bad = parts, None
    else:
        marks.clear()
        known.clear()
        count, last_sequence, last_hash, bad = table.check(0, GENESIS, marks, ordered=not sqlite)
    if bad is not None and sqlite:
        # The table's order is not the sequence order here: read on in sequence order
        # from the last entry that fitted (the ones before are 1..last, whatever order).
        more, last_sequence, last_hash, bad = table.check(
            last_sequence, last_hash, marks, ordered=True
        )
        count += more
    head = None
    closed = 0
    for _attempt in range(5):
        if bad is not None:
            break
        head = table.head()
        closed = table.closed_up_to()
        end = max(head[0] if head else 0, closed)
        if end <= last_sequence:
            break
        # Entries written while this one was reading: check them too.
        more, last_sequence, last_hash, bad = table.check(
            last_sequence, last_hash, marks, ordered=True
        )
        count += more
        if not more:
            break
    result.entries = count
    result.first_sequence = 1 if count else None
    result.last_sequence = last_sequence if count else None
    result.last_hash = last_hash
    if bad is not None:
        result.problem = diagnose(bad, last_sequence + 1, last_hash, table)
        return result
    result.problem = _end_problem(head, closed, last_sequence, last_hash)
    if result.problem is not None:
        return result
    signed_from = anchor.signed_from if anchor is not None else None
    if count:
        if all_signatures:
            checked = signatures.check_all(key, table.signatures(), signed_from=signed_from)
        else:
            checked = signatures.check(
                key,
                first=1,
                last=(last_sequence, last_hash, table.signature(last_sequence)),
                marks=marks,
                locate=lambda good, bad: signatures.bisect(key, good, bad, table.signed),
                known=known,
                signed_from=signed_from,
            )
        result.signatures = checked.checked
        result.unsigned = checked.unsigned
        if checked.failure is not None:
            failure = checked.failure
            result.problem = Problem(failure.sequence, failure.code, failure.message)
            return result
        if note := signatures.unsigned_note(1, checked.unsigned):
            result.notes.append(note)
    result.problem = anchor_problem or _beyond_anchor(anchor, table, result)
    if result.anchor_missing is not None and (count or head is not None):
        result.notes.append(
            _(
                "There is no anchor for this venue in %(folder)s: a tail cut from the "
                "database would not be seen."
            )
            % {"folder": result.anchor_missing}
        )
    return result


def _anchor(venue, key, anchors, result):
    """(the venue's anchor or None, a problem with the anchor file itself or None)."""
    if anchors is False:
        return None, None
    folder = None if anchors is True else anchors
    try:
        found = anchor_file.read(venue.pk, folder)
    except anchor_file.AnchorUnreadable as unreadable:
        return None, Problem(
            None,
            ANCHOR,
            _("The anchor file %(path)s cannot be read as an anchor.") % {"path": unreadable},
        )
    if found is None:
        result.anchor_missing = anchor_file.directory() if folder is None else folder
        return None, None
    if not found.signed_by(key):
        return None, Problem(
            None,
            ANCHOR,
            _(
                "The anchor file of this venue is not signed by the key %(print)s: it was "
                "not written by this journal's server, or this is not its key."
            )
            % {"print": keys.fingerprint(key)},
        )
    result.anchor = found
    return found, None


def _beyond_anchor(anchor, table, result):
    """A problem when the chain stops before the anchor, or disagrees with it."""
    if anchor is None:
        return None
    last = result.last_sequence or 0
    if anchor.sequence > last:
        return missing(
            last + 1,
            anchor.sequence,
            _("the anchor beside the key says the journal went up to entry %(end)s")
            % {"end": anchor.sequence},
        )
    remembered = [(anchor.sequence, anchor.hash)]
    if anchor.closing_sequence is not None:
        remembered.append((anchor.closing_sequence, anchor.closing_hash))
    hashes = table.hashes([sequence for sequence, _hash in remembered])
    for sequence, digest in remembered:
        if hashes.get(sequence) != digest:
            return Problem(
                sequence,
                ANCHOR,
                _(
                    "Entry %(sequence)s is not the one the anchor beside the key remembers "
                    "(hash %(hash)s): the journal was rewritten from there on, or before."
                )
                % {"sequence": sequence, "hash": digest},
            )
    return None


def _end_problem(head, closed, last_sequence, last_hash):
    if head is None:
        if last_sequence:
            return Problem(
                last_sequence, HEAD, _("The journal has entries but no head: its end is unknown.")
            )
        return None
    head_sequence, head_hash = head
    if head_sequence > last_sequence:
        return missing(
            last_sequence + 1,
            head_sequence,
            _("the journal's head says it ends at entry %(end)s") % {"end": head_sequence},
        )
    if closed > last_sequence:
        return missing(
            last_sequence + 1,
            closed,
            _("a closing covers the entries up to %(end)s") % {"end": closed},
        )
    if head_sequence < last_sequence:
        return Problem(
            head_sequence + 1,
            HEAD,
            _(
                "The journal's head says it ends at entry %(end)s, but entries go on to "
                "%(last)s: entries were added behind its back."
            )
            % {"end": head_sequence, "last": last_sequence},
        )
    if head_hash != last_hash:
        return Problem(
            last_sequence,
            HEAD,
            _(
                "The journal's head does not hold the hash of entry %(sequence)s, its last "
                "one: that entry was rewritten, or the head was changed."
            )
            % {"sequence": last_sequence},
        )
    return None


class _Table:
    """Raw reads of one venue's entries."""

    def __init__(self, venue_id):
        self.venue_id = venue_id
        quote = connection.ops.quote_name
        self.table = quote(JournalEntry._meta.db_table)
        sqlite = connection.vendor == "sqlite"
        self.time = (
            # Stored as "YYYY-MM-DD HH:MM:SS" (UTC); a fraction of a second, which the
            # hash never covers, is left out as PostgreSQL's to_char leaves it out.
            "substr(recorded_at, 1, 19)"
            if sqlite
            else "to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
        )
        self.columns = f"sequence, previous_hash, hash, {self.time}, kind, body"
        # The text the hash covers (see journal.message), made by the database as UTF-8
        # bytes: the loop only hashes it.
        parts = " || '\n' || ".join(
            ["previous_hash", "sequence" if sqlite else "sequence::text", self.time, "kind", "body"]
        )
        self.message = f"CAST({parts} AS BLOB)" if sqlite else f"convert_to({parts}, 'UTF8')"
        # The signature of a closing or of an entry without one; NULL for the usual entry,
        # so that the loop only looks at it when it is not.
        self.mark = "CASE WHEN kind = 'closing' OR signature = '' THEN signature END"

    def check(self, after_sequence, after_hash, marks, *, ordered):
        """Check the entries after ``after_sequence``, chained to ``after_hash``.
        Returns (entries that fitted, last sequence, last hash, first Row that did not
        fit or None); adds (sequence, hash, signature) of the closings and of the
        entries without a signature that fitted to ``marks``."""
        columns = f"sequence, previous_hash, hash, {self.message}, {self.mark}"
        if ordered:
            sql = (
                f"SELECT {columns} FROM {self.table} "
                "WHERE venue_id = %s AND sequence > %s ORDER BY sequence"
            )
        else:
            # SQLite: the table itself in rowid order, without the indexes.
            sql = (
                f"SELECT {columns} FROM {self.table} "
                "WHERE +venue_id = %s AND +sequence > %s ORDER BY id"
            )
        sha256 = hashlib.sha256
        expected = after_sequence + 1
        last = after_hash
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, [self.venue_id, after_sequence])
            while rows := cursor.fetchmany(CHUNK):
                for sequence, previous, digest, message, signature in rows:
                    if (
                        sequence != expected
                        or previous != last
                        or sha256(message).hexdigest() != digest
                    ):
                        row = self.row(sequence)
                        return expected - 1 - after_sequence, expected - 1, last, row
                    if signature is not None:
                        marks.append((sequence, digest, signature))
                    expected += 1
                    last = digest
        return expected - 1 - after_sequence, expected - 1, last, None

    def row(self, sequence):
        return Row(
            *self._one(
                f"SELECT {self.columns} FROM {self.table} WHERE venue_id = %s AND sequence = %s",
                [self.venue_id, sequence],
            )
        )

    def _one(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        return row

    def signature(self, sequence):
        row = self._one(
            f"SELECT signature FROM {self.table} WHERE venue_id = %s AND sequence = %s",
            [self.venue_id, sequence],
        )
        return row[0] if row else ""

    def signed(self, sequence):
        """(hash, signature) of an entry, or None."""
        return self._one(
            f"SELECT hash, signature FROM {self.table} WHERE venue_id = %s AND sequence = %s",
            [self.venue_id, sequence],
        )

    def signatures(self):
        """(sequence, hash, signature) of every entry, in sequence order."""
        with connection.chunked_cursor() as cursor:
            cursor.execute(
                f"SELECT sequence, hash, signature FROM {self.table} "
                "WHERE venue_id = %s ORDER BY sequence",
                [self.venue_id],
            )
            while rows := cursor.fetchmany(CHUNK):
                yield from rows

    def hashes(self, sequences):
        """{sequence: hash} of the entries with these numbers that exist."""
        marks = ", ".join(["%s"] * len(sequences))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT sequence, hash FROM {self.table} "
                f"WHERE venue_id = %s AND sequence IN ({marks})",
                [self.venue_id, *sequences],
            )
            return dict(cursor.fetchall())

    def head(self):
        row = self._one(
            f"SELECT sequence, hash FROM {connection.ops.quote_name(JournalHead._meta.db_table)} "
            "WHERE venue_id = %s",
            [self.venue_id],
        )
        return (row[0], row[1]) if row else None

    def closed_up_to(self):
        row = self._one(
            f"SELECT MAX(last_sequence) FROM {connection.ops.quote_name(Closing._meta.db_table)} "
            "WHERE venue_id = %s",
            [self.venue_id],
        )
        return row[0] or 0

    # What ``diagnose`` asks.
    def sequence_of(self, digest):
        row = self._one(
            f"SELECT sequence FROM {self.table} WHERE venue_id = %s AND hash = %s "
            "ORDER BY sequence",
            [self.venue_id, digest],
        )
        return row[0] if row else None

    def following(self, digest):
        row = self._one(
            f"SELECT sequence FROM {self.table} WHERE venue_id = %s AND previous_hash = %s "
            "ORDER BY sequence",
            [self.venue_id, digest],
        )
        return row[0] if row else None

    def time_of(self, sequence):
        row = self._one(
            f"SELECT {self.time} FROM {self.table} WHERE venue_id = %s AND sequence = %s",
            [self.venue_id, sequence],
        )
        return row[0] if row else None
