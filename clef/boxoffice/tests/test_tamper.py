"""Tampering as an attacker with write access to the database would: raw SQL (the models
refuse to change a row), the hashes computed again by the published rule, the head moved
back, everything signed again with a key of their own whose public half they leave in
the database. Each is found and located: by the public key, which comes from the key
file or the auditor, never from the database, and by the anchor beside the key."""

import datetime as dt

import pytest
import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction

from clef.boxoffice import checks, closings, journal, sales, sessions, verify
from clef.boxoffice.models import Closing, JournalEntry, Sale, Till
from clef.boxoffice.sales import Order
from clef.boxoffice.tests.journals import at, fingerprint, refused, set_body, sql

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

SATURDAY = dt.date(2025, 3, 1)
SUNDAY = dt.date(2025, 3, 2)


@pytest.fixture
def evenings(venue, cashier, make_screening, drink, anchors, django_capture_on_commit_callbacks):
    """Saturday: the till opened (entry 1), three sales (2 to 4), closed (5); on Sunday
    the day's closing (6), the till opened again (7) and two sales (8, 9). Written as the
    server writes them, the anchor following each commit. Returns the entries and the
    sales by entry."""
    till = Till.objects.create(venue=venue, name="Caisse du hall")
    sold = {}
    with (
        time_machine.travel(at(SATURDAY, "19:00"), tick=False) as clock,
        django_capture_on_commit_callbacks(execute=True),
    ):
        screening = make_screening(SATURDAY, "20:00")
        session = sessions.open_session(till, cashier=cashier, opening_float="50")
        for sequence, (time, prices, method) in enumerate(
            [("19:10", ["6"], "cash"), ("19:20", ["5", "2"], "card"), ("19:30", ["8"], "cash")],
            start=2,
        ):
            clock.move_to(at(SATURDAY, time))
            order = Order(screening=screening, prices=prices, products={drink: 1})
            sold[sequence], _created = sales.sell(session, order, method=method, by=cashier)
        clock.move_to(at(SATURDAY, "23:00"))
        sessions.close_session(session, counts={"20.00": 2, "5.00": 1}, by=cashier)
        clock.move_to(at(SUNDAY, "10:00"))
        closings.close_day(venue, SATURDAY, by=cashier)
        clock.move_to(at(SUNDAY, "19:00"))
        sunday = make_screening(SUNDAY, "20:00")
        session = sessions.open_session(till, cashier=cashier, opening_float="50")
        for sequence, price in ((8, "4"), (9, "3")):
            order = Order(screening=sunday, prices=[price])
            sold[sequence], _created = sales.sell(session, order, method="card", by=cashier)
    entries = {e.sequence: e for e in JournalEntry.objects.filter(venue=venue)}
    assert sorted(entries) == list(range(1, 10))
    assert entries[6].kind == JournalEntry.Kind.CLOSING
    return entries, sold


def rehash_from(venue, first, *, sign_with=None):
    """Compute again the hash of every entry from ``first`` on and move the head, as one
    who knows the rule would; with ``sign_with``, sign every entry with that key."""
    rows = JournalEntry.objects.filter(venue=venue).order_by("sequence")
    previous = journal.GENESIS
    for entry in rows:
        if entry.sequence >= first:
            digest = journal.chain_hash(
                previous, entry.sequence, journal.utc_text(entry.recorded_at), entry.kind,
                entry.body,
            )  # fmt: skip
            sql(
                "UPDATE boxoffice_journalentry SET hash = %s, previous_hash = %s WHERE id = %s",
                [digest, previous, entry.pk],
            )
        else:
            digest = entry.hash
        if sign_with is not None:
            signature = sign_with.sign(digest.encode()).hex()
            sql(
                "UPDATE boxoffice_journalentry SET signature = %s WHERE id = %s",
                [signature, entry.pk],
            )
        previous = digest
        last = entry.sequence
    sql(
        "UPDATE boxoffice_journalhead SET sequence = %s, hash = %s WHERE venue_id = %s",
        [last, previous, venue.pk],
    )


def lower_first_ticket(body):
    """Entry 3's first ticket at 1.00 instead of 5.00, its total following."""
    line = body["lines"][0]
    assert (line["kind"], line["amount"], body["total"]) == ("ticket", "5.00", "9.50")
    line["amount"] = line["unit"] = "1.00"
    body["total"] = "5.50"


def test_the_untouched_evenings_verify_with_the_closing_and_the_last_signature(venue, evenings):
    result = verify.verify(venue)
    assert result.ok, result.problem
    assert (result.entries, result.signatures, result.unsigned) == (9, 2, 0)
    assert (result.anchor.sequence, result.anchor.closing_sequence) == (9, 6)
    assert checks.compare(venue).ok


