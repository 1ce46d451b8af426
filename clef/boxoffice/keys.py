"""The journal's signing key: Ed25519, kept in a file outside the database.

``CLEF_JOURNAL_KEY_FILE`` names the private key (PEM, PKCS #8), made by ``clef journal
keygen``. Every journal entry's hash is signed with it when the entry is written; the
server refuses to write an entry it cannot sign. The public key is derived from that file
or given to ``verify`` (``--public-key``): it is never read from the database, so one who
can write the database cannot sign a forged chain.
"""

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.utils.translation import gettext as _

from clef.lib.refusals import Refused

SETTING = "CLEF_JOURNAL_KEY_FILE"
_loaded = {}


class KeyUnavailable(Refused):
    """No key to sign with, or a public key that cannot be read."""


def key_path():
    return Path(getattr(settings, SETTING, "") or "")


def private_key():
    """The signing key, read once per process (again when the file changes)."""
    path = key_path()
    try:
        stat = path.stat() if str(path) else None
    except OSError:
        stat = None
    if stat is None:
        raise KeyUnavailable(
            "journal_key_missing",
            _(
                "The journal's signing key is missing (%(variable)s = “%(path)s”): nothing "
                "is sold until it is there. Make one with “clef journal keygen”."
            )
            % {"variable": SETTING, "path": path},
        )
    cached = _loaded.get(str(path))
    if cached is not None and cached[0] == (stat.st_mtime_ns, stat.st_size):
        return cached[1]
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError):
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyUnavailable(
            "journal_key_unreadable",
            _(
                "The journal's signing key (%(variable)s = “%(path)s”) cannot be read as an "
                "Ed25519 private key: nothing is sold until it is fixed."
            )
            % {"variable": SETTING, "path": path},
        )
    _loaded[str(path)] = ((stat.st_mtime_ns, stat.st_size), key)
    return key


def sign(digest):
    """The signature (128 hex digits) of an entry's hash (64 hex digits)."""
    return private_key().sign(digest.encode()).hex()


def public_key():
    """The public half of the key file."""
    return private_key().public_key()


def public_bytes(key):
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_text(key):
    """The public key as one line anyone can copy: base64 of its 32 bytes."""
    return base64.b64encode(public_bytes(key)).decode()


def fingerprint(key):
    """SHA-256 of the public key's 32 bytes, in groups of four hex digits."""
    digest = hashlib.sha256(public_bytes(key)).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def load_public(text):
    """A public key given by an auditor: a PEM file's text, or base64 or hex of its 32
    bytes. Raises ``KeyUnavailable`` when it is none of them."""
    text = (text or "").strip()
    key = None
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode())
        elif len(text) == 64:
            key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(text))
        else:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except (ValueError, TypeError):
        key = None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyUnavailable(
            "public_key_invalid",
            _("This is not an Ed25519 public key (PEM, or its 32 bytes in base64 or hex)."),
        )
    return key


def is_valid(key, digest, signature):
    """Whether ``signature`` (hex) signs ``digest`` with ``key``."""
    try:
        key.verify(bytes.fromhex(signature or ""), digest.encode())
    except (InvalidSignature, ValueError):
        return False
    return True


def generate(path):
    """Write a new private key to ``path`` (readable by its owner only); never replaces
    an existing file. Returns the public key."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return key.public_key()


@dataclass(frozen=True)
class Signer:
    """The journal's key as a page shows it: the public key's ``fingerprint`` (None when
    the key file cannot be read) and whether it ``signed`` the entry shown (None when
    there is no key or no entry)."""

    fingerprint: str | None
    signed: bool | None


def signer(entry=None):
    """The key as a page shows it, and whether it signed ``entry``."""
    try:
        public = public_key()
    except KeyUnavailable:
        return Signer(None, None)
    signed = None
    if entry is not None:
        signed = is_valid(public, entry.hash, entry.signature)
    return Signer(fingerprint(public), signed)
