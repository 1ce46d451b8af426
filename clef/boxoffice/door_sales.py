"""Taking the money of a ticket booked to pay at the door: a door sale (channel
``door``, one ``PRESALE`` line) in the cashier's own open till session, with its journal
entry, in the session's expected cash and its report; the ticket is let in through
``tickets.seats``. The door's page, the till's check-in and the API's check-in with
``collect`` all take it here. Undoing it (``reversals``) books the ticket again.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from clef.boxoffice import journal
from clef.boxoffice.models import JournalEntry, Sale, SaleLine
from clef.boxoffice.receipts import sale_body
from clef.boxoffice.sales import (
    SaleRefused,
    already_made,
    check_own,
    check_payment,
    hold,
    save_lines,
    still_open,
)
from clef.lib.actions import log_action
from clef.tickets import checkin, seats
from clef.tickets.models import Booking, Ticket


def collect(session, screening, raw, *, method, by, tendered=None, idempotency_key=None):
    """Take the money of the ticket ``raw`` names (booked to pay at the door) into the
    cashier's own open ``session`` and let it in: a door sale (a PRESALE line) with its
    journal entry, in the session's expected cash and report. Returns
    ``(check_in_result, sale or None)``: a ticket with nothing to take (not found,
    cancelled, already in, free) gets the check-in's own verdict and no sale.

    Refused, with nothing written: without an open session (``no_session``), in another
    cashier's (``Forbidden``), for a ticket already paid (``already_paid``).
    """
    if session is None:
        raise SaleRefused(
            "no_session",
            _("Open your till session first: the money taken at the door goes into it."),
        )
    check_own(session, by)
    if idempotency_key and (made := already_made(idempotency_key, session)):
        line = made.lines.select_related("ticket").first()
        return checkin.CheckIn(True, "ok", _("Already paid and let in."), line.ticket), made
    session = still_open(session)
    found = checkin.find_ticket(screening, raw)
    if (
        found is not None
        and found.screening_id == screening.pk
        and found.status == Ticket.Status.PAID
    ):
        raise _already_paid(found)
    if (
        found is None
        or found.screening_id != screening.pk
        or found.status != Ticket.Status.BOOKED
        or not found.price
    ):
        return checkin.check_in(screening, raw, by=by), None
    method, tendered, change = check_payment(method, found.price, tendered)
    with transaction.atomic():
        hold(session)
        # The lock order (see ``reversals.lock_screenings``): the session, the screening,
        # the booking and the ticket, the journal's head.
        seats.lock(screening)
        ticket = _booked_ticket(found)
        seats.let_in(ticket, by=by)
        line = SaleLine(
            kind=SaleLine.Kind.PRESALE,
            label=f"{ticket} {screening.display_title}"[:200],
            unit_price=ticket.price,
            amount=ticket.price,
            vat_rate=session.venue.vat_rate,
            screening=screening,
            ticket=ticket,
        )
        sale = Sale.objects.create(
            session=session,
            venue=session.venue,
            idempotency_key=idempotency_key or None,
            cashier=by,
            person=ticket.booking.person if ticket.booking else None,
            channel=Sale.Channel.DOOR,
            method=method,
            total=ticket.price,
            tendered=tendered,
            change=change,
        )
        save_lines(sale, [line])
        entry = journal.append(
            session.venue,
            JournalEntry.Kind.SALE,
            sale_body(sale, [line]),
            session=session,
            sale=sale,
        )
        log_action(
            "boxoffice.door.collected",
            by=by,
            sale=sale.code,
            ticket=str(ticket),
            entry=entry.sequence,
            total=sale.total,
            method=sale.method,
        )
    welcome = _("Welcome: ticket %(ticket)s.") % {"ticket": ticket}
    return checkin.CheckIn(True, "ok", welcome, ticket), sale


def _booked_ticket(found):
    """The ticket still to pay, its booking's row and then its own locked (the order
    ``seats`` takes them in), or the reason it no longer is."""
    if found.booking_id:
        Booking.objects.select_for_update().filter(pk=found.booking_id).values_list("pk").get()
    ticket = (
        Ticket.objects.select_for_update(of=("self",)).select_related("booking").get(pk=found.pk)
    )
    if ticket.status in Ticket.COUNTED:
        raise _already_paid(ticket)
    if ticket.status != Ticket.Status.BOOKED:
        raise SaleRefused("cancelled", _("This ticket was cancelled."))
    return ticket


def _already_paid(ticket):
    return SaleRefused(
        "already_paid",
        _(
            "Ticket %(ticket)s is already paid: there is nothing to take. Check it in "
            "without collecting."
        )
        % {"ticket": ticket},
    )
