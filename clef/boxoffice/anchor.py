"""How far each venue's journal went, remembered outside the database.

Whoever can write the database can cut the journal's tail and move its head back: the
chain that is left is whole and signed. So the journal's end is also written beside the
signing key, in a folder the database cannot reach (``CLEF_JOURNAL_ANCHOR_DIR``; by
default ``journal-anchor`` in the key file's folder): one small JSON file per venue,
``venue-<id>.json``, holding the last sequence and hash, the last closing's sequence
and hash, and the first sequence it ever saw (every entry from there on must be
signed), signed with the journal's key.

It is written after each append commits (``journal.append`` registers ``record`` with
``transaction.on_commit``), under an exclusive ``flock`` of ``venue-<id>.lock``, and
only moves forward: two processes may commit in one order and run their callbacks in
the other. A failure to write it is logged, never raised: the sale is already committed,
and an anchor that lags behind only makes ``verify`` see less far.

``verify`` compares it with the database: a chain shorter than the anchor, or whose
entry at the anchor's sequence has another hash, is a cut or rewritten tail.
``for_venue`` reads it for the reports (the Z report prints it).
"""

import datetime as dt
import fcntl
import json
import logging
import os
import tempfile
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
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        raise AnchorUnreadable(str(path)) from None
    anchor = _parse(raw, int(venue_id))
    if anchor is None:
        raise AnchorUnreadable(str(path))
    return anchor


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
    folder = Path(folder or directory())
    folder.mkdir(parents=True, exist_ok=True)
    path = path_of(venue_id, folder)
    lock = os.open(folder / f"venue-{int(venue_id)}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            current = _parse(path.read_bytes(), int(venue_id))
        except FileNotFoundError:
            current = None
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
        key = keys.private_key()
        data["fingerprint"] = keys.fingerprint(key.public_key())
        data["updated_at"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
        document = {**data, "signature": keys.sign(_text(data))}
        handle, temporary = tempfile.mkstemp(prefix=".anchor-", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True))
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    finally:
        os.close(lock)  # releases the lock


def write(venue_id, sequence, digest, *, closing=None, signed_from=1, folder=None):
    """Write a venue's anchor as given (the bench, after inserting a journal directly)."""
    folder = Path(folder or directory())
    folder.mkdir(parents=True, exist_ok=True)
    key = keys.private_key()
    data = {
        "format": FORMAT,
        "version": VERSION,
        "venue": int(venue_id),
        "sequence": sequence,
        "hash": digest,
        "closing": {"sequence": closing[0], "hash": closing[1]} if closing else None,
        "signed_from": signed_from,
        "fingerprint": keys.fingerprint(key.public_key()),
        "updated_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
    }
    document = {**data, "signature": keys.sign(_text(data))}
    path_of(venue_id, folder).write_text(
        json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
    )
