"""Giving: online through the payments registry (once, or every month), at the till (a
sale line of kind "gift", ``boxoffice.gifts``), by cheque or transfer typed by the
treasurer. A gift paid gets its receipt at once when its donor chose one per gift
(``receipts.issue_for_gift``); those who chose one a year get it from ``clef
issue_receipts``. Giving makes no one a member: a gift touches no membership.

Every check runs before anything is written (``GiftRefused``, a ``Refused``); the
counterpart's stock and the donor's yearly counterparts are checked under the
counterpart's row lock, so two donors cannot both take the last one."""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.boxoffice.gifts import register_gift_listener
from clef.fundraising import receipts
from clef.fundraising.models import Counterpart, Gift, LegalBody, MonthlyGift
from clef.lib.actions import log_action
from clef.lib.forms import BadInput, parse_euros
from clef.lib.money import format_euros
from clef.lib.refusals import Refused
from clef.payments import services as payments
from clef.payments.methods import online_method
from clef.payments.models import Payment
from clef.venues.queries import current_venue

ZERO = Decimal("0.00")
SIREN = re.compile(r"[0-9]{9}")
LONGEST_NAME = 200
LONGEST_ADDRESS = 500
LONGEST_REFERENCE = 100


class GiftRefused(Refused):
    """A gift that cannot be taken; nothing was written."""


@dataclass
class Donor:
    """Who gives, as typed: what a receipt needs."""

    name: str = ""
    address: str = ""
    email: str = ""
    kind: str = "person"
    siren: str = ""
    show_name: bool = False
    receipt_when: str = Gift.ReceiptWhen.EACH

    def cleaned(self):
        """The donor checked: a receipt needs a name and a postal address, a company its
        SIREN (nine digits); lengths are bounded."""
        name, address = self.name.strip(), self.address.strip()
        siren = re.sub(r"\s", "", self.siren or "")
        if self.kind not in ("person", "company"):
            raise GiftRefused("donor_kind", _("Say whether a person or a company gives."))
        if self.receipt_when not in Gift.ReceiptWhen.values:
            raise GiftRefused("receipt_when", _("Choose when to receive the receipt."))
        if len(name) > LONGEST_NAME or len(address) > LONGEST_ADDRESS or len(self.email) > 254:
            raise GiftRefused(
                "too_long",
                _("The name is at most %(name)s characters, the address %(address)s.")
                % {"name": LONGEST_NAME, "address": LONGEST_ADDRESS},
            )
        if self.receipt_when != Gift.ReceiptWhen.NONE and not (name and address):
            raise GiftRefused(
                "address_needed",
                _("A tax receipt needs the donor's name and postal address."),
            )
        if self.kind == "company" and not SIREN.fullmatch(siren):
            raise GiftRefused(
                "siren_needed", _("A company gives its SIREN: nine digits, like 123456789.")
            )
        return Donor(
            name=name,
            address=address,
            email=self.email.strip(),
            kind=self.kind,
            siren=siren if self.kind == "company" else "",
            show_name=bool(self.show_name),
            receipt_when=self.receipt_when,
        )

    def fields(self):
        return {
            "donor_name": self.name,
            "donor_address": self.address,
            "donor_email": self.email,
            "donor_kind": self.kind,
            "siren": self.siren,
        }


def ceiling():
    return Decimal(settings.CLEF_GIFT_CEILING)


def parse_amount(text):
    """A gift's amount as typed: more than 0 €, two decimals at most, at most the
    ceiling (``CLEF_GIFT_CEILING``)."""
    try:
        amount = parse_euros(text, low=Decimal("-1e9"), high=Decimal("1e12"), code="gift_amount")
    except BadInput as bad:
        raise GiftRefused(bad.code, bad.message) from None
    if amount <= 0:
        raise GiftRefused("gift_zero", _("A gift is more than 0 €."))
    if amount > ceiling():
        raise GiftRefused(
            "gift_too_big",
            _("A gift is at most %(ceiling)s at once: for more, contact the treasurer.")
            % {"ceiling": format_euros(ceiling())},
        )
    return amount


def counterparts_given(donor, year, *, user=None):
    """What the counterparts a donor received in ``year`` were worth (their gifts not
    cancelled): by account when they have one, else by the name typed."""
    gifts = Gift.objects.filter(created_at__year=year).exclude(status=Gift.Status.CANCELLED)
    if user is not None:
        gifts = gifts.filter(donor=user)
    elif donor.name:
        gifts = gifts.filter(donor__isnull=True, donor_name__iexact=donor.name)
    else:
        return ZERO
    return gifts.aggregate(total=Sum("counterpart_value"))["total"] or ZERO


