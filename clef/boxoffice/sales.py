"""Selling at the till: memberships, tickets and bar items in one sale, paid in cash, by
card or free; undoing the last sale within two minutes as a reversing sale; taking the
money of a ticket booked to pay at the door (a door sale).

The story of a sale: read the lines, check them all (nothing is written while anything
is wrong), then in one transaction hold the session, issue the tickets through
``tickets.seats`` (its lock, its count, its numbers), take the membership, write the sale
and its lines, and append the journal entry. A retry with the same idempotency key
returns the sale already made.

A session belongs to its cashier: nobody else sells, undoes or collects in it
(``check_own``, a ``Forbidden`` refusal).
"""

import datetime as dt
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.boxoffice import journal
from clef.boxoffice.models import JournalEntry, Product, Sale, SaleLine, TillSession
from clef.lib.actions import log_action
from clef.lib.money import cents, format_euros, without_vat
from clef.lib.refusals import Forbidden, Refused
from clef.members import services as members
from clef.programme.models import Screening
from clef.tickets import checkin, seats
from clef.tickets.booking import parse_price
from clef.tickets.models import Booking, Ticket

# The last sale of a session can be undone for this long.
UNDO_WINDOW = dt.timedelta(minutes=2)
# A screening still sells this long after its end (latecomers, the bar after the film).
SELLS_AFTER_END = dt.timedelta(hours=1)
# Guards against a finger left on a key.
MAX_TICKETS = 50
MAX_QUANTITY = 99
MAX_TENDERED = Decimal("10000")
# Memberships are not subject to VAT (an association's fees).
MEMBERSHIP_VAT = Decimal("0.00")


class SaleRefused(Refused):
    """A sale that cannot be made; ``code`` is stable, ``message`` translated."""


def check_own(session, user):
    """Refuse (403) anyone but the session's cashier: a session is its cashier's drawer.
    Handing over is counting, closing, and the next cashier opening their own."""
    if session.cashier_id != user.pk:
        raise Forbidden(
            "not_your_session",
            _(
                "This till session is %(name)s's: only they may sell, undo, take money or "
                "close in it. To take over, they count the cash and close, then you open "
                "your own session."
            )
            % {"name": _name(session.cashier)},
        )


@dataclass
class MembershipLine:
    """A membership sold at the till: to ``person``, or to a new person named here."""

    amount: object
    person: object = None
    first_name: str = ""
    last_name: str = ""
    email: str = ""


@dataclass
class Order:
    """What the cashier typed, before any check."""

    screening: Screening | None = None
    prices: list = field(default_factory=list)
    products: dict = field(default_factory=dict)  # Product (or pk) -> quantity
    membership: MembershipLine | None = None
    person: object = None

    @property
    def is_empty(self):
        return not self.prices and not any(self.products.values()) and self.membership is None


def sell(session, order, *, method, by, tendered=None, idempotency_key=None):
    """Make the sale ``order`` describes. Returns ``(sale, created)``; raises
    ``SaleRefused`` with the reason (``Forbidden`` in another cashier's session), having
    written nothing."""
    check_own(session, by)
    if idempotency_key and (replay := _replay(idempotency_key, session)):
        return replay, False
    venue = session.venue
    if order.is_empty:
        raise SaleRefused("empty", _("The sale is empty: add a ticket, a membership or an item."))
    session = still_open(session)
    prices = _prices(order, venue)
    products = _products(order, venue)
    membership_amount = None
    if order.membership is not None:
        try:
            membership_amount = members.parse_amount(venue, order.membership.amount)
        except members.MembershipRefused as refused:
            raise SaleRefused(refused.code, refused.message) from None
        _check_new_person(order.membership)
    total = (
        sum(prices, Decimal("0.00"))
        + sum((p.price * q for p, q in products), Decimal("0.00"))
        + (membership_amount or Decimal("0.00"))
    )
    method, tendered, change = _payment(method, total, tendered)
    try:
        with transaction.atomic():
            sale = _write_sale(
                session,
                order,
                prices,
                products,
                membership_amount,
                total=total,
                method=method,
                tendered=tendered,
                change=change,
                key=idempotency_key,
                by=by,
            )
    except IntegrityError:
        # The same key sent twice at once: the other request sold.
        if idempotency_key and (replay := _replay(idempotency_key, session)):
            return replay, False
        raise
    return sale, True


def _replay(key, session):
    sale = Sale.objects.filter(idempotency_key=key).first()
    if sale is not None and sale.session_id != session.pk:
        raise SaleRefused("idempotency_conflict", _("This sale key was used at another till."))
    return sale


def still_open(session):
    session = TillSession.objects.select_related("till", "venue").get(pk=session.pk)
    if not session.is_open:
        raise SaleRefused("session_closed", _("This till session is closed: open a new one."))
    return session


