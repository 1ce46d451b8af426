"""Worked examples of a screening's split, written out to the cent, and the rule that the
parts always add up to the receipts (docs/money.md)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from clef.lib.shares import (
    FLAT_FEE,
    MINIMUM_GUARANTEE,
    PERCENTAGE,
    WAIVED,
    Terms,
    allocate,
    split_receipts,
)

D = Decimal
RATES = {"vat_rate": D("5.5"), "tsa_rate": D("10.72"), "music_rights_rate": D("1.27")}


def split(receipts, *terms, **rates):
    return split_receipts(D(receipts), terms=list(terms), **{**RATES, **rates})


def test_ten_euros_under_a_fifty_percent_agreement():
    # 10.00 / 1.055 = 9.4787 → 9.48 excluding VAT, so VAT 0.52; TSA 10.72 % of 10.00 =
    # 1.072 → 1.07; base 9.48 - 1.07 = 8.41; share 50 % = 4.205 → 4.21 (half up); music
    # 1.27 % of 9.48 = 0.1204 → 0.12; the cinema keeps 10.00 - 0.52 - 1.07 - 0.12 - 4.21.
    parts = split("10.00", Terms(PERCENTAGE, rate=D(50)))
    assert parts.vat == D("0.52")
    assert parts.tsa == D("1.07")
    assert parts.distributor_base == D("8.41")
    assert parts.rights == (D("4.21"),)
    assert parts.music_rights == D("0.12")
    assert parts.cinema == D("4.08")
    assert sum(parts.parts()) == D("10.00")


def test_a_flat_fee_is_owed_whatever_the_receipts():
    # 200.00: excluding VAT 189.57, VAT 10.43, TSA 21.44, base 168.13, music 2.41.
    parts = split("200.00", Terms(FLAT_FEE, amount=D("150")))
    assert (parts.vat, parts.tsa, parts.distributor_base) == (D("10.43"), D("21.44"), D("168.13"))
    assert parts.music_rights == D("2.41")
    assert parts.rights == (D("150.00"),)
    assert parts.cinema == D("15.72")
    # On a quiet night the fee is more than the base: the cinema's part shows the loss.
    # 40.00: VAT 2.09, TSA 4.29, music 0.48; 40.00 - 2.09 - 4.29 - 0.48 - 150.00.
    quiet = split("40.00", Terms(FLAT_FEE, amount=D("150")))
    assert quiet.rights == (D("150.00"),)
    assert quiet.cinema == D("-116.86")
    assert sum(quiet.parts()) == D("40.00")


def test_a_minimum_guarantee_applies_only_when_the_percentage_is_less():
    small = split("200.00", Terms(MINIMUM_GUARANTEE, rate=D(35), amount=D(100)))
    # 35 % of 168.13 = 58.85, under the 100.00 guaranteed.
    assert small.rights == (D("100.00"),)
    assert small.cinema == D("65.72")
    big = split("1000.00", Terms(MINIMUM_GUARANTEE, rate=D(35), amount=D(100)))
    # 1000.00: excluding VAT 947.87, VAT 52.13, TSA 107.20, base 840.67; 35 % = 294.2345.
    assert big.distributor_base == D("840.67")
    assert big.rights == (D("294.23"),)
    assert big.music_rights == D("12.04")
    assert big.cinema == D("534.40")


def test_rights_waived_leave_the_share_to_the_cinema():
    parts = split("10.00", Terms(WAIVED))
    assert parts.rights == (D("0.00"),)
    assert parts.cinema == D("8.29")


def test_a_programme_of_shorts_with_three_rights_holders():
    # Running times 12, 25 and 8 minutes; no music rights. 100.00: VAT 5.21, TSA 10.72,
    # base 84.07, divided 22.4187 / 46.7056 / 14.9458: rounded down 22.41 + 46.70 + 14.94
    # = 84.05, the two cents left go to the largest remainders (first and third film).
    parts = split(
        "100.00",
        Terms(PERCENTAGE, rate=D(50), weight=D(12)),
        Terms(FLAT_FEE, amount=D(20), weight=D(25)),
        Terms(WAIVED, weight=D(8)),
        music_rights_rate=D(0),
    )
    assert parts.vat == D("5.21")
    assert parts.distributor_base == D("84.07")
    assert parts.portions == (D("22.42"), D("46.70"), D("14.95"))
    assert parts.rights == (D("11.21"), D("20.00"), D("0.00"))
    assert parts.cinema == D("52.86")
    assert sum(parts.parts()) == D("100.00")


def test_nothing_taken_carries_nothing_but_a_flat_fee():
    nothing = split("0.00", Terms(PERCENTAGE, rate=D(50)))
    assert set(nothing.parts()) == {D("0.00")}
    fee = split("0.00", Terms(FLAT_FEE, amount=D("80")))
    assert fee.cinema == D("-80.00")


def test_x_rated_works_pay_the_higher_tax():
    assert split("10.00", Terms(PERCENTAGE, rate=D(50)), tsa_rate=D("16.08")).tsa == D("1.61")


def test_allocation_adds_up_and_falls_back_to_equal_parts():
    assert allocate(D("0.10"), [1, 1, 1]) == (D("0.04"), D("0.03"), D("0.03"))
    assert allocate(D("9.99"), [0, 0]) == (D("5.00"), D("4.99"))
    assert allocate(D("5.00"), []) == ()


prices = st.decimals(min_value=0, max_value=60, places=2, allow_nan=False)


@given(
    st.lists(prices, max_size=200),
    st.decimals(min_value=0, max_value=50, places=2),
    st.decimals(min_value=0, max_value=3, places=2),
    st.sampled_from([D("10.72"), D("16.08")]),
    st.lists(st.integers(min_value=0, max_value=180), min_size=1, max_size=4),
)
def test_any_prices_split_exactly_and_nothing_is_negative(tickets, rate, music, tsa, runtimes):
    receipts = sum(tickets, D("0.00"))
    terms = [Terms(PERCENTAGE, rate=rate, weight=D(w)) for w in runtimes]
    parts = split(receipts, *terms, music_rights_rate=music, tsa_rate=tsa)
    assert sum(parts.parts()) == receipts
    assert sum(parts.portions) == parts.distributor_base
    assert all(part >= 0 for part in parts.parts())
    assert all(part == part.quantize(D("0.01")) for part in parts.parts())


@given(
    st.lists(prices, max_size=200),
    st.sampled_from([FLAT_FEE, MINIMUM_GUARANTEE, WAIVED]),
    st.decimals(min_value=0, max_value=500, places=2),
)
def test_fees_and_guarantees_split_exactly_too(tickets, kind, amount):
    receipts = sum(tickets, D("0.00"))
    parts = split(receipts, Terms(kind, rate=D(40), amount=amount))
    assert sum(parts.parts()) == receipts
    assert all(part >= 0 for part in [parts.vat, parts.tsa, parts.music_rights, *parts.rights])
