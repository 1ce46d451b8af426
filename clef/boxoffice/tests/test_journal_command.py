"""`clef journal verify` and `clef journal export`: what they print, their exit status,
and bad arguments refused with nothing written."""

import zipfile

import pytest

from clef.boxoffice.models import JournalHead
from clef.boxoffice.tests.journals import fingerprint, refused, run, sql
from clef.venues.models import Venue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def signed_by_the_key_file(count=1):
    return (
        f"  Signatures: {count} checked with the key {fingerprint()} "
        "(the closings' and the last entry's, which vouch for every entry before them).\n"
    )


def test_verify_says_ok_with_the_chains_ends(venue, entries):
    out, err = run("verify")
    head = JournalHead.objects.get(venue=venue)
    assert out == (
        f"La Clef: OK: 6 entries, #1..#6, last hash {head.hash}\n"
        + signed_by_the_key_file()
        + "  Anchor beside the key: the journal went up to entry 6; the database holds it.\n"
        "La Clef: the tables agree with the journal (sales: 5, till sessions: 1, closings: 0).\n"
    )
    assert err == ""


def test_verify_names_the_first_break_and_fails(venue, entries):
    sql("DELETE FROM boxoffice_journalentry WHERE id = %s", [entries[4].pk])
    error, out = refused("verify", "--chain-only")
    assert out == (
        "La Clef: BROKEN at entry 4: Entry 4 is missing: deleted (no entry has this number).\n"
    )
    assert str(error) == "The journal is broken in 1 place: see above."
    assert error.returncode == 1


def test_verify_one_venue(venue, entries):
    other = Venue.objects.create(
        slug="le-phare", name="Le Phare", street="1 quai", postcode="29200", city="Brest"
    )
    out, _err = run("verify", "--chain-only")
    assert out.splitlines()[3] == "Le Phare: OK: no entries."
    out, _err = run("verify", "--venue", "le-phare")
    assert out == (
        "Le Phare: OK: no entries.\n"
        "Le Phare: the tables agree with the journal (sales: 0, till sessions: 0, closings: 0).\n"
    )
    out, _err = run("verify", "--venue", str(venue.pk))
    assert out.startswith("La Clef: OK: 6 entries")
    assert other.pk != venue.pk


def test_verify_refuses_an_unknown_venue(venue, entries):
    error, out = refused("verify", "--venue", "nowhere")
    assert str(error) == f"There is no venue “nowhere”. Venues: {venue.pk} la-clef."
    assert out == ""


def test_export_then_verify_the_archive(venue, entries, tmp_path):
    path = tmp_path / "journal.zip"
    today = venue.local_date().isoformat()
    out, _err = run("export", "--from", today, "--to", today, "--output", str(path))
    head = JournalHead.objects.get(venue=venue)
    assert out == f"{path}: 6 entries, #1..#6, last hash {head.hash}\n"
    out, _err = run("verify", "--archive", str(path))
    assert out == (
        f"La Clef: OK: 6 entries, #1..#6, last hash {head.hash}\n"
        + signed_by_the_key_file()
        + f"  The manifest names the key {fingerprint()}.\n"
    )


def test_verify_finds_a_tampered_archive(venue, entries, tmp_path):
    path = tmp_path / "journal.zip"
    today = venue.local_date().isoformat()
    run("export", "--from", today, "--to", today, "--output", str(path))
    with zipfile.ZipFile(path) as zipped:
        lines = zipped.read("journal.jsonl").decode().splitlines(keepends=True)
        manifest = zipped.read("manifest.json")
    with zipfile.ZipFile(path, "w") as zipped:
        zipped.writestr("journal.jsonl", "".join(lines[:1] + lines[2:]))
        zipped.writestr("manifest.json", manifest)
    error, out = refused("verify", "--archive", str(path))
    assert out == (
        "La Clef: BROKEN at entry 2: Entry 2 is missing: deleted (no entry has this number).\n"
        f"  The manifest names the key {fingerprint()}.\n"
    )
    assert error.returncode == 1


def test_export_names_its_file_after_the_venue_and_days(venue, entries, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out, _err = run("export", "--from", "2024-01-01", "--to", "2024-01-31")
    name = "journal-la-clef-2024-01-01-2024-01-31.zip"
    assert out == f"{name}: 0 entries: nothing was recorded on those days.\n"
    assert [p.name for p in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from", "2025-02-30", "--to", "2025-03-01"],
            "“2025-02-30” is not a date for --from: write it as YYYY-MM-DD, like 2025-01-31.",
        ),
        (
            ["--from", "2025-03-01", "--to", "march"],
            "“march” is not a date for --to: write it as YYYY-MM-DD, like 2025-01-31.",
        ),
        (
            ["--from", "2025-03-02", "--to", "2025-03-01"],
            "The first day (2025-03-02) is after the last one (2025-03-01).",
        ),
        (["--to", "2025-03-01"], "Error: the following arguments are required: --from"),
    ],
)
def test_export_refuses_bad_arguments_and_writes_nothing(
    venue, entries, tmp_path, monkeypatch, args, message
):
    monkeypatch.chdir(tmp_path)
    error, out = refused("export", *args, "--output", "journal.zip")
    assert str(error) == message
    assert out == ""
    assert list(tmp_path.iterdir()) == []


def test_export_replaces_a_file_only_with_force(venue, entries, tmp_path):
    path = tmp_path / "journal.zip"
    path.write_text("keep me")
    today = venue.local_date().isoformat()
    error, _out = refused("export", "--from", today, "--to", today, "--output", str(path))
    assert str(error) == (
        f"{path} exists already: choose another file, or replace it with --force."
    )
    assert path.read_text() == "keep me"
    run("export", "--from", today, "--to", today, "--output", str(path), "--force")
    out, _err = run("verify", "--archive", str(path))
    assert out.startswith("La Clef: OK: 6 entries")


def test_export_asks_which_venue_when_there_are_several(venue, entries, tmp_path):
    other = Venue.objects.create(
        slug="le-phare", name="Le Phare", street="1 quai", postcode="29200", city="Brest"
    )
    error, _out = refused(
        "export", "--from", "2025-01-01", "--to", "2025-01-02", "--output", str(tmp_path / "j.zip")
    )
    assert str(error) == (
        f"There are several venues: choose one with --venue ({venue.pk} la-clef, "
        f"{other.pk} le-phare)."
    )
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_action_is_refused(venue):
    error, _out = refused("repair")
    assert "invalid choice: 'repair'" in str(error)
