"""The totals of a period, read from the journal: what its money entries add up to
(``Figures``: the total, each kind of entry counted and summed, by VAT rate, kind of
line, payment method and channel), the perpetual grand total per channel, and a
closing's totals as its page and PDF show them.

Money is every euro taken or given back: the till's sales, reversals and refunds (each
with its ``channel``, ``till`` or ``door``; a body without one is the till's) and the
online payments and refunds (channel ``online``, see ``online.py``). The closings
(``closings.py``) add up the entries of their period here and check the parts; ``verify``
(``closing_checks.py``) recomputes them the same way.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from clef.boxoffice import journal, keys
from clef.boxoffice.models import Closing, JournalEntry, Sale, SaleLine
from clef.lib.money import format_euros, without_vat
from clef.lib.refusals import Refused
from clef.payments.methods import METHODS as PAYMENT_METHODS

ZERO = Decimal("0.00")
Kind = JournalEntry.Kind
# The entries that carry money: the till's (each with its sale) and the online ones.
TILL_KINDS = (Kind.SALE, Kind.REVERSAL, Kind.REFUND)
ONLINE_KINDS = (Kind.ONLINE_PAYMENT, Kind.ONLINE_REFUND)
MONEY_KINDS = (*TILL_KINDS, *ONLINE_KINDS)
# The entries a closing covers.
COVERED_KINDS = (*MONEY_KINDS, Kind.SESSION_OPENED, Kind.SESSION_CLOSED)
LINE_KINDS = tuple(SaleLine.Kind.values)
# The methods money is counted by: a split payment's parts go to cash and card.
METHODS = tuple(m for m in Sale.Method.values if m != Sale.Method.SPLIT)
ONLINE = "online"
CHANNELS = (*Sale.Channel.values, ONLINE)
# Where the totals keep the count and sum of each kind of money entry.
TALLIES = {
    Kind.SALE: "sales",
    Kind.REVERSAL: "reversals",
    Kind.REFUND: "refunds",
    Kind.ONLINE_PAYMENT: "online_payments",
    Kind.ONLINE_REFUND: "online_refunds",
}
CHANNEL_LABELS = {**dict(Sale.Channel.choices), ONLINE: pgettext_lazy("channel", "Online")}


class ClosingRefused(Refused):
    """A closing that cannot be made; ``code`` is stable, ``message`` translated."""


def amount_of(kind, body):
    """The money a journal entry (``body`` parsed) took (or gave back, below zero)."""
    return Decimal(body["amount"] if kind in ONLINE_KINDS else body["total"])


def channel_of(kind, body):
    """Where the money of a journal entry was taken: ``till``, ``door`` or ``online``."""
    if kind in ONLINE_KINDS:
        return ONLINE
    return body.get("channel") or Sale.Channel.TILL


def tenders_of(kind, body):
    """{method: amount} of a money entry (``body`` parsed): a split payment's cash and
    card parts as its body writes them, else its whole amount by its method."""
    if "tenders" in body:
        return {method: Decimal(amount) for method, amount in body["tenders"].items()}
    return {body["method"]: amount_of(kind, body)}


@dataclass
class Tally:
    count: int = 0
    total: Decimal = ZERO


def _tallies():
    return {name: Tally() for name in TALLIES.values()}


@dataclass
class Figures:
    """What a period's money entries add up to. Amounts are Decimals."""

    total: Decimal = ZERO
    entries: int = 0
    tallies: dict = field(default_factory=_tallies)  # "sales" -> Tally
    gross: dict = field(default_factory=dict)  # "5.50" -> amount, VAT included
    kinds: dict = field(default_factory=lambda: dict.fromkeys(LINE_KINDS, ZERO))
    methods: dict = field(default_factory=lambda: dict.fromkeys(METHODS, ZERO))
    channels: dict = field(default_factory=lambda: dict.fromkeys(CHANNELS, ZERO))

    @property
    def sales(self):
        return self.tallies["sales"].count

    @property
    def sales_total(self):
        return self.tallies["sales"].total

    @property
    def reversals(self):
        return self.tallies["reversals"].count

    @property
    def reversals_total(self):
        return self.tallies["reversals"].total

    def add_entry(self, kind, body):
        """Count one journal entry (``body`` parsed)."""
        self.entries += 1
        if kind not in MONEY_KINDS:
            return
        total = amount_of(kind, body)
        self.total += total
        tally = self.tallies[TALLIES[kind]]
        tally.count += 1
        tally.total += total
        channel = channel_of(kind, body)
        self.channels[channel] = self.channels.get(channel, ZERO) + total
        for method, amount in tenders_of(kind, body).items():
            self.methods[method] = self.methods.get(method, ZERO) + amount
        lines_total = ZERO
        for line in body["lines"]:
            amount = Decimal(line["amount"])
            lines_total += amount
            rate = f"{Decimal(line['vat_rate']):.2f}"
            self.gross[rate] = self.gross.get(rate, ZERO) + amount
            self.kinds[line["kind"]] = self.kinds.get(line["kind"], ZERO) + amount
        if lines_total != total:
            raise ClosingRefused(
                "inconsistent",
                _("Sale %(sale)s: its lines add up to %(lines)s, not to its total %(total)s.")
                % {
                    "sale": body.get("sale") or body.get("payment") or "?",
                    "lines": format_euros(lines_total),
                    "total": format_euros(total),
                },
            )

    def add(self, other):
        """Add the figures of a shorter period (a day to its month)."""
        self.total += other.total
        self.entries += other.entries
        for name, tally in other.tallies.items():
            mine = self.tallies.setdefault(name, Tally())
            mine.count += tally.count
            mine.total += tally.total
        for mine, theirs in (
            (self.gross, other.gross),
            (self.kinds, other.kinds),
            (self.methods, other.methods),
            (self.channels, other.channels),
        ):
            for key, amount in theirs.items():
                mine[key] = mine.get(key, ZERO) + amount

    def vat(self):
        """Per rate: gross, net and VAT, the net computed on the rate's sum."""
        totals = {}
        for rate in sorted(self.gross, key=Decimal):
            gross = self.gross[rate]
            net = without_vat(gross, rate)
            totals[rate] = {"gross": gross, "net": net, "vat": gross - net}
        return totals

    def sums(self):
        """What must equal between a period and the sum of its parts."""
        return (
            self.total,
            self.entries,
            {name: (t.count, t.total) for name, t in self.tallies.items()},
            self.gross,
            self.kinds,
            self.methods,
            self.channels,
        )

    def check(self):
        """The parts add up to the total, or the closing is refused."""
        parts = {
            _("VAT rates"): sum(self.gross.values(), ZERO),
            _("kinds of line"): sum(self.kinds.values(), ZERO),
            _("payment methods"): sum(self.methods.values(), ZERO),
            _("channels"): sum(self.channels.values(), ZERO),
            _("sales, reversals and refunds"): sum((t.total for t in self.tallies.values()), ZERO),
        }
        for name, amount in parts.items():
            if amount != self.total:
                raise ClosingRefused(
                    "inconsistent",
                    _("The %(parts)s add up to %(amount)s, not to the total %(total)s.")
                    % {
                        "parts": name,
                        "amount": format_euros(amount),
                        "total": format_euros(self.total),
                    },
                )

    def as_totals(self):
        """The ``Closing.totals`` JSON (amounts as "12.50")."""
        return json.loads(
            journal.canonical(
                {
                    "entries": self.entries,
                    **{
                        name: {"count": t.count, "total": t.total}
                        for name, t in self.tallies.items()
                    },
                    "vat": self.vat(),
                    "kinds": self.kinds,
                    "methods": self.methods,
                    "channels": self.channels,
                }
            )
        )

    @classmethod
    def of_closing(cls, closing):
        """The figures a closing recorded, read back from its ``totals`` (a closing made
        before the online money and the channels counts its money as the till's)."""
        totals = closing.totals
        tallies = _tallies()
        for name in tallies:
            if name in totals:
                tallies[name] = Tally(totals[name]["count"], Decimal(totals[name]["total"]))
        return cls(
            total=closing.total,
            entries=totals["entries"],
            tallies=tallies,
            gross={rate: Decimal(v["gross"]) for rate, v in totals["vat"].items()},
            kinds={k: Decimal(v) for k, v in totals["kinds"].items()},
            methods={k: Decimal(v) for k, v in totals["methods"].items()},
            channels=_channels(totals.get("channels"), closing.total),
        )


