"""Archiving the journal: the chosen days in the venue's zone, a manifest with the
chain's ends, and a check that needs nothing but the zip and finds any change to it."""

import datetime as dt
import hashlib
import json
import zipfile
from unittest import mock

import pytest
from django.db import transaction

from clef.boxoffice import archive, journal, keys
from clef.boxoffice.archive import ArchiveRefused, export, verify_archive
from clef.boxoffice.models import JournalEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

# Paris is UTC+1 in January.
TIMES = [
    dt.datetime(2025, 1, 10, 12, 0, tzinfo=dt.UTC),  # 1: 10 Jan, 13:00 in Paris
    dt.datetime(2025, 1, 10, 23, 30, tzinfo=dt.UTC),  # 2: 11 Jan, 00:30
    dt.datetime(2025, 1, 11, 12, 0, tzinfo=dt.UTC),  # 3: 11 Jan, 13:00
    dt.datetime(2025, 1, 12, 22, 59, 59, tzinfo=dt.UTC),  # 4: 12 Jan, 23:59:59
    dt.datetime(2025, 1, 12, 23, 0, tzinfo=dt.UTC),  # 5: 13 Jan, 00:00
]


@pytest.fixture
def entries(venue):
    """Five sales over four days (in Paris)."""
    written = []
    for number, moment in enumerate(TIMES, start=1):
        body = {
            "sale": f"S{number}",
            "cashier": "Élise Martin",
            "method": "cash",
            "total": f"{number * 2}.00",
            "lines": [
                {"kind": "ticket", "label": "Wanda", "amount": f"{number}.00", "quantity": 1},
                {"kind": "product", "label": "Limonade", "amount": f"{number}.00", "quantity": 1},
            ],
        }
        with mock.patch.object(journal.timezone, "now", return_value=moment), transaction.atomic():
            written.append(journal.append(venue, JournalEntry.Kind.SALE, body))
    return {entry.sequence: entry for entry in written}


def read(path):
    with zipfile.ZipFile(path) as zipped:
        return zipped.read("journal.jsonl"), json.loads(zipped.read("manifest.json"))


def rewrite(path, lines=None, manifest=None):
    """The archive at ``path`` with other lines or another manifest."""
    raw, old_manifest = read(path)
    old_lines = raw.decode().splitlines(keepends=True)
    new_lines = lines(old_lines) if lines else old_lines
    new_manifest = manifest(old_manifest) if manifest else old_manifest
    with zipfile.ZipFile(path, "w") as zipped:
        zipped.writestr("journal.jsonl", "".join(new_lines))
        zipped.writestr("manifest.json", json.dumps(new_manifest))


def test_it_exports_the_days_asked_in_the_venues_zone(venue, entries, tmp_path):
    path = tmp_path / "journal.zip"
    exported = export(venue, "2025-01-11", "2025-01-12", path)
    raw, manifest = read(path)
    lines = [json.loads(line) for line in raw.decode().splitlines()]
    assert [line["sequence"] for line in lines] == [2, 3, 4]
    assert lines[0] == {
        "sequence": 2,
        "recorded_at": "2025-01-10 23:30:00",
        "kind": "sale",
        "body": entries[2].body,
        "previous_hash": entries[1].hash,
        "hash": entries[2].hash,
        "signature": entries[2].signature,
    }
    assert (exported.count, exported.first_sequence, exported.last_sequence) == (3, 2, 4)
    assert exported.last_hash == entries[4].hash
    assert exported.sha256 == hashlib.sha256(raw).hexdigest()
    manifest.pop("exported_at")
    assert manifest == {
        "format": "clef-journal",
        "version": 2,
        "venue": "La Clef",
        "time_zone": "Europe/Paris",
        "from": "2025-01-11",
        "to": "2025-01-12",
        "count": 3,
        "first": {"sequence": 2, "previous_hash": entries[1].hash},
        "last": {"sequence": 4, "hash": entries[4].hash},
        "journal_sha256": hashlib.sha256(raw).hexdigest(),
        "public_key_fingerprint": keys.fingerprint(keys.public_key()),
        "forced": False,
        "forced_because": None,
        "hash_rule": archive.hash_rule(),
        "signature_rule": archive.signature_rule(),
    }
    assert "SHA-256" in manifest["hash_rule"]
    assert "Ed25519" in manifest["signature_rule"]


