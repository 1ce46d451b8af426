"""Checking tickets in at the door: green or red at a glance, a ticket enters once.

A QR code (the ticket's random code) lets in at once: only its holder has it. A typed
number does not: numbers follow each other, anyone can say one. So before a ticket named
by its number is let in (or its money taken), ``to_confirm`` gives what the door shows to
check it is theirs (the holder's name, the price and where it stands), and the door lets
it in only when the staff confirm (the page by the ticket's code, the API with
``confirm``).
"""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.lib.money import format_euros
from clef.tickets import seats
from clef.tickets.models import Booking, Ticket

# A typed number: "123", "000123" or "2026-000123" (ASCII digits: "٣" is no number).
NUMBER = re.compile(r"^(?:(?P<series>[0-9]{4})\s*-\s*)?(?P<number>[0-9]{1,9})$")


@dataclass
class CheckIn:
    ok: bool
    code: str
    message: str
    ticket: Ticket | None = None
    # For a ticket booked to pay at the door: the amount to take before letting in.
    to_pay: object = None
    # For a ticket to confirm: whose it is, and where it stands ("Paid: 7.50 €.").
    holder: str = ""
    state: str = ""


def find_ticket(screening, raw):
    """The ticket a QR code or a typed number names, or None."""
    raw = (raw or "").strip()
    if not raw:
        return None
    tickets = Ticket.objects.select_related("screening", "booking__person")
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


def is_typed_number(raw):
    """Whether ``raw`` names a ticket by its number (typed, or said) rather than by the
    code of its QR."""
    return NUMBER.match((raw or "").strip()) is not None


def to_confirm(screening, raw):
    """For a ticket named by its number that could go in (paid, or booked): what to check
    before letting it in, as a ``CheckIn`` with code ``confirm`` (nothing written); None
    for a QR code, or a ticket the check-in would refuse anyway (it says why)."""
    if not is_typed_number(raw):
        return None
    found = find_ticket(screening, raw)
    if (
        found is None
        or found.screening_id != screening.pk
        or found.status not in (Ticket.Status.PAID, Ticket.Status.BOOKED)
    ):
        return None
    to_pay = found.price if found.status == Ticket.Status.BOOKED and found.price else None
    return CheckIn(
        False,
        "confirm",
        _("Ticket %(ticket)s: is it theirs? Check the name, then let in.") % {"ticket": found},
        found,
        to_pay=to_pay,
        holder=holder_name(found),
        state=_state(found, to_pay),
    )


def holder_name(ticket):
    """Whose ticket it is: its booking's person, else the booking's address; a ticket
    sold at the till or the door has no name."""
    booking = ticket.booking
    person = booking.person if booking is not None and booking.person_id else None
    if person is not None:
        return person.get_full_name() or person.get_username()
    if booking is not None and booking.email:
        return booking.email
    return _("No name: sold at the till or the door")


def _state(ticket, to_pay):
    if to_pay is not None:
        return _("To pay at the door: %(price)s.") % {"price": format_euros(to_pay)}
    if ticket.status == Ticket.Status.BOOKED or not ticket.price:
        return _("Free ticket.")
    if ticket.online:
        return _("Paid online: %(price)s.") % {"price": format_euros(ticket.price)}
    return _("Paid: %(price)s.") % {"price": format_euros(ticket.price)}


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
