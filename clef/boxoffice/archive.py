"""Archiving the journal: a zip anyone can check on their own, offline, without clef.

``export`` writes two files into the zip: ``journal.jsonl``, one JSON object per entry
(sequence, recorded_at, kind, body (the exact text the hash covers), previous_hash,
hash, signature), for the entries of the chosen days in the venue's time zone; and
``manifest.json``: the venue, the days, the number of entries, the chain's two ends (the
first entry's previous hash, the last entry's hash), the SHA-256 of ``journal.jsonl``,
the fingerprint of the public key that signs the entries, the time of export, how the
hash and the signatures are computed, and whether the export was forced.

It refuses to export a journal that ``verify`` finds broken (chain, signatures, anchor)
unless forced: the manifest then says ``"forced": true`` and why.

``verify_archive`` checks such a zip with nothing but the zip and the public key: the
file against its SHA-256, the chain from the first previous hash to the last hash, the
count, and the signatures (the closings' and the last entry's, or every one), as
``signatures.py`` says. Problems have the codes of ``verify.py``.
"""

import datetime as dt
import hashlib
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.boxoffice import keys, signatures, verify
from clef.boxoffice.diagnosis import (
    CHANGED,
    DELETED,
    HEAD,
    UNREADABLE,
    Problem,
    Result,
    Row,
    diagnose,
)
from clef.boxoffice.journal import TIME_FORMAT
from clef.boxoffice.models import JournalEntry
from clef.lib.refusals import Refused
from clef.lib.timezones import local_day_bounds

FORMAT = "clef-journal"
VERSION = 2
# Version 1 had no signatures: its entries are read as unsigned.
READABLE = (1, 2)
JOURNAL = "journal.jsonl"
MANIFEST = "manifest.json"
CHUNK = 2000
# One entry in so many is kept in memory while checking an archive, so that the first
# entry whose signature fails is found reading the file only once more.
PROBE = 1024


class ArchiveRefused(Refused):
    """An export that cannot be made; ``code`` is stable, ``message`` translated."""


@dataclass
class Exported:
    path: Path
    count: int
    first_sequence: int | None
    last_sequence: int | None
    last_hash: str | None
    sha256: str
    # Exported from a broken journal (``force``): the problem found.
    forced: object = None


def hash_rule():
    """How an entry's hash is computed, for whoever checks the archive by hand."""
    return _(
        "Each line of journal.jsonl is one entry. Its hash is the SHA-256, written in "
        "lowercase hexadecimal, of one UTF-8 text: previous_hash, sequence (in decimal), "
        "recorded_at (UTC, YYYY-MM-DD HH:MM:SS), kind and body (exactly as written), joined "
        "by line feeds (\\n), with no line feed at the end. Each entry's previous_hash is "
        "the hash of the entry before it; the journal's very first entry has 64 zeros. "
        "journal_sha256 is the SHA-256 of the file journal.jsonl."
    )


def signature_rule():
    """How the entries are signed, for whoever checks the archive by hand."""
    return _(
        "Each entry's signature is Ed25519 (RFC 8032), written in lowercase hexadecimal, "
        "over the UTF-8 text of its hash (64 hexadecimal digits). The public key is not in "
        "the archive: ask the cinema for it and compare its fingerprint (SHA-256 of its 32 "
        "bytes) with public_key_fingerprint. An empty signature is an entry written "
        "before the journal was signed."
    )


def parse_day(raw, name):
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw or "").strip())
    except ValueError:
        raise ArchiveRefused(
            "date_invalid",
            _("“%(value)s” is not a date for %(name)s: write it as YYYY-MM-DD, like 2025-01-31.")
            % {"value": raw or "", "name": name},
        ) from None


