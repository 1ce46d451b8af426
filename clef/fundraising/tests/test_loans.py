import datetime as dt
from decimal import Decimal

import pytest

from clef.fundraising.loans import BadLoan, add_months, schedule, totals


def test_it_computes_a_textbook_schedule_to_the_cent():
    rows = schedule(Decimal("1000.00"), Decimal("12"), 1, dt.date(2024, 1, 31))
    assert len(rows) == 12
    assert [row.payment for row in rows[:11]] == [Decimal("88.85")] * 11
    assert rows[0].interest == Decimal("10.00")
    assert rows[0].principal == Decimal("78.85")
    assert rows[0].remaining == Decimal("921.15")
    assert rows[10].remaining == Decimal("87.96")


def test_the_last_instalment_absorbs_the_rounding():
    rows = schedule(Decimal("1000.00"), Decimal("12"), 1, dt.date(2024, 1, 31))
    last = rows[-1]
    assert last.principal == Decimal("87.96")
    assert last.interest == Decimal("0.88")
    assert last.payment == Decimal("88.84")
    assert last.remaining == Decimal("0.00")
    assert totals(rows) == {
        "payments": Decimal("1066.19"),
        "interest": Decimal("66.19"),
        "principal": Decimal("1000.00"),
    }


def test_the_2023_loan_is_repaid_to_the_cent_over_twenty_years():
    rows = schedule(Decimal("1400000.00"), Decimal("4.2"), 20, dt.date(2024, 6, 30))
    assert len(rows) == 240
    assert rows[0].payment == Decimal("8631.99")
    assert rows[0].interest == Decimal("4900.00")
    assert rows[-1].payment == Decimal("8632.20")
    assert totals(rows)["principal"] == Decimal("1400000.00")
    assert totals(rows)["interest"] == Decimal("671677.81")


def test_a_loan_without_interest_pays_back_equal_parts_and_the_rest_last():
    rows = schedule(Decimal("100.00"), Decimal("0"), 1, dt.date(2024, 6, 30))
    assert [row.payment for row in rows] == [Decimal("8.33")] * 11 + [Decimal("8.37")]
    assert all(row.interest == 0 for row in rows)


def test_instalments_fall_on_the_month_s_last_day_when_it_is_shorter():
    rows = schedule(Decimal("1000.00"), Decimal("12"), 1, dt.date(2024, 1, 31))
    assert [row.due_on for row in rows[:3]] == [
        dt.date(2024, 1, 31),
        dt.date(2024, 2, 29),
        dt.date(2024, 3, 31),
    ]
    assert add_months(dt.date(2023, 12, 31), 2) == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("amount", "rate", "years", "code"),
    [
        ("1000", "-0.5", 10, "loan_rate"),
        ("1000", "2", 0, "loan_years"),
        ("1000", "2", -3, "loan_years"),
        ("0", "2", 10, "loan_amount"),
        ("10.001", "2", 10, "loan_amount"),
        ("1000", "2", 99, "loan_years"),
    ],
)
def test_it_refuses_terms_no_bank_gives(amount, rate, years, code):
    with pytest.raises(BadLoan) as refused:
        schedule(Decimal(amount), Decimal(rate), years, dt.date(2024, 1, 1))
    assert refused.value.code == code
