"""Checking the journal: a whole chain verifies, and each way of tampering with the
database directly (raw SQL, as someone with the database file would) is found, named
and located."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from clef.boxoffice import journal, sessions, verify
from clef.boxoffice.models import JournalEntry, JournalHead, Product, Till
from clef.boxoffice.sales import Order, sell
from clef.boxoffice.tests.journals import set_body, sql
from clef.venues.models import Venue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

ENTRIES = "boxoffice_journalentry"
HEADS = "boxoffice_journalhead"


@pytest.fixture
def entries(write_journal):
    """The six entries left in the test's transaction: no anchor follows them, the chain
    and the head alone speak for them."""
    made = write_journal()
    assert len(made) == 6
    return made


def rehash(sequence, venue, *, previous_hash=None):
    """Recompute an entry's hash from what the database now holds, as a tamperer who
    knows the rule would."""
    entry = JournalEntry.objects.get(venue=venue, sequence=sequence)
    previous = previous_hash or entry.previous_hash
    digest = journal.chain_hash(
        previous, sequence, journal.utc_text(entry.recorded_at), entry.kind, entry.body
    )
    sql(
        f"UPDATE {ENTRIES} SET hash = %s, previous_hash = %s WHERE id = %s",
        [digest, previous, entry.pk],
    )
    return digest


def broken(venue):
    result = verify.verify(venue)
    assert not result.ok
    return result.problem


def test_a_whole_chain_verifies(venue, entries):
    result = verify.verify(venue)
    head = JournalHead.objects.get(venue=venue)
    assert result.ok and result.problem is None
    assert (result.entries, result.first_sequence, result.last_sequence) == (6, 1, 6)
    assert result.last_hash == head.hash == entries[6].hash


def test_a_venue_without_entries_verifies(venue):
    result = verify.verify(venue)
    assert result.ok
    assert (result.entries, result.first_sequence, result.last_sequence) == (0, None, None)


def test_the_number_of_queries_does_not_grow_with_the_journal(
    venue, entries, till_session, tonight, cashier, django_assert_max_num_queries
):
    # The entries, the head (before and after them), the closings' end, the last signature.
    with django_assert_max_num_queries(5):
        assert verify.verify(venue).ok
    for _ in range(5):
        sell(till_session, Order(screening=tonight, prices=["3"]), method="card", by=cashier)
    with django_assert_max_num_queries(5):
        assert verify.verify(venue).entries == 11


def test_an_amount_changed_in_a_body_is_found_at_its_entry(venue, entries):
    def raise_second_ticket(body):
        assert body["lines"][1]["amount"] == "5.00"
        body["lines"][1]["amount"] = "7.00"

    set_body(entries[3], raise_second_ticket)
    problem = broken(venue)
    assert (problem.sequence, problem.code) == (3, "changed")
    assert problem.message == (
        "Entry 3 was changed: its total €7.50 is not the sum of its lines, €9.50."
    )


def test_an_amount_changed_with_its_total_is_found_too(venue, entries):
    def lower_everything(body):
        body["lines"][0]["amount"] = body["lines"][0]["unit"] = "1.00"
        body["total"] = "1.00"

    set_body(entries[4], lower_everything)
    problem = broken(venue)
    assert (problem.sequence, problem.code) == (4, "changed")
    assert problem.message == (
        "Entry 4 was changed: its content, an amount, its time or its kind no longer "
        "matches its hash."
    )


def test_a_time_changed_is_found_with_the_time_it_had(venue, entries):
    entry = entries[4]
    moved = entry.recorded_at - dt.timedelta(hours=3)
    sql(
        f"UPDATE {ENTRIES} SET recorded_at = %s WHERE id = %s",
        [connection.ops.adapt_datetimefield_value(moved), entry.pk],
    )
    problem = broken(venue)
    assert (problem.sequence, problem.code) == (4, "changed")
    assert problem.message == (
        f"Entry 4 was changed: it was recorded at {journal.utc_text(entry.recorded_at)} (UTC), "
        f"it now says {journal.utc_text(moved)}."
    )


def test_a_kind_changed_is_found(venue, entries):
    sql(f"UPDATE {ENTRIES} SET kind = 'reversal' WHERE id = %s", [entries[5].pk])
    problem = broken(venue)
    assert (problem.sequence, problem.code) == (5, "changed")
    assert problem.message == "Entry 5 was changed: it was “Sale”, it now says “Reversal”."


def test_an_entry_deleted_in_the_middle_is_found(venue, entries):
    sql(f"DELETE FROM {ENTRIES} WHERE id = %s", [entries[3].pk])
    problem = broken(venue)
    assert (problem.sequence, problem.code) == (3, "deleted")
    assert problem.message == "Entry 3 is missing: deleted (no entry has this number)."


def test_two_entries_deleted_in_the_middle_are_named(venue, entries):
    sql(f"DELETE FROM {ENTRIES} WHERE id IN (%s, %s)", [entries[3].pk, entries[4].pk])
    problem = broken(venue)
    assert (problem.sequence, problem.code) == (3, "deleted")
    assert problem.message == "Entries 3 to 4 are missing: deleted (no entry has this number)."


def test_the_last_entry_deleted_is_found_by_the_head(venue, entries):
    sql(f"DELETE FROM {ENTRIES} WHERE id = %s", [entries[6].pk])
    problem = broken(venue)
    assert (problem.sequence, problem.code) == (6, "deleted")
    assert problem.message == (
        "Entry 6 is missing: deleted (the journal's head says it ends at entry 6)."
    )


def test_the_last_entries_deleted_with_the_head_moved_back_are_found_by_a_closing(
    venue, entries, record_closing
):
    entry = record_closing(6).entry
    assert entry.sequence == 7
    # Sales 5 and 6 vanish; the closing's entry takes number 5, hashed again, and the
    # head is moved back: the chain itself is whole.
    sql(f"DELETE FROM {ENTRIES} WHERE id IN (%s, %s)", [entries[5].pk, entries[6].pk])
    sql(f"UPDATE {ENTRIES} SET sequence = 5 WHERE id = %s", [entry.pk])
    digest = rehash(5, venue, previous_hash=entries[4].hash)
    sql(f"UPDATE {HEADS} SET sequence = 5, hash = %s WHERE venue_id = %s", [digest, venue.pk])
    problem = broken(venue)
    assert (problem.sequence, problem.code) == (6, "deleted")
    assert problem.message == (
        "Entry 6 is missing: deleted (a closing covers the entries up to 6)."
    )


def swap(venue, first, second):
    sql(
        f"UPDATE {ENTRIES} SET sequence = 1000000 WHERE venue_id = %s AND sequence = %s",
        [venue.pk, first],
    )
    sql(
        f"UPDATE {ENTRIES} SET sequence = %s WHERE venue_id = %s AND sequence = %s",
        [first, venue.pk, second],
    )
    sql(
        f"UPDATE {ENTRIES} SET sequence = %s WHERE venue_id = %s AND sequence = 1000000",
        [second, venue.pk],
    )


def test_two_entries_swapped_are_found(venue, entries):
    swap(venue, 3, 5)
    problem = broken(venue)
    assert (problem.sequence, problem.code) == (3, "reordered")
    assert problem.message == "Entries 3 and 5 were swapped."


def test_two_neighbours_swapped_are_found(venue, entries):
    swap(venue, 4, 5)
    problem = broken(venue)
    assert (problem.sequence, problem.code) == (4, "reordered")
    assert problem.message == "Entries 4 and 5 were swapped."


def test_an_entry_moved_to_another_number_is_found(venue, entries):
    sql(f"UPDATE {ENTRIES} SET sequence = 60 WHERE id = %s", [entries[3].pk])
    problem = broken(venue)
    assert (problem.sequence, problem.code) == (3, "reordered")
    assert problem.message == "Entry 3 is out of order: it is now numbered 60."


def test_a_changed_entry_hashed_again_breaks_the_next_link(venue, entries):
    set_body(entries[3], lambda body: body.update(total="0.00"))
    rehash(3, venue)
    problem = broken(venue)
    assert (problem.sequence, problem.code) == (4, "broken_link")
    assert problem.message == (
        "Entry 4 is not chained to entry 3: its previous hash matches no entry (entry 3 "
        "was rewritten and hashed again, or this link was changed)."
    )


def test_the_last_entry_changed_and_hashed_again_disagrees_with_the_head(venue, entries):
    set_body(entries[6], lambda body: body.update(method="free"))
    rehash(6, venue)
    problem = broken(venue)
    assert (problem.sequence, problem.code) == (6, "head")
    assert problem.message == (
        "The journal's head does not hold the hash of entry 6, its last one: that entry "
        "was rewritten, or the head was changed."
    )


def test_a_link_changed_is_found(venue, entries):
    sql(f"UPDATE {ENTRIES} SET previous_hash = %s WHERE id = %s", ["f" * 64, entries[2].pk])
    problem = broken(venue)
    assert (problem.sequence, problem.code) == (2, "broken_link")


def test_a_first_entry_not_chained_to_the_genesis_is_found(venue, entries):
    sql(f"UPDATE {ENTRIES} SET previous_hash = %s WHERE id = %s", ["1" * 64, entries[1].pk])
    problem = broken(venue)
    assert (problem.sequence, problem.code) == (1, "broken_link")
    assert problem.message == (
        "Entry 1 does not start the journal: its previous hash is not 64 zeros."
    )


def test_a_journal_without_its_head_is_found(venue, entries):
    sql(f"DELETE FROM {HEADS} WHERE venue_id = %s", [venue.pk])
    problem = broken(venue)
    assert (problem.sequence, problem.code) == (6, "head")


def test_the_first_break_is_the_one_named(venue, entries):
    sql(f"DELETE FROM {ENTRIES} WHERE id = %s", [entries[5].pk])
    sql(f"UPDATE {ENTRIES} SET kind = 'reversal' WHERE id = %s", [entries[2].pk])
    result = verify.verify(venue)
    assert (result.problem.sequence, result.problem.code) == (2, "changed")
    assert (result.entries, result.last_sequence) == (1, 1)


@pytest.fixture
def other_venue(cashier):
    other = Venue.objects.create(
        slug="le-phare",
        name="Le Phare",
        street="1 quai",
        postcode="29200",
        city="Brest",
        timezone="Europe/Paris",
    )
    till = Till.objects.create(venue=other, name="Bar")
    session = sessions.open_session(till, cashier=cashier, opening_float="50")
    crepe = Product.objects.create(
        venue=other, name="Crêpe", price=Decimal("3.00"), vat_rate=Decimal("10.00")
    )
    for quantity in (1, 2, 3):
        sell(session, Order(products={crepe: quantity}), method="card", by=cashier)
    return other


def test_two_venues_have_separate_chains(venue, entries, other_venue):
    results = {result.venue.pk: result for result in verify.verify_all()}
    assert results[venue.pk].ok and results[other_venue.pk].ok
    assert (results[venue.pk].entries, results[other_venue.pk].entries) == (6, 4)
    first = JournalEntry.objects.get(venue=other_venue, sequence=1)
    assert first.previous_hash == journal.GENESIS
    sql(f"UPDATE {ENTRIES} SET kind = 'reversal' WHERE id = %s", [first.pk])
    assert verify.verify(venue).ok
    problem = broken(other_venue)
    assert (problem.sequence, problem.code) == (1, "changed")


def test_an_entry_written_while_checking_is_checked_too(venue, entries, monkeypatch):
    """The head is read after the entries: an entry appended in between is read on."""
    real_head = verify._Table.head
    appended = []

    def head_after_a_sale(table):
        if not appended:
            with transaction.atomic():
                appended.append(
                    journal.append(venue, JournalEntry.Kind.SALE, {"total": "1.00", "lines": []})
                )
        return real_head(table)

    monkeypatch.setattr(verify._Table, "head", head_after_a_sale)
    result = verify.verify(venue)
    assert result.ok
    assert (result.entries, result.last_sequence, result.last_hash) == (7, 7, appended[0].hash)


def test_recorded_times_are_read_as_the_hash_writes_them(venue, entries):
    entry = entries[2]
    (text,) = sql(
        f"SELECT {verify._Table(venue.pk).time} FROM {ENTRIES} WHERE id = %s", [entry.pk]
    )[0]
    assert text == journal.utc_text(entry.recorded_at)
    assert entry.recorded_at == entry.recorded_at.replace(microsecond=0)
    assert timezone.is_aware(entry.recorded_at)
