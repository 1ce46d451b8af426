"""What a gift costs after the tax reduction (pure: no database, no settings read).

French law (``DOMAIN.md``, Donations and receipts): a person deducts 66 % of a gift from
their income tax, within 20 % of their taxable income (what is over carries to the next
five years); a company deducts 60 % from its corporate tax, within 20,000 € or 0.5 % of
its turnover, whichever is higher. A counterpart worth more than 25 % of the gift, or more
than the yearly flat cap, takes the whole reduction away.

Without the income (or turnover) the estimate assumes the gift is within the limit, as
the form says."""

from dataclasses import dataclass
from decimal import Decimal

from clef.lib.money import cents, percent_of

ZERO = Decimal("0.00")
PERSON_RATE = Decimal("66")
PERSON_INCOME_SHARE = Decimal("20")
COMPANY_RATE = Decimal("60")
COMPANY_FLOOR = Decimal("20000")
COMPANY_TURNOVER_SHARE = Decimal("0.5")
CARRY_OVER_YEARS = 5
COUNTERPART_SHARE = Decimal("25")


@dataclass(frozen=True)
class Estimate:
    amount: Decimal
    rate: Decimal  # percent
    reduction: Decimal  # deducted from this year's tax
    cost: Decimal  # what the gift costs the donor this year
    carried_over: Decimal  # the part over the limit, deducted in the next years
    limit: Decimal | None  # the limit applied, when one was known or is fixed
    counterpart_too_big: bool = False


def estimate(
    amount,
    kind="person",
    *,
    taxable_income=None,
    turnover=None,
    counterpart_value=ZERO,
    counterpart_cap=None,
):
    """What a gift of ``amount`` from a ``kind`` ("person" or "company") costs."""
    amount = cents(amount)
    value = cents(counterpart_value or ZERO)
    too_big = value > percent_of(amount, COUNTERPART_SHARE) or (
        counterpart_cap is not None and value > counterpart_cap
    )
    if kind == "company":
        rate = COMPANY_RATE
        limit = max(COMPANY_FLOOR, percent_of(turnover or ZERO, COMPANY_TURNOVER_SHARE))
    else:
        rate = PERSON_RATE
        limit = (
            percent_of(taxable_income, PERSON_INCOME_SHARE) if taxable_income is not None else None
        )
    if too_big:
        return Estimate(amount, rate, ZERO, amount, ZERO, limit, counterpart_too_big=True)
    within = amount if limit is None else min(amount, limit)
    reduction = percent_of(within, rate)
    carried = percent_of(amount - within, rate)
    return Estimate(amount, rate, reduction, amount - reduction, carried, limit)
