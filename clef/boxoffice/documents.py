"""A till session's report and a closing as PDFs (A4): to print and keep with the cash,
or send to the treasurer. The same figures as the pages (``reports.session_report``,
``totals.presented``), with where the journal stood and the key's fingerprint."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from clef.lib import pdf as doc
from clef.lib.money import format_euros, format_rate

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
        _vat(out, [(v.rate, v.gross, v.net, v.vat) for v in report.vat], report.vat_total)
        _cash(out, report)
        _journal(out, report)
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
    out.row(_("Gifts"), report.gifts.count, format_euros(report.gifts.amount), bold=True)

    out.heading(pgettext("sale line", "Bar"))
    for product in report.products:
        out.row(product.label, product.quantity, format_euros(product.amount))
    bar = report.bar
    out.row(_("Bar, total"), bar.count, format_euros(bar.amount), bold=True)


def _payments(out, report):
    zone = report.session.venue.zone
    out.heading(_("Payment methods"))
    for method in report.methods:
        out.row(str(method.label), method.count, format_euros(method.amount))
        if method.split_count or method.split_amount:
            out.row(
                "    "
                + _("of which parts of split payments (%(method)s)") % {"method": method.label},
                method.split_count,
                format_euros(method.split_amount),
            )
    out.row(_("Total"), report.sales_count, format_euros(report.total), bold=True)
    out.heading(_("By channel"))
    for channel in report.channels:
        out.row(str(channel.label), channel.count, format_euros(channel.amount))
    out.row(_("Total"), report.sales_count, format_euros(report.channels_total), bold=True)
    if report.reversals:
        out.heading(_("Reversals"))
        for sale in report.reversals:
            undone = sale.reverses
            out.row(
                f"{doc.clock(_local(sale, zone))} · {sale.get_method_display()}",
                "",
                format_euros(sale.total),
            )
            out.note(
                _("sale %(undone)s of %(time)s undone by the cashier")
                % {"undone": undone.code, "time": doc.clock(_local(undone, zone))}
            )
            _lines(out, sale)
        out.row(
            _("Reversals, total"),
            len(report.reversals),
            format_euros(report.reversals_total),
            bold=True,
        )
    if report.refunds:
        out.heading(_("Refunds"))
        for sale in report.refunds:
            out.row(
                f"{doc.clock(_local(sale, zone))} · {sale.get_method_display()}",
                "",
                format_euros(sale.total),
            )
            out.note(_("refunded: “%(reason)s”") % {"reason": sale.reason})
            _lines(out, sale)
        out.row(
            _("Refunds, total"),
            len(report.refunds),
            format_euros(report.refunds_total),
            bold=True,
        )


def _local(sale, zone):
    return timezone.localtime(sale.created_at, zone)


def _lines(out, sale):
    """The lines a reversal or a refund gave back, each with its amount."""
    for line in sale.lines.all():
        label = line.label if abs(line.quantity) == 1 else f"{line.label} × {line.quantity}"
        out.row(f"      {label}", "", format_euros(line.amount), size=8.5)


def _vat(out, rows, total):
    out.heading(_("By VAT rate"))
    for rate, gross, net, vat in rows:
        out.row(
            _("%(rate)s %%: %(net)s excluding VAT, %(vat)s VAT")
            % {"rate": format_rate(rate), "net": format_euros(net), "vat": format_euros(vat)},
            "",
            format_euros(gross),
        )
    if not rows:
        out.row(_("No sale."))
    out.row(_("Total"), "", format_euros(total), bold=True)


def _key(out, signer):
    if signer.fingerprint:
        out.row(_("The journal's key"))
        out.note(signer.fingerprint)
    else:
        out.row(_("The journal's key"), amount=_("unavailable: the key file cannot be read"))


def _journal(out, report):
    out.heading(_("In the journal"))
    closed = _("Grand total at the close")
    label = _("Grand total so far") if report.session.is_open else closed
    out.row(label, amount=format_euros(report.grand_total), bold=True)
    for channel, amount in report.grand_total_channels:
        out.row(f"    {channel}", amount=format_euros(amount))
    if report.last_entry is not None:
        out.row(_("The session's last entry"), amount=f"#{report.last_entry.sequence}")
        out.note(report.last_entry.hash)
    if report.anchor is not None:
        out.row(_("The journal went up to"), amount=f"#{report.anchor.sequence}")
        out.note(report.anchor.hash)
    else:
        out.row(_("The journal went up to"), amount=_("no anchor beside the key"))
    _key(out, report.key)


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


# --- a closing --------------------------------------------------------------------------
def closing_pdf(shown, parts, *, language):
    """The PDF of a closing (``shown``: ``totals.presented``; ``parts``: its days or
    months) in ``language``, as bytes."""
    with override(language):
        closing = shown.closing
        venue = closing.venue
        period = _period(closing)
        title = f"{closing.get_kind_display()} · {period}"
        pdf = doc.new_document(
            width=WIDTH, height=HEIGHT, title=title, language=language, author=venue.name
        )
        pdf.add_page()
        width = WIDTH - 2 * MARGIN
        y = doc.write(pdf, MARGIN, MARGIN, width, venue.name, size=10, color=doc.GREY)
        y = doc.write(
            pdf, MARGIN, y + 1, width, str(closing.get_kind_display()), size=18, bold=True
        )
        y = doc.write(pdf, MARGIN, y + 1, width, period, size=12, bold=True)
        out = _Writer(pdf, title)
        out.y = y + 2
        out.row(_("Total"), amount=format_euros(closing.total), bold=True)
        out.row(_("Grand total"), amount=format_euros(closing.cumulative), bold=True)
        _vat(out, shown.vat, closing.total)
        out.heading(_("By channel"))
        for label, amount in shown.channels:
            out.row(str(label), amount=format_euros(amount))
        out.heading(_("By payment method"))
        for label, amount in shown.methods:
            out.row(str(label), amount=format_euros(amount))
        out.heading(_("By kind"))
        for label, amount in shown.kinds:
            out.row(str(label), amount=format_euros(amount))
        out.heading(_("By kind of entry"))
        for label, count, amount in shown.tallies:
            out.row(str(label), count, format_euros(amount))
        out.heading(_("Grand total by channel"))
        for label, amount in shown.grand_total_channels:
            out.row(str(label), amount=format_euros(amount))
        if parts:
            out.heading(_("The days") if closing.kind == "month" else _("The months"))
            for part in parts:
                out.row(_period(part), amount=format_euros(part.total))
        out.heading(_("In the journal"))
        if closing.first_sequence:
            covered = f"#{closing.first_sequence}–#{closing.last_sequence} ({shown.entries})"
        else:
            covered = _("none")
        out.row(_("Entries covered"), amount=covered)
        entry = closing.entry
        out.row(_("This closing's entry"), amount=f"#{entry.sequence}")
        out.note(entry.hash)
        _key(out, shown.key)
        if shown.key.fingerprint and not shown.key.signed:
            out.note(_("This closing is not signed by this key."))
        return doc.as_bytes(pdf)


def _period(closing):
    if closing.kind == "day":
        return formats.date_format(closing.period_start, "j F Y")
    if closing.kind == "month":
        return formats.date_format(closing.period_start, "F Y")
    return str(closing.period_start.year)
