"""Online money in the journal: every payment taken through the online provider, and
every refund of one, is an entry of its own kind (``online_payment``, ``online_refund``)
on the "online" till, written in the transaction that records the payment's change.

``journal_payment`` is a money listener of ``payments.services`` (registered in
``BoxofficeConfig.ready``): ``payments`` knows nothing of the box office. It writes
nothing for money that is not online (cash and card are the till's sales, money taken at
the door is the door's sale) nor for 0 €.

The entry has no till session and no sale. Its body says what the money was for (the
booking and its tickets, or the membership), who paid (the person's id, never a name or
an address), and lines like a sale's, so that the closings read VAT per rate as they do
for the till: tickets at the venue's VAT rate on admissions, memberships at 0 %. The
lines add up to the payment's amount; when the tickets cannot say how (a booking paid
after one of its tickets was cancelled, say), one line carries the whole amount.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from clef.boxoffice import journal
from clef.boxoffice.gifts import GIFT_VAT
from clef.boxoffice.models import JournalEntry, SaleLine
from clef.boxoffice.receipts import vat_totals
from clef.boxoffice.sales import MEMBERSHIP_VAT
from clef.lib.actions import log_action
from clef.payments.methods import METHODS
from clef.payments.models import Payment
from clef.tickets.models import Ticket

# What an online entry's body says in place of a till's name and a sale's channel.
TILL = "online"
CHANNEL = "online"
ZERO = Decimal("0.00")


@dataclass
class Line:
    """A line of an online entry; ``vat_rate`` and ``amount`` as ``receipts.vat_totals``
    reads them."""

    kind: str
    label: str
    quantity: int
    unit: Decimal
    amount: Decimal
    vat_rate: Decimal
    ref: str
    screening: int | None = None

    def as_json(self):
        line = {
            "kind": self.kind,
            "label": self.label,
            "quantity": self.quantity,
            "unit": self.unit,
            "amount": self.amount,
            "vat_rate": self.vat_rate,
            "ref": self.ref,
        }
        if self.screening is not None:
            line["screening"] = self.screening
        return line


def is_online_money(payment):
    """Whether ``payment`` is money that moved through an online provider."""
    method = METHODS.get(payment.method)
    return (
        method is not None
        and method.online
        and payment.status == Payment.Status.PAID
        and payment.amount != 0
    )


def journal_payment(payment, *, refs=()):
    """Write the entry of ``payment`` (paid, or a refund) if it is online money; runs in
    the caller's transaction. Returns the entry, or None."""
    if not is_online_money(payment):
        return None
    kind = (
        JournalEntry.Kind.ONLINE_REFUND
        if payment.refund_of_id
        else JournalEntry.Kind.ONLINE_PAYMENT
    )
    entry = journal.append(payment.venue, kind, payment_body(payment, refs))
    log_action(
        "payments.payment.journalled",
        payment=payment.pk,
        entry=entry.sequence,
        kind=kind,
        amount=payment.amount,
    )
    return entry


def payment_body(payment, refs=()):
    """What the journal keeps of an online payment or refund."""
    paid = payment.refund_of if payment.refund_of_id else payment
    if paid.purpose == Payment.Purpose.MEMBERSHIP:
        lines, what = _membership_lines(payment, paid)
    elif paid.purpose == Payment.Purpose.GIFT:
        lines, what = _gift_lines(payment, paid)
    else:
        lines, what = _booking_lines(payment, paid, refs)
    return {
        "till": TILL,
        "channel": CHANNEL,
        "payment": payment.code,
        "refund_of": paid.code if payment.refund_of_id else None,
        "purpose": paid.purpose,
        "method": payment.method,
        "reference": paid.reference,
        "amount": payment.amount,
        "person": payment.person_id,
        **what,
        "lines": [line.as_json() for line in lines],
        "vat": vat_totals(lines),
    }


