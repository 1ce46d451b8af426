"""Giving back lines of an earlier sale at the till, with a reason (a screening
cancelled after door sales, a drink spilt): a refund is a new sale, in the refunding
cashier's own open session, whose lines have the opposite amounts and point at the lines
they give back (``SaleLine.refunds``); its journal entry is a ``refund``. Cash given
back lowers the session's expected cash.

What was sold goes back through its own module (``reversals.give_back``): tickets through
``tickets.seats``, memberships through ``members.services.cancel_membership`` (the money
goes back by this sale, not by the membership's payment).

Refused, with nothing written: no reason, or a reason too long; a line already refunded,
a line of a reversal, of a refund or of a sale undone; an amount above what the line
was paid; another cashier's session.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from clef.boxoffice import journal
from clef.boxoffice.models import JournalEntry, Sale, SaleLine
from clef.boxoffice.receipts import sale_body
from clef.boxoffice.reversals import give_back, lock_screenings
from clef.boxoffice.sales import SaleRefused, check_own, hold, save_lines, still_open
from clef.lib.actions import log_action
from clef.lib.forms import is_digits
from clef.lib.money import format_euros
from clef.tickets.booking import parse_price
from clef.tickets.seats import SeatsRefused

MAX_REASON = 200
LONGEST_CODE = 40


class _AmountLimits:
    price_ceiling = Decimal("100000")


@dataclass
class Refundable:
    """A line of a sale as the refund page shows it: whether it may be refunded, and if
    not, why."""

    line: SaleLine
    why_not: str = ""

    @property
    def ok(self):
        return not self.why_not


def find_sale(venue, raw):
    """The sale a code names, or the sale of a ticket typed by its number
    ("2026-000123"): None when nothing matches."""
    raw = (raw or "").strip()[:LONGEST_CODE]
    if not raw:
        return None
    sales = Sale.objects.filter(venue=venue).select_related("session__till", "cashier", "reverses")
    found = sales.filter(code=raw).first()
    if found is not None:
        return found
    series, _dash, number = raw.rpartition("-")
    if is_digits(number) and len(number) <= 9 and (not series or is_digits(series)):
        lines = SaleLine.objects.filter(
            sale__venue=venue,
            ticket__number=int(number),
            sale__reverses__isnull=True,
            refunds__isnull=True,
        )
        if series:
            lines = lines.filter(ticket__series=int(series))
        line = lines.order_by("-sale__created_at", "-pk").first()
        if line is not None:
            return sales.get(pk=line.sale_id)
    return None


def refundable_lines(sale):
    """Each line of ``sale`` with the reason it cannot be refunded, if any. Three
    queries, whatever the number of lines."""
    lines = list(sale.lines.select_related("sale", "ticket", "membership").order_by("position"))
    whole = _why_not_sale(sale)
    refunded = set(SaleLine.objects.filter(refunds__sale=sale).values_list("refunds_id", flat=True))
    shown = []
    for line in lines:
        why = whole
        if not why and line.pk in refunded:
            why = _("Already refunded.")
        shown.append(Refundable(line, why))
    return shown


def _why_not_sale(sale):
    if sale.is_reversal:
        return _("A line of a reversal cannot be refunded.")
    if sale.reason or sale.lines.filter(refunds__isnull=False).exists():
        return _("A refund cannot be refunded.")
    if Sale.objects.filter(reverses=sale).exists():
        return _("This sale was undone: there is nothing left to refund.")
    return ""


def parse_reason(raw):
    reason = " ".join(str(raw or "").split())
    if not reason:
        raise SaleRefused("reason_required", _("Say why the money is given back."))
    if len(reason) > MAX_REASON:
        raise SaleRefused(
            "reason_too_long",
            _("The reason takes %(max)s characters at most.") % {"max": MAX_REASON},
        )
    return reason


def refund(session, lines, *, reason, by, amounts=None):
    """Give back ``lines`` (of one earlier sale; each whole, or the amount ``amounts``
    gives for its pk, as typed) with ``reason``, as a refund sale in ``session`` (the
    cashier's own, open). Returns the refund sale; raises ``SaleRefused`` (or
    ``Forbidden``) having written nothing."""
    reason = parse_reason(reason)
    if session is None:
        raise SaleRefused(
            "no_session", _("Open your till session first: the money given back comes from it.")
        )
    check_own(session, by)
    session = still_open(session)
    amounts = amounts or {}
    lines = list(lines)
    if not lines:
        raise SaleRefused("nothing_chosen", _("Choose the lines to refund."))
    pks = [line.pk if isinstance(line, SaleLine) else int(line) for line in lines]
    lines = list(
        SaleLine.objects.filter(pk__in=pks)
        .select_related("sale__reverses", "ticket__booking", "membership")
        .order_by("sale", "position")
    )
    if len(lines) != len(set(pks)) or len({line.sale_id for line in lines}) != 1:
        raise SaleRefused("several_sales", _("Refund lines of one sale at a time."))
    sale = lines[0].sale
    if sale.venue_id != session.venue_id:
        raise SaleRefused("other_venue", _("This sale was made in another venue."))
    given = [(line, _amount(line, amounts.get(line.pk))) for line in lines]
    with transaction.atomic():
        hold(session)
        lock_screenings(lines)
        # The refunded sale's row: two refunds of one line at once queue here (PostgreSQL).
        Sale.objects.select_for_update().filter(pk=sale.pk).values_list("pk").get()
        _check(sale, lines)
        total = -sum((amount for _line, amount in given), Decimal("0.00"))
        back = Sale.objects.create(
            session=session,
            venue=session.venue,
            cashier=by,
            person=sale.person,
            channel=sale.channel,
            method=_refund_method(sale, total),
            total=total,
            reason=reason,
        )
        try:
            give_back(lines, by=by, action="boxoffice.sale.refunded", note=reason)
        except SeatsRefused as refused:
            raise SaleRefused(refused.code, refused.message) from None
        back_lines = [_refund_line(line, amount) for line, amount in given]
        save_lines(back, back_lines)
        body = sale_body(back, back_lines)
        body["refunds"] = sale.code
        entry = journal.append(
            session.venue, JournalEntry.Kind.REFUND, body, session=session, sale=back
        )
        log_action(
            "boxoffice.sale.refunded",
            by=by,
            sale=sale.code,
            refund=back.code,
            lines=",".join(str(line.position) for line in lines),
            total=total,
            reason=reason,
            entry=entry.sequence,
        )
    return back


def _refund_method(sale, total):
    """How money goes back: as it was paid; a split payment's refund goes back in cash."""
    if total == 0:
        return Sale.Method.FREE
    return Sale.Method.CASH if sale.method == Sale.Method.SPLIT else sale.method