def export(venue, start_date, end_date, path, *, force=False, key=None):
    """Write the entries of ``venue`` recorded from ``start_date`` to ``end_date``
    (days in the venue's zone, both included) to the zip at ``path``. A journal that
    ``verify`` finds broken is refused, unless ``force``: the manifest then says so.
    ``key`` is the public key (by default the key file's)."""
    start = parse_day(start_date, "--from")
    end = parse_day(end_date, "--to")
    if start > end:
        raise ArchiveRefused(
            "range_invalid",
            _("The first day (%(start)s) is after the last one (%(end)s).")
            % {"start": start.isoformat(), "end": end.isoformat()},
        )
    path = Path(path)
    if path.is_dir():
        raise ArchiveRefused(
            "path_invalid", _("%(path)s is a folder: give a file name.") % {"path": path}
        )
    if path.exists() and not force:
        raise ArchiveRefused(
            "path_exists",
            _("%(path)s exists already: choose another file, or replace it with --force.")
            % {"path": path},
        )
    if not path.parent.is_dir():
        raise ArchiveRefused(
            "path_invalid", _("There is no folder %(folder)s.") % {"folder": path.parent}
        )
    key = key or keys.public_key()
    checked = verify.verify(venue, key=key)
    forced = None
    if not checked.ok:
        if not force:
            raise ArchiveRefused(
                "journal_broken",
                _(
                    "The journal of %(venue)s is broken, nothing was exported: %(problem)s "
                    "Check it with “clef journal verify”, or export it as it is with "
                    "--force (the archive will say so)."
                )
                % {"venue": venue.name, "problem": checked.problem.message},
            )
        forced = checked.problem
    since = local_day_bounds(start, venue.timezone)[0]
    until = local_day_bounds(end, venue.timezone)[1]
    handle, temporary = tempfile.mkstemp(prefix=".journal-", suffix=".zip", dir=path.parent)
    os.close(handle)
    try:
        exported = _write(venue, start, end, since, until, Path(temporary), key, forced)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    exported.path = path
    return exported


def _write(venue, start, end, since, until, temporary, key, forced):
    quote = connection.ops.quote_name
    time = (
        "substr(recorded_at, 1, 19)"
        if connection.vendor == "sqlite"
        else "to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
    )
    sql = (
        f"SELECT sequence, {time}, kind, body, previous_hash, hash, signature "
        f"FROM {quote(JournalEntry._meta.db_table)} "
        "WHERE venue_id = %s AND recorded_at >= %s AND recorded_at < %s ORDER BY sequence"
    )
    adapt = connection.ops.adapt_datetimefield_value
    digest = hashlib.sha256()
    count = 0
    first = last = None
    dumps = json.dumps
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        with (
            archive.open(JOURNAL, "w", force_zip64=True) as out,
            connection.chunked_cursor() as cursor,
        ):
            cursor.execute(sql, [venue.pk, adapt(since), adapt(until)])
            while rows := cursor.fetchmany(CHUNK):
                chunk = "".join(
                    dumps(
                        {
                            "sequence": sequence,
                            "recorded_at": moment,
                            "kind": kind,
                            "body": body,
                            "previous_hash": previous,
                            "hash": hash_,
                            "signature": signature,
                        },
                        ensure_ascii=False,
                        separators=(",", ":"),
                    )
                    + "\n"
                    for sequence, moment, kind, body, previous, hash_, signature in rows
                ).encode()
                digest.update(chunk)
                out.write(chunk)
                if first is None:
                    first = rows[0]
                last = rows[-1]
                count += len(rows)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "venue": venue.name,
            "time_zone": venue.timezone,
            "from": start.isoformat(),
            "to": end.isoformat(),
            "count": count,
            "first": {"sequence": first[0], "previous_hash": first[4]} if first else None,
            "last": {"sequence": last[0], "hash": last[5]} if last else None,
            "journal_sha256": digest.hexdigest(),
            "public_key_fingerprint": keys.fingerprint(key),
            "exported_at": timezone.now().astimezone(dt.UTC).strftime(TIME_FORMAT) + " UTC",
            "forced": forced is not None,
            "forced_because": None
            if forced is None
            else {"entry": forced.sequence, "code": forced.code, "message": forced.message},
            "hash_rule": hash_rule(),
            "signature_rule": signature_rule(),
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return Exported(
        path=temporary,
        count=count,
        first_sequence=first[0] if first else None,
        last_sequence=last[0] if last else None,
        last_hash=last[5] if last else None,
        sha256=digest.hexdigest(),
        forced=forced,
    )


