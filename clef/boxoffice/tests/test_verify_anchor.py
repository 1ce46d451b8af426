"""The anchor beside the key: how far each venue's journal went, written after each
append commits, signed, only ever moved forward; and what verify makes of it."""

import json
import random
import threading

import pytest
from django.db import transaction

from clef.boxoffice import anchor, journal, keys, verify
from clef.boxoffice.models import JournalEntry
from clef.boxoffice.sales import Order, sell
from clef.boxoffice.tests.journals import fingerprint, sql

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture
def sold(venue, till_session, tonight, cashier, anchors, django_capture_on_commit_callbacks):
    """The session opened (entry 1) and two sales (2, 3), each committed."""
    with django_capture_on_commit_callbacks(execute=True):
        for price in ("6", "4"):
            sell(till_session, Order(screening=tonight, prices=[price]), method="card", by=cashier)
    return {e.sequence: e for e in JournalEntry.objects.filter(venue=venue)}


def read(folder, venue):
    return json.loads((folder / f"venue-{venue.pk}.json").read_text())


def test_the_anchor_follows_each_committed_entry_signed_with_the_key(venue, anchors, sold):
    data = read(anchors, venue)
    signature = data.pop("signature")
    assert data.pop("updated_at")
    assert data == {
        "format": "clef-journal-anchor",
        "version": 1,
        "venue": venue.pk,
        "sequence": 3,
        "hash": sold[3].hash,
        "closing": None,
        # The first entry it saw (the session was opened before it was looking).
        "signed_from": 2,
        "fingerprint": fingerprint(),
    }
    found = anchor.for_venue(venue)
    assert (found.sequence, found.hash, found.signature) == (3, sold[3].hash, signature)
    assert found.signed_by(keys.public_key())


def test_nothing_is_anchored_when_the_transaction_rolls_back(
    venue, anchors, sold, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        journal.append(venue, JournalEntry.Kind.SALE, {"total": "1.00"})
        raise RuntimeError("the sale fails after its entry")
    assert anchor.for_venue(venue).sequence == 3


def test_the_anchor_only_moves_forward_and_keeps_the_last_closing(venue, anchors):
    anchor.record(venue.pk, 5, "e" * 64, "sale")
    anchor.record(venue.pk, 4, "d" * 64, "sale")  # committed later than 5: too late
    assert (anchor.for_venue(venue).sequence, anchor.for_venue(venue).hash) == (5, "e" * 64)
    anchor.record(venue.pk, 3, "c" * 64, "closing")  # a closing not known yet
    found = anchor.for_venue(venue)
    assert (found.sequence, found.closing_sequence, found.closing_hash) == (5, 3, "c" * 64)
    anchor.record(venue.pk, 6, "f" * 64, "closing")
    found = anchor.for_venue(venue)
    assert (found.sequence, found.closing_sequence, found.signed_from) == (6, 6, 5)
    assert found.signed_by(keys.public_key())


def test_writers_at_once_in_any_order_leave_the_highest(venue, anchors):
    numbers = list(range(1, 81))
    random.Random(11).shuffle(numbers)
    threads = [
        threading.Thread(target=anchor.record, args=(venue.pk, n, f"{n:064x}", "sale"))
        for n in numbers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    found = anchor.for_venue(venue)
    assert (found.sequence, found.hash) == (80, f"{80:064x}")
    assert found.signed_by(keys.public_key())
    assert [p.name for p in anchors.iterdir()] == [f"venue-{venue.pk}.json"]


def test_a_sale_is_kept_when_the_anchor_cannot_be_written(
    venue, till_session, tonight, cashier, settings, tmp_path, django_capture_on_commit_callbacks
):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.CLEF_JOURNAL_ANCHOR_DIR = str(blocker / "anchors")
    with django_capture_on_commit_callbacks(execute=True):
        sale, _created = sell(
            till_session, Order(screening=tonight, prices=["6"]), method="cash", by=cashier
        )
    assert sale.pk is not None
    assert JournalEntry.objects.filter(sale=sale).exists()


def test_verify_says_when_there_is_no_anchor(venue, till_session, anchors):
    result = verify.verify(venue)
    assert result.ok
    assert result.notes == [
        f"There is no anchor for this venue in {anchors}: a tail cut from the database "
        "would not be seen."
    ]


def test_an_anchor_edited_by_hand_is_not_trusted(venue, anchors, sold):
    path = anchors / f"venue-{venue.pk}.json"
    data = json.loads(path.read_text())
    data["sequence"] = 2
    data["hash"] = sold[2].hash
    path.write_text(json.dumps(data))
    result = verify.verify(venue)
    assert (result.problem.sequence, result.problem.code) == (None, "anchor")
    assert result.problem.message == (
        f"The anchor file of this venue is not signed by the key "
        f"{fingerprint()}: it was not written by this journal's server, "
        "or this is not its key."
    )


def test_an_anchor_that_is_not_one_is_named(venue, anchors, sold):
    path = anchors / f"venue-{venue.pk}.json"
    path.write_text("{}")
    result = verify.verify(venue)
    assert result.problem.code == "anchor"
    assert result.problem.message == f"The anchor file {path} cannot be read as an anchor."


def test_a_signature_removed_after_the_anchor_started_is_found(venue, anchors, sold):
    sql("UPDATE boxoffice_journalentry SET signature = '' WHERE id = %s", [sold[3].pk])
    result = verify.verify(venue)
    assert (result.problem.sequence, result.problem.code) == (3, "unsigned")


def test_a_signature_removed_after_a_signed_entry_is_found_without_an_anchor(
    venue, till_session, tonight, cashier, anchors
):
    for price in ("6", "4", "3"):
        sell(till_session, Order(screening=tonight, prices=[price]), method="card", by=cashier)
    sql(
        "UPDATE boxoffice_journalentry SET signature = '' WHERE venue_id = %s AND sequence = 3",
        [venue.pk],
    )
    result = verify.verify(venue)
    assert (result.problem.sequence, result.problem.code) == (3, "unsigned")
    assert result.problem.message == (
        "Entry 3 has no signature, though entry 1 before it is signed: its signature was "
        "removed (the entry was probably rewritten)."
    )


def test_entries_written_before_the_journal_was_signed_are_only_chained(
    venue, till_session, tonight, cashier, anchors
):
    for price in ("6", "4"):
        sell(till_session, Order(screening=tonight, prices=[price]), method="card", by=cashier)
    sql(
        "UPDATE boxoffice_journalentry SET signature = '' WHERE venue_id = %s AND sequence < 3",
        [venue.pk],
    )
    result = verify.verify(venue)
    assert result.ok, result.problem
    assert (result.unsigned, result.signatures) == (2, 1)
    assert result.notes[0] == (
        "Entries 1 to 2 carry no signature (written before the journal was signed): only "
        "their hashes were checked."
    )
