"""A booking's tickets as a PDF to print or show on a phone: one A6 page per ticket that
still stands, in the booking's language, with what the law asks a ticket to show (the
establishment and its town, film, series and number, price paid) and the QR code the door
reads. The till prints the same tickets on its 80 mm thermal roll (``paper=THERMAL``):
one page 80 mm wide per ticket, as long as it needs."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import override

from clef.lib import pdf as doc
from clef.lib.money import format_euros
from clef.lib.qr import qr_svg
from clef.programme.models import ScreeningFilm
from clef.tickets.models import Booking, Ticket

__all__ = ["A6", "THERMAL", "booking_pdf", "qr_svg", "series_name", "tickets_pdf"]

A6 = "a6"
THERMAL = "80mm"
WIDTH, HEIGHT = 105, 148  # A6, in millimetres
MARGIN = 8
QR_SIZE = 40
ROLL_WIDTH, ROLL_MARGIN, ROLL_QR = 80, 4, 34  # the till's thermal roll


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


def tickets_pdf(tickets, *, venue, language, booking=None, holder="", paper=A6):
    """The PDF of ``tickets`` (screening, room, venue and films loaded), one page each, as
    bytes: a booking's, or a door sale's (no booking); on A6 pages, or on the till's
    80 mm roll (``paper=THERMAL``)."""
    if paper == THERMAL:
        return doc.latin_first(
            lambda fonts: _roll_pdf(tickets, venue=venue, language=language, fonts=fonts)
        )
    return doc.latin_first(
        lambda fonts: _a6_pdf(
            tickets, venue=venue, language=language, booking=booking, holder=holder, fonts=fonts
        )
    )


def _a6_pdf(tickets, *, venue, language, booking, holder, fonts):
    with override(language):
        pdf = doc.new_document(
            width=WIDTH,
            height=HEIGHT,
            title=_("Tickets · %(venue)s") % {"venue": venue.name},
            language=language,
            author=venue.name,
            fonts=fonts,
        )
        for ticket in tickets:
            _ticket_page(pdf, booking, ticket, holder)
        if not tickets:
            pdf.add_page()
            doc.write(pdf, MARGIN, MARGIN, WIDTH - 2 * MARGIN, _("No ticket."), size=12)
        return pdf


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


# --- the till's 80 mm roll ---------------------------------------------------------------
def _roll_pdf(tickets, *, venue, language, fonts):
    with override(language):
        title = _("Tickets · %(venue)s") % {"venue": venue.name}
        # Each ticket laid out once to measure it, then on a page of its length.
        probe = doc.new_document(
            width=ROLL_WIDTH, height=1000, title=title, language=language, fonts=fonts
        )
        heights = []
        for ticket in tickets:
            probe.add_page()
            heights.append(_roll_ticket(probe, ticket) + ROLL_MARGIN)
        pdf = doc.new_document(
            width=ROLL_WIDTH,
            height=max(heights, default=40),
            title=title,
            language=language,
            author=venue.name,
            fonts=fonts,
        )
        for ticket, height in zip(tickets, heights, strict=True):
            pdf.add_page(format=(ROLL_WIDTH, height))
            _roll_ticket(pdf, ticket)
        if not tickets:
            pdf.add_page()
            doc.write(
                pdf,
                ROLL_MARGIN,
                ROLL_MARGIN,
                ROLL_WIDTH - 2 * ROLL_MARGIN,
                _("No ticket."),
                size=11,
            )
        return pdf


def series_name(ticket):
    """The ticket's series as printed: the year, after the till's own series if any."""
    till_series = getattr(ticket, "till_series", "")
    return f"{till_series}-{ticket.series}" if till_series else str(ticket.series)


def _roll_ticket(pdf, ticket):
    """One ticket on the roll, centred: the establishment and its town, the film, when and
    where, the series and number, the price, the QR code. Returns the y below it."""
    screening = ticket.screening
    venue = screening.room.venue
    x, inner = ROLL_MARGIN, ROLL_WIDTH - 2 * ROLL_MARGIN
    y = doc.wrap(pdf, x, ROLL_MARGIN, inner, venue.name, size=12, bold=True, align="C")
    y = doc.wrap(
        pdf, x, y, inner, f"{venue.street}, {venue.postcode} {venue.city}", size=8, align="C"
    )
    doc.rule(pdf, y + 1.5, x1=x, x2=x + inner)
    y = doc.write_block(
        pdf,
        x,
        y + 3,
        inner,
        screening.display_title,
        size=15,
        min_size=11,
        bold=True,
        family=doc.CONDENSED,
        align="C",
    )
    films = _films_lines(screening)
    if films:
        y = doc.write_block(pdf, x, y + 0.5, inner, films, size=8, max_lines=3, align="C")
    local = screening.local_start
    when = _("%(day)s, %(time)s") % {"day": doc.long_date(local), "time": doc.clock(local)}
    y = doc.wrap(pdf, x, y + 2, inner, when, size=10, bold=True, align="C")
    y = doc.write(pdf, x, y + 0.5, inner, screening.room.name, size=9, align="C")
    doc.rule(pdf, y + 1.5, x1=x, x2=x + inner, dashed=True)
    series = _("Series %(series)s · no. %(number)s") % {
        "series": series_name(ticket),
        "number": f"{ticket.number:06d}",
    }
    number = _("Ticket %(number)s") % {"number": ticket}
    y = doc.write(pdf, x, y + 3, inner, number, size=11, bold=True, align="C")
    y = doc.write(pdf, x, y, inner, series, size=8.5, align="C")
    paid = ticket.status in Ticket.COUNTED
    price = _("Price paid: %(price)s") if paid else _("Price to pay: %(price)s")
    y = doc.write(
        pdf,
        x,
        y + 0.5,
        inner,
        price % {"price": format_euros(ticket.price)},
        size=12,
        bold=True,
        align="C",
    )
    doc.draw_qr(pdf, ticket.code, x=(ROLL_WIDTH - ROLL_QR) / 2, y=y + 2, size=ROLL_QR)
    y += 2 + ROLL_QR + 1
    footer = _(
        "Keep this ticket until the end of the screening: it is checked at the door, "
        "on paper or on a phone."
    )
    return doc.wrap(pdf, x, y, inner, footer, size=7, color=doc.GREY, align="C")
