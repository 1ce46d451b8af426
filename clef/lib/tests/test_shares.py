from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from clef.lib.money import cents
from clef.lib.shares import split_ticket

LA_CLEF = {
    "vat_rate": Decimal("5.5"),
    "tsa_rate": Decimal("10.72"),
    "rental_rate": Decimal("50"),
    "music_rights_rate": Decimal("1.27"),
}


def test_a_ten_euro_ticket_under_a_fifty_percent_agreement():
    split = split_ticket(Decimal("10.00"), **LA_CLEF)
    # 10.00 / 1.055 = 9.4786... -> 9.48 excluding VAT, so VAT is 0.52
    assert split.vat == Decimal("0.52")
    # 10.72 % of 10.00
    assert split.tsa == Decimal("1.07")
    # base: 9.48 - 1.07 = 8.41; half of it, 4.205, rounds half up
    assert split.distributor_base == Decimal("8.41")
    assert split.rights_holder == Decimal("4.21")
    # 1.27 % of 9.48 = 0.120
    assert split.music_rights == Decimal("0.12")
    assert split.cinema == Decimal("4.08")
    assert sum(split.parts()) == Decimal("10.00")


def test_a_free_ticket_carries_nothing():
    split = split_ticket(Decimal("0"), **LA_CLEF)
    assert split.parts() == [Decimal("0.00")] * 5


def test_rights_given_freely_leave_the_rest_to_the_cinema():
    split = split_ticket(Decimal("6.00"), **{**LA_CLEF, "rental_rate": Decimal("0")})
    assert split.rights_holder == Decimal("0.00")
    assert split.cinema == Decimal("6.00") - split.vat - split.tsa - split.music_rights


@given(
    price=st.decimals(min_value=0, max_value=200, places=2),
    rental=st.decimals(min_value=0, max_value=50, places=2),
    music=st.decimals(min_value=0, max_value=5, places=2),
)
def test_the_parts_always_add_up_to_the_price_and_none_is_negative(price, rental, music):
    split = split_ticket(price, **{**LA_CLEF, "rental_rate": rental, "music_rights_rate": music})
    assert sum(split.parts()) == cents(price)
    assert all(part >= 0 for part in split.parts())
    assert all(part == cents(part) for part in split.parts())