def test_the_hash_rule_in_the_manifest_is_enough_to_check_an_entry(venue, entries, tmp_path):
    path = tmp_path / "journal.zip"
    export(venue, "2025-01-10", "2025-01-13", path)
    raw, _manifest = read(path)
    line = json.loads(raw.decode().splitlines()[2])
    fields = ["previous_hash", "sequence", "recorded_at", "kind", "body"]
    text = "\n".join(str(line[field]) for field in fields)
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == line["hash"]


def test_an_exported_archive_verifies_on_its_own(
    venue, entries, tmp_path, django_assert_num_queries
):
    path = tmp_path / "journal.zip"
    export(venue, "2025-01-11", "2025-01-12", path)
    with django_assert_num_queries(0):
        result = verify_archive(path)
    assert result.ok, result.problem
    assert result.venue == "La Clef"
    assert (result.entries, result.first_sequence, result.last_sequence) == (3, 2, 4)
    assert result.last_hash == entries[4].hash


def test_the_whole_journal_verifies_from_the_genesis(venue, entries, tmp_path):
    path = tmp_path / "journal.zip"
    exported = export(venue, dt.date(2025, 1, 1), dt.date(2025, 12, 31), path)
    _raw, manifest = read(path)
    assert exported.count == 5
    assert manifest["first"] == {"sequence": 1, "previous_hash": journal.GENESIS}
    assert verify_archive(path).ok


def test_an_empty_range_is_fine_and_says_zero_entries(venue, entries, tmp_path):
    path = tmp_path / "empty.zip"
    exported = export(venue, "2024-06-01", "2024-06-30", path)
    raw, manifest = read(path)
    assert raw == b""
    assert exported.count == 0
    assert (manifest["count"], manifest["first"], manifest["last"]) == (0, None, None)
    result = verify_archive(path)
    assert result.ok and result.entries == 0


def test_it_refuses_a_start_after_the_end(venue, entries, tmp_path):
    path = tmp_path / "journal.zip"
    with pytest.raises(ArchiveRefused) as refused:
        export(venue, "2025-01-12", "2025-01-11", path)
    assert refused.value.code == "range_invalid"
    assert refused.value.message == "The first day (2025-01-12) is after the last one (2025-01-11)."
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("day", ["2025-13-01", "11/01/2025", "", "tomorrow"])
def test_it_refuses_a_malformed_date(venue, entries, tmp_path, day):
    with pytest.raises(ArchiveRefused) as refused:
        export(venue, day, "2025-01-11", tmp_path / "journal.zip")
    assert refused.value.code == "date_invalid"
    assert refused.value.message == (
        f"“{day}” is not a date for --from: write it as YYYY-MM-DD, like 2025-01-31."
    )
    assert list(tmp_path.iterdir()) == []


def test_it_refuses_to_replace_a_file_unless_forced(venue, entries, tmp_path):
    path = tmp_path / "journal.zip"
    path.write_text("keep me")
    with pytest.raises(ArchiveRefused) as refused:
        export(venue, "2025-01-11", "2025-01-12", path)
    assert refused.value.code == "path_exists"
    assert path.read_text() == "keep me"
    exported = export(venue, "2025-01-11", "2025-01-12", path, force=True)
    assert exported.count == 3 and verify_archive(path).ok
    assert [p.name for p in tmp_path.iterdir()] == ["journal.zip"]


