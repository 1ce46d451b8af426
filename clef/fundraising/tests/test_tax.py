"""The tax estimate on worked examples (DOMAIN.md, Donations and receipts)."""

from decimal import Decimal

from clef.fundraising.tax import estimate


def test_a_person_giving_100_euros_pays_34_after_the_reduction():
    result = estimate(Decimal("100"))
    assert (result.reduction, result.cost, result.carried_over) == (
        Decimal("66.00"),
        Decimal("34.00"),
        Decimal("0.00"),
    )


def test_a_person_above_a_fifth_of_their_income_carries_the_rest_over():
    # 20 % of 10,000 € is 2,000 €: 66 % of it now, 66 % of the 1,000 € over later.
    result = estimate(Decimal("3000"), taxable_income=Decimal("10000"))
    assert result.limit == Decimal("2000.00")
    assert result.reduction == Decimal("1320.00")
    assert result.carried_over == Decimal("660.00")
    assert result.cost == Decimal("1680.00")


def test_a_company_deducts_60_percent_within_20000_euros():
    result = estimate(Decimal("50000"), "company", turnover=Decimal("1000000"))
    # 0.5 % of 1 M€ is 5,000 €: the 20,000 € floor is higher.
    assert result.limit == Decimal("20000.00")
    assert result.reduction == Decimal("12000.00")
    assert result.cost == Decimal("38000.00")


def test_a_large_company_deducts_within_half_a_percent_of_its_turnover():
    result = estimate(Decimal("50000"), "company", turnover=Decimal("10000000"))
    assert result.limit == Decimal("50000.00")
    assert result.reduction == Decimal("30000.00")


def test_a_counterpart_worth_more_than_a_quarter_of_the_gift_takes_the_reduction_away():
    assert estimate(Decimal("40"), counterpart_value=Decimal("10")).reduction == Decimal("26.40")
    result = estimate(Decimal("40"), counterpart_value=Decimal("10.01"))
    assert (result.reduction, result.cost, result.counterpart_too_big) == (
        Decimal("0.00"),
        Decimal("40.00"),
        True,
    )


def test_a_counterpart_above_the_yearly_cap_takes_the_reduction_away():
    result = estimate(Decimal("1000"), counterpart_value=Decimal("80"), counterpart_cap=73)
    assert result.reduction == Decimal("0.00")


def test_cents_round_half_up():
    assert estimate(Decimal("0.75")).reduction == Decimal("0.50")  # 0.495
