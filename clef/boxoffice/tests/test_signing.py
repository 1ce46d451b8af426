"""The public key an auditor verifies with: derived from the key file or given with
--public-key (PEM file or text, base64 or hex), never read from the database; archives
checked with it alone; a broken journal exported only by force; bad keys refused with a
clear message."""

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from clef.boxoffice import archive, journal, keys
from clef.boxoffice.tests.journals import refused, run, sql

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
ROOT = Path(__file__).resolve().parents[3]


def public_pem(key):
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


@pytest.fixture
def without_the_key_file(settings, tmp_path):
    """An auditor's machine: no key file at all."""
    settings.CLEF_JOURNAL_KEY_FILE = str(tmp_path / "nowhere" / "journal.key")
    return settings.CLEF_JOURNAL_KEY_FILE


# --- the public key, however it is given -------------------------------------------------
@pytest.fixture
def public(journal_key):
    return keys.public_key()


@pytest.mark.parametrize("form", ["pem file", "pem text", "base64", "hex"])
def test_verify_takes_the_public_key_in_every_form(
    entries, public, without_the_key_file, tmp_path, form
):
    pem = public_pem(public)
    given = {
        "pem file": tmp_path / "clef.pub",
        "pem text": pem,
        "base64": keys.public_text(public),
        "hex": keys.public_bytes(public).hex(),
    }[form]
    if form == "pem file":
        given.write_text(pem)
    out, _err = run("verify", "--public-key", str(given))
    assert out.startswith("La Clef: OK: 6 entries")
    assert f"  Signatures: 1 checked with the key {keys.fingerprint(public)}" in out


def test_the_public_key_prints_for_auditors(journal_key):
    public = keys.public_key()
    assert run("public-key")[0] == (
        f"Public key: {keys.public_text(public)}\nFingerprint: {keys.fingerprint(public)}\n"
    )


def test_a_wrong_public_key_finds_no_entry_signed_by_it(venue, entries):
    other = Ed25519PrivateKey.generate().public_key()
    error, out = refused("verify", "--chain-only", "--public-key", keys.public_text(other))
    assert out.splitlines()[0] == (
        f"La Clef: BROKEN at entry 1: Entry 1, the first signed one, is not signed by the key "
        f"{keys.fingerprint(other)}, nor is any entry after it: this is not the journal's "
        "public key, or the whole journal was signed again with another key."
    )
    assert error.returncode == 1


@pytest.mark.parametrize("given", ["abc", "-----BEGIN PUBLIC KEY-----\nxx\n", "00" * 31])
def test_a_malformed_public_key_is_refused_clearly(entries, given):
    error, out = refused("verify", "--public-key", given)
    assert str(error) == (
        "--public-key: This is not an Ed25519 public key (PEM, or its 32 bytes in base64 or hex)."
    )
    assert out == ""


