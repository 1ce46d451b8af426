"""Which signatures ``verify`` checks, and how it finds the first entry the key did not
sign.

Each entry's signature covers its hash, and each hash covers the entry before it: the
last entry's signature, once the chain of hashes is recomputed, vouches for every entry
up to it. So by default ``verify`` checks the chain of every entry, and the signatures
of the closings and of the last entry only (a few thousand a year instead of every
entry), which keeps it at hundreds of thousands of entries a second. ``check_all``
checks every entry's signature (``--all-signatures``), at the pace of Ed25519.

When a checked signature fails, someone rewrote the chain from some entry on and hashed
the rest again without the key: every signature from that entry on fails, every one
before it holds. The first failing entry is found by bisection between the last
checked signature that holds and the first that fails (about twenty reads for a million
entries).

Entries written before the journal was signed have an empty signature: they are only
chained. They must come first: an entry without a signature after a signed one, or after
the sequence from which the anchor says every entry was signed, had its signature
removed.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clef.boxoffice import keys

NOT_SIGNED = "not_signed"
UNSIGNED = "unsigned"


@dataclass(frozen=True)
class Failure:
    sequence: int
    code: str
    message: str


@dataclass
class Checked:
    """What the signatures said: ``failure`` (None when they hold), how many were
    checked, and the entries before the first signed one (written unsigned)."""

    failure: Failure | None = None
    checked: int = 0
    unsigned: int = 0
    first_signed: int | None = None


def check(key, *, first, last, marks, locate, signed_from=None, known=None):
    """Check the signatures of a chain from entry ``first`` to ``last``.

    ``last`` is (sequence, hash, signature) of the last entry; ``marks`` the same for
    every closing and every entry without a signature, in sequence order;
    ``locate(good, bad)`` finds the first entry after ``good`` whose signature fails,
    knowing that ``bad``'s does (``bisect`` over the entries). ``known`` holds the
    validity of signatures already checked, by sequence."""
    known = known or {}
    result = Checked()
    if last is None:
        return result
    points = {sequence: (digest, signature) for sequence, digest, signature in marks}
    points[last[0]] = (last[1], last[2])
    unsigned = [sequence for sequence in sorted(points) if not points[sequence][1]]
    prefix = 0
    for expected, sequence in enumerate(unsigned, start=first):
        if sequence != expected:
            break
        prefix += 1
    result.unsigned = prefix
    result.first_signed = first + prefix if first + prefix <= last[0] else None
    if prefix < len(unsigned):
        removed = unsigned[prefix]
        result.failure = Failure(
            removed,
            UNSIGNED,
            _(
                "Entry %(sequence)s has no signature, though entry %(before)s before it is "
                "signed: its signature was removed (the entry was probably rewritten)."
            )
            % {"sequence": removed, "before": result.first_signed},
        )
        return result
    if signed_from is not None and prefix and first + prefix - 1 >= signed_from:
        removed = max(signed_from, first)
        result.failure = Failure(
            removed,
            UNSIGNED,
            _(
                "Entry %(sequence)s has no signature, though every entry from %(from)s on was "
                "signed when it was written (the anchor beside the key says so): its "
                "signature was removed."
            )
            % {"sequence": removed, "from": signed_from},
        )
        return result
    if result.first_signed is None:
        return result
    valid_before = result.first_signed - 1
    for sequence in sorted(s for s in points if s >= result.first_signed):
        digest, signature = points[sequence]
        result.checked += 1
        valid = known[sequence] if sequence in known else keys.is_valid(key, digest, signature)
        if valid:
            valid_before = sequence
            continue
        bad = locate(valid_before, sequence)
        result.failure = not_signed(key, bad, result.first_signed)
        return result
    return result


def bisect(key, good, bad, lookup):
    """The first entry after ``good`` (signed, or before the signed ones) whose signature
    fails, knowing that ``bad``'s fails; ``lookup`` gives (hash, signature) of an entry by
    its sequence, or None."""
    while bad - good > 1:
        middle = (good + bad) // 2
        found = lookup(middle)
        if found is not None and keys.is_valid(key, found[0], found[1]):
            good = middle
        else:
            bad = middle
    return bad


def not_signed(key, sequence, first_signed):
    fingerprint = keys.fingerprint(key)
    if sequence == first_signed:
        message = _(
            "Entry %(sequence)s, the first signed one, is not signed by the key %(print)s, "
            "nor is any entry after it: this is not the journal's public key, or the whole "
            "journal was signed again with another key."
        ) % {"sequence": sequence, "print": fingerprint}
    else:
        message = _(
            "Entry %(sequence)s is not signed by the key %(print)s, though entry %(before)s "
            "before it is: it was changed, and its hash and those of the entries after it "
            "were computed again."
        ) % {"sequence": sequence, "print": fingerprint, "before": sequence - 1}
    return Failure(sequence, NOT_SIGNED, message)


def check_all(key, rows, *, signed_from=None):
    """Check every signature of ``rows`` ((sequence, hash, signature) in sequence order):
    unsigned entries first, then all signed by ``key``."""
    result = Checked()
    for sequence, digest, signature in rows:
        if not signature:
            if result.first_signed is not None:
                result.failure = Failure(
                    sequence,
                    UNSIGNED,
                    _(
                        "Entry %(sequence)s has no signature, though entry %(before)s before "
                        "it is signed: its signature was removed (the entry was probably "
                        "rewritten)."
                    )
                    % {"sequence": sequence, "before": result.first_signed},
                )
                return result
            if signed_from is not None and sequence >= signed_from:
                result.failure = Failure(
                    sequence,
                    UNSIGNED,
                    _(
                        "Entry %(sequence)s has no signature, though every entry from "
                        "%(from)s on was signed when it was written (the anchor beside the "
                        "key says so): its signature was removed."
                    )
                    % {"sequence": sequence, "from": signed_from},
                )
                return result
            result.unsigned += 1
            continue
        if result.first_signed is None:
            result.first_signed = sequence
        result.checked += 1
        if not keys.is_valid(key, digest, signature):
            result.failure = not_signed(key, sequence, result.first_signed)
            return result
    return result


def unsigned_note(first, count):
    """What to say of the entries written before the journal was signed."""
    if not count:
        return None
    return ngettext(
        "Entry %(first)s carries no signature (written before the journal was signed): "
        "only its hash was checked.",
        "Entries %(first)s to %(last)s carry no signature (written before the journal was "
        "signed): only their hashes were checked.",
        count,
    ) % {"first": first, "last": first + count - 1}
