"""A sale's receipt for the customer, on an 80 mm thermal printer: what it shows (the
venue, its address and SIRET, the date and time in the venue's zone, the till, the
cashier's first name, each line, the VAT by rate, the total, the payment, the sale's
number and its journal entry's signature fingerprint), the same as a PDF 80 mm wide, and
how many times it was printed.

The first print is the original; every later one, page or PDF, is a duplicate numbered
from 1, and is recorded (``boxoffice.sale.receipt_reprinted`` with its count). The count
is read back from the action log, the sale's row locked meanwhile (SQLite's transactions
take the write lock at their start): two prints at once take two numbers.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import get_language, override, pgettext
from django.utils.translation import gettext as _

from clef.boxoffice.models import JournalEntry, Sale
from clef.boxoffice.receipts import vat_totals
from clef.lib import pdf as doc
from clef.lib.actions import log_action
from clef.lib.money import format_euros

PRINTED = "boxoffice.sale.receipt_printed"
REPRINTED = "boxoffice.sale.receipt_reprinted"

WIDTH = 80  # millimetres: the roll's width
MARGIN = 4  # a thermal head prints about 72 mm of the 80
FINGERPRINT_DIGITS = 16


@dataclass
class Receipt:
    """What one print of a sale's receipt shows, for its page and its PDF alike."""

    sale: Sale
    venue: object
    siret: str
    at: object  # local time
    till: str
    cashier: str
    lines: list
    vat: list  # (rate, without VAT, VAT, with VAT)
    total: Decimal
    payments: list  # (method's label, amount)
    tendered: Decimal | None
    change: Decimal | None
    sequence: int | None
    fingerprint: str
    duplicate: int = 0  # 0: the original; n: the n-th duplicate
    title: str = ""
    address: list = field(default_factory=list)


def siret_of(venue):
    """The venue's SIRET: its own field when venues have one, else ``CLEF_VENUE_SIRET``."""
    return (getattr(venue, "siret", "") or getattr(settings, "CLEF_VENUE_SIRET", "")).strip()


def fingerprint(entry):
    """The first digits of the journal entry's signature (of its hash when unsigned),
    grouped by four: what the customer can read out to check the sale in the journal."""
    if entry is None:
        return ""
    digits = (entry.signature or entry.hash)[:FINGERPRINT_DIGITS].upper()
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def receipt_of(sale, *, duplicate=0):
    """The receipt of ``sale`` (session, till and venue loaded, lines prefetched)."""
    venue = sale.session.till.venue
    lines = list(sale.lines.all())
    entry = (
        JournalEntry.objects.filter(sale=sale)
        .only("sequence", "hash", "signature")
        .order_by("sequence")
        .first()
    )
    cashier = sale.cashier.first_name or sale.cashier.get_username()
    return Receipt(
        sale=sale,
        venue=venue,
        siret=siret_of(venue),
        at=timezone.localtime(sale.created_at, venue.zone),
        till=sale.session.till.name,
        cashier=cashier,
        lines=lines,
        vat=[
            (Decimal(rate), row["net"], row["vat"], row["gross"])
            for rate, row in vat_totals(lines).items()
        ],
        total=sale.total,
        payments=_payments(sale),
        tendered=sale.tendered,
        change=sale.change,
        sequence=entry.sequence if entry is not None else None,
        fingerprint=fingerprint(entry),
        duplicate=duplicate,
        title=_title(sale),
        address=[venue.street, f"{venue.postcode} {venue.city}".strip()],
    )


def _title(sale):
    if sale.is_reversal:
        return pgettext("receipt", "Sale undone")
    if sale.reason:
        return pgettext("receipt", "Refund")
    return pgettext("receipt", "Receipt")


def _payments(sale):
    """(method's label, amount) of each part of the payment: cash and card for a split
    payment (``Sale.tenders``), else the one method."""
    labels = dict(Sale.Method.choices)
    return [(str(labels.get(method, method)), amount) for method, amount in sale.tenders.items()]


def record_print(sale, *, by, document):
    """Record one print of ``sale``'s receipt (``document``: "page" or "pdf") and return
    its number among the duplicates: 0 for the original, then 1, 2…"""
    Action = apps.get_model("audit", "Action")
    with transaction.atomic():
        # One print at a time per sale: two at once never take the same number.
        list(Sale.objects.select_for_update().filter(pk=sale.pk).values_list("pk", flat=True))
        printed = Action._default_manager.filter(
            name__in=(PRINTED, REPRINTED), subject_type="boxoffice.sale", subject_key=sale.code
        ).count()
        if printed == 0:
            log_action(PRINTED, by=by, sale=sale.code, document=document)
        else:
            log_action(REPRINTED, by=by, sale=sale.code, document=document, count=printed)
    return printed


def rate_text(rate):
    """ "5,5 %" / "5.5%": the VAT rate as the language writes it (as the ``percent``
    filter of the pages)."""
    plain = formats.number_format(Decimal(f"{Decimal(rate).normalize():f}"))
    return f"{plain}%" if get_language().startswith("en") else f"{plain}\u00a0%"


