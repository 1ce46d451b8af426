"""A gift at the till: a sale line of its own kind ("gift"), in the journal like any
line, at 0 % VAT, no ticket and so no tax on tickets, never an admission; shown apart in
the closings (by kind of line) and in the Z report.

The box office knows nothing of fundraising (which comes after it in the import order):
the fundraising app records the gift on its side through ``register_gift_listener``,
told of every gift line written, in the sale's transaction. A gift is anonymous unless
the cashier types the donor's name and postal address (for a tax receipt).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from clef.boxoffice.models import SaleLine
from clef.lib.forms import BadInput, parse_euros

GIFT_VAT = Decimal("0.00")
LONGEST_NAME = 200
LONGEST_ADDRESS = 500
# callable(sale, line, gift) for each gift line written, inside the sale's transaction.
GIFT_LISTENERS = []
# callable(line, by=...) for each gift line undone or refunded, in that transaction.
GIVEN_BACK_LISTENERS = []


@dataclass
class GiftLine:
    """A gift typed at the till: its amount, and who gives when a receipt is wanted."""

    amount: object
    name: str = ""
    address: str = ""
    email: str = ""


def register_gift_listener(listener, *, given_back):
    """``listener`` is told of each gift line sold, ``given_back`` of each undone or
    refunded (the line of the earlier sale)."""
    if listener not in GIFT_LISTENERS:
        GIFT_LISTENERS.append(listener)
    if given_back not in GIVEN_BACK_LISTENERS:
        GIVEN_BACK_LISTENERS.append(given_back)


def ceiling():
    return Decimal(getattr(settings, "CLEF_GIFT_CEILING", "50000"))


def gift_amount(gift, refused):
    """The amount of ``gift`` (a ``GiftLine``) checked, or ``refused(code, message)``
    raised: above 0, at most two decimals, at most the ceiling; a name without an
    address (or the reverse) cannot make a receipt."""
    high = ceiling()
    try:
        amount = parse_euros(gift.amount, low=Decimal("0"), high=high, code="gift_invalid")
    except BadInput as bad:
        raise refused(bad.code, bad.message) from None
    if amount <= 0:
        raise refused("gift_zero", _("A gift is more than 0 €."))
    name, address = gift.name.strip(), gift.address.strip()
    if len(name) > LONGEST_NAME or len(address) > LONGEST_ADDRESS or len(gift.email) > 254:
        raise refused("gift_too_long", _("The donor's name or address is too long."))
    if bool(name) != bool(address):
        raise refused(
            "gift_address_needed",
            _("A tax receipt needs the donor's name and postal address: type both, or neither."),
        )
    return amount


def gift_sale_line(amount):
    return SaleLine(
        kind=SaleLine.Kind.GIFT,
        label=_("Gift"),
        unit_price=amount,
        amount=amount,
        vat_rate=GIFT_VAT,
    )


def tell_listeners(sale, lines, gift):
    for line in lines:
        if line.kind == SaleLine.Kind.GIFT:
            for listener in GIFT_LISTENERS:
                listener(sale, line, gift)


def given_back(lines, *, by):
    for line in lines:
        if line.kind == SaleLine.Kind.GIFT:
            for listener in GIVEN_BACK_LISTENERS:
                listener(line, by=by)