# --- checking an archive ------------------------------------------------------------------
def verify_archive(path, *, key=None, all_signatures=False):
    """Check the archive at ``path`` on its own; a ``Result`` whose ``venue`` is the name
    the manifest gives. With the public ``key``, the signatures too: the closings' and
    the last entry's, or every one with ``all_signatures``."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = _manifest(archive)
            if isinstance(manifest, Problem):
                return Result(venue=None, problem=manifest)
            result = Result(venue=manifest["venue"])
            result.manifest = manifest
            marks, probes, last = _check(archive, manifest, result)
            if result.ok and key is not None:
                _signatures(archive, key, result, marks, probes, last, all_signatures)
            elif key is None:
                result.notes.append(
                    _("The signatures were not checked: give the public key with --public-key.")
                )
            return result
    except (OSError, zipfile.BadZipFile) as error:
        return Result(
            venue=None,
            problem=Problem(
                None,
                UNREADABLE,
                _("%(path)s is not a journal archive: %(error)s") % {"path": path, "error": error},
            ),
        )


def _manifest(archive):
    names = set(archive.namelist())
    missing = [name for name in (MANIFEST, JOURNAL) if name not in names]
    if missing:
        return Problem(
            None,
            UNREADABLE,
            _("The archive has no %(file)s: it is not a journal archive.") % {"file": missing[0]},
        )
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except ValueError:
        manifest = None
    ends_ok = isinstance(manifest, dict) and all(
        end in manifest and isinstance(manifest[end], dict | type(None))
        for end in ("first", "last")
    )
    if (
        not ends_ok
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("count"), int)
        or not isinstance(manifest.get("journal_sha256"), str)
        or (manifest["count"] > 0) != (manifest["first"] is not None)
        or (manifest["first"] is None) != (manifest["last"] is None)
    ):
        return Problem(
            None, UNREADABLE, _("The archive's manifest.json is not a journal manifest.")
        )
    if manifest.get("version") not in READABLE:
        return Problem(
            None,
            UNREADABLE,
            _("This archive is in version %(version)s of the format; this clef reads version "
              "%(known)s.") % {"version": manifest.get("version"), "known": VERSION},
        )  # fmt: skip
    return manifest


def _entry(line):
    """(the Row a line of journal.jsonl holds, its signature), or (None, None)."""
    try:
        data = json.loads(line)
        row = Row(
            data["sequence"],
            data["previous_hash"],
            data["hash"],
            data["recorded_at"],
            data["kind"],
            data["body"],
        )
        signature = data.get("signature") or ""
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, None
    texts = (row.previous_hash, row.hash, row.recorded_at, row.kind, row.body, signature)
    if type(row.sequence) is not int or not all(isinstance(t, str) for t in texts):
        return None, None
    return row, signature


def _check(archive, manifest, result):
    """Check the chain; returns what the signatures' check needs: the marks (closings and
    unsigned entries), one entry in ``PROBE`` and the last entry, each as (sequence,
    hash, signature)."""
    first = manifest["first"]
    digest = hashlib.sha256()
    sha256 = hashlib.sha256
    count = 0
    if first is not None:
        expected, previous = first.get("sequence"), first.get("previous_hash")
    else:
        expected, previous = None, None
    result.first_sequence = expected
    marks, probes, last = [], {}, None
    with archive.open(JOURNAL) as lines:
        for number, line in enumerate(lines, start=1):
            digest.update(line)
            row, signature = _entry(line)
            if row is None:
                result.problem = Problem(
                    expected,
                    CHANGED,
                    _("Line %(line)s of journal.jsonl is not a journal entry.") % {"line": number},
                )
                return marks, probes, last
            if expected is None:
                # Lines, while the manifest says there are none.
                expected, previous = row.sequence, row.previous_hash
                result.first_sequence = expected
            if (
                row.sequence != expected
                or row.previous_hash != previous
                or sha256(
                    f"{row.previous_hash}\n{row.sequence}\n{row.recorded_at}\n{row.kind}\n"
                    f"{row.body}".encode()
                ).hexdigest()
                != row.hash
            ):
                if count == 0 and row.sequence == expected and row.previous_hash != previous:
                    result.problem = Problem(
                        expected,
                        HEAD,
                        _(
                            "The manifest says the archive's first entry follows the hash "
                            "%(hash)s; entry %(sequence)s follows another."
                        )
                        % {"hash": previous, "sequence": expected},
                    )
                else:
                    result.problem = diagnose(row, expected, previous, _Lines(archive))
                result.entries = count
                return marks, probes, last
            count += 1
            result.last_sequence = row.sequence
            result.last_hash = previous = row.hash
            expected = row.sequence + 1
            last = (row.sequence, row.hash, signature)
            if row.kind == JournalEntry.Kind.CLOSING or not signature:
                marks.append(last)
            if count % PROBE == 0:
                probes[row.sequence] = (row.hash, signature)
    result.entries = count
    result.problem = _ends(manifest, result, digest.hexdigest())
    return marks, probes, last


def _signatures(archive, key, result, marks, probes, last, all_signatures):
    """Check the archive's signatures with ``key`` (its chain holds)."""
    result.fingerprint = keys.fingerprint(key)
    if last is None:
        return
    if all_signatures:
        checked = signatures.check_all(
            key, ((row.sequence, row.hash, sig) for row, sig in _Lines(archive).rows())
        )
    else:
        checked = signatures.check(
            key,
            first=result.first_sequence,
            last=last,
            marks=marks,
            locate=lambda good, bad: _locate(archive, key, good, bad, probes),
        )
    result.signatures = checked.checked
    result.unsigned = checked.unsigned
    if checked.failure is not None:
        failure = checked.failure
        result.problem = Problem(failure.sequence, failure.code, failure.message)
    elif note := signatures.unsigned_note(result.first_sequence, checked.unsigned):
        result.notes.append(note)


