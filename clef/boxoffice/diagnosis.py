"""What a break in the journal is, and why an entry does not fit where it is.

``Problem`` names the first break (an entry, a stable code, a message in the active
language), ``Result`` what a check found, ``Row`` an entry as the hash sees it.
``diagnose`` explains the first entry that does not fit, for the database
(``verify.py``) and for archives (``archive.py``) alike.

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

from django.utils import timezone
from django.utils.translation import gettext as _

from clef.boxoffice import signatures
from clef.boxoffice.journal import GENESIS, TIME_FORMAT, chain_hash
from clef.boxoffice.models import JournalEntry
from clef.lib.money import format_euros

CHANGED = "changed"
DELETED = "deleted"
REORDERED = "reordered"
BROKEN_LINK = "broken_link"
HEAD = "head"
UNREADABLE = "unreadable"
NOT_SIGNED = signatures.NOT_SIGNED
UNSIGNED = signatures.UNSIGNED
ANCHOR = "anchor"

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


def missing(first, last, why):
    """The problem of entries ``first`` to ``last`` deleted; ``why`` says how it shows."""
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
        return missing(expected, row.sequence - 1, _("no entry has this number"))
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