def _prices(order, venue):
    if not order.prices:
        return []
    screening = order.screening
    if screening is None:
        raise SaleRefused("no_screening", _("Choose the screening the tickets are for."))
    if len(order.prices) > MAX_TICKETS:
        raise SaleRefused(
            "too_many", _("One sale takes at most %(count)s tickets.") % {"count": MAX_TICKETS}
        )
    check_screening(screening, venue)
    try:
        prices = [parse_price(p, venue) for p in order.prices]
    except seats.SeatsRefused as refused:
        raise SaleRefused(refused.code, refused.message) from None
    if screening.is_free and any(prices):
        raise SaleRefused("price_free", _("This screening is free: every ticket costs nothing."))
    return prices


def check_screening(screening, venue, now=None):
    """Refuse tickets for a screening the till cannot sell, with the reason."""
    now = now or timezone.now()
    if screening.room.venue_id != venue.pk:
        raise SaleRefused("other_venue", _("This screening is in another venue."))
    if screening.status == Screening.Status.DRAFT:
        raise SaleRefused("not_published", _("This screening is not on the programme yet."))
    if screening.status == Screening.Status.CANCELLED:
        raise SaleRefused("cancelled", _("This screening is cancelled."))
    if screening.kind in (Screening.Kind.WORKSHOP, Screening.Kind.PRIVATE):
        raise SaleRefused("no_tickets", _("This event takes no tickets."))
    if screening.ends_at + SELLS_AFTER_END < now:
        raise SaleRefused(
            "screening_over", _("This screening ended more than an hour ago: no more tickets.")
        )


def _products(order, venue):
    products = []
    for product, quantity in order.products.items():
        if not isinstance(product, Product):
            product = Product.objects.filter(pk=product, venue=venue).first()
            if product is None:
                raise SaleRefused("product_unknown", _("This item is not in the catalogue."))
        try:
            quantity = int(quantity or 0)
        except (TypeError, ValueError):
            raise SaleRefused(
                "quantity_invalid", _("A quantity is a whole number, like 1 or 2.")
            ) from None
        if quantity == 0:
            continue
        if quantity < 0 or quantity > MAX_QUANTITY:
            raise SaleRefused(
                "quantity_invalid",
                _("A quantity goes from 1 to %(max)s.") % {"max": MAX_QUANTITY},
            )
        if product.venue_id != venue.pk or not product.active:
            raise SaleRefused(
                "product_inactive", _("“%(name)s” is not on sale.") % {"name": product}
            )
        if product.vat_rate is None:
            raise SaleRefused(
                "product_without_vat",
                _("“%(name)s” has no VAT rate: set one in the catalogue before selling it.")
                % {"name": product},
            )
        products.append((product, quantity))
    return products


def _check_new_person(line):
    if line.person is None and not (line.first_name.strip() or line.last_name.strip()):
        raise SaleRefused(
            "person_required", _("A membership needs a person: find a member or type a name.")
        )


def _payment(method, total, tendered):
    if method not in Sale.Method.values:
        raise SaleRefused("method_invalid", _("Choose cash, card or free."))
    if total == 0:
        return Sale.Method.FREE, None, None
    if method == Sale.Method.FREE:
        raise SaleRefused(
            "not_free",
            _("This sale costs %(total)s: it cannot be free.") % {"total": format_euros(total)},
        )
    if method == Sale.Method.CARD or tendered in (None, ""):
        return method, None, None
    try:
        tendered = parse_price(tendered, _TenderLimits)
    except seats.SeatsRefused:
        raise SaleRefused(
            "tendered_invalid", _("Type the cash given in euros, like 20 or 12.50.")
        ) from None
    if tendered < total:
        raise SaleRefused(
            "tendered_short",
            _("%(given)s given is less than the total, %(total)s.")
            % {"given": format_euros(tendered), "total": format_euros(total)},
        )
    return method, tendered, tendered - total


class _TenderLimits:
    price_ceiling = MAX_TENDERED


