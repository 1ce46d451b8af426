"""Joining and renewing: the story of a membership, from the amount chosen to the
numbered card."""

import calendar
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.lib.forms import is_euros_text
from clef.lib.mail import send_mail_on_commit
from clef.lib.money import format_euros, in_cents
from clef.lib.refusals import Refused
from clef.members.models import Membership, Person
from clef.payments import services as payments
from clef.payments.methods import get_method
from clef.venues.numbering import take_numbers


class MembershipRefused(Refused):
    """A membership that cannot be taken or given back; ``code`` is stable, ``message``
    translated."""


def person_of(user):
    person, _created = Person.objects.get_or_create(user=user)
    return person


def parse_amount(venue, raw):
    """The amount a person typed, checked against the venue's scale."""
    try:
        # Decimal reads other scripts' digits ("٣" as 3): an amount is typed in 0-9.
        amount = Decimal(str(raw).strip().replace(",", ".")) if is_euros_text(raw) else None
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        raise MembershipRefused("amount_invalid", _("Type an amount in euros, like 10 or 7.50."))
    if not in_cents(amount):
        raise MembershipRefused("amount_decimals", _("An amount has at most two decimals (cents)."))
    low, high = venue.membership_minimum, venue.membership_ceiling
    if amount < low or amount > high:
        raise MembershipRefused(
            "amount_out_of_scale",
            _("Choose an amount from %(low)s to %(high)s.")
            % {"low": format_euros(low), "high": format_euros(high)},
        )
    if venue.membership_solidarity is not None and low < amount < venue.membership_floor:
        raise MembershipRefused(
            "amount_out_of_scale",
            _("Choose %(solidarity)s (solidarity) or from %(low)s to %(high)s.")
            % {
                "solidarity": format_euros(venue.membership_solidarity),
                "low": format_euros(venue.membership_floor),
                "high": format_euros(high),
            },
        )
    return amount.quantize(Decimal("0.01"))


def current_membership(user, venue, day=None):
    """The paid membership valid on ``day`` (today by default) that ends last, or None."""
    if user is None or not user.is_authenticated:
        return None
    day = day or venue.local_date()
    return (
        Membership.objects.valid_on(day)
        .filter(person=user, venue=venue)
        .order_by("-ends_on")
        .first()
    )


def validity(venue, *, paid_on, renewing=None):
    """(season, first day, last day) of a membership paid on ``paid_on``.

    A renewal starts the day after the membership it renews ends.
    """
    start = paid_on
    if renewing is not None and renewing.ends_on >= paid_on:
        start = renewing.ends_on + dt.timedelta(days=1)
    if venue.membership_validity == "season":
        month = venue.season_start_month
        season = start.year if start.month >= month else start.year - 1
        if renewing is not None and renewing.season >= season and renewing.ends_on >= paid_on:
            season = renewing.season + 1
            start = dt.date(season, month, 1)
        return season, start, dt.date(season + 1, month, 1) - dt.timedelta(days=1)
    return start.year, start, _end_after_months(start, venue.membership_months)


def _end_after_months(start, months):
    """The last day of ``months`` months from ``start``: 21 Nov → 20 Nov next year;
    a start on a day the last month lacks (29 Feb) ends on that month's last day."""
    same_day = _add_months(start, months)
    if same_day.day < start.day:
        return same_day
    return same_day - dt.timedelta(days=1)


def _add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def start_membership(user, venue, *, amount, method, by=None):
    """Open a membership for ``amount`` (already parsed) to pay with ``method``.

    Free (0 €) and cashier's payments (``method`` not online) are paid at once; an online
    one waits for the provider. Returns the membership; send the person to
    ``membership.payment.method_object.start(payment)`` when it is not paid.
    """
    person_of(user)
    if amount == 0:
        method = "free"
    today = venue.local_date()
    season, _start, _end = validity(
        venue, paid_on=today, renewing=current_membership(user, venue, today)
    )
    payment = payments.create_payment(
        venue=venue, purpose="membership", method=method, amount=amount, person=user, by=by
    )
    membership = Membership.objects.create(
        venue=venue,
        person=user,
        status=Membership.Status.PENDING,
        season=season,
        amount=amount,
        payment=payment,
    )
    log_action(
        "members.membership.started",
        by=by or user,
        membership=membership.pk,
        amount=amount,
        method=method,
    )
    if not get_method(method).online:
        payments.mark_paid(payment, by=by or user)
        membership.refresh_from_db()
    return membership


@transaction.atomic
def cancel_membership(membership, *, by, refund=True, note=""):
    """Cancel ``membership``: it no longer counts for booking. Paid, its payment is
    refunded (what was not refunded yet) unless ``refund`` is False; still waiting for an
    online payment, the payment is cancelled. Returns the membership."""
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("payment")
        .get(pk=membership.pk)
    )
    if membership.status == Membership.Status.CANCELLED:
        raise MembershipRefused("already_cancelled", _("This membership is already cancelled."))
    membership.status = Membership.Status.CANCELLED
    membership.save(update_fields=["status"])
    payment = membership.payment
    refunded = None
    if payment is not None:
        if payment.status == payment.Status.PAID and refund:
            left = payment.amount + sum(
                payment.refunds.values_list("amount", flat=True), start=Decimal("0.00")
            )
            if left > 0:
                refunded = payments.refund(
                    payment, left, by=by, note=note or "membership", refs=[str(membership)]
                )
        else:
            payments.cancel_payment(payment, by=by, note=note or "membership cancelled")
    log_action(
        "members.membership.cancelled",
        by=by,
        membership=membership.pk,
        number=str(membership),
        refunded=refunded.amount if refunded else Decimal("0.00"),
    )
    return membership


def membership_paid(payment):
    """Payment handler: number the membership, date it, send the card."""
    for membership in Membership.objects.select_for_update().filter(
        payment=payment, status=Membership.Status.PENDING
    ):
        venue = membership.venue
        today = venue.local_date()
        renewing = current_membership(membership.person, venue, today)
        season, starts_on, ends_on = validity(venue, paid_on=today, renewing=renewing)
        membership.season, membership.starts_on, membership.ends_on = season, starts_on, ends_on
        membership.number = take_numbers(venue, "membership", season)
        membership.status = Membership.Status.PAID
        membership.paid_at = timezone.now()
        membership.save()
        log_action(
            "members.membership.paid",
            by=membership.person,
            membership=membership.pk,
            number=str(membership),
        )
        user = membership.person
        if user is not None and user.email:
            send_mail_on_commit(
                "members/emails/membership_paid",
                {"membership": membership, "user": user, "venue": venue},
                to=user.email,
                language=person_of(user).language,
            )


def membership_failed(payment):
    updated = Membership.objects.filter(payment=payment, status=Membership.Status.PENDING).update(
        status=Membership.Status.CANCELLED
    )
    log_action("members.membership.not_paid", payment=payment.pk, memberships=updated)