def _locate(archive, key, good, bad, probes):
    """The first entry after ``good`` whose signature fails (``bad``'s does): bisection
    over the entries kept in memory, then over the few between two of them, read again."""
    inside = sorted(sequence for sequence in probes if good < sequence < bad)
    low, high = 0, len(inside)
    while low < high:
        middle = (low + high) // 2
        digest, signature = probes[inside[middle]]
        if signature and keys.is_valid(key, digest, signature):
            good = inside[middle]
            low = middle + 1
        else:
            bad = inside[middle]
            high = middle
    window = {
        row.sequence: (row.hash, signature)
        for row, signature in _Lines(archive).rows()
        if good < row.sequence <= bad
    }
    return signatures.bisect(key, good, bad, window.get)


def _ends(manifest, result, sha):
    first, last = manifest["first"], manifest["last"]
    if last is not None:
        last_sequence = last.get("sequence")
        if not result.entries:
            return _gone(first.get("sequence"), last_sequence)
        if isinstance(last_sequence, int) and last_sequence > result.last_sequence:
            return _gone(result.last_sequence + 1, last_sequence)
        if last_sequence != result.last_sequence or last.get("hash") != result.last_hash:
            return Problem(
                result.last_sequence,
                HEAD,
                _(
                    "The manifest says the archive ends at entry %(end)s with the hash "
                    "%(hash)s; it ends at entry %(sequence)s with the hash %(last)s."
                )
                % {
                    "end": last_sequence,
                    "hash": last.get("hash"),
                    "sequence": result.last_sequence,
                    "last": result.last_hash,
                },
            )
    if manifest["count"] != result.entries:
        return Problem(
            None,
            HEAD,
            _("The manifest says the archive holds %(count)s entries; it holds %(entries)s.")
            % {"count": manifest["count"], "entries": result.entries},
        )
    if sha != manifest["journal_sha256"]:
        return Problem(
            None,
            CHANGED,
            _(
                "journal.jsonl does not match the SHA-256 written in the manifest: the file "
                "or the manifest was changed."
            ),
        )
    return None


def _gone(first, last):
    if first == last:
        message = _("Entry %(sequence)s is missing from the archive: deleted.") % {
            "sequence": first
        }
    else:
        message = _("Entries %(first)s to %(last)s are missing from the archive: deleted.") % {
            "first": first,
            "last": last,
        }
    return Problem(first, DELETED, message)


class _Lines:
    """What ``diagnose`` asks, answered by reading journal.jsonl again."""

    def __init__(self, archive):
        self.archive = archive

    def rows(self):
        """(Row, signature) of each readable line."""
        with self.archive.open(JOURNAL) as lines:
            for line in lines:
                row, signature = _entry(line)
                if row is not None:
                    yield row, signature

    def _rows(self):
        for row, _signature in self.rows():
            yield row

    def sequence_of(self, digest):
        return next((row.sequence for row in self._rows() if row.hash == digest), None)

    def following(self, digest):
        return next((row.sequence for row in self._rows() if row.previous_hash == digest), None)

    def time_of(self, sequence):
        return next((row.recorded_at for row in self._rows() if row.sequence == sequence), None)
