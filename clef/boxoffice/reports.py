"""A till session's report: what was sold (tickets by price for each screening,
memberships, the bar by product), how it was paid, the reversals, and the cash: the
float, what was expected, what was counted by denomination, the difference.

Read in a fixed number of queries, whatever the number of sales. Reversals are sales
with negative amounts: every figure here is net of them, and they are also listed apart.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from clef.boxoffice.models import Sale, SaleLine, TillSession
from clef.boxoffice.sessions import DENOMINATIONS
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
    method: str
    label: str
    count: int = 0
    amount: Decimal = ZERO


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
    def methods_total(self):
        return sum((m.amount for m in self.methods), ZERO)


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
    blocks, rows = {}, {}
    memberships = Count()
    products = {}
    methods = {m: MethodRow(m, Sale.Method(m).label) for m in Sale.Method.values}
    reversals = []
    for sale in sales:
        method = methods[sale.method]
        method.amount += sale.total
        if sale.is_reversal:
            reversals.append(sale)
        else:
            method.count += 1
        for line in sale.lines.all():
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
    cash_taken = sum((s.total for s in sales if s.method == Sale.Method.CASH), ZERO)
    expected = session.expected if session.expected is not None else session.opening_float
    if session.is_open:
        expected = session.opening_float + cash_taken
    detail = session.counted_detail or {}
    cash = [CashRow(d, int(detail[f"{d:.2f}"])) for d in DENOMINATIONS if detail.get(f"{d:.2f}")]
    return Report(
        session=session,
        opened_at=timezone.localtime(session.opened_at, zone),
        closed_at=timezone.localtime(session.closed_at, zone) if session.closed_at else None,
        screenings=screening_blocks,
        memberships=memberships,
        products=sorted(products.values(), key=lambda p: p.label.lower()),
        methods=[m for m in methods.values() if m.count or m.amount],
        reversals=reversals,
        sales_count=sum(1 for s in sales if not s.is_reversal),
        total=total,
        expected=expected,
        cash=cash,
        counted=session.counted,
        difference=session.difference,
    )


def _row_order(row):
    return (row.presale, row.price)
