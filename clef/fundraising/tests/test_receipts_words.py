"""A receipt's amount in French words."""

from decimal import Decimal

import pytest

from clef.fundraising.receipts_words import in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0.50", "cinquante centimes"),
        ("1", "un euro"),
        ("21", "vingt et un euros"),
        ("80", "quatre-vingts euros"),
        ("71.01", "soixante et onze euros et un centime"),
        ("1000000.01", "un million d'euros et un centime"),
        ("2000000", "deux millions d'euros"),
        ("200.10", "deux cents euros et dix centimes"),
    ],
)
def test_the_amount_in_words(amount, words):
    assert in_words(Decimal(amount)) == words