def test_it_refuses_a_folder_that_does_not_exist(venue, entries, tmp_path):
    with pytest.raises(ArchiveRefused) as refused:
        export(venue, "2025-01-11", "2025-01-12", tmp_path / "nowhere" / "journal.zip")
    assert refused.value.code == "path_invalid"


@pytest.fixture
def exported(venue, entries, tmp_path):
    path = tmp_path / "journal.zip"
    export(venue, "2025-01-10", "2025-01-13", path)
    return path


def problem_of(path):
    result = verify_archive(path)
    assert not result.ok
    return result.problem


def test_a_line_edited_is_found_at_its_entry(exported):
    def edit(lines):
        entry = json.loads(lines[2])
        body = json.loads(entry["body"])
        body["lines"][0]["amount"] = "1.00"
        entry["body"] = journal.canonical(body)
        lines[2] = json.dumps(entry, ensure_ascii=False) + "\n"
        return lines

    rewrite(exported, lines=edit)
    problem = problem_of(exported)
    assert (problem.sequence, problem.code) == (3, "changed")
    assert problem.message == (
        "Entry 3 was changed: its total €6.00 is not the sum of its lines, €4.00."
    )


def test_a_line_removed_is_found(exported):
    rewrite(exported, lines=lambda lines: lines[:2] + lines[3:])
    problem = problem_of(exported)
    assert (problem.sequence, problem.code) == (3, "deleted")
    assert problem.message == "Entry 3 is missing: deleted (no entry has this number)."


def test_the_last_line_removed_is_found_by_the_manifest(exported):
    rewrite(exported, lines=lambda lines: lines[:-1])
    problem = problem_of(exported)
    assert (problem.sequence, problem.code) == (5, "deleted")
    assert problem.message == "Entry 5 is missing from the archive: deleted."


def test_lines_moved_are_found(exported):
    rewrite(exported, lines=lambda lines: [lines[0], lines[2], lines[1], *lines[3:]])
    problem = problem_of(exported)
    assert (problem.sequence, problem.code) == (2, "reordered")
    assert problem.message == "Entry 2 is out of order: entry 3 comes before it."


def test_the_manifests_count_edited_is_found(exported):
    rewrite(exported, manifest=lambda manifest: {**manifest, "count": 4})
    problem = problem_of(exported)
    assert problem.code == "head"
    assert problem.message == "The manifest says the archive holds 4 entries; it holds 5."


def test_the_manifests_last_hash_edited_is_found(exported, entries):
    def edit(manifest):
        manifest["last"]["hash"] = "0" * 64
        return manifest

    rewrite(exported, manifest=edit)
    problem = problem_of(exported)
    assert (problem.sequence, problem.code) == (5, "head")


def test_the_manifests_first_previous_hash_edited_is_found(exported):
    def edit(manifest):
        manifest["first"]["previous_hash"] = "a" * 64
        return manifest

    rewrite(exported, manifest=edit)
    problem = problem_of(exported)
    assert (problem.sequence, problem.code) == (1, "head")


def test_the_manifests_sha256_edited_is_found(exported):
    rewrite(exported, manifest=lambda manifest: {**manifest, "journal_sha256": "b" * 64})
    problem = problem_of(exported)
    assert (problem.sequence, problem.code) == (None, "changed")
    assert problem.message == (
        "journal.jsonl does not match the SHA-256 written in the manifest: the file or the "
        "manifest was changed."
    )


def test_a_file_that_is_not_an_archive_is_unreadable(tmp_path):
    path = tmp_path / "journal.zip"
    path.write_text("not a zip")
    problem = problem_of(path)
    assert (problem.sequence, problem.code) == (None, "unreadable")


def test_an_archive_without_its_manifest_is_unreadable(tmp_path):
    path = tmp_path / "journal.zip"
    with zipfile.ZipFile(path, "w") as zipped:
        zipped.writestr("journal.jsonl", "")
    problem = problem_of(path)
    assert problem.code == "unreadable"
    assert problem.message == "The archive has no manifest.json: it is not a journal archive."
