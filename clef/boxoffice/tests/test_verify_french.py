"""Every message of `clef journal verify` in the operator's language: in French, no
English word and no code, whatever it finds (a break, a signature, the anchor, the
tables)."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from clef.boxoffice.tests.journals import sql

pytestmark = pytest.mark.django_db

# Words of the English messages that French never uses (codes included).
ENGLISH = re.compile(
    r"\b(entry|entries|BROKEN|deleted|missing|changed|signed|signature was|anchor|beside|"
    r"differ|journal entry|the|is not|in the|was|were|rebuilt|recomputed|"
    r"not_signed|unsigned|broken_link|reordered|head|Sale|Till session|line|amount|"
    r"payment method|checked|agree|closings|sales)\b"
)


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def verify(*args):
    out = io.StringIO()
    try:
        call_command("journal", "verify", *args, stdout=out, stderr=io.StringIO())
    except CommandError as error:
        return out.getvalue() + str(error)
    return out.getvalue()


def english_in(text):
    # Hashes, fingerprints, sale codes and the anchor folder are not words of a language.
    text = re.sub(r"[0-9a-f]{64}|[0-9a-f]{4}( [0-9a-f]{4}){7}|/\S+", "", text)
    return sorted(set(ENGLISH.findall(text)))


def test_a_whole_journal_is_said_in_french(entries):
    out = verify()
    assert out.startswith("La Clef\u00a0: OK\u00a0: 6 entrées")
    assert "Ancre à côté de la clé\u00a0: le journal allait jusqu’à l’entrée 6" in out
    assert english_in(out) == []


def test_a_break_a_signature_and_the_tables_are_said_in_french(venue, entries):
    sale = entries[3].sale
    sql("UPDATE boxoffice_sale SET total = 1 WHERE id = %s", [sale.pk])
    sql(
        "UPDATE boxoffice_journalentry SET signature = %s WHERE id = %s",
        ["00" * 64, entries[6].pk],
    )
    out = verify()
    assert "La Clef\u00a0: ROMPU à l’entrée 6\u00a0: L’entrée 6 n’est pas signée par la clé" in out
    assert (
        f"Vente {sale.code}\u00a0: total dans la table 1,00\u00a0€, dans le journal 7,50\u00a0€."
        in out
    )
    assert english_in(out) == []


def test_a_cut_tail_is_said_in_french(venue, entries):
    sql("DELETE FROM boxoffice_journalentry WHERE venue_id = %s AND sequence = 6", [venue.pk])
    sql(
        "UPDATE boxoffice_journalhead SET sequence = 5, hash = %s WHERE venue_id = %s",
        [entries[5].hash, venue.pk],
    )
    out = verify("--chain-only")
    assert "L’entrée 6 manque\u00a0: supprimée (l’ancre à côté de la clé dit que le journal" in out
    assert english_in(out) == []


def test_bad_keys_are_said_in_french(entries, settings, tmp_path):
    out = verify("--public-key", "abc")
    assert out == (
        "--public-key\u00a0: Ce n’est pas une clé publique Ed25519 (PEM, ou ses 32 octets en "
        "base64 ou en hexadécimal)."
    )
    settings.CLEF_JOURNAL_KEY_FILE = str(tmp_path / "absente.key")
    out = verify()
    assert out.startswith("La clé de signature du journal est absente (CLEF_JOURNAL_KEY_FILE")
    assert english_in(out) == []
