"""Checking the journal: recompute each venue's chain from the database and say it is
whole, or where it first breaks and why.

The check reads every entry once, in one query streamed in chunks (a server-side cursor
on PostgreSQL), with the time selected as text in the form the hash uses, and hashes in
a tight loop: no model objects, no JSON on the way. Only the first entry that does not
fit is looked at closely, to explain it. On SQLite the entries are read in the table's
own order (the order they were written in, which is the sequence order of a whole
journal) because that is the fastest way through the file; at the first thing that does
not fit, the rest is read again in sequence order, so the answer is the same.

Once the chain holds, the signatures are checked with the public key (never read from
the database: the key file's, or the one an auditor gives), as ``signatures.py`` says:
the closings' and the last entry's, or every entry's. Then the chain is compared with
the venue's anchor beside the key (``anchor.py``): a database chain shorter than what
the anchor remembers, or with another hash where the anchor points, lost or rewrote its
tail. The sales, lines, sessions and closings tables are compared with the journal in
``checks.py``.

A problem has a stable ``code`` (for tests and programs; the operator reads the
``message``):

- ``changed``: an entry's content, amount, time or kind no longer matches its hash;
- ``deleted``: a sequence number is missing (in the middle, or at the end: the
  journal's head and the closings say where it ends);
- ``reordered``: an entry is chained after another entry than the one before it, or
  sequence numbers were swapped or moved;
- ``broken_link``: an entry's previous hash is the hash of no entry at all (the entry
  before it was rewritten and hashed again, or the link itself was changed);
- ``head``: the journal's head disagrees with its last entry;
- ``not_signed``: an entry is not signed by the key (the first such is named);
- ``unsigned``: an entry lost its signature (after signed ones);
- ``anchor``: the anchor beside the key remembers another hash, or cannot be trusted;
- ``unreadable``: an archive that is not one (archives only, see ``archive.py``).

``message`` says it in the active language, naming the entry.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.boxoffice import anchor as anchor_file
from clef.boxoffice import keys, segments, signatures
from clef.boxoffice.journal import GENESIS, TIME_FORMAT, chain_hash
from clef.boxoffice.models import Closing, JournalEntry, JournalHead
from clef.lib.money import format_euros
from clef.venues.models import Venue

CHANGED = "changed"
DELETED = "deleted"
REORDERED = "reordered"
BROKEN_LINK = "broken_link"
HEAD = "head"
UNREADABLE = "unreadable"
NOT_SIGNED = signatures.NOT_SIGNED
UNSIGNED = signatures.UNSIGNED
ANCHOR = "anchor"

# Rows fetched at once from the cursor.
CHUNK = 2000
# Looking for the time a changed entry had: at most this many seconds are tried.
TIME_SEARCH = 100_000


@dataclass(frozen=True)
class Problem:
    """Where the chain first breaks: the entry's ``sequence`` (None when it is not one
    entry's), a stable ``code`` and a ``message`` in the active language."""

    sequence: int | None
    code: str
    message: str

    def __str__(self):
        return self.message


@dataclass
class Result:
    """What a check found: ``entries`` checked, the chain's ends, and the first
    ``problem`` (None when the chain is whole)."""

    venue: object
    entries: int = 0
    first_sequence: int | None = None
    last_sequence: int | None = None
    last_hash: str = GENESIS
    problem: Problem | None = None
    # The public key's fingerprint, the signatures checked, the entries written before
    # the journal was signed, the venue's anchor (when there is one and it holds).
    fingerprint: str = ""
    signatures: int = 0
    unsigned: int = 0
    anchor: object = None
    # What the operator should know without it being a break, in the active language.
    notes: list = field(default_factory=list)
    # The folder where the venue's anchor was looked for, not found.
    anchor_missing: object = None
    # An archive's manifest (archives only).
    manifest: dict | None = None

    @property
    def ok(self):
        return self.problem is None


