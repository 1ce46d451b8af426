"""Selling at the till: memberships, tickets and bar items in one sale, paid in cash, by
card or free. Undoing the last sale is in ``reversals``, taking the money of a ticket
booked to pay at the door (a door sale) in ``door_sales``, what the journal keeps of a
sale in ``receipts``; the refusal, the session's checks and the writing of lines they
share are here.

The story of a sale: read the lines, check them all (nothing is written while anything
is wrong), then in one transaction hold the session, issue the tickets through
``tickets.seats`` (its lock, its count, its numbers), take the membership, write the sale
and its lines, and append the journal entry. A retry with the same idempotency key
returns the sale already made.

A session belongs to its cashier: nobody else sells, undoes, collects or refunds in it
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

from clef.boxoffice import gifts, journal
from clef.boxoffice.models import JournalEntry, Product, Sale, SaleLine, TillSession
from clef.boxoffice.receipts import sale_body
from clef.lib.actions import log_action
from clef.lib.money import format_euros
from clef.lib.refusals import Forbidden, Refused
from clef.members import services as members
from clef.programme.models import Screening
from clef.tickets import seats
from clef.tickets.booking import parse_price
from clef.tickets.models import Ticket

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
            % {"name": journal.name_of(session.cashier)},
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
    gift: gifts.GiftLine | None = None
    # When a till sold it offline (its own clock, checked by ``boxoffice.offline``):
    # whether the screening still sold is judged at that time.
    sold_at: dt.datetime | None = None

    @property
    def is_empty(self):
        return (
            not self.prices
            and not any(self.products.values())
            and self.membership is None
            and self.gift is None
        )


def sell(
    session,
    order,
    *,
    method,
    by,
    tendered=None,
    idempotency_key=None,
    card_part=None,
    offline=None,
    numbers=None,
):
    """Make the sale ``order`` describes. Returns ``(sale, created)``; raises
    ``SaleRefused`` with the reason (``Forbidden`` in another cashier's session), having
    written nothing. A split payment (``method`` "split") takes ``card_part`` by card
    and the rest in cash (``tendered``: the cash given for that rest). A sale the till
    made offline (``boxoffice.offline``) brings its own time and sequence, ``offline``,
    kept in its journal entry's body, and may bring the numbers it printed on its
    tickets, ``numbers``, honoured or refused (``seats.issue``)."""
    check_own(session, by)
    if idempotency_key and (made := already_made(idempotency_key, session)):
        return made, False
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
    gift_amount = gifts.gift_amount(order.gift, SaleRefused) if order.gift else None
    total = (
        sum(prices, Decimal("0.00"))
        + (gift_amount or Decimal("0.00"))
        + sum((p.price * q for p, q in products), Decimal("0.00"))
        + (membership_amount or Decimal("0.00"))
    )
    if method == Sale.Method.SPLIT and total != 0:
        card_part, tendered, change = check_split(total, card_part, tendered)
    else:
        method, tendered, change = check_payment(method, total, tendered)
        card_part = None
    try:
        with transaction.atomic():
            sale = _write_sale(
                session,
                order,
                prices,
                products,
                membership_amount,
                gift_amount=gift_amount,
                total=total,
                method=method,
                tendered=tendered,
                change=change,
                card_part=card_part,
                key=idempotency_key,
                by=by,
                offline=offline,
                numbers=numbers,
            )
    except IntegrityError:
        # The same key sent twice at once: the other request sold.
        if idempotency_key and (made := already_made(idempotency_key, session)):
            return made, False
        raise
    return sale, True


def already_made(key, session):
    """The sale an idempotency key already made in ``session``, or None; a key used at
    another till is refused."""
    sale = Sale.objects.filter(idempotency_key=key).first()
    if sale is not None and sale.session_id != session.pk:
        raise SaleRefused("idempotency_conflict", _("This sale key was used at another till."))
    return sale


def session_closed():
    """The refusal of a sale, a door sale or a refund in a session closed (or none)."""
    return SaleRefused("session_closed", _("This till session is closed: open a new one."))


def still_open(session):
    """``session`` read again, with its till and venue, or refused when it was closed."""
    session = TillSession.objects.select_related("till", "venue").get(pk=session.pk)
    if not session.is_open:
        raise session_closed()
    return session


def hold(session):
    """Lock ``session``'s row until the commit, or refuse it closed: a session closing
    meanwhile waits, then sees what is written in it. Inside the caller's transaction,
    first in the lock order."""
    if not TillSession.objects.select_for_update().filter(pk=session.pk, closed_at=None).exists():
        raise session_closed()


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
    check_screening(screening, venue, now=order.sold_at)
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


def check_payment(method, total, tendered):
    """The method, the cash given and the change of a payment of ``total``, checked."""
    if method not in Sale.Method.values or method == Sale.Method.SPLIT:
        raise SaleRefused("method_invalid", _("Choose cash, card, split or free."))
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


def check_split(total, card_part, tendered):
    """A split payment of ``total`` checked: ``(card part, cash given, change)``. The card
    part is more than nothing and less than the total; the cash part is the rest, and
    the cash given (if typed) covers it."""
    if card_part in (None, ""):
        raise SaleRefused(
            "split_card_missing", _("A split payment: type the part paid by card, like 10.")
        )
    try:
        card = parse_price(card_part, _TenderLimits)
    except seats.SeatsRefused:
        raise SaleRefused(
            "split_card_invalid", _("Type the part paid by card in euros, like 10 or 12.50.")
        ) from None
    if total < 0 or card <= 0 or card >= total:
        raise SaleRefused(
            "split_mismatch",
            _(
                "A split payment of %(total)s: the card part, %(card)s, must be more than "
                "nothing and less than the total, the rest paid in cash."
            )
            % {"total": format_euros(total), "card": format_euros(card)},
        )
    cash = total - card
    _method, tendered, change = check_payment(Sale.Method.CASH, cash, tendered)
    return card, tendered, change


class _TenderLimits:
    price_ceiling = MAX_TENDERED


def _write_sale(session, order, prices, products, membership_amount, **sale_fields):
    venue = session.venue
    by = sale_fields.pop("by")
    key = sale_fields.pop("key")
    offline = sale_fields.pop("offline", None)
    numbers = sale_fields.pop("numbers", None)
    gift_amount = sale_fields.pop("gift_amount", None)
    hold(session)
    screening = order.screening
    tickets = []
    if prices:
        # The same lock and count as online booking: door and online share the room.
        try:
            tickets = seats.issue(
                screening,
                prices,
                online=False,
                status=Ticket.Status.PAID,
                venue=venue,
                till_series=session.till.ticket_series,
                numbers=numbers,
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
            method=_membership_method(membership_amount, sale_fields),
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
    if gift_amount is not None:
        lines.append(gifts.gift_sale_line(gift_amount))
    sale = Sale.objects.create(
        session=session,
        venue=venue,
        idempotency_key=key or None,
        cashier=by,
        person=person,
        **sale_fields,
    )
    save_lines(sale, lines)
    gifts.tell_listeners(sale, lines, order.gift)
    body = sale_body(sale, lines)
    if offline:
        body["offline"] = offline
    entry = journal.append(venue, JournalEntry.Kind.SALE, body, session=session, sale=sale)
    # The card part is named only for a split payment.
    split = {"card_part": sale.card_part} if sale.card_part is not None else {}
    log_action(
        "boxoffice.sale.made",
        by=by,
        sale=sale.code,
        entry=entry.sequence,
        total=sale.total,
        method=sale.method,
        **split,
    )
    return sale


def _membership_method(amount, sale_fields):
    """How a membership sold in a sale is paid: free, the sale's method, or for a split
    payment the tender that covers it (card when the card part does, else cash)."""
    if amount == 0:
        return "free"
    if sale_fields["method"] != Sale.Method.SPLIT:
        return sale_fields["method"]
    return "card" if sale_fields["card_part"] >= amount else "cash"


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