def _write_sale(session, order, prices, products, membership_amount, **sale_fields):
    venue = session.venue
    by = sale_fields.pop("by")
    key = sale_fields.pop("key")
    # Held until the commit: a session closing meanwhile waits, then sees this sale.
    if not TillSession.objects.select_for_update().filter(pk=session.pk, closed_at=None).exists():
        raise SaleRefused("session_closed", _("This till session is closed: open a new one."))
    screening = order.screening
    tickets = []
    if prices:
        # The same lock and count as online booking: door and online share the room.
        try:
            tickets = seats.issue(
                screening, prices, online=False, status=Ticket.Status.PAID, venue=venue
            )
        except seats.SeatsRefused as refused:
            raise SaleRefused(refused.code, refused.message) from None
    person = order.person or (order.membership.person if order.membership else None)
    lines = []
    if order.membership is not None:
        person = person or _new_person(order.membership)
        membership = members.start_membership(
            person,
            venue,
            amount=membership_amount,
            method="free" if membership_amount == 0 else sale_fields["method"],
            by=by,
        )
        lines.append(
            SaleLine(
                kind=SaleLine.Kind.MEMBERSHIP,
                label=_("Membership %(number)s") % {"number": membership},
                unit_price=membership_amount,
                amount=membership_amount,
                vat_rate=MEMBERSHIP_VAT,
                membership=membership,
            )
        )
    if tickets:
        title = screening.display_title
        for ticket in tickets:
            lines.append(
                SaleLine(
                    kind=SaleLine.Kind.TICKET,
                    label=f"{ticket} {title}"[:200],
                    unit_price=ticket.price,
                    amount=ticket.price,
                    vat_rate=venue.vat_rate,
                    screening=screening,
                    ticket=ticket,
                )
            )
    for product, quantity in products:
        lines.append(
            SaleLine(
                kind=SaleLine.Kind.PRODUCT,
                label=product.name,
                quantity=quantity,
                unit_price=product.price,
                amount=product.price * quantity,
                vat_rate=product.vat_rate,
                product=product,
            )
        )
    sale = Sale.objects.create(
        session=session,
        venue=venue,
        idempotency_key=key or None,
        cashier=by,
        person=person,
        **sale_fields,
    )
    save_lines(sale, lines)
    entry = journal.append(
        venue, JournalEntry.Kind.SALE, sale_body(sale, lines), session=session, sale=sale
    )
    log_action(
        "boxoffice.sale.made",
        by=by,
        sale=sale.code,
        entry=entry.sequence,
        total=sale.total,
        method=sale.method,
    )
    return sale


def save_lines(sale, lines):
    for position, line in enumerate(lines, start=1):
        line.sale = sale
        line.position = position
    SaleLine.objects.bulk_create(lines)


def _new_person(line):
    users = get_user_model()._default_manager
    email = line.email.strip().lower()
    if email and (user := users.filter(email__iexact=email).first()):
        return user
    user = users.create_user(
        username=email or f"till-{secrets.token_hex(6)}",
        email=email,
        first_name=line.first_name.strip()[:150],
        last_name=line.last_name.strip()[:150],
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


def vat_totals(lines):
    """Per VAT rate: the amount paid (VAT included), without VAT, and the VAT, computed
    on each rate's sum so that the parts add up to the total to the cent."""
    gross = {}
    for line in lines:
        gross[line.vat_rate] = gross.get(line.vat_rate, Decimal("0.00")) + line.amount
    totals = {}
    for rate in sorted(gross):
        net = without_vat(gross[rate], rate)
        totals[f"{rate:.2f}"] = {"gross": gross[rate], "net": net, "vat": gross[rate] - net}
    return totals


def sale_body(sale, lines):
    """What the journal keeps of a sale: enough to rebuild it without the database. A
    refund adds its reason, and each of its lines the line it gives back."""
    session = sale.session
    body = {
        "sale": sale.code,
        "reverses": sale.reverses.code if sale.reverses_id else None,
        "till": session.till.name,
        "session": session.pk,
        "cashier": _name(sale.cashier),
        "channel": sale.channel,
        "method": sale.method,
        "total": sale.total,
        "tendered": sale.tendered,
        "change": sale.change,
        "lines": [_line_body(line) for line in lines],
        "vat": vat_totals(lines),
    }
    if sale.reason:
        body["reason"] = sale.reason
    return body


def _line_body(line):
    body = {
        "kind": line.kind,
        "label": line.label,
        "quantity": line.quantity,
        "unit": line.unit_price,
        "amount": line.amount,
        "vat_rate": line.vat_rate,
        "ref": _reference(line),
    }
    if line.refunds_id:
        body["refunds"] = line_reference(line.refunds)
    return body


def line_reference(line):
    """A line as the journal names it: its sale's code and its position, "Xy12/2"."""
    return f"{line.sale.code}/{line.position}"


def _reference(line):
    if line.ticket_id:
        return str(line.ticket)
    if line.membership_id:
        return str(line.membership)
    if line.product_id:
        return f"product:{line.product_id}"
    return None


def _name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


# --- undo -----------------------------------------------------------------------------
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


# --- a ticket booked to pay at the door -----------------------------------------------
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
    if idempotency_key and (replay := _replay(idempotency_key, session)):
        line = replay.lines.select_related("ticket").first()
        return checkin.CheckIn(True, "ok", _("Already paid and let in."), line.ticket), replay
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
    method, tendered, change = _payment(method, found.price, tendered)
    with transaction.atomic():
        if (
            not TillSession.objects.select_for_update()
            .filter(pk=session.pk, closed_at=None)
            .exists()
        ):
            raise SaleRefused("session_closed", _("This till session is closed: open a new one."))
        # The lock order (see ``lock_screenings``): the session, the screening, the
        # booking and the ticket, the journal's head.
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


def expected_cash(session):
    """The cash that should be in the drawer: the float and every cash sale, reversals,
    door sales and refunds included."""
    taken = Sale.objects.filter(session=session, method=Sale.Method.CASH).values_list(
        "total", flat=True
    )
    return cents(session.opening_float + sum(taken, Decimal("0.00")))
