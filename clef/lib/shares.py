"""Where the money of one ticket goes, by the French rules (see docs/money.md).

Pure arithmetic on Decimals; the rates are passed in (a venue's settings). The parts are
rounded to the cent half up, and the cinema's part is what remains, so that the parts
always add up to the price paid exactly.
"""

from dataclasses import dataclass
from decimal import Decimal

from clef.lib.money import cents, percent_of, without_vat


@dataclass(frozen=True)
class TicketSplit:
    price: Decimal
    vat: Decimal
    tsa: Decimal
    rights_holder: Decimal
    music_rights: Decimal
    cinema: Decimal

    @property
    def distributor_base(self):
        """Receipts excluding VAT, minus the tax to the CNC."""
        return self.price - self.vat - self.tsa

    def parts(self):
        return [self.vat, self.tsa, self.rights_holder, self.music_rights, self.cinema]


def split_ticket(price, *, vat_rate, tsa_rate, rental_rate, music_rights_rate):
    price = cents(price)
    excluding_vat = without_vat(price, vat_rate)
    vat = price - excluding_vat
    tsa = percent_of(price, tsa_rate)
    base = excluding_vat - tsa
    rights_holder = percent_of(base, rental_rate)
    music_rights = percent_of(excluding_vat, music_rights_rate)
    cinema = price - vat - tsa - rights_holder - music_rights
    return TicketSplit(price, vat, tsa, rights_holder, music_rights, cinema)
