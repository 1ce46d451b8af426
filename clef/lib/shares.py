"""Where the money of a screening (or of one ticket) goes, by the French rules (see
docs/money.md).

Pure arithmetic on Decimals; the rates and each film's terms are passed in. The rule of
rounding is the same everywhere: every part except the cinema's is rounded to the cent,
half up, on the screening's receipts as a whole (not ticket by ticket); a programme of
shorts divides the distributor base between its films by the largest remainder, so the
films' portions add up to the base exactly; the cinema's part is what remains, so that
the parts always add up to the receipts exactly.
"""

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from clef.lib.money import CENT, cents, percent_of, without_vat

ZERO = Decimal("0.00")

# The kinds of agreement with a rights holder.
PERCENTAGE = "percentage"
FLAT_FEE = "flat_fee"
MINIMUM_GUARANTEE = "minimum_guarantee"
WAIVED = "waived"


@dataclass(frozen=True)
class Terms:
    """One film's agreement, as arithmetic sees it.

    ``rate``: percent of the film's portion of the distributor base (percentage and
    minimum guarantee); ``amount``: the flat fee, or the minimum guaranteed; ``weight``:
    the film's part of a programme (its runtime, or a share set by hand).
    """

    kind: str = PERCENTAGE
    rate: Decimal | None = None
    amount: Decimal | None = None
    weight: Decimal = Decimal(1)

    def owed(self, portion):
        """What the rights holder is owed on ``portion`` of the distributor base."""
        if self.kind == WAIVED:
            return ZERO
        if self.kind == FLAT_FEE:
            return cents(self.amount or 0)
        share = percent_of(portion, self.rate or 0)
        if self.kind == MINIMUM_GUARANTEE:
            return max(share, cents(self.amount or 0))
        return share


@dataclass(frozen=True)
class Split:
    """The parts of ``receipts`` (VAT included)."""

    receipts: Decimal
    vat: Decimal
    tsa: Decimal
    music_rights: Decimal
    portions: tuple  # each film's portion of the distributor base
    rights: tuple  # what each film's rights holder is owed
    cinema: Decimal

    @property
    def distributor_base(self):
        """Receipts excluding VAT, minus the tax to the CNC."""
        return self.receipts - self.vat - self.tsa

    @property
    def rights_holders(self):
        return sum(self.rights, ZERO)

    def parts(self):
        return [self.vat, self.tsa, self.music_rights, *self.rights, self.cinema]


def allocate(total, weights):
    """``total`` (in euros, two places) divided in proportion to ``weights``, to the cent:
    each part rounded down, then the cents left over go to the largest remainders (the
    first film on a tie). The parts add up to ``total`` exactly. No weight, or all zero:
    equal parts."""
    if not weights:
        return ()
    weights = [Decimal(w) for w in weights]
    if sum(weights) <= 0:
        weights = [Decimal(1)] * len(weights)
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [e.quantize(CENT, rounding=ROUND_FLOOR) for e in exact]
    left = int((total - sum(parts)) / CENT)
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += CENT
    return tuple(parts)


def split_receipts(receipts, *, vat_rate, tsa_rate, music_rights_rate, terms):
    """The split of a screening's ``receipts`` between the State (VAT), the CNC (TSA),
    music rights, each film's rights holder (``terms``, one per film) and the cinema."""
    receipts = cents(receipts)
    excluding_vat = without_vat(receipts, vat_rate)
    vat = receipts - excluding_vat
    tsa = percent_of(receipts, tsa_rate)
    music = percent_of(excluding_vat, music_rights_rate)
    portions = allocate(excluding_vat - tsa, [t.weight for t in terms])
    rights = tuple(t.owed(p) for t, p in zip(terms, portions, strict=True))
    cinema = receipts - vat - tsa - music - sum(rights, ZERO)
    return Split(receipts, vat, tsa, music, portions, rights, cinema)


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
        return self.price - self.vat - self.tsa

    def parts(self):
        return [self.vat, self.tsa, self.rights_holder, self.music_rights, self.cinema]


def split_ticket(price, *, vat_rate, tsa_rate, rental_rate, music_rights_rate):
    """One ticket under one percentage agreement: the example the public page explains."""
    split = split_receipts(
        price,
        vat_rate=vat_rate,
        tsa_rate=tsa_rate,
        music_rights_rate=music_rights_rate,
        terms=[Terms(PERCENTAGE, rate=rental_rate)],
    )
    return TicketSplit(
        split.receipts, split.vat, split.tsa, split.rights[0], split.music_rights, split.cinema
    )