def check_counterpart(counterpart, campaign, amount, donor, *, user=None):
    """The counterpart, locked, checked: of this campaign, the gift at least its minimum,
    in stock, and the donor's counterparts of the year within the yearly cap."""
    counterpart = Counterpart.objects.select_for_update().get(pk=counterpart.pk)
    if campaign is None or counterpart.campaign_id != campaign.pk:
        raise GiftRefused("counterpart_unknown", _("This counterpart is not offered here."))
    if amount < counterpart.minimum_gift:
        raise GiftRefused(
            "counterpart_minimum",
            _("“%(name)s” comes with a gift of %(minimum)s or more.")
            % {"name": counterpart.name, "minimum": format_euros(counterpart.minimum_gift)},
        )
    if counterpart.stock is not None:
        taken = counterpart.gifts.exclude(status=Gift.Status.CANCELLED).count()
        if taken >= counterpart.stock:
            raise GiftRefused(
                "counterpart_out_of_stock",
                _("“%(name)s” is out of stock: choose another counterpart, or none.")
                % {"name": counterpart.name},
            )
    cap = Decimal(settings.CLEF_COUNTERPART_YEARLY_CAP)
    year = timezone.localdate().year
    if counterparts_given(donor, year, user=user) + counterpart.declared_value > cap:
        raise GiftRefused(
            "counterpart_cap",
            _(
                "Your counterparts this year would be worth more than %(cap)s, the most the "
                "law allows for a gift to stay deductible: give without a counterpart."
            )
            % {"cap": format_euros(cap)},
        )
    return counterpart


def _new_gift(*, body, campaign, amount, donor, method, by, user=None, counterpart=None, **more):
    return Gift.objects.create(
        body=body,
        campaign=campaign,
        amount=amount,
        method=method,
        donor=user,
        show_name=donor.show_name,
        receipt_when=donor.receipt_when,
        counterpart=counterpart,
        counterpart_value=counterpart.declared_value if counterpart else ZERO,
        created_by=by,
        **donor.fields(),
        **more,
    )


def give_online(campaign, *, amount, donor, user, counterpart=None, monthly=False):
    """A gift to ``campaign`` paid online by ``user`` (signed in: the gift is theirs on
    their page). Returns ``(gift, url)``: send them to ``url``, the provider's page."""
    method = online_method()
    if method is None:
        raise GiftRefused("no_online_payment", _("Giving online is not open yet."))
    if not campaign.is_open():
        raise GiftRefused("campaign_closed", _("This campaign is over: it takes no more gifts."))
    amount = parse_amount(amount)
    donor = donor.cleaned()
    with transaction.atomic():
        if counterpart is not None:
            counterpart = check_counterpart(counterpart, campaign, amount, donor, user=user)
        payment = payments.create_payment(
            venue=current_venue(),
            purpose=Payment.Purpose.GIFT,
            method=method.code,
            amount=amount,
            person=user,
        )
        plan = None
        if monthly:
            plan = MonthlyGift.objects.create(
                body=campaign.body,
                campaign=campaign,
                amount=amount,
                donor=user,
                receipt_when=donor.receipt_when,
                started_on=timezone.localdate().replace(day=1),
                **donor.fields(),
            )
        gift = _new_gift(
            body=campaign.body,
            campaign=campaign,
            amount=amount,
            donor=donor,
            method=Gift.Method.ONLINE,
            by=user,
            user=user,
            counterpart=counterpart,
            payment=payment,
            monthly=plan,
            period=plan.started_on if plan else None,
        )
        log_action(
            "fundraising.gift.started",
            by=user,
            obj=gift,
            gift=gift.pk,
            amount=amount,
            monthly=bool(plan),
            counterpart=counterpart.pk if counterpart else None,
        )
    return gift, method.start(payment)


def _paid(gift, *, at, by=None):
    gift.status = Gift.Status.PAID
    gift.paid_at = at
    gift.save(update_fields=["status", "paid_at"])
    log_action("fundraising.gift.paid", by=by, obj=gift, gift=gift.pk, amount=gift.amount)
    receipts.issue_for_gift(gift, by=by)


