"""A sale as the journal keeps it, its receipt: enough to rebuild the sale without the
database (till, session, cashier, channel, method, total, cash given and change, each
line, the VAT per rate; a split payment's tenders, cash and card). A sale, a reversal, a
refund and a door sale are all written this way; the online entries take their VAT per
rate from here too (``online.py``).
"""

from decimal import Decimal

from clef.boxoffice.journal import name_of
from clef.lib.money import without_vat


def vat_totals(lines):
    """Per VAT rate: the amount paid (VAT included), without VAT, and the VAT, computed
    on each rate's sum so that the parts add up to the total to the cent."""
    gross = {}
    for line in lines:
        gross[line.vat_rate] = gross.get(line.vat_rate, Decimal("0.00")) + line.amount
    totals = {}
    for rate in sorted(gross):
        net = without_vat(gross[rate], rate)
        totals[f"{rate:.2f}"] = {"gross": gross[rate], "net": net, "vat": gross[rate] - net}
    return totals


def sale_body(sale, lines):
    """What the journal keeps of a sale: enough to rebuild it without the database. A
    refund adds its reason, and each of its lines the line it gives back."""
    session = sale.session
    body = {
        "sale": sale.code,
        "reverses": sale.reverses.code if sale.reverses_id else None,
        "till": session.till.name,
        "session": session.pk,
        "cashier": name_of(sale.cashier),
        "channel": sale.channel,
        "method": sale.method,
        "total": sale.total,
        "tendered": sale.tendered,
        "change": sale.change,
        "lines": [_line_body(line) for line in lines],
        "vat": vat_totals(lines),
    }
    if sale.method == sale.Method.SPLIT:
        # Each tender of a split payment: the cash part and the card part.
        body["tenders"] = sale.tenders
    if sale.reason:
        body["reason"] = sale.reason
    return body


def _line_body(line):
    body = {
        "kind": line.kind,
        "label": line.label,
        "quantity": line.quantity,
        "unit": line.unit_price,
        "amount": line.amount,
        "vat_rate": line.vat_rate,
        "ref": _reference(line),
    }
    if line.refunds_id:
        body["refunds"] = line_reference(line.refunds)
    return body


def line_reference(line):
    """A line as the journal names it: its sale's code and its position, "Xy12/2"."""
    return f"{line.sale.code}/{line.position}"


def _reference(line):
    if line.ticket_id:
        return str(line.ticket)
    if line.membership_id:
        return str(line.membership)
    if line.product_id:
        return f"product:{line.product_id}"
    return None
