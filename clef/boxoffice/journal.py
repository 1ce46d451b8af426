"""The inalterable journal: append an entry, chained by SHA-256 to the one before.

An entry's hash is SHA-256 over one UTF-8 text, its *message*::

    previous hash \\n sequence \\n time (UTC, "YYYY-MM-DD HH:MM:SS") \\n kind \\n body

where ``body`` is the canonical JSON of everything else it records (sorted keys, no
spaces, amounts as strings with two decimals, non-ASCII kept). The first entry's
previous hash is 64 zeros. Appending locks the venue's ``JournalHead``, so two tills
selling at once take consecutive numbers on one chain; it must run inside the caller's
transaction, so that a sale and its entry are written together or not at all.

Once the transaction commits, the venue's anchor (``anchor.py``, a signed file beside
the key) moves forward to the new entry: something outside the database remembers how
far the chain went. Checking the chain and exporting it are in ``verify.py`` and
``archive.py``.
"""

import datetime as dt
import hashlib
import json
from decimal import Decimal
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from clef.boxoffice import anchor, keys
from clef.boxoffice.models import JournalEntry, JournalHead

GENESIS = "0" * 64
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def _default(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime(TIME_FORMAT)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not journal content")


def canonical(body):
    """The one text a body is hashed as."""
    return json.dumps(
        body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default
    )


def utc_text(moment):
    return moment.astimezone(dt.UTC).strftime(TIME_FORMAT)


def message(previous_hash, sequence, recorded_at_text, kind, body_text):
    return f"{previous_hash}\n{sequence}\n{recorded_at_text}\n{kind}\n{body_text}"


def chain_hash(previous_hash, sequence, recorded_at_text, kind, body_text):
    text = message(previous_hash, sequence, recorded_at_text, kind, body_text)
    return hashlib.sha256(text.encode()).hexdigest()


def _head(venue):
    """The venue's head, locked until the transaction ends; made on first use."""
    head = JournalHead.objects.select_for_update().filter(venue=venue).first()
    if head is not None:
        return head
    try:
        with transaction.atomic():
            JournalHead.objects.create(venue=venue, sequence=0, hash=GENESIS)
    except IntegrityError:
        pass  # another writer made it first
    return JournalHead.objects.select_for_update().get(venue=venue)


def append(venue, kind, body, *, session=None, sale=None):
    """Write one entry at the end of ``venue``'s journal and return it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("journal.append runs inside the transaction of what it records")
    keys.private_key()  # no key, no entry: refuse before taking the head's lock
    head = _head(venue)
    sequence = head.sequence + 1
    # Read the clock once the head is held: times never go back along the chain.
    recorded_at = timezone.now().replace(microsecond=0)
    body_text = canonical(body)
    digest = chain_hash(head.hash, sequence, utc_text(recorded_at), kind, body_text)
    entry = JournalEntry.objects.create(
        venue=venue,
        sequence=sequence,
        recorded_at=recorded_at,
        kind=kind,
        body=body_text,
        previous_hash=head.hash,
        hash=digest,
        signature=keys.sign(digest),
        session=session,
        sale=sale,
    )
    JournalHead.objects.filter(pk=head.pk).update(sequence=sequence, hash=digest)
    transaction.on_commit(partial(anchor.record, venue.pk, sequence, digest, kind), robust=True)
    return entry


def body_of(entry):
    return json.loads(entry.body)


def name_of(user):
    """A person as the journal names them (a cashier, who closed): their full name, else
    their username; "" for nobody."""
    return (user.get_full_name() or user.get_username()) if user else ""
