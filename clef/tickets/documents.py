"""A booking's tickets as a PDF to print or show on a phone: one A6 page per ticket that
still stands, in the booking's language, with what the law asks a ticket to show (film,
series and number, price paid) and the QR code the door reads."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import override

from clef.lib import pdf as doc
from clef.lib.money import format_euros
from clef.lib.qr import qr_svg
from clef.programme.models import ScreeningFilm
from clef.tickets.models import Booking, Ticket

__all__ = ["booking_pdf", "qr_svg", "tickets_pdf"]

WIDTH, HEIGHT = 105, 148  # A6, in millimetres
MARGIN = 8
QR_SIZE = 40


def booking_pdf(booking):
    """The PDF of ``booking``'s tickets, cancelled ones left out, as bytes."""
    tickets = list(
        Ticket.objects.filter(booking=booking)
        .exclude(status=Ticket.Status.CANCELLED)
        .select_related("screening__room__venue")
        .prefetch_related(
            Prefetch(
                "screening__screening_films",
                queryset=ScreeningFilm.objects.select_related("film").order_by("position"),
            )
        )
        .order_by("series", "number")
    )
    holder = booking.person.get_full_name() if booking.person else ""
    return tickets_pdf(
        tickets, venue=booking.venue, language=booking.language, booking=booking, holder=holder
    )


def tickets_pdf(tickets, *, venue, language, booking=None, holder=""):
    """The PDF of ``tickets`` (screening, room, venue and films loaded), one page each, as
    bytes: a booking's, or a door sale's (no booking)."""
    with override(language):
        pdf = doc.new_document(
            width=WIDTH,
            height=HEIGHT,
            title=_("Tickets · %(venue)s") % {"venue": venue.name},
            language=language,
            author=venue.name,
        )
        for ticket in tickets:
            _ticket_page(pdf, booking, ticket, holder)
        if not tickets:
            pdf.add_page()
            doc.write(pdf, MARGIN, MARGIN, WIDTH - 2 * MARGIN, _("No ticket."), size=12)
        return doc.as_bytes(pdf)


def _ticket_page(pdf, booking, ticket, holder):
    screening = ticket.screening
    venue = screening.room.venue
    pdf.add_page()
    left, width = MARGIN, WIDTH - 2 * MARGIN

    y = doc.write(pdf, left, MARGIN, width, venue.name, size=13, bold=True)
    address = f"{venue.street}, {venue.postcode} {venue.city}"
    y = doc.write(pdf, left, y, width, address, size=8, color=doc.GREY)
    doc.rule(pdf, y + 2, x1=left, x2=WIDTH - MARGIN)

    # The title in the condensed face: a long programme's title still fits.
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
    films = _films_lines(screening)
    if films:
        y = doc.write_block(pdf, left, y + 0.5, width, films, size=8.5, max_lines=3)
    local = screening.local_start
    when = _("%(day)s, %(time)s") % {"day": doc.long_date(local), "time": doc.clock(local)}
    y = doc.write(pdf, left, y + 3, width, when, size=11, bold=True)
    y = doc.write(pdf, left, y + 0.5, width, screening.room.name, size=10)

    # The lower half: what the door needs, beside the QR code.
    top = max(y + 5, 78)
    doc.rule(pdf, top - 3, x1=left, x2=WIDTH - MARGIN, dashed=True)
    column = width - QR_SIZE - 4
    y = _field(pdf, left, top, column, _("Ticket"), str(ticket))
    paid = ticket.status in Ticket.COUNTED
    price_label = _("Price paid") if paid else _("Price to pay")
    y = _field(pdf, left, y + 2, column, price_label, format_euros(ticket.price))
    y = doc.write_block(
        pdf, left, y + 1, column, _status(booking, ticket), size=9, bold=True, max_lines=2
    )
    if holder:
        y = doc.write(pdf, left, y + 2, column, _("Booked by"), size=7.5, color=doc.GREY)
        y = doc.write_block(pdf, left, y, column, holder, size=9, bold=True, max_lines=2)
    doc.draw_qr(pdf, ticket.code, x=WIDTH - MARGIN - QR_SIZE, y=top - 1, size=QR_SIZE)

    footer = _(
        "Keep this ticket until the end of the screening: it is checked at the door, "
        "on paper or on a phone."
    )
    doc.write_block(
        pdf, left, HEIGHT - MARGIN - 8, width, footer, size=7, max_lines=2, color=doc.GREY
    )


def _field(pdf, x, y, width, label, value, *, size=13):
    y = doc.write(pdf, x, y, width, label, size=7.5, color=doc.GREY)
    return doc.write(pdf, x, y, width, value, size=size, bold=True)


def _films_lines(screening):
    """The films shown, when the title alone does not say it: the director and year of a
    single film, each film of a programme."""
    films = screening.ordered_films
    if len(films) == 1 and films[0].title == screening.display_title:
        return f"{films[0].directors}, {films[0].year}"
    return " · ".join(f"{f.title} ({f.directors}, {f.year})" for f in films)


def _status(booking, ticket):
    if ticket.status == Ticket.Status.BOOKED and booking is not None:
        if booking.status == Booking.Status.AWAITING_PAYMENT:
            return str(Booking.Status.AWAITING_PAYMENT.label)
        return str(Booking.Status.HELD.label)
    return str(Ticket.Status(ticket.status).label)