@dataclass(frozen=True)
class Row:
    """One entry as text, as the hash sees it."""

    sequence: int
    previous_hash: str
    hash: str
    recorded_at: str
    kind: str
    body: str

    def computed_hash(self, sequence=None, kind=None, recorded_at=None):
        return chain_hash(
            self.previous_hash,
            self.sequence if sequence is None else sequence,
            recorded_at or self.recorded_at,
            kind or self.kind,
            self.body,
        )


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
        return _missing(
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
        return _missing(
            last_sequence + 1,
            head_sequence,
            _("the journal's head says it ends at entry %(end)s") % {"end": head_sequence},
        )
    if closed > last_sequence:
        return _missing(
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


def _missing(first, last, why):
    if first == last:
        message = _("Entry %(sequence)s is missing: deleted (%(why)s).") % {
            "sequence": first,
            "why": why,
        }
    else:
        message = _("Entries %(first)s to %(last)s are missing: deleted (%(why)s).") % {
            "first": first,
            "last": last,
            "why": why,
        }
    return Problem(first, DELETED, message)


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


# --- why an entry does not fit ----------------------------------------------------------
def diagnose(row, expected, previous_hash, lookup):
    """The ``Problem`` of ``row``, found where entry ``expected`` chained to
    ``previous_hash`` should be. ``lookup`` answers ``sequence_of(hash)``,
    ``following(hash)`` (the entry chained to that hash) and ``time_of(sequence)``."""
    before = expected - 1
    if row.sequence > expected:
        follower = lookup.following(previous_hash)
        if follower == expected:
            # Its number is right, its place is not (a file whose lines were moved).
            return Problem(
                expected,
                REORDERED,
                _("Entry %(sequence)s is out of order: entry %(other)s comes before it.")
                % {"sequence": expected, "other": row.sequence},
            )
        if follower is not None and follower != row.sequence:
            return Problem(
                expected,
                REORDERED,
                _("Entry %(sequence)s is out of order: it is now numbered %(other)s.")
                % {"sequence": expected, "other": follower},
            )
        if row.previous_hash == previous_hash and row.computed_hash(expected) == row.hash:
            return Problem(
                expected,
                REORDERED,
                _("Entry %(sequence)s was renumbered %(other)s: entries are out of order.")
                % {"sequence": expected, "other": row.sequence},
            )
        return _missing(expected, row.sequence - 1, _("no entry has this number"))
    if row.sequence < expected:
        return Problem(
            row.sequence,
            REORDERED,
            _("Entry %(sequence)s comes after entry %(before)s: entries are out of order.")
            % {"sequence": row.sequence, "before": before},
        )
    if row.previous_hash != previous_hash:
        other = lookup.sequence_of(row.previous_hash)
        if other is not None:
            follower = lookup.following(previous_hash)
            if follower is not None and follower != expected:
                return Problem(
                    expected,
                    REORDERED,
                    _("Entries %(sequence)s and %(other)s were swapped.")
                    % {"sequence": expected, "other": follower},
                )
            return Problem(
                expected,
                REORDERED,
                _(
                    "Entry %(sequence)s is out of order: it is chained after entry %(other)s, "
                    "not after entry %(before)s."
                )
                % {"sequence": expected, "other": other, "before": before},
            )
        if expected == 1:
            return Problem(
                1,
                BROKEN_LINK,
                _("Entry 1 does not start the journal: its previous hash is not 64 zeros."),
            )
        return Problem(
            expected,
            BROKEN_LINK,
            _(
                "Entry %(sequence)s is not chained to entry %(before)s: its previous hash "
                "matches no entry (entry %(before)s was rewritten and hashed again, or this "
                "link was changed)."
            )
            % {"sequence": expected, "before": before},
        )
    return changed(row, lookup)


def changed(row, lookup):
    """Why ``row`` no longer matches its hash, as precisely as can be told."""
    sequence = row.sequence
    for kind in JournalEntry.Kind.values:
        if kind != row.kind and row.computed_hash(kind=kind) == row.hash:
            return Problem(
                sequence,
                CHANGED,
                _("Entry %(sequence)s was changed: it was “%(was)s”, it now says “%(now)s”.")
                % {"sequence": sequence, "was": _kind_label(kind), "now": _kind_label(row.kind)},
            )
    original = _original_time(row, lookup)
    if original is not None:
        return Problem(
            sequence,
            CHANGED,
            _(
                "Entry %(sequence)s was changed: it was recorded at %(was)s (UTC), it now "
                "says %(now)s."
            )
            % {"sequence": sequence, "was": original, "now": row.recorded_at},
        )
    try:
        body = json.loads(row.body)
    except ValueError:
        return Problem(
            sequence,
            CHANGED,
            _("Entry %(sequence)s was changed: its content is not readable any more.")
            % {"sequence": sequence},
        )
    mismatch = _amounts_mismatch(body)
    if mismatch is not None:
        total, lines_sum = mismatch
        return Problem(
            sequence,
            CHANGED,
            _(
                "Entry %(sequence)s was changed: its total %(total)s is not the sum of its "
                "lines, %(sum)s."
            )
            % {"sequence": sequence, "total": format_euros(total), "sum": format_euros(lines_sum)},
        )
    return Problem(
        sequence,
        CHANGED,
        _(
            "Entry %(sequence)s was changed: its content, an amount, its time or its kind no "
            "longer matches its hash."
        )
        % {"sequence": sequence},
    )


def _kind_label(kind):
    try:
        return str(JournalEntry.Kind(kind).label)
    except ValueError:
        return kind


def _parse_time(text):
    try:
        return dt.datetime.strptime(text or "", TIME_FORMAT)
    except ValueError:
        return None


def _original_time(row, lookup):
    """The time ``row`` had, if only its time changed: times never go back along the
    chain, so it lies between its neighbours' times; each second between is tried."""
    before = _parse_time(lookup.time_of(row.sequence - 1)) if row.sequence > 1 else None
    after = _parse_time(lookup.time_of(row.sequence + 1))
    now = timezone.now().astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    low = before or (after or now) - dt.timedelta(days=1)
    high = after or now
    seconds = int((high - low).total_seconds())
    if seconds < 0 or seconds > TIME_SEARCH:
        return None
    head = f"{row.previous_hash}\n{row.sequence}\n"
    tail = f"\n{row.kind}\n{row.body}".encode()
    for step in range(seconds + 1):
        text = (low + dt.timedelta(seconds=step)).strftime(TIME_FORMAT)
        if text == row.recorded_at:
            continue
        if hashlib.sha256(f"{head}{text}".encode() + tail).hexdigest() == row.hash:
            return text
    return None


def _amounts_mismatch(body):
    """(total, sum of the lines) when a sale's lines do not add up to its total."""
    if not isinstance(body, dict):
        return None
    lines, total = body.get("lines"), body.get("total")
    if not isinstance(lines, list) or total is None:
        return None
    try:
        total = Decimal(str(total))
        lines_sum = sum((Decimal(str(line["amount"])) for line in lines), Decimal("0.00"))
    except (InvalidOperation, KeyError, TypeError):
        return None
    return (total, lines_sum) if total != lines_sum else None
