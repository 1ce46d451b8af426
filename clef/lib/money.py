"""Money is Decimal with two places, rounded half up in one place: here."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import get_language

CENT = Decimal("0.01")


def cents(value):
    """Round an amount to the cent, half up (the rule of French tax forms)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def in_cents(value):
    """Whether a Decimal has at most two decimals; safe on huge values (where
    ``quantize`` raises)."""
    return value.normalize().as_tuple().exponent >= -2


def format_euros(amount):
    """An amount as the current language writes it: 10,50 € in French, €10.50 in English."""
    value = formats.number_format(cents(amount), 2, use_l10n=True, force_grouping=True)
    if (get_language() or "").startswith("en"):
        return f"-€{value[1:]}" if value.startswith("-") else f"€{value}"
    return f"{value}\u00a0€"


def percent_of(amount, rate):
    """``rate`` percent of ``amount``, to the cent."""
    return cents(Decimal(amount) * Decimal(rate) / 100)


def without_vat(amount, vat_rate):
    """The part of a VAT-inclusive ``amount`` that is not VAT, to the cent."""
    return cents(Decimal(amount) * 100 / (100 + Decimal(vat_rate)))


def format_rate(rate):
    """A rate as people write it, in the active language: 50, 37,5 (no trailing zeros)."""
    value = Decimal(rate).normalize()
    if value == value.to_integral():
        value = value.quantize(Decimal(1))
    return formats.number_format(value, use_l10n=True)
