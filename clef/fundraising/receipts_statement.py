"""The yearly statement of receipts (CGI art. 222 bis): per legal body, how many
receipts it issued in the year and their total, read from the receipts themselves (so
the statement is always the sum of its receipts). A receipt cancelled and replaced
counts once, by its replacement: the cancelled ones are listed apart."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Min, Sum
from django.utils.translation import gettext as _

from clef.fundraising.models import LegalBody, Receipt
from clef.lib import pdf as doc
from clef.lib.money import format_euros

ZERO = Decimal("0.00")


@dataclass
class BodyRow:
    body: LegalBody
    count: int = 0
    total: Decimal = ZERO
    cancelled: int = 0
    cancelled_total: Decimal = ZERO
    first: int | None = None
    last: int | None = None


@dataclass
class Statement:
    year: int
    rows: list = field(default_factory=list)

    @property
    def count(self):
        return sum(r.count for r in self.rows)

    @property
    def total(self):
        return sum((r.total for r in self.rows), ZERO)


def statement(year):
    """The statement of ``year``, every body in it, in two queries."""
    figures = (
        Receipt.objects.filter(year=year)
        .values("body", "status")
        .annotate(count=Count("pk"), total=Sum("amount"))
        .order_by()
    )
    spans = {
        row["body"]: (row["first"], row["last"])
        for row in Receipt.objects.filter(year=year)
        .values("body")
        .annotate(first=Min("number"), last=Max("number"))
        .order_by()
    }
    rows = {body.pk: BodyRow(body) for body in LegalBody.objects.order_by("name", "pk")}
    for line in figures:
        row = rows[line["body"]]
        # To the cent whatever the database: SQLite's SUM drops trailing zeros.
        total = (line["total"] or ZERO).quantize(Decimal("0.01"))
        if line["status"] == Receipt.Status.ISSUED:
            row.count, row.total = line["count"], total
        else:
            row.cancelled, row.cancelled_total = line["count"], total
        row.first, row.last = spans.get(line["body"], (None, None))
    return Statement(year, list(rows.values()))


def header():
    return [
        _("Legal body"),
        _("SIREN"),
        _("Year"),
        _("Receipts issued"),
        _("Total"),
        _("Receipts cancelled"),
        _("Numbers"),
    ]


def csv_rows(found):
    return [
        [
            row.body.name,
            row.body.siren,
            found.year,
            row.count,
            row.total,
            row.cancelled,
            f"{row.first}–{row.last}" if row.first else "",
        ]
        for row in found.rows
    ]


def statement_pdf(found, language):
    title = _("Statement of tax receipts issued in %(year)s (CGI art. 222 bis)") % {
        "year": found.year
    }
    sheet = doc.Sheet(title=title, language=language)
    sheet.heading(title)
    columns = [
        (_("Legal body"), 60, "L"),
        (_("SIREN"), 25, "L"),
        (_("Receipts issued"), 25, "R"),
        (_("Total"), 32, "R"),
        (_("Receipts cancelled"), 22, "R"),
        (_("Numbers"), 22, "R"),
    ]
    rows = [
        [
            row.body.name,
            row.body.siren,
            str(row.count),
            format_euros(row.total),
            str(row.cancelled),
            f"{row.first}–{row.last}" if row.first else "",
        ]
        for row in found.rows
    ]
    totals = [[_("Total"), "", str(found.count), format_euros(found.total), "", ""]]
    sheet.table(columns, rows, totals=totals)
    return sheet.output()
