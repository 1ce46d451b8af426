"""Cancelling a screening with tickets sold, in one step: the screening is cancelled,
every ticket paid online is refunded through the provider (``payments.services.refund``,
which journals it), every ticket paid at the till or the door is refunded by a refund
sale in the operator's own open till session (``refunds``), every seat is given back
through ``tickets.seats`` (bookings follow), and every holder is told by email, in their
language, once the transaction commits.

A screening already started (or held) cannot be cancelled; one with tickets paid at the
till cannot be cancelled by someone without an open session of their own. Either way
nothing is written.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.boxoffice import refunds
from clef.boxoffice.models import SaleLine, TillSession
from clef.boxoffice.sales import SaleRefused, check_own
from clef.lib.actions import log_action
from clef.lib.mail import send_mail_on_commit
from clef.lib.refusals import Refused
from clef.payments import services as payments
from clef.payments.models import Payment
from clef.programme import services as programme
from clef.programme.models import Screening
from clef.tickets import seats
from clef.tickets.models import Ticket

ZERO = Decimal("0.00")


class CancellationRefused(Refused):
    """A screening that cannot be cancelled now; nothing was written."""


@dataclass
class OnlineRefund:
    """A booking paid online: its standing tickets and what goes back to its payment."""

    booking: object
    tickets: list
    amount: Decimal


@dataclass
class TillRefund:
    """A sale at the till or the door: the lines of this screening's tickets to give
    back, and their amount."""

    sale: object
    lines: list

    @property
    def amount(self):
        return sum((line.amount for line in self.lines), ZERO)


@dataclass
class Plan:
    """What cancelling ``screening`` will do, read before doing it (the page shows it)."""

    screening: Screening
    tickets: list
    online: list = field(default_factory=list)
    till: list = field(default_factory=list)
    holders: dict = field(default_factory=dict)  # email -> Holder

    @property
    def online_total(self):
        return sum((r.amount for r in self.online), ZERO)

    @property
    def till_total(self):
        return sum((r.amount for r in self.till), ZERO)

    @property
    def other_tickets(self):
        """Tickets given back with no money to return (free, or not paid yet)."""
        paid = {t.pk for r in self.online for t in r.tickets} | {
            line.ticket_id for r in self.till for line in r.lines
        }
        return [t for t in self.tickets if t.pk not in paid]


@dataclass
class Holder:
    email: str
    language: str
    name: str = ""
    tickets: list = field(default_factory=list)
    online: Decimal = ZERO
    till: Decimal = ZERO


@dataclass
class Done:
    tickets: int
    online: Decimal
    till: Decimal
    told: int


def plan(screening):
    """The screening's standing tickets, who paid what and how, and whom to tell. A
    fixed number of queries."""
    tickets = list(
        Ticket.objects.filter(screening=screening)
        .exclude(status=Ticket.Status.CANCELLED)
        .select_related("booking__payment", "booking__person__person")
        .order_by("series", "number")
    )
    lines = list(
        SaleLine.objects.filter(
            ticket__in=[t.pk for t in tickets],
            kind__in=[SaleLine.Kind.TICKET, SaleLine.Kind.PRESALE],
            sale__reverses__isnull=True,
            sale__reversal__isnull=True,
            refunds__isnull=True,
            refunded_by__isnull=True,
        )
        .select_related("sale__person__person", "ticket")
        .order_by("sale_id", "position")
    )
    by_sale = {}
    for line in lines:
        by_sale.setdefault(line.sale_id, TillRefund(line.sale, [])).lines.append(line)
    at_till = {line.ticket_id for line in lines}
    online = {}
    for ticket in tickets:
        payment = ticket.booking.payment if ticket.booking_id else None
        if ticket.pk in at_till or payment is None or payment.status != Payment.Status.PAID:
            continue
        found = online.setdefault(ticket.booking_id, OnlineRefund(ticket.booking, [], ZERO))
        found.tickets.append(ticket)
        found.amount += ticket.price
    result = Plan(screening, tickets, list(online.values()), list(by_sale.values()))
    _gather_holders(result)
    return result


def _gather_holders(found):
    holders = found.holders
    for ticket in found.tickets:
        booking = ticket.booking if ticket.booking_id else None
        if booking is not None and booking.email:
            holder = _holder(holders, booking.email, booking.language, booking.person)
            holder.tickets.append(ticket)
    for refund in found.till:
        person = refund.sale.person
        if person is None or not person.email:
            continue
        language = getattr(getattr(person, "person", None), "language", None) or "fr"
        holder = _holder(holders, person.email, language, person)
        holder.till += refund.amount
        for line in refund.lines:
            if line.ticket not in holder.tickets:
                holder.tickets.append(line.ticket)
    for refund in found.online:
        booking = refund.booking
        if booking.email:
            holders[booking.email.lower()].online += refund.amount


def _holder(holders, email, language, person):
    key = email.lower()
    if key not in holders:
        name = (person.get_full_name() if person else "") or ""
        holders[key] = Holder(email=email, language=language or "fr", name=name)
    return holders[key]


def why_not(screening, found, *, session, user, now=None):
    """Why the screening cannot be cancelled by ``user`` now, or "" when it can."""
    try:
        _refuse(screening, found, session=session, user=user, now=now)
    except Refused as refused:
        return refused.message
    return ""


def _refuse(screening, found, *, session, user, now=None):
    now = now or timezone.now()
    if screening.starts_at <= now:
        raise CancellationRefused(
            "already_held",
            _("This screening has started or been held: it cannot be cancelled any more."),
        )
    if screening.status == Screening.Status.CANCELLED and not found.tickets:
        raise CancellationRefused("already_cancelled", _("This screening is already cancelled."))
    if found.till:
        if session is None:
            raise SaleRefused(
                "no_session",
                _(
                    "Tickets of this screening were paid at the till or the door: open your "
                    "till session to refund them, then cancel."
                ),
            )
        check_own(session, user)


def cancel_screening(screening, *, by, session=None, now=None):
    """Cancel ``screening`` and everything sold for it (see the module). Returns what
    was done; raises a ``Refused`` having written nothing."""
    found = plan(screening)
    _refuse(screening, found, session=session, user=by, now=now)
    reason = _("Screening cancelled")
    with transaction.atomic():
        if found.till:
            # The lock order: the till session, then the screening.
            TillSession.objects.select_for_update().filter(pk=session.pk).values_list("pk").get()
        seats.lock(screening)
        # Read again under the lock: a sale or a booking may have come meanwhile.
        found = plan(screening)
        _refuse(screening, found, session=session, user=by, now=now)
        programme.set_status(
            Screening.objects.filter(pk=screening.pk), Screening.Status.CANCELLED, by=by
        )
        screening.status = Screening.Status.CANCELLED
        for refund in found.till:
            refunds.refund(session, refund.lines, reason=reason, by=by)
        for refund in found.online:
            _refund_online(refund, by)
        seats.give_back(found.tickets, by=by, action="boxoffice.screening.cancelled")
        _cancel_pending(found, by)
        for holder in found.holders.values():
            send_mail_on_commit(
                "boxoffice/emails/screening_cancelled",
                {"screening": screening, "holder": holder},
                to=holder.email,
                language=holder.language,
            )
        log_action(
            "boxoffice.screening.cancelled",
            by=by,
            screening=screening.pk,
            tickets=len(found.tickets),
            online=found.online_total,
            till=found.till_total,
            told=len(found.holders),
        )
    return Done(
        tickets=len(found.tickets),
        online=found.online_total,
        till=found.till_total,
        told=len(found.holders),
    )


def _refund_online(refund, by):
    payment = refund.booking.payment
    left = payment.amount + sum(payment.refunds.values_list("amount", flat=True), start=ZERO)
    amount = min(refund.amount, left)
    if amount > 0:
        payments.refund(
            payment,
            amount,
            by=by,
            note="screening cancelled",
            refs=[str(t) for t in refund.tickets],
        )


def _cancel_pending(found, by):
    """Online payments never finished for this screening's bookings: cancelled."""
    pending = {}
    for ticket in found.tickets:
        payment = ticket.booking.payment if ticket.booking_id else None
        if payment is not None and payment.status == Payment.Status.PENDING:
            pending[payment.pk] = payment
    for payment in pending.values():
        payments.cancel_payment(payment, by=by, note="screening cancelled")