def gift_paid(payment):
    """Payment handler: the gift is paid, its receipt issued if one per gift was asked."""
    for gift in Gift.objects.select_for_update().filter(
        payment=payment, status=Gift.Status.PENDING
    ):
        _paid(gift, at=timezone.now())


def gift_failed(payment):
    updated = Gift.objects.filter(payment=payment, status=Gift.Status.PENDING).update(
        status=Gift.Status.CANCELLED
    )
    MonthlyGift.objects.filter(gifts__payment=payment).update(status=MonthlyGift.Status.STOPPED)
    log_action("fundraising.gift.not_paid", payment=payment.pk, gifts=updated)


TYPED_METHODS = (Gift.Method.CHEQUE, Gift.Method.TRANSFER)


def record_typed(
    *, body, campaign, amount, method, received_on, reference, donor, by, counterpart=None
):
    """A cheque or transfer received, typed by the treasurer: paid on ``received_on``."""
    if method not in TYPED_METHODS:
        raise GiftRefused("method", _("Choose cheque or bank transfer."))
    if campaign is not None and campaign.body_id != body.pk:
        raise GiftRefused(
            "other_body", _("This campaign's gifts go to %(body)s.") % {"body": campaign.body}
        )
    if received_on > timezone.localdate():
        raise GiftRefused("future", _("The money cannot be received in the future."))
    if len(reference or "") > LONGEST_REFERENCE:
        raise GiftRefused("too_long", _("The reference is at most 100 characters."))
    amount = parse_amount(amount)
    donor = donor.cleaned()
    at = timezone.make_aware(dt.datetime.combine(received_on, dt.time(12)))
    with transaction.atomic():
        if counterpart is not None:
            counterpart = check_counterpart(counterpart, campaign, amount, donor)
        gift = _new_gift(
            body=body,
            campaign=campaign,
            amount=amount,
            donor=donor,
            method=method,
            by=by,
            counterpart=counterpart,
            reference=(reference or "").strip(),
        )
        log_action("fundraising.gift.typed", by=by, obj=gift, gift=gift.pk, amount=amount)
        _paid(gift, at=at, by=by)
    return gift


def default_body():
    """Where a gift with no campaign goes: the open campaign's body, else the endowment
    fund (it takes the gifts), else any body."""
    from clef.fundraising.models import Campaign

    now = timezone.now()
    open_one = (
        Campaign.objects.filter(opens_on__lte=timezone.localdate(), deadline__gt=now)
        .select_related("body")
        .order_by("deadline")
        .first()
    )
    if open_one is not None:
        return open_one.body, open_one
    body = (
        LegalBody.objects.filter(kind=LegalBody.Kind.ENDOWMENT_FUND).order_by("pk").first()
        or LegalBody.objects.order_by("pk").first()
    )
    return body, None


def till_gift_sold(sale, line, typed):
    """A gift line written at the till: the gift on the fundraising side, paid at once,
    anonymous unless the cashier typed a name and an address."""
    body, campaign = default_body()
    if body is None:
        raise GiftRefused("no_body", _("No legal body takes gifts yet: ask the treasurer."))
    named = bool(typed and typed.name.strip() and typed.address.strip())
    donor = Donor(
        name=typed.name.strip() if named else "",
        address=typed.address.strip() if named else "",
        email=(typed.email or "").strip() if named else "",
        receipt_when=Gift.ReceiptWhen.EACH if named else Gift.ReceiptWhen.NONE,
    )
    gift = _new_gift(
        body=body,
        campaign=campaign,
        amount=line.amount,
        donor=donor,
        method=Gift.Method.TILL,
        by=sale.cashier,
        sale_line=line,
    )
    _paid(gift, at=sale.created_at, by=sale.cashier)


def till_gift_given_back(line, *, by):
    """A till gift undone or refunded: cancelled, and its receipt with it."""
    for gift in (
        Gift.objects.select_for_update()
        .filter(sale_line=line)
        .exclude(status=Gift.Status.CANCELLED)
    ):
        gift.status = Gift.Status.CANCELLED
        gift.save(update_fields=["status"])
        for receipt in gift.receipts.filter(status="issued"):
            receipts.withdraw(receipt, reason=_("Gift given back at the till"), by=by)
        log_action("fundraising.gift.given_back", by=by, obj=gift, gift=gift.pk)


def register():
    """Called by ``FundraisingConfig.ready``."""
    payments.register_handlers(Payment.Purpose.GIFT, paid=gift_paid, failed=gift_failed)
    register_gift_listener(till_gift_sold, given_back=till_gift_given_back)