def _channels(recorded, total):
    channels = dict.fromkeys(CHANNELS, ZERO)
    if recorded is None:
        channels[Sale.Channel.TILL] = Decimal(total)
    else:
        channels.update({k: Decimal(v) for k, v in recorded.items()})
    return channels


def grand_total_channels(closing):
    """A closing's grand total split by channel."""
    return _channels(closing.totals.get("grand_total_channels"), closing.cumulative)


def grand_total_at(venue, sequence):
    """The perpetual grand total when the journal ended at ``sequence``: ``(total,
    {channel: amount})``. Starts from the last day closing made before it, and adds the
    money of the entries after that closing."""
    channels = dict.fromkeys(CHANNELS, ZERO)
    since = 0
    closing = (
        Closing.objects.filter(
            venue=venue,
            kind=Closing.Kind.DAY,
            last_sequence__isnull=False,
            last_sequence__lte=sequence,
        )
        .order_by("-last_sequence")
        .first()
    )
    if closing is not None:
        channels = grand_total_channels(closing)
        since = closing.last_sequence
    entries = JournalEntry.objects.filter(
        venue=venue, kind__in=MONEY_KINDS, sequence__gt=since, sequence__lte=sequence
    ).values_list("kind", "body")
    for kind, text in entries.iterator():
        body = json.loads(text)
        channel = channel_of(kind, body)
        channels[channel] = channels.get(channel, ZERO) + amount_of(kind, body)
    return sum(channels.values(), ZERO), channels


