"""Undoing the last sale of a session, within two minutes, by a reversing sale: the
same lines with opposite amounts, its journal entry a ``reversal``. And what undoing and
refunding (``refunds.py``) share: the screenings' locks taken in the lock order, and what
the lines sold given back, each through its own module (tickets through
``tickets.seats``, memberships through ``members.services``).

Only the session's cashier undoes, only its last sale, and not a sale with a refunded
line; refused, nothing is written.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.boxoffice import gifts, journal
from clef.boxoffice.models import JournalEntry, Sale, SaleLine, TillSession
from clef.boxoffice.receipts import sale_body
from clef.boxoffice.sales import SaleRefused, check_own, save_lines
from clef.lib.actions import log_action
from clef.members import services as members
from clef.programme.models import Screening
from clef.tickets import seats

# The last sale of a session can be undone for this long.
UNDO_WINDOW = dt.timedelta(minutes=2)


def undo(sale, *, by, now=None):
    """Cancel ``sale`` by a reversing sale: its tickets go back through ``seats`` (sold
    here: cancelled, the waiting list told; collected at the door: booked again, to pay,
    its booking held), its membership is cancelled. Only the session's last sale, within
    ``UNDO_WINDOW``, by the session's cashier."""
    now = now or timezone.now()
    with transaction.atomic():
        session = (
            TillSession.objects.select_for_update()
            .select_related("cashier")
            .get(pk=sale.session_id)
        )
        check_own(session, by)
        if not session.is_open:
            raise SaleRefused("session_closed", _("This till session is closed."))
        sale = Sale.objects.select_related("session__till", "cashier", "reverses").get(pk=sale.pk)
        if sale.is_reversal:
            raise SaleRefused("is_reversal", _("This is already a reversal."))
        if sale.reason:
            raise SaleRefused("is_refund", _("A refund cannot be undone."))
        if Sale.objects.filter(reverses=sale).exists():
            raise SaleRefused("already_undone", _("This sale was already undone."))
        last = Sale.objects.filter(session=session, reverses__isnull=True).order_by("-pk").first()
        if last is None or last.pk != sale.pk:
            raise SaleRefused("not_last", _("Only the last sale can be undone."))
        if now - sale.created_at > UNDO_WINDOW:
            raise SaleRefused(
                "undo_too_late", _("A sale can be undone for two minutes only: it is too late.")
            )
        lines = list(sale.lines.select_related("ticket__booking", "membership"))
        lock_screenings(lines)
        if SaleLine.objects.filter(refunds__sale=sale).exists():
            raise SaleRefused(
                "already_refunded", _("A line of this sale was refunded: it cannot be undone.")
            )
        reversal = Sale.objects.create(
            session=session,
            venue=sale.venue,
            cashier=by,
            person=sale.person,
            channel=sale.channel,
            method=sale.method,
            total=-sale.total,
            card_part=None if sale.card_part is None else -sale.card_part,
            tendered=None,
            change=None,
            reverses=sale,
        )
        give_back(lines, by=by, action="boxoffice.sale.undone")
        reversed_lines = [
            SaleLine(
                kind=line.kind,
                label=line.label,
                quantity=-line.quantity,
                unit_price=line.unit_price,
                amount=-line.amount,
                vat_rate=line.vat_rate,
                screening=line.screening,
                ticket=line.ticket,
                membership=line.membership,
                product=line.product,
            )
            for line in lines
        ]
        save_lines(reversal, reversed_lines)
        entry = journal.append(
            sale.venue,
            JournalEntry.Kind.REVERSAL,
            sale_body(reversal, reversed_lines),
            session=session,
            sale=reversal,
        )
        log_action(
            "boxoffice.sale.undone",
            by=by,
            sale=sale.code,
            reversal=reversal.code,
            entry=entry.sequence,
        )
    return reversal


def lock_screenings(lines):
    """Take the seats' lock of every screening ``lines`` name, in the lock order (after
    the session, before the journal's head). A line written for a screening is checked
    against the screening's row when the transaction commits (PostgreSQL's deferred
    foreign keys): holding its lock first keeps a sale or a booking that holds it and
    waits for the journal's head from waiting on us in a circle."""
    for pk in sorted({line.screening_id for line in lines if line.screening_id}):
        seats.lock(Screening(pk=pk))


def give_back(lines, *, by, action, note=""):
    """What ``lines`` sold goes back, each through its own module: tickets sold here are
    cancelled (``seats.undo_sale_of``), a booked ticket collected at the door is booked
    again and its booking held (undone, ``action`` ending in ``undone``) or given back
    (refunded, ``seats.give_back``), a membership is cancelled (the till gives the money
    back itself, by the reversing sale)."""
    undoing = action.endswith("undone")
    sold = [line.ticket for line in lines if line.kind == SaleLine.Kind.TICKET and line.ticket_id]
    if sold:
        seats.undo_sale_of(sold, by=by)
    collected = [line.ticket for line in lines if line.kind == SaleLine.Kind.PRESALE]
    for ticket in collected:
        if undoing:
            seats.undo_let_in(ticket, by=by)
    if collected and not undoing:
        seats.give_back(collected, by=by, action=action)
    for line in lines:
        if line.membership_id:
            members.cancel_membership(line.membership, by=by, refund=False, note=note or action)
    gifts.given_back(lines, by=by)