def test_an_amount_changed_and_every_later_entry_hashed_again_is_found_at_that_entry(
    venue, evenings
):
    entries, sold = evenings
    set_body(entries[3], lower_first_ticket)
    rehash_from(venue, 3)
    result = verify.verify(venue)
    assert (result.problem.sequence, result.problem.code) == (3, "not_signed")
    assert result.problem.message == (
        f"Entry 3 is not signed by the key {fingerprint()}, though entry 2 before it is: it "
        "was changed, and its hash and those of the entries after it were computed again."
    )
    # The tables still say what was sold: the comparison names the sale.
    differences = checks.compare(venue).differences
    assert f"Sale {sold[3].code}: total in the table €9.50, in the journal €5.50." in differences
    assert f"Sale {sold[3].code}, line 1: amount in the table €5.00, in the journal €1.00." in (
        differences
    )


def test_every_signature_checked_finds_it_too(venue, evenings):
    entries, _sold = evenings
    set_body(entries[8], lambda body: body.update(method="cash"))
    rehash_from(venue, 8)
    result = verify.verify(venue, all_signatures=True)
    assert (result.problem.sequence, result.problem.code) == (8, "not_signed")


def test_the_tail_after_the_last_closing_deleted_and_the_head_moved_back_is_found_by_the_anchor(
    venue, evenings
):
    entries, sold = evenings
    # Thorough: the sales, their lines and the session go too, so the tables agree.
    sql("DELETE FROM boxoffice_journalentry WHERE venue_id = %s AND sequence > 6", [venue.pk])
    codes = [sold[8].code, sold[9].code]
    sql(
        "DELETE FROM boxoffice_saleline WHERE sale_id IN "
        "(SELECT id FROM boxoffice_sale WHERE code IN (%s, %s))",
        codes,
    )
    sql("DELETE FROM boxoffice_sale WHERE code IN (%s, %s)", codes)
    sql("DELETE FROM boxoffice_tillsession WHERE id = %s", [sold[8].session_id])
    sql(
        "UPDATE boxoffice_journalhead SET sequence = 6, hash = %s WHERE venue_id = %s",
        [entries[6].hash, venue.pk],
    )
    result = verify.verify(venue)
    assert (result.problem.sequence, result.problem.code) == (7, "deleted")
    assert result.problem.message == (
        "Entries 7 to 9 are missing: deleted (the anchor beside the key says the journal "
        "went up to entry 9)."
    )
    assert checks.compare(venue).ok  # what is left agrees: only the anchor knew


def test_the_anchors_entry_replaced_by_a_signed_one_is_found(venue, evenings):
    entries, _sold = evenings
    # Entry 9 replaced by another, signed with the key (as a server bug might do): the
    # chain and the signatures hold, the anchor remembers another hash.
    sql("DELETE FROM boxoffice_journalentry WHERE id = %s", [entries[9].pk])
    sql("UPDATE boxoffice_journalhead SET sequence = 8, hash = %s", [entries[8].hash])
    with time_machine.travel(at(SUNDAY, "21:00"), tick=False), transaction.atomic():
        journal.append(venue, JournalEntry.Kind.SESSION_OPENED, {"float": "0.00"})
    result = verify.verify(venue)
    assert (result.problem.sequence, result.problem.code) == (9, "anchor")
    assert result.problem.message == (
        f"Entry 9 is not the one the anchor beside the key remembers (hash {entries[9].hash}): "
        "the journal was rewritten from there on, or before."
    )


