"""Checking tickets in at the door: green or red at a glance, a ticket enters once."""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.lib.money import format_euros
from clef.tickets import seats
from clef.tickets.models import Booking, Ticket

# A typed number: "123", "000123" or "2026-000123".
NUMBER = re.compile(r"^(?:(?P<series>\d{4})\s*-\s*)?(?P<number>\d{1,9})$")


@dataclass
class CheckIn:
    ok: bool
    code: str
    message: str
    ticket: Ticket | None = None
    # For a ticket booked to pay at the door: the amount to take before letting in.
    to_pay: object = None


def find_ticket(screening, raw):
    """The ticket a QR code or a typed number names, or None."""
    raw = (raw or "").strip()
    if not raw:
        return None
    tickets = Ticket.objects.select_related("screening", "booking")
    if match := NUMBER.match(raw):
        number = int(match["number"])
        if match["series"]:
            return tickets.filter(
                venue=screening.room.venue, series=int(match["series"]), number=number
            ).first()
        # A bare number: this screening's ticket first (it may have been sold the year
        # before), else this year's ticket of that number, to say what it is.
        return (
            tickets.filter(screening=screening, number=number).order_by("-series").first()
            or tickets.filter(
                venue=screening.room.venue, series=screening.local_start.year, number=number
            ).first()
        )
    return tickets.filter(code=raw).first()


@transaction.atomic
def check_in(screening, raw, *, by, collect=False):
    """Let the ticket named by ``raw`` in to ``screening``, or say why not.

    A ticket booked to pay at the door is let in only with ``collect=True``, when the
    caller has recorded the money itself. Check-in records no money: at the door and at
    the till, the money is a door sale in the cashier's till session
    (``boxoffice.door_sales.collect``).
    """
    found = find_ticket(screening, raw)
    if found is None:
        return CheckIn(False, "not_found", _("No ticket has this number or code."))
    # The booking's row, then the ticket's: the order ``seats`` takes them in.
    if found.booking_id:
        Booking.objects.select_for_update().filter(pk=found.booking_id).values_list("pk").get()
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("screening", "booking")
        .get(pk=found.pk)
    )
    if ticket.screening_id != screening.pk:
        return CheckIn(
            False,
            "other_screening",
            _("This ticket is for another screening: %(title)s, %(when)s.")
            % {
                "title": ticket.screening.display_title,
                "when": ticket.screening.local_start.strftime("%d/%m %H:%M"),
            },
            ticket,
        )
    if ticket.status == Ticket.Status.CANCELLED:
        return CheckIn(False, "cancelled", _("This ticket was cancelled."), ticket)
    if ticket.status == Ticket.Status.CHECKED_IN:
        return CheckIn(
            False,
            "already_in",
            _("Already in, at %(time)s.")
            % {"time": timezone.localtime(ticket.checked_in_at, screening.zone).strftime("%H:%M")},
            ticket,
        )
    if ticket.status == Ticket.Status.BOOKED and ticket.price and not collect:
        return CheckIn(
            False,
            "to_pay",
            _("To pay at the door: %(price)s.") % {"price": format_euros(ticket.price)},
            ticket,
            to_pay=ticket.price,
        )
    seats.let_in(ticket, by=by)
    return CheckIn(True, "ok", _("Welcome: ticket %(ticket)s.") % {"ticket": ticket}, ticket)
