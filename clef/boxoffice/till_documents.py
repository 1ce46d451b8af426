"""The tickets of a sale at the till as a PDF: one A6 page per ticket, with what the law
asks a ticket to show (film, series and number, price paid) and the QR code the door
reads. Like a booking's tickets, without a booking: a door sale has none."""

from django.utils.translation import gettext as _

from clef.lib import pdf as doc
from clef.lib.money import format_euros

WIDTH, HEIGHT = 105, 148  # A6, in millimetres
MARGIN = 8
QR_SIZE = 40


def tickets_pdf(tickets, *, venue, language):
    """The PDF of ``tickets`` (with their screening, room and films loaded), as bytes."""
    pdf = doc.new_document(
        width=WIDTH,
        height=HEIGHT,
        title=_("Tickets · %(venue)s") % {"venue": venue.name},
        language=language,
        author=venue.name,
    )
    for ticket in tickets:
        _page(pdf, ticket)
    if not tickets:
        pdf.add_page()
        doc.write(pdf, MARGIN, MARGIN, WIDTH - 2 * MARGIN, _("No ticket."), size=12)
    return doc.as_bytes(pdf)


def _page(pdf, ticket):
    screening = ticket.screening
    venue = screening.room.venue
    pdf.add_page()
    left, width = MARGIN, WIDTH - 2 * MARGIN

    y = doc.write(pdf, left, MARGIN, width, venue.name, size=13, bold=True)
    address = f"{venue.street}, {venue.postcode} {venue.city}"
    y = doc.write(pdf, left, y, width, address, size=8, color=doc.GREY)
    doc.rule(pdf, y + 2, x1=left, x2=WIDTH - MARGIN)

    y = doc.write_block(
        pdf,
        left,
        y + 4,
        width,
        screening.display_title,
        size=17,
        min_size=12,
        bold=True,
        family=doc.CONDENSED,
    )
    local = screening.local_start
    when = _("%(day)s, %(time)s") % {"day": doc.long_date(local), "time": doc.clock(local)}
    y = doc.write(pdf, left, y + 3, width, when, size=11, bold=True)
    y = doc.write(pdf, left, y + 0.5, width, screening.room.name, size=10)

    top = max(y + 5, 78)
    doc.rule(pdf, top - 3, x1=left, x2=WIDTH - MARGIN, dashed=True)
    column = width - QR_SIZE - 4
    y = doc.write(pdf, left, top, column, _("Ticket"), size=7.5, color=doc.GREY)
    y = doc.write(pdf, left, y, column, str(ticket), size=13, bold=True)
    y = doc.write(pdf, left, y + 2, column, _("Price paid"), size=7.5, color=doc.GREY)
    doc.write(pdf, left, y, column, format_euros(ticket.price), size=13, bold=True)
    doc.draw_qr(pdf, ticket.code, x=WIDTH - MARGIN - QR_SIZE, y=top - 1, size=QR_SIZE)

    footer = _(
        "Keep this ticket until the end of the screening: it is checked at the door, "
        "on paper or on a phone."
    )
    doc.write_block(
        pdf, left, HEIGHT - MARGIN - 8, width, footer, size=7, max_lines=2, color=doc.GREY
    )
