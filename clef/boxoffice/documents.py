"""A till session's report as a PDF (A4): to print and keep with the cash, or send to the
treasurer. The same figures as the page (``reports.session_report``)."""

from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from clef.lib import pdf as doc
from clef.lib.money import format_euros

WIDTH, HEIGHT = 210, 297  # A4, in millimetres
MARGIN = 15
BOTTOM = HEIGHT - MARGIN
LINE = 5.2  # height of a table row, in millimetres
COUNT_X = 130  # right edge of the count column
AMOUNT_X = WIDTH - MARGIN  # right edge of the amount column
COLUMN = 28  # width of a number column


class _Writer:
    """Lines down the page; a new page when the next one does not fit."""

    def __init__(self, pdf, title):
        self.pdf = pdf
        self.title = title
        self.y = BOTTOM

    def room(self, height):
        if self.y + height > BOTTOM:
            self.pdf.add_page()
            y = doc.write(
                self.pdf, MARGIN, MARGIN, WIDTH - 2 * MARGIN, self.title, size=8, color=doc.GREY
            )
            self.y = y + 2

    def heading(self, text):
        self.room(12 + 2 * LINE)
        self.y += 3
        self.y = doc.write(self.pdf, MARGIN, self.y, WIDTH - 2 * MARGIN, text, size=12, bold=True)
        doc.rule(self.pdf, self.y + 0.5, x1=MARGIN, x2=WIDTH - MARGIN)
        self.y += 1.5

    def row(self, label, count="", amount="", *, bold=False, size=9.5):
        self.room(LINE)
        pdf, y = self.pdf, self.y
        label_width = COUNT_X - COLUMN - MARGIN - 2
        doc.write(pdf, MARGIN, y, label_width, label, size=size, bold=bold)
        if count != "":
            doc.write(pdf, COUNT_X - COLUMN, y, COLUMN, str(count), size=size, bold=bold, align="R")
        if amount != "":
            left = AMOUNT_X - COLUMN - 20
            doc.write(pdf, left, y, COLUMN + 20, amount, size=size, bold=bold, align="R")
        self.y = y + LINE

    def note(self, text):
        self.room(LINE)
        self.y = doc.write_block(
            self.pdf, MARGIN, self.y, WIDTH - 2 * MARGIN, text, size=9, max_lines=6
        )


def session_report_pdf(report, *, language):
    """The PDF of ``report`` (a ``reports.Report``) in ``language``, as bytes."""
    with override(language):
        session = report.session
        venue = session.venue
        title = _("Till session report · %(till)s · %(day)s") % {
            "till": session.till.name,
            "day": doc.short_date(report.opened_at),
        }
        pdf = doc.new_document(
            width=WIDTH, height=HEIGHT, title=title, language=language, author=venue.name
        )
        pdf.add_page()
        width = WIDTH - 2 * MARGIN
        y = doc.write(pdf, MARGIN, MARGIN, width, venue.name, size=10, color=doc.GREY)
        y = doc.write(pdf, MARGIN, y + 1, width, _("Till session report"), size=18, bold=True)
        y = doc.write(pdf, MARGIN, y + 1, width, session.till.name, size=12, bold=True)
        out = _Writer(pdf, title)
        out.y = y + 2
        _facts(out, report)
        _sales(out, report)
        _payments(out, report)
        _cash(out, report)
        return doc.as_bytes(pdf)


def _when(moment):
    return f"{doc.short_date(moment)} {doc.clock(moment)}"


def _name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def _facts(out, report):
    session = report.session
    out.row(_("Cashier"), amount=_name(session.cashier))
    out.row(_("Opened at"), amount=_when(report.opened_at))
    closed = _when(report.closed_at) if report.closed_at else _("still open")
    out.row(_("Closed at"), amount=closed)
    if session.closed_by_id and session.closed_by_id != session.cashier_id:
        out.row(_("Closed by"), amount=_name(session.closed_by))
    out.row(_("Float"), amount=format_euros(session.opening_float))


def _sales(out, report):
    out.heading(_("Tickets"))
    for block in report.screenings:
        screening = block.screening
        local = screening.local_start
        out.row(
            f"{screening.display_title} — {doc.short_date(local)} {doc.clock(local)}",
            bold=True,
        )
        for row in block.rows:
            if row.presale:
                label = _("%(price)s, booked online and paid here")
            else:
                label = _("at %(price)s")
            label = label % {"price": format_euros(row.price)}
            out.row(f"    {label}", row.count, format_euros(row.amount))
    if not report.screenings:
        out.row(_("No ticket."))
    tickets = report.tickets
    out.row(_("Tickets, total"), tickets.count, format_euros(tickets.amount), bold=True)

    out.heading(_("Memberships"))
    out.row(
        _("Memberships"),
        report.memberships.count,
        format_euros(report.memberships.amount),
        bold=True,
    )

    out.heading(pgettext("sale line", "Bar"))
    for product in report.products:
        out.row(product.label, product.quantity, format_euros(product.amount))
    bar = report.bar
    out.row(_("Bar, total"), bar.count, format_euros(bar.amount), bold=True)


def _payments(out, report):
    out.heading(_("Payment methods"))
    for method in report.methods:
        out.row(str(method.label), method.count, format_euros(method.amount))
    out.row(_("Total"), report.sales_count, format_euros(report.total), bold=True)
    if report.reversals:
        out.heading(_("Reversals"))
        for sale in report.reversals:
            out.row(
                _("%(code)s, undoing %(sale)s")
                % {"code": sale.code, "sale": sale.reverses.code if sale.reverses_id else ""},
                "",
                format_euros(sale.total),
            )
        out.row(
            _("Reversals, total"),
            len(report.reversals),
            format_euros(report.reversals_total),
            bold=True,
        )


def _cash(out, report):
    out.heading(_("Cash"))
    out.row(_("Expected in the drawer"), amount=format_euros(report.expected), bold=True)
    if report.counted is None:
        out.note(_("The cash is counted when the session is closed."))
        return
    for row in report.cash:
        out.row(format_euros(row.denomination), row.pieces, format_euros(row.amount))
    out.row(_("Counted"), amount=format_euros(report.counted), bold=True)
    out.row(_("Difference"), amount=format_euros(report.difference), bold=True)
    if report.session.comment:
        out.note(_("Comment: %(comment)s") % {"comment": report.session.comment})
