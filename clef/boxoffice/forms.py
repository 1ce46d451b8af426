"""Reading the till's forms: what the cashier typed, turned into a ``sales.Order`` and
its payment, or a clear message. Nothing here writes; the checks of amounts against the
venue's rules stay in ``sales`` (one place for them). Numbers are read as
``lib.forms`` reads them: ASCII digits only ("٣" or "²" is a typo, said so), ids within
what a database stores."""

import re
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clef.boxoffice.gifts import GiftLine
from clef.boxoffice.models import Product, Sale
from clef.boxoffice.sales import MembershipLine, Order, SaleRefused
from clef.lib.forms import is_digits, is_euros_text, to_id
from clef.members.models import Membership
from clef.programme.models import Screening

# Ticket prices are typed in one field: "0 6" is two tickets; "7,50" is 7.50 €.
PRICE_SEPARATORS = re.compile(r"[\s;+]+")
LONGEST_FIELD = 200
LONGEST_PRICES = 400
# A membership number as the card prints it, "2026-00012", or just "12".
MEMBERSHIP_NUMBER = re.compile(r"^(?:(?P<season>[0-9]{4})\s*-\s*)?(?P<number>[0-9]{1,6})$")
MEMBERS_SHOWN = 8


def new_key():
    """The idempotency key a sale form carries from the moment it is shown."""
    return uuid.uuid4().hex


def split_prices(raw):
    """``"0 6 7,50"`` -> ``["0", "6", "7.50"]``: each word one ticket, commas as decimal
    separators, a trailing "€" allowed."""
    text = (raw or "")[:LONGEST_PRICES].replace("€", " ")
    return [word.replace(",", ".") for word in PRICE_SEPARATORS.split(text.strip()) if word]


def product_field(product):
    return f"product-{product.pk}"


@dataclass
class SaleInput:
    order: Order
    method: str
    tendered: str
    key: str
    card_part: str = ""  # a split payment's part by card


def _text(data, name, limit=LONGEST_FIELD):
    return str(data.get(name, "") or "").strip()[:limit]


def read_sale(data, *, venue, products):
    """The sale the form ``data`` (request.POST) describes; ``products`` are the active
    catalogue. Raises ``SaleRefused`` for what cannot be read; the screening, the amounts
    and the payment are checked by ``sales.sell``."""
    prices = split_prices(data.get("prices", ""))
    for price in prices:
        _check_euros(price, "price_invalid")
    screening = None
    if prices:
        raw = _text(data, "screening", 20)
        if not raw:
            raise SaleRefused("no_screening", _("Choose the screening the tickets are for."))
        pk = to_id(raw)
        screening = (
            Screening.objects.select_related("room__venue").filter(pk=pk).first()
            if pk is not None
            else None
        )
        if screening is None or screening.room.venue_id != venue.pk:
            raise SaleRefused(
                "screening_unknown",
                _("This screening is not one the till sells now: choose one in the list."),
            )
    quantities = {}
    for product in products:
        raw = _text(data, product_field(product), 10)
        if raw:
            if not is_digits(raw):
                raise SaleRefused(
                    "quantity_invalid", _("A quantity is a whole number, like 1 or 2.")
                )
            quantities[product] = raw
    person = _person(_text(data, "person", 20))
    membership = None
    amount = _text(data, "membership", 20)
    if amount:
        _check_euros(amount, "amount_invalid")
        membership = MembershipLine(
            amount=amount,
            person=person,
            first_name=_text(data, "first_name", 150),
            last_name=_text(data, "last_name", 150),
            email=_text(data, "email", 254),
        )
        if person is None and membership.email and "@" not in membership.email:
            raise SaleRefused("email_invalid", _("This email address is not valid."))
    gift = None
    if gift_amount := _text(data, "gift", 20):
        _check_euros(gift_amount, "gift_invalid")
        gift = GiftLine(
            amount=gift_amount,
            name=_text(data, "gift_name", 200),
            address=_text(data, "gift_address", 500),
        )
    method = _text(data, "method", 10) or Sale.Method.CASH
    if tendered := _text(data, "tendered", 20):
        _check_euros(tendered, "tendered_invalid")
    card_part = _text(data, "card_part", 20) if method == Sale.Method.SPLIT else ""
    if card_part:
        _check_euros(card_part, "split_card_invalid")
    return SaleInput(
        order=Order(
            screening=screening,
            prices=prices,
            products=quantities,
            membership=membership,
            person=person,
            gift=gift,
        ),
        method=method,
        tendered=tendered,
        key=_text(data, "key", 80),
        card_part=card_part,
    )


def _check_euros(typed, code):
    """Refuse an amount not written in euros with the digits 0 to 9 ("٣", "²"), with the
    message ``sales`` gives for the field; bounds and cents are checked there."""
    if is_euros_text(typed):
        return
    if code == "tendered_invalid":
        message = _("Type the cash given in euros, like 20 or 12.50.")
    elif code in ("amount_invalid", "gift_invalid"):
        message = _("Type an amount in euros, like 10 or 7.50.")
    elif code == "split_card_invalid":
        message = _("Type the part paid by card in euros, like 10 or 12.50.")
    else:
        message = _("“%(price)s” is not a price: type euros, like 5 or 7.50.") % {
            "price": typed[:20]
        }
    raise SaleRefused(code, message)