def test_another_kind_of_public_key_is_refused(entries, tmp_path):
    from cryptography.hazmat.primitives.asymmetric import ec

    path = tmp_path / "ec.pub"
    path.write_bytes(
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    error, _out = refused("verify", "--public-key", str(path))
    assert str(error).startswith("--public-key: This is not an Ed25519 public key")


def test_a_missing_key_file_is_named(entries, without_the_key_file):
    error, out = refused("verify")
    assert str(error) == (
        f"The journal's signing key is missing (CLEF_JOURNAL_KEY_FILE = “{without_the_key_file}”): "
        "nothing is sold until it is there. Make one with “clef journal keygen”. An auditor "
        "without the key file gives the public key with --public-key."
    )
    assert error.returncode == 1
    assert out == ""


def test_an_unreadable_key_file_is_named(entries, settings, tmp_path):
    path = tmp_path / "journal.key"
    path.write_text("not a key")
    settings.CLEF_JOURNAL_KEY_FILE = str(path)
    error, _out = refused("verify")
    assert str(error).startswith(
        f"The journal's signing key (CLEF_JOURNAL_KEY_FILE = “{path}”) cannot be read as an "
        "Ed25519 private key"
    )


def test_the_command_says_so_without_a_traceback(tmp_path):
    env = {
        **os.environ,
        "CLEF_JOURNAL_KEY_FILE": str(tmp_path / "missing.key"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "CLEF_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "clef.settings",
        "LANGUAGE": "en",
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "journal", "verify"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 1
    assert "CLEF_JOURNAL_KEY_FILE" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


# --- archives -----------------------------------------------------------------------------
def test_an_archive_verifies_with_the_public_key_alone(
    venue, entries, public, tmp_path, without_the_key_file, django_assert_num_queries
):
    path = tmp_path / "journal.zip"
    text = keys.public_text(public)
    # Exported on the server, with its key.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keys, "public_key", lambda: public)
        archive.export(venue, venue.local_date(), venue.local_date(), path)
    with django_assert_num_queries(0):
        result = archive.verify_archive(path, key=keys.load_public(text))
        out, _err = run("verify", "--archive", str(path), "--public-key", text)
    assert result.ok, result.problem
    assert (result.entries, result.signatures) == (6, 1)
    assert out == (
        f"La Clef: OK: 6 entries, #1..#6, last hash {entries[6].hash}\n"
        f"  Signatures: 1 checked with the key {keys.fingerprint(public)} (the closings' and "
        "the last entry's, which vouch for every entry before them).\n"
        f"  The manifest names the key {keys.fingerprint(public)}.\n"
    )
    out, _err = run("verify", "--archive", str(path), "--public-key", text, "--all-signatures")
    assert f"  Signatures: 6 checked, every one, with the key {keys.fingerprint(public)}." in out


def unpack(path):
    """(the lines of the archive's journal, its manifest)."""
    with zipfile.ZipFile(path) as zipped:
        lines = [json.loads(line) for line in zipped.read("journal.jsonl").decode().splitlines()]
        return lines, json.loads(zipped.read("manifest.json"))


def repack(path, lines, manifest):
    """The archive written again with these lines, the manifest's digest of them following."""
    raw = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()
    manifest["journal_sha256"] = hashlib.sha256(raw).hexdigest()
    with zipfile.ZipFile(path, "w") as zipped:
        zipped.writestr("journal.jsonl", raw)
        zipped.writestr("manifest.json", json.dumps(manifest))


def rewrite_from(path, sequence, change):
    """The archive with entry ``sequence``'s body changed and every hash after it
    computed again, the manifest following: only the signatures can tell."""
    lines, manifest = unpack(path)
    previous = manifest["first"]["previous_hash"]
    for line in lines:
        if line["sequence"] == sequence:
            body = json.loads(line["body"])
            change(body)
            line["body"] = journal.canonical(body)
        if line["sequence"] >= sequence:
            line["previous_hash"] = previous
            line["hash"] = journal.chain_hash(
                previous, line["sequence"], line["recorded_at"], line["kind"], line["body"]
            )
        previous = line["hash"]
    manifest["last"]["hash"] = previous
    repack(path, lines, manifest)


@pytest.mark.parametrize("probe", [archive.PROBE, 2])
def test_an_archive_rewritten_and_hashed_again_is_found_at_the_changed_entry(
    venue, entries, public, tmp_path, monkeypatch, probe
):
    monkeypatch.setattr(archive, "PROBE", probe)
    path = tmp_path / "journal.zip"
    archive.export(venue, venue.local_date(), venue.local_date(), path)
    rewrite_from(path, 3, lambda body: body.update(method="free"))
    assert archive.verify_archive(path).ok  # the chain alone holds
    result = archive.verify_archive(path, key=public)
    assert (result.problem.sequence, result.problem.code) == (3, "not_signed")
    result = archive.verify_archive(path, key=public, all_signatures=True)
    assert (result.problem.sequence, result.problem.code) == (3, "not_signed")


def test_an_archive_needs_the_public_key_to_check_signatures(entries, without_the_key_file):
    error, _out = refused("verify", "--archive", "journal.zip")
    assert "CLEF_JOURNAL_KEY_FILE" in str(error)
    assert "--public-key" in str(error)


def break_entry_4(entries):
    sql("UPDATE boxoffice_journalentry SET kind = 'reversal' WHERE id = %s", [entries[4].pk])


def test_a_broken_journal_is_not_exported(venue, entries, tmp_path):
    break_entry_4(entries)
    path = tmp_path / "journal.zip"
    today = venue.local_date().isoformat()
    error, out = refused("export", "--from", today, "--to", today, "--output", str(path))
    assert str(error) == (
        "The journal of La Clef is broken, nothing was exported: Entry 4 was changed: it was "
        "“Sale”, it now says “Reversal”. Check it with “clef journal verify”, or export it as "
        "it is with --force (the archive will say so)."
    )
    assert error.returncode == 1
    assert not path.exists()
    assert out == ""


def test_a_broken_journal_exported_by_force_says_so(venue, entries, tmp_path):
    break_entry_4(entries)
    path = tmp_path / "journal.zip"
    today = venue.local_date().isoformat()
    run("export", "--from", today, "--to", today, "--output", str(path), "--force")
    with zipfile.ZipFile(path) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
    assert manifest["forced"] is True
    assert manifest["forced_because"] == {
        "entry": 4,
        "code": "changed",
        "message": "Entry 4 was changed: it was “Sale”, it now says “Reversal”.",
    }
    assert manifest["public_key_fingerprint"] == keys.fingerprint(keys.public_key())
    _error, out = refused("verify", "--archive", str(path))
    assert out.splitlines()[0].startswith("La Clef: BROKEN at entry 4: Entry 4 was changed")
    assert "  This archive was exported by force, from a broken journal." in out.splitlines()


def test_a_whole_journal_exported_says_it_was_not_forced(venue, entries, tmp_path):
    path = tmp_path / "journal.zip"
    archive.export(venue, venue.local_date(), venue.local_date(), path)
    with zipfile.ZipFile(path) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
    assert (manifest["forced"], manifest["forced_because"]) == (False, None)


def test_an_archive_of_the_first_version_is_read_as_unsigned(venue, entries, public, tmp_path):
    path = tmp_path / "journal.zip"
    archive.export(venue, venue.local_date(), venue.local_date(), path)
    lines, manifest = unpack(path)
    for line in lines:
        del line["signature"]
    manifest["version"] = 1
    repack(path, lines, manifest)
    result = archive.verify_archive(path, key=public)
    assert result.ok, result.problem
    assert (result.unsigned, result.signatures) == (6, 0)
    assert result.notes == [
        "Entries 1 to 6 carry no signature (written before the journal was signed): only "
        "their hashes were checked."
    ]
