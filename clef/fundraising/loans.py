"""A bank loan's monthly repayment schedule, to the cent. Pure: no database.

Constant instalments (the French "échéances constantes"): each month pays the interest on
what is still owed, at a twelfth of the yearly rate, and the rest of the instalment pays
back the principal. Every figure is rounded to the cent as it is computed; the last
instalment pays back exactly what is left, so it absorbs the rounding and the principal
repaid adds up to the amount borrowed.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, localcontext

from django.utils.translation import gettext as _

from clef.lib.money import cents, in_cents
from clef.lib.refusals import Refused

# A loan longer than this many years is a typing mistake.
LONGEST_YEARS = 50
HIGHEST_RATE = Decimal("100")


class BadLoan(Refused):
    pass


@dataclass(frozen=True)
class Instalment:
    number: int
    due_on: dt.date
    payment: Decimal
    interest: Decimal
    principal: Decimal
    remaining: Decimal


def check_terms(amount, rate, years):
    """Refuse terms no bank gives: nothing borrowed, a negative rate, no time to repay."""
    if amount is None or amount <= 0 or not in_cents(amount):
        raise BadLoan("loan_amount", _("The amount borrowed must be more than €0, in cents."))
    if rate is None or rate < 0:
        raise BadLoan("loan_rate", _("The rate cannot be negative."))
    if rate > HIGHEST_RATE:
        raise BadLoan("loan_rate", _("The rate is a percentage of at most 100."))
    if years is None or years <= 0:
        raise BadLoan("loan_years", _("A loan lasts at least one year."))
    if years > LONGEST_YEARS:
        raise BadLoan(
            "loan_years",
            _("A loan lasts at most %(years)s years.") % {"years": LONGEST_YEARS},
        )


def add_months(day, months):
    """The same day ``months`` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def monthly_payment(amount, rate, years):
    """The constant instalment, to the cent (before the last one's adjustment)."""
    months = years * 12
    if rate == 0:
        return cents(Decimal(amount) / months)
    with localcontext() as context:
        context.prec = 40
        monthly = Decimal(rate) / 100 / 12
        return cents(Decimal(amount) * monthly / (1 - (1 + monthly) ** -months))


def schedule(amount, rate, years, starts_on):
    """Every instalment, in order; the principal repaid adds up to ``amount``."""
    amount, rate = Decimal(amount), Decimal(rate)
    check_terms(amount, rate, years)
    months = years * 12
    payment = monthly_payment(amount, rate, years)
    monthly = rate / 100 / 12
    remaining = amount
    rows = []
    for number in range(1, months + 1):
        interest = cents(remaining * monthly)
        principal = remaining if number == months else min(payment - interest, remaining)
        remaining -= principal
        rows.append(
            Instalment(
                number=number,
                due_on=add_months(starts_on, number - 1),
                payment=principal + interest,
                interest=interest,
                principal=principal,
                remaining=remaining,
            )
        )
    return rows


def totals(rows):
    """What the loan costs: the sum of the instalments, of the interest, of the principal."""
    return {
        "payments": sum((row.payment for row in rows), Decimal("0.00")),
        "interest": sum((row.interest for row in rows), Decimal("0.00")),
        "principal": sum((row.principal for row in rows), Decimal("0.00")),
    }


def loan_schedule(loan):
    """The schedule of a ``Loan`` row."""
    return schedule(loan.amount, loan.rate, loan.years, loan.starts_on)