def _person(raw):
    if not raw:
        return None
    if (pk := to_id(raw)) is None:
        raise SaleRefused("person_unknown", _("This person is not known: search again."))
    person = get_user_model()._default_manager.filter(pk=pk, is_active=True).first()
    if person is None:
        raise SaleRefused("person_unknown", _("This person is not known: search again."))
    return person


def active_products(venue):
    return list(Product.objects.filter(venue=venue, active=True).order_by("position", "name"))


# --- finding a member -------------------------------------------------------------------
@dataclass
class Found:
    """A person the search found, with the membership that says most about them: the
    one valid today, else the last one."""

    person: object
    membership: Membership | None
    valid: bool


def find_members(venue, raw, *, today):
    """People matching ``raw``: a membership number ("2026-00012" or "12"), a card's QR
    code, or words of a name or an email address. A fixed number of queries."""
    query = (raw or "").strip()[:LONGEST_FIELD]
    if len(query) < 2 and not is_digits(query):
        return []
    users = get_user_model()._default_manager.filter(is_active=True)
    memberships = Membership.objects.filter(venue=venue, person__isnull=False)
    if match := MEMBERSHIP_NUMBER.match(query):
        found = memberships.filter(number=int(match["number"]))
        if match["season"]:
            found = found.filter(season=int(match["season"]))
        users = users.filter(pk__in=found.values("person"))
    else:
        words = query.split()
        by_name = Q()
        for word in words[:5]:
            by_name &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(username__icontains=word)
                | Q(email__icontains=word)
            )
        by_card = Q(pk__in=memberships.filter(code=query).values("person"))
        users = users.filter(by_name | by_card)
    return _with_memberships(users, memberships, today)


def member(venue, pk, *, today):
    """The person picked (by id), as ``find_members`` shows them, or None."""
    users = get_user_model()._default_manager.filter(is_active=True, pk=pk)
    memberships = Membership.objects.filter(venue=venue, person__isnull=False)
    return next(iter(_with_memberships(users, memberships, today)), None)


def _with_memberships(users, memberships, today):
    people = list(
        users.prefetch_related(
            Prefetch(
                "memberships",
                queryset=memberships.exclude(status=Membership.Status.CANCELLED).order_by(
                    "-ends_on", "-season", "-number"
                ),
                to_attr="till_memberships",
            )
        ).order_by("last_name", "first_name", "username")[:MEMBERS_SHOWN]
    )
    found = []
    for person in people:
        valid = [
            m for m in person.till_memberships if m.starts_on and m.ends_on and m.is_valid_on(today)
        ]
        chosen = valid[0] if valid else next(iter(person.till_memberships), None)
        found.append(Found(person, chosen, bool(valid)))
    return found


# --- a membership at the till: never onto an account unasked, never twice unasked -------
class MembershipQuestion(SaleRefused):
    """A membership the cashier must decide about before it is sold: the address typed
    is an existing account's (``offer``, a ``Found`` to pick), or the person already has
    a valid membership (``second``, a ``Found``: the sale goes through once confirmed)."""

    def __init__(self, code, message, *, offer=None, second=None):
        super().__init__(code, message)
        self.offer = offer
        self.second = second


def ask_about_membership(read, data, *, venue, today):
    """Refuse, with the question to ask, a membership for a new person whose address
    belongs to an account (that account is offered, never attached silently), or one for
    a person whose membership is still valid unless ``data`` confirms a second one
    (``second_membership``). Reads the database, writes nothing."""
    line = read.order.membership
    if line is None:
        return
    person = line.person
    if person is None:
        email = line.email.strip().lower()
        if not email:
            return
        owners = get_user_model()._default_manager.filter(email__iexact=email)
        if not owners.exists():
            return
        active = owners.filter(is_active=True)
        offer = next(iter(_with_memberships(active, _memberships(venue), today)), None)
        if offer is None:  # only a closed account has it
            raise MembershipQuestion(
                "email_closed_account",
                _("%(email)s is the address of a closed account: type another address.")
                % {"email": email[:80]},
            )
        if offer is not None:
            name = offer.person.get_full_name() or offer.person.get_username()
            raise MembershipQuestion(
                "email_has_account",
                _(
                    "%(email)s is the address of %(name)s’s account: pick %(name)s below to "
                    "sell the membership to that account, or type another address."
                )
                % {"email": email[:80], "name": name},
                offer=offer,
            )
        return
    found = member(venue, person.pk, today=today)
    if found is None or not found.valid or _text(data, "second_membership", 5) == "1":
        return
    name = person.get_full_name() or person.get_username()
    raise MembershipQuestion(
        "membership_still_valid",
        _(
            "%(name)s is a member until %(until)s. To sell a second membership anyway, tick "
            "the box under the membership and sell again."
        )
        % {"name": name, "until": date_format(found.membership.ends_on, "j F Y")},
        second=found,
    )


def _memberships(venue):
    return Membership.objects.filter(venue=venue, person__isnull=False)