# --- reading ----------------------------------------------------------------------------
def method_label(code):
    """A payment method's name: the till's (cash, card, free) or an online one's."""
    if code in METHODS:
        return Sale.Method(code).label
    method = PAYMENT_METHODS.get(code)
    return method.label if method is not None else code


def tally_labels():
    return {
        "sales": _("Sales"),
        "reversals": _("Reversals"),
        "refunds": _("Refunds at the till"),
        "online_payments": _("Online payments"),
        "online_refunds": _("Online refunds"),
    }


@dataclass
class Presented:
    """A closing's totals ready to show: Decimals, labels, in a fixed order."""

    closing: Closing
    vat: list  # (rate, gross, net, vat)
    kinds: list  # (label, amount)
    methods: list  # (label, amount)
    channels: list  # (label, amount)
    tallies: list  # (label, count, total)
    grand_total_channels: list  # (label, amount)
    sales: int
    sales_total: Decimal
    reversals: int
    reversals_total: Decimal
    entries: int
    key: keys.Signer


def presented(closing):
    figures = Figures.of_closing(closing)
    totals = closing.totals
    online_methods = sorted(code for code in figures.methods if code not in METHODS)
    labels = tally_labels()
    return Presented(
        closing=closing,
        vat=[
            (Decimal(rate), Decimal(v["gross"]), Decimal(v["net"]), Decimal(v["vat"]))
            for rate, v in sorted(totals["vat"].items(), key=lambda item: Decimal(item[0]))
        ],
        kinds=[(SaleLine.Kind(kind).label, figures.kinds.get(kind, ZERO)) for kind in LINE_KINDS],
        methods=[
            (method_label(code), figures.methods.get(code, ZERO))
            for code in (*METHODS, *online_methods)
        ],
        channels=[(CHANNEL_LABELS[c], figures.channels.get(c, ZERO)) for c in CHANNELS],
        tallies=[(labels[name], t.count, t.total) for name, t in figures.tallies.items()],
        grand_total_channels=[
            (CHANNEL_LABELS.get(c, c), amount)
            for c, amount in grand_total_channels(closing).items()
        ],
        sales=figures.sales,
        sales_total=figures.sales_total,
        reversals=figures.reversals,
        reversals_total=figures.reversals_total,
        entries=figures.entries,
        key=keys.signer(closing.entry),
    )