# --- the PDF -----------------------------------------------------------------------------
def receipt_pdf(receipt, *, language):
    """The receipt as a PDF page 80 mm wide and as long as it needs, as bytes."""
    with override(language):
        # Laid out once to measure, then on a page of that length.
        probe = _document(receipt, language, 2000)
        height = _draw(probe, receipt) + MARGIN
        pdf = _document(receipt, language, height)
        _draw(pdf, receipt)
        return doc.as_bytes(pdf)


def _document(receipt, language, height):
    pdf = doc.new_document(
        width=WIDTH,
        height=height,
        title=_("Receipt %(number)s · %(venue)s")
        % {"number": receipt.sale.code, "venue": receipt.venue.name},
        language=language,
        author=receipt.venue.name,
    )
    pdf.add_page()
    return pdf


def _row(pdf, y, left, right, *, size=8.5, bold=False):
    """``left`` wrapped on the left, ``right`` on the right of its first line."""
    inner = WIDTH - 2 * MARGIN
    pdf.set_font(doc.SANS, "B" if bold else "", size)
    room = inner - doc.string_width(pdf, right) - 2
    below = doc.wrap(pdf, MARGIN, y, room, left, size=size, bold=bold)
    doc.write(pdf, MARGIN, y, inner, right, size=size, bold=bold, align="R")
    return below


# The VAT table's columns: (left, width, align), in millimetres from the margin.
VAT_COLUMNS = ((0, 12, "L"), (12, 22, "R"), (34, 16, "R"), (50, 22, "R"))


def _vat_row(pdf, y, cells, *, size):
    for (left, width, align), text in zip(VAT_COLUMNS, cells, strict=True):
        below = doc.write(pdf, MARGIN + left, y, width, text, size=size, align=align)
    return below


def _draw(pdf, receipt):
    inner = WIDTH - 2 * MARGIN
    x, right = MARGIN, WIDTH - MARGIN
    y = MARGIN
    y = doc.wrap(pdf, x, y, inner, receipt.venue.name, size=12, bold=True, align="C")
    for line in receipt.address:
        y = doc.wrap(pdf, x, y, inner, line, size=8.5, align="C")
    if receipt.siret:
        y = doc.write(
            pdf, x, y, inner, _("SIRET %(siret)s") % {"siret": receipt.siret}, size=8.5, align="C"
        )
    if receipt.duplicate:
        y += 1.5
        y = doc.write(
            pdf, x, y, inner, duplicate_text(receipt.duplicate), size=12, bold=True, align="C"
        )
    y += 1.5
    y = doc.write(pdf, x, y, inner, receipt.title, size=10, bold=True, align="C")
    when = _("%(day)s, %(time)s") % {
        "day": doc.short_date(receipt.at),
        "time": doc.clock(receipt.at),
    }
    y = doc.write(pdf, x, y, inner, when, size=8.5, align="C")
    y = doc.wrap(
        pdf,
        x,
        y,
        inner,
        _("Till: %(till)s · Cashier: %(cashier)s")
        % {"till": receipt.till, "cashier": receipt.cashier},
        size=8.5,
        align="C",
    )
    doc.rule(pdf, y + 1.5, x1=x, x2=right, dashed=True)
    y += 3

    for line in receipt.lines:
        label = line.label if line.quantity == 1 else f"{line.quantity} × {line.label}"
        y = _row(pdf, y, label, format_euros(line.amount))
    doc.rule(pdf, y + 1, x1=x, x2=right)
    y += 2
    y = _row(pdf, y, _("Total"), format_euros(receipt.total), size=11, bold=True)
    for method, amount in receipt.payments:
        y = _row(pdf, y, _("Paid by %(method)s") % {"method": method}, format_euros(amount))
    if receipt.tendered is not None:
        y = _row(pdf, y, _("Cash given"), format_euros(receipt.tendered))
    if receipt.change is not None:
        y = _row(pdf, y, _("Change given"), format_euros(receipt.change))

    doc.rule(pdf, y + 1, x1=x, x2=right, dashed=True)
    y += 2.5
    y = doc.write(pdf, x, y, inner, _("VAT by rate"), size=8, bold=True)
    y = _vat_row(pdf, y, (_("Rate"), _("Without VAT"), _("VAT"), _("With VAT")), size=7)
    for rate, net, vat, gross in receipt.vat:
        cells = (rate_text(rate), format_euros(net), format_euros(vat), format_euros(gross))
        y = _vat_row(pdf, y, cells, size=8)

    doc.rule(pdf, y + 1, x1=x, x2=right, dashed=True)
    y += 2.5
    y = doc.write(
        pdf,
        x,
        y,
        inner,
        _("Sale no. %(number)s") % {"number": receipt.sale.code},
        size=8.5,
        bold=True,
    )
    if receipt.sequence is not None:
        y = doc.write(
            pdf,
            x,
            y,
            inner,
            _("Journal entry no. %(sequence)s") % {"sequence": receipt.sequence},
            size=8,
        )
    if receipt.fingerprint:
        y = doc.write(
            pdf,
            x,
            y,
            inner,
            _("Signature: %(fingerprint)s") % {"fingerprint": receipt.fingerprint},
            size=8,
        )
    y += 1.5
    y = doc.wrap(pdf, x, y, inner, _("Thank you, see you soon!"), size=8.5, align="C")
    return y


def duplicate_text(count):
    return _("DUPLICATE no. %(count)s") % {"count": count}