def _check(sale, lines):
    why = _why_not_sale(sale)
    if why:
        raise SaleRefused("not_refundable", why)
    done = SaleLine.objects.filter(refunds__in=lines).values_list("refunds__label", flat=True)
    if label := next(iter(done), None):
        raise SaleRefused(
            "already_refunded", _("“%(label)s” was already refunded.") % {"label": label}
        )


def _amount(line, raw):
    """What is given back for ``line``: all it was paid, or the amount typed (up to
    that)."""
    if raw is None or str(raw).strip() == "":
        return line.amount
    try:
        amount = parse_price(raw, _AmountLimits)
    except SeatsRefused:
        raise SaleRefused(
            "amount_invalid", _("Type the amount given back in euros, like 5 or 7.50.")
        ) from None
    if amount > line.amount:
        raise SaleRefused(
            "above_paid",
            _("%(amount)s is more than “%(label)s” was paid: %(paid)s.")
            % {
                "amount": format_euros(amount),
                "label": line.label,
                "paid": format_euros(line.amount),
            },
        )
    if amount == 0 and line.amount:
        raise SaleRefused(
            "amount_invalid", _("Type the amount given back in euros, like 5 or 7.50.")
        )
    if amount != line.amount and line.kind != SaleLine.Kind.PRODUCT:
        # A seat or a membership is given back whole: its ticket statement and the
        # accounts would otherwise keep money the seat no longer brings.
        raise SaleRefused(
            "partial_not_allowed",
            _("“%(label)s” is given back whole (%(paid)s) or not at all.")
            % {"label": line.label, "paid": format_euros(line.amount)},
        )
    return amount


def _refund_line(line, amount):
    # A bar line given back in part returns money, not items.
    partial = line.kind == SaleLine.Kind.PRODUCT and amount != line.amount
    return SaleLine(
        kind=line.kind,
        label=line.label,
        quantity=0 if partial else -line.quantity,
        unit_price=amount if partial else line.unit_price,
        amount=-amount,
        vat_rate=line.vat_rate,
        screening=line.screening,
        ticket=line.ticket,
        membership=line.membership,
        product=line.product,
        refunds=line,
    )
