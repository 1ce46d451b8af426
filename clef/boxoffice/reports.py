"""A till session's report (the "Z" report): what was sold (tickets by price for each
screening, memberships, the bar by product), where (the till's screen or the door) and
how it was paid, VAT per rate, the reversals and refunds, the cash (the float, what was
expected, what was counted by denomination, the difference), and where the journal
stood when the session closed: the perpetual grand total, the chain's anchor (sequence
and hash) and the fingerprint of the key that signs it.

Read in a fixed number of queries, whatever the number of sales. Reversals and refunds
are sales with negative amounts: every figure here is net of them, and they are also
listed apart. A sale is counted as the journal counts it (its entry's kind), so that
the counts agree with the closings' and the close page's (``sessions.kind_of``). A split
payment's parts count under cash and card, and apart.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from clef.boxoffice import anchor, keys, totals
from clef.boxoffice.models import JournalEntry, JournalHead, Sale, SaleLine, TillSession
from clef.boxoffice.receipts import vat_totals
from clef.boxoffice.sessions import DENOMINATIONS, kind_of
from clef.programme.models import Screening

ZERO = Decimal("0.00")
TICKET_KINDS = (SaleLine.Kind.TICKET, SaleLine.Kind.PRESALE)


@dataclass
class Count:
    count: int = 0
    amount: Decimal = ZERO

    def add(self, count, amount):
        self.count += count
        self.amount += amount


@dataclass
class PriceRow:
    price: Decimal
    presale: bool  # booked online, paid here
    count: int = 0
    amount: Decimal = ZERO


@dataclass
class ScreeningBlock:
    screening: Screening
    rows: list = field(default_factory=list)

    @property
    def count(self):
        return sum(r.count for r in self.rows)

    @property
    def amount(self):
        return sum((r.amount for r in self.rows), ZERO)


@dataclass
class ProductRow:
    label: str
    quantity: int = 0
    amount: Decimal = ZERO


@dataclass
class MethodRow:
    """A payment method: the sales that used it and the money it took, split payments'
    parts included, and apart (``split_count``, ``split_amount``)."""

    method: str
    label: str
    count: int = 0
    amount: Decimal = ZERO
    split_count: int = 0
    split_amount: Decimal = ZERO


@dataclass
class ChannelRow:
    channel: str
    label: str
    count: int = 0
    amount: Decimal = ZERO


@dataclass
class VatRow:
    rate: Decimal
    gross: Decimal
    net: Decimal
    vat: Decimal


@dataclass(frozen=True)
class Anchor:
    """Where the chain stood: an entry's sequence and hash."""

    sequence: int
    hash: str


@dataclass
class CashRow:
    denomination: Decimal
    pieces: int

    @property
    def amount(self):
        return self.denomination * self.pieces


@dataclass
class Report:
    session: TillSession
    opened_at: object
    closed_at: object
    screenings: list
    memberships: Count
    products: list
    methods: list
    reversals: list
    sales_count: int
    total: Decimal
    expected: Decimal
    cash: list  # CashRow, largest first
    counted: Decimal | None
    difference: Decimal | None
    refunds: list = field(default_factory=list)
    channels: list = field(default_factory=list)  # ChannelRow: the till's screen, the door
    vat: list = field(default_factory=list)  # VatRow, by rate
    # The perpetual grand total when the session closed (now, while it is open), and
    # by channel: [(label, amount)].
    grand_total: Decimal = ZERO
    grand_total_channels: list = field(default_factory=list)
    # The session's last entry, and how far the journal went as the file beside the key
    # remembers it (``anchor.py``) when the report is read.
    last_entry: Anchor | None = None
    anchor: Anchor | None = None
    key: keys.Signer | None = None
    # Gifts at the till (``boxoffice.gifts``): apart from tickets, bar and memberships.
    gifts: Count = field(default_factory=Count)

    @property
    def tickets(self):
        return Count(
            sum(b.count for b in self.screenings), sum((b.amount for b in self.screenings), ZERO)
        )

    @property
    def bar(self):
        return Count(
            sum(p.quantity for p in self.products), sum((p.amount for p in self.products), ZERO)
        )

    @property
    def reversals_total(self):
        return sum((r.total for r in self.reversals), ZERO)

    @property
    def refunds_total(self):
        return sum((r.total for r in self.refunds), ZERO)

    @property
    def split(self):
        """The split payments: (count, {method: amount}), their parts apart."""
        parts = {m.method: m.split_amount for m in self.methods if m.split_count or m.split_amount}
        count = max((m.split_count for m in self.methods), default=0)
        return count, parts

    @property
    def methods_total(self):
        return sum((m.amount for m in self.methods), ZERO)

    @property
    def channels_total(self):
        return sum((c.amount for c in self.channels), ZERO)

    @property
    def vat_total(self):
        return sum((v.gross for v in self.vat), ZERO)


def session_for_report(pk):
    return TillSession.objects.select_related("till", "venue", "cashier", "closed_by").get(pk=pk)