def test_everything_signed_again_with_another_key_left_in_the_database_is_found(venue, evenings):
    entries, _sold = evenings
    attacker = Ed25519PrivateKey.generate()
    pem = (
        attacker.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    set_body(entries[3], lower_first_ticket)
    rehash_from(venue, 3, sign_with=attacker)
    # Their public key wherever a key might be looked for.
    sql("UPDATE venues_venue SET street = %s, name = %s WHERE id = %s", [pem, pem, venue.pk])
    result = verify.verify(venue)
    assert result.fingerprint == fingerprint()
    assert (result.problem.sequence, result.problem.code) == (1, "not_signed")
    assert result.problem.message == (
        f"Entry 1, the first signed one, is not signed by the key {fingerprint()}, nor is any "
        "entry after it: this is not the journal's public key, or the whole journal was "
        "signed again with another key."
    )
    # With the attacker's key given, the chain holds but the anchor (signed with the real
    # key) cannot be trusted.
    result = verify.verify(venue, key=attacker.public_key())
    assert result.problem.code == "anchor"
    error, _out = refused("verify")
    assert error.returncode == 1


@pytest.fixture
def sale_3(evenings):
    return evenings[1][3]


TAMPERING = [
    (
        "UPDATE boxoffice_sale SET total = 12 WHERE code = %(sale)s",
        [
            "Sale {sale}: total in the table €12.00, in the journal €9.50.",
            "Till session {session} (Caisse du hall, opened 03/01/2025 7 p.m.): total in the "
            "tables €31.00, rebuilt from the journal €28.50.",
        ],
    ),
    (
        "UPDATE boxoffice_sale SET method = 'cash' WHERE code = %(sale)s",
        ["Sale {sale}: payment method in the table Cash, in the journal Card."],
    ),
    (
        "UPDATE boxoffice_sale SET channel = 'door' WHERE code = %(sale)s",
        ["Sale {sale}: channel in the table Door, in the journal Till."],
    ),
    (
        "UPDATE boxoffice_saleline SET amount = 0 WHERE sale_id = "
        "(SELECT id FROM boxoffice_sale WHERE code = %(sale)s) AND position = 1",
        ["Sale {sale}, line 1: amount in the table €0.00, in the journal €5.00."],
    ),
    (
        "UPDATE boxoffice_saleline SET vat_rate = 20, kind = 'product' WHERE sale_id = "
        "(SELECT id FROM boxoffice_sale WHERE code = %(sale)s) AND position = 2",
        [
            "Sale {sale}, line 2: kind in the table Bar, in the journal Ticket.",
            "Sale {sale}, line 2: VAT rate in the table 20.00 %, in the journal 5.50 %.",
        ],
    ),
    (
        "DELETE FROM boxoffice_saleline WHERE sale_id = "
        "(SELECT id FROM boxoffice_sale WHERE code = %(sale)s) AND position = 3",
        ["Sale {sale}: number of lines in the table 2, in the journal 3."],
    ),
    (
        "UPDATE boxoffice_sale SET code = 'forged' WHERE code = %(sale)s",
        [
            "Entry 3 records sale {sale}, which is not in the sales table.",
            "Sale forged is in the sales table but in no journal entry.",
        ],
    ),
    (
        "UPDATE boxoffice_closing SET total = 1, totals = '{}' WHERE venue_id = %(venue)s",
        [
            "Daily closing, 1 March 2025: total in the table €1.00, recomputed from the "
            "journal's entries €28.50.",
            "Daily closing, 1 March 2025: total in the table €1.00, in the journal €28.50.",
        ],
    ),
    (
        "UPDATE boxoffice_closing SET cumulative = 1000 WHERE venue_id = %(venue)s",
        ["Daily closing, 1 March 2025: grand total in the table €1,000.00, in the journal €28.50."],
    ),
    (
        "UPDATE boxoffice_tillsession SET counted = 60, difference = 0 WHERE id = %(session)s",
        [
            "Till session {session} (Caisse du hall, opened 03/01/2025 7 p.m.): cash counted in "
            "the table €60.00, in the journal €45.00.",
            "Till session {session} (Caisse du hall, opened 03/01/2025 7 p.m.): difference in "
            "the table €0.00, in the journal -€24.00.",
        ],
    ),
]


@pytest.mark.parametrize(("change", "found"), TAMPERING)
def test_a_changed_row_of_the_tables_is_found_and_named(venue, sale_3, change, found):
    assert checks.compare(venue).ok
    sql(change, {"sale": sale_3.code, "venue": venue.pk, "session": sale_3.session_id})
    expected = [message.format(sale=sale_3.code, session=sale_3.session_id) for message in found]
    comparison = checks.compare(venue)
    assert [d for d in comparison.differences if d in expected] == expected
    assert verify.verify(venue).ok  # the journal itself is whole: only the tables lie
    error, out = refused("verify")
    assert error.returncode == 1
    assert f"  - {expected[0]}\n" in out


def test_a_sale_added_to_the_table_without_an_entry_is_found(venue, sale_3):
    sale = Sale.objects.get(pk=sale_3.pk)
    sql(
        "INSERT INTO boxoffice_sale (code, method, channel, reason, total, created_at, "
        "cashier_id, venue_id, session_id) SELECT 'extra', method, channel, reason, 100, "
        "created_at, cashier_id, venue_id, session_id FROM boxoffice_sale WHERE id = %s",
        [sale.pk],
    )
    assert "Sale extra is in the sales table but in no journal entry." in (
        checks.compare(venue).differences
    )


def test_a_closing_row_without_its_entry_and_an_entry_without_its_row_are_found(venue, evenings):
    closing = Closing.objects.get(venue=venue)
    sql("UPDATE boxoffice_closing SET period_start = '2025-02-28' WHERE id = %s", [closing.pk])
    differences = checks.compare(venue).differences
    assert "Entry 6 records a closing that is not in the closings table." in differences
    assert "Daily closing, 28 February 2025 is in the closings table but in no journal entry." in (
        differences
    )