def _membership_lines(payment, paid):
    membership = paid.memberships.order_by("pk").first()
    number = str(membership) if membership is not None else None
    sign = -1 if payment.amount < 0 else 1
    line = Line(
        kind=SaleLine.Kind.MEMBERSHIP,
        label=_("Membership %(number)s") % {"number": number or paid.code},
        quantity=sign,
        unit=abs(payment.amount),
        amount=payment.amount,
        vat_rate=MEMBERSHIP_VAT,
        ref=number or paid.code,
    )
    return [line], {"booking": None, "tickets": [], "membership": number}


def _gift_lines(payment, paid):
    """A gift given online: one line of kind "gift" at 0 % VAT, never a ticket."""
    sign = -1 if payment.amount < 0 else 1
    line = Line(
        kind=SaleLine.Kind.GIFT,
        label=_("Gift"),
        quantity=sign,
        unit=abs(payment.amount),
        amount=payment.amount,
        vat_rate=GIFT_VAT,
        ref=paid.code,
    )
    return [line], {"booking": None, "tickets": [], "membership": None, "gift": paid.code}


def _booking_lines(payment, paid, refs):
    venue = payment.venue
    bookings = list(paid.bookings.order_by("pk"))
    tickets = list(
        Ticket.objects.filter(booking__in=bookings)
        .select_related("screening")
        .order_by("series", "number")
    )
    amount = abs(payment.amount)
    if payment.amount > 0:
        chosen = _adding_up([t for t in tickets if t.status != Ticket.Status.CANCELLED], amount)
    else:
        chosen = _given_back(tickets, amount, refs)
    sign = -1 if payment.amount < 0 else 1
    code = ",".join(b.code for b in bookings) or None
    titles = {}

    def title(screening):
        if screening.pk not in titles:
            titles[screening.pk] = screening.display_title
        return titles[screening.pk]

    if chosen:
        lines = [
            Line(
                kind=SaleLine.Kind.TICKET,
                label=f"{ticket} {title(ticket.screening)}"[:200],
                quantity=sign,
                unit=ticket.price,
                amount=sign * ticket.price,
                vat_rate=venue.vat_rate,
                ref=str(ticket),
                screening=ticket.screening_id,
            )
            for ticket in chosen
        ]
    else:
        # The tickets cannot say how the amount splits: one line says it all.
        screening = bookings[0].screening if bookings else None
        label = _("Booking %(code)s") % {"code": code or paid.code}
        if screening is not None:
            label = f"{label} {title(screening)}"
        lines = [
            Line(
                kind=SaleLine.Kind.TICKET,
                label=label[:200],
                quantity=sign,
                unit=amount,
                amount=payment.amount,
                vat_rate=venue.vat_rate,
                ref=code or paid.code,
                screening=screening.pk if screening is not None else None,
            )
        ]
    what = {"booking": code, "tickets": [str(t) for t in chosen], "membership": None}
    return lines, what


def _adding_up(tickets, amount):
    """``tickets`` if their prices add up to ``amount``, else none."""
    if tickets and sum((t.price for t in tickets), ZERO) == amount:
        return tickets
    return []


def _given_back(tickets, amount, refs):
    """The tickets a refund of ``amount`` gives back: those ``refs`` names, or else the
    last cancelled ones whose prices add up to it (a ticket is cancelled in the
    transaction that refunds it); none when nothing adds up."""
    if refs:
        named = [t for t in tickets if str(t) in set(refs)]
        return _adding_up(named, amount)
    cancelled = sorted(
        (t for t in tickets if t.status == Ticket.Status.CANCELLED and t.price),
        key=lambda t: (t.cancelled_at is not None, t.cancelled_at, t.pk),
        reverse=True,
    )
    total = ZERO
    for count, ticket in enumerate(cancelled, start=1):
        total += ticket.price
        if total == amount:
            return sorted(cancelled[:count], key=lambda t: (t.series, t.number))
        if total > amount:
            break
    return []