def session_report(session):
    """The report of ``session`` (a ``TillSession`` with its till, venue and people)."""
    zone = session.venue.zone
    sales = list(
        Sale.objects.filter(session=session)
        .select_related("reverses")
        .order_by("created_at", "pk")
        .prefetch_related(
            Prefetch("lines", queryset=SaleLine.objects.order_by("position")),
        )
    )
    entries = list(
        JournalEntry.objects.filter(session=session)
        .order_by("sequence")
        .values_list("sale_id", "kind", "sequence", "hash")
    )
    kinds = {sale_id: kind for sale_id, kind, _seq, _hash in entries if sale_id}
    blocks, rows = {}, {}
    memberships = Count()
    gifts = Count()
    products = {}
    methods = {m: MethodRow(m, Sale.Method(m).label) for m in totals.METHODS}
    channels = {c: ChannelRow(c, label) for c, label in Sale.Channel.choices}
    reversals, refunds, all_lines = [], [], []
    sales_count = 0
    for sale in sales:
        kind = kind_of(sale, kinds.get(sale.pk))
        counted = kind == JournalEntry.Kind.SALE
        split = sale.method == Sale.Method.SPLIT
        for tender, amount in sale.tenders.items():
            method = methods[tender]
            method.amount += amount
            method.count += counted
            if split:
                method.split_amount += amount
                method.split_count += counted
        channel = channels.setdefault(sale.channel, ChannelRow(sale.channel, sale.channel))
        channel.amount += sale.total
        if kind == JournalEntry.Kind.REVERSAL:
            reversals.append(sale)
        elif kind == JournalEntry.Kind.REFUND:
            refunds.append(sale)
        else:
            sales_count += 1
            channel.count += 1
        for line in sale.lines.all():
            all_lines.append(line)
            if line.kind in TICKET_KINDS:
                key = (line.screening_id, line.kind == SaleLine.Kind.PRESALE, line.unit_price)
                row = rows.get(key)
                if row is None:
                    row = rows[key] = PriceRow(price=line.unit_price, presale=key[1])
                    blocks.setdefault(line.screening_id, []).append(row)
                row.count += line.quantity
                row.amount += line.amount
            elif line.kind == SaleLine.Kind.MEMBERSHIP:
                memberships.add(line.quantity, line.amount)
            elif line.kind == SaleLine.Kind.GIFT:
                gifts.add(line.quantity, line.amount)
            else:
                product = products.setdefault(
                    line.product_id or line.label, ProductRow(label=line.label)
                )
                product.quantity += line.quantity
                product.amount += line.amount
    screenings = {
        s.pk: s for s in Screening.objects.with_listing().filter(pk__in=[k for k in blocks if k])
    }
    screening_blocks = sorted(
        (
            ScreeningBlock(screening=screenings[pk], rows=sorted(r, key=_row_order))
            for pk, r in blocks.items()
            if pk in screenings
        ),
        key=lambda b: (b.screening.starts_at, b.screening.pk),
    )
    total = sum((s.total for s in sales), ZERO)
    cash_taken = sum((s.tenders.get(Sale.Method.CASH, ZERO) for s in sales), ZERO)
    expected = session.expected if session.expected is not None else session.opening_float
    if session.is_open:
        expected = session.opening_float + cash_taken
    detail = session.counted_detail or {}
    cash = [CashRow(d, int(detail[f"{d:.2f}"])) for d in DENOMINATIONS if detail.get(f"{d:.2f}")]
    last = Anchor(entries[-1][2], entries[-1][3]) if entries else None
    grand_total, grand_channels = _grand_total(session, last)
    return Report(
        session=session,
        opened_at=timezone.localtime(session.opened_at, zone),
        closed_at=timezone.localtime(session.closed_at, zone) if session.closed_at else None,
        screenings=screening_blocks,
        memberships=memberships,
        products=sorted(products.values(), key=lambda p: p.label.lower()),
        methods=[m for m in methods.values() if m.count or m.amount],
        reversals=reversals,
        refunds=refunds,
        sales_count=sales_count,
        total=total,
        expected=expected,
        cash=cash,
        counted=session.counted,
        difference=session.difference,
        channels=list(channels.values()),
        vat=[
            VatRow(Decimal(rate), v["gross"], v["net"], v["vat"])
            for rate, v in vat_totals(all_lines).items()
        ],
        grand_total=grand_total,
        grand_total_channels=[
            (totals.CHANNEL_LABELS.get(c, c), amount) for c, amount in grand_channels.items()
        ],
        last_entry=last,
        anchor=_anchor(session.venue),
        key=keys.signer(),
        gifts=gifts,
    )


def _grand_total(session, last):
    """The grand total at the session's last entry once it is closed, at the journal's
    end while it is open."""
    if session.is_open or last is None:
        head = JournalHead.objects.filter(venue_id=session.venue_id).values_list(
            "sequence", flat=True
        )
        sequence = head.first() or 0
    else:
        sequence = last.sequence
    return totals.grand_total_at(session.venue, sequence)


def _anchor(venue):
    """How far the journal went, as the file beside the key remembers it (None when
    there is none)."""
    found = anchor.for_venue(venue)
    return Anchor(found.sequence, found.hash) if found is not None else None


def _row_order(row):
    return (row.presale, row.price)


def sessions_of(venue, user=None):
    """The till sessions of ``venue``, the latest first, with their till and cashier:
    ``user``'s only when given (a cashier's own reports), else everyone's."""
    rows = TillSession.objects.filter(venue=venue).select_related("till", "cashier", "closed_by")
    if user is not None:
        rows = rows.filter(cashier=user)
    return rows.order_by("-opened_at", "-pk")
