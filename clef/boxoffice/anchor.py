"""How far each venue's journal went, remembered outside the database.

Whoever can write the database can cut the journal's tail and move its head back: the
chain that is left is whole and signed. So the journal's end is also written beside the
signing key, in a folder the database cannot reach (``CLEF_JOURNAL_ANCHOR_DIR``; by
default ``journal-anchor`` in the key file's folder): one small JSON file per venue,
``venue-<id>.json``, holding the last sequence and hash, the last closing's sequence
and hash, and the first sequence it ever saw (every entry from there on must be
signed), signed with the journal's key.

It is written after each append commits (``journal.append`` registers ``record`` with
``transaction.on_commit``), rewritten in place under an exclusive ``flock`` of the file
(readers take a shared one), and only moves forward: two processes may commit in one
order and run their callbacks in the other. A failure to write it is logged, never
raised: the sale is already committed, and an anchor that lags behind only makes
``verify`` see less far.

``verify`` compares it with the database: a chain shorter than the anchor, or whose
entry at the anchor's sequence has another hash, is a cut or rewritten tail.
``for_venue`` reads it for the reports (the Z report prints it).
"""

import datetime as dt
import fcntl
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from clef.boxoffice import keys

FORMAT = "clef-journal-anchor"
VERSION = 1
SETTING = "CLEF_JOURNAL_ANCHOR_DIR"
logger = logging.getLogger("clef.journal")


@dataclass(frozen=True)
class Anchor:
    """What the file beside the key says of a venue's journal. ``valid`` is None until
    the signature is checked with ``checked``."""

    venue_id: int
    sequence: int
    hash: str
    closing_sequence: int | None
    closing_hash: str | None
    signed_from: int
    updated_at: str
    fingerprint: str
    signature: str
    data: dict

    def signed_by(self, key):
        """Whether the anchor was written with the private half of ``key``."""
        return keys.is_valid(key, _text(self.data), self.signature)


class AnchorUnreadable(Exception):
    """A file is there but is not an anchor (its path is the message)."""


def directory():
    """The folder of the anchors."""
    configured = getattr(settings, SETTING, "") or ""
    if configured:
        return Path(configured)
    return keys.key_path().parent / "journal-anchor"


def path_of(venue_id, folder=None):
    return Path(folder or directory()) / f"venue-{int(venue_id)}.json"


def _text(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _parse(raw, venue_id):
    try:
        document = json.loads(raw)
        data = {k: v for k, v in document.items() if k != "signature"}
        closing = data.get("closing") or {}
        anchor = Anchor(
            venue_id=data["venue"],
            sequence=data["sequence"],
            hash=data["hash"],
            closing_sequence=closing.get("sequence"),
            closing_hash=closing.get("hash"),
            signed_from=data["signed_from"],
            updated_at=data.get("updated_at", ""),
            fingerprint=data.get("fingerprint", ""),
            signature=document["signature"],
            data=data,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if (
        data.get("format") != FORMAT
        or anchor.venue_id != venue_id
        or type(anchor.sequence) is not int
        or type(anchor.signed_from) is not int
        or not isinstance(anchor.hash, str)
        or not isinstance(anchor.signature, str)
    ):
        return None
    return anchor


def read(venue_id, folder=None):
    """The anchor of venue ``venue_id``, or None when there is no file; raises
    ``AnchorUnreadable`` when the file is there but is not an anchor."""
    path = path_of(venue_id, folder)
    try:
        handle = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    except OSError:
        raise AnchorUnreadable(str(path)) from None
    try:
        fcntl.flock(handle, fcntl.LOCK_SH)  # never half written
        raw = _read_all(handle)
    except OSError:
        raise AnchorUnreadable(str(path)) from None
    finally:
        os.close(handle)
    anchor = _parse(raw, int(venue_id))
    if anchor is None:
        raise AnchorUnreadable(str(path))
    return anchor


def _read_all(handle):
    chunks = []
    offset = 0
    while chunk := os.pread(handle, 65536, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def for_venue(venue):
    """The anchor of ``venue`` as the file beside the key holds it (None when there is
    none or it cannot be read): what a Z report prints under "the journal went up to"."""
    try:
        return read(venue.pk)
    except AnchorUnreadable:
        return None


def record(venue_id, sequence, digest, kind, *, folder=None):
    """Move venue ``venue_id``'s anchor forward to entry ``sequence`` (and its closing,
    when ``kind`` is a closing). Never raises: a failure is logged."""
    try:
        _record(venue_id, sequence, digest, kind, folder)
    except Exception:  # the entry is committed whatever happens here
        logger.exception("The journal's anchor could not be written for venue %s", venue_id)


def _record(venue_id, sequence, digest, kind, folder):
    path = path_of(venue_id, folder)
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        # Rewritten in place under its lock: a reader takes the lock too, so it never
        # sees a half-written file (and no rename is paid on every sale).
        fcntl.flock(handle, fcntl.LOCK_EX)
        raw = _read_all(handle)
        current = _parse(raw, int(venue_id)) if raw.strip() else None
        is_closing = kind == "closing"
        if current is not None:
            if sequence <= current.sequence and not (
                is_closing and sequence > (current.closing_sequence or 0)
            ):
                return
            data = dict(current.data)
        else:
            data = {"format": FORMAT, "version": VERSION, "venue": int(venue_id)}
            data["signed_from"] = sequence
            data["closing"] = None
        if current is None or sequence > current.sequence:
            data["sequence"] = sequence
            data["hash"] = digest
        if is_closing and (current is None or sequence > (current.closing_sequence or 0)):
            data["closing"] = {"sequence": sequence, "hash": digest}
        _put(handle, data, len(raw))
    finally:
        os.close(handle)  # releases the lock


def _put(handle, data, old_length):
    """Sign ``data`` and write it over the file's content (padded with spaces to the old
    length, which JSON ignores, so that a shorter anchor needs no truncation)."""
    key = keys.private_key()
    data["fingerprint"] = _fingerprint(key)
    data["updated_at"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    document = {**data, "signature": keys.sign(_text(data))}
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True).encode()
    os.pwrite(handle, (text + b"\n").ljust(old_length), 0)


_fingerprints = {}


def _fingerprint(key):
    """The fingerprint of a private key's public half, computed once per key."""
    found = _fingerprints.get(id(key))
    if found is None or found[0] is not key:
        found = _fingerprints[id(key)] = (key, keys.fingerprint(key.public_key()))
    return found[1]


def write(venue_id, sequence, digest, *, closing=None, signed_from=1, folder=None):
    """Write a venue's anchor as given (the bench, after inserting a journal directly)."""
    path = path_of(venue_id, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "format": FORMAT,
        "version": VERSION,
        "venue": int(venue_id),
        "sequence": sequence,
        "hash": digest,
        "closing": {"sequence": closing[0], "hash": closing[1]} if closing else None,
        "signed_from": signed_from,
    }
    handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        _put(handle, data, 0)
    finally:
        os.close(handle)
