"""Money is Decimal with two places, rounded half up in one place: here."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cents(value):
    """Round an amount to the cent, half up (the rule of French tax forms)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(amount, rate):
    """``rate`` percent of ``amount``, to the cent."""
    return cents(Decimal(amount) * Decimal(rate) / 100)


def without_vat(amount, vat_rate):
    """The part of a VAT-inclusive ``amount`` that is not VAT, to the cent."""
    return cents(Decimal(amount) * 100 / (100 + Decimal(vat_rate)))
