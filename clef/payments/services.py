"""Every change of a payment's state: created, paid, failed, cancelled, replaced, refunded.

Each runs in a transaction, keeps a ``PaymentEvent`` and tells the action log. The apps
that sell something (members, tickets) register what happens when their payment is paid
or fails, in ``HANDLERS``: a plain registry filled by their ``AppConfig.ready``.

Money taken or given back is told to the *money listeners* (``MONEY_LISTENERS``, filled
the same way): the box office writes an online payment or refund to its journal there.
They are called inside the transaction that records the money, so that the payment's
change and what a listener writes are kept together or not at all; a listener that
raises undoes the payment's change.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.lib.money import format_euros
from clef.lib.refusals import Refused
from clef.payments.methods import get_method
from clef.payments.models import Payment, PaymentEvent

# purpose -> {"paid": callable(payment), "failed": callable(payment)}
HANDLERS = {}
# callable(payment, *, refs): told of every payment paid and every refund made, after
# the purpose's handler; ``refs`` names what a refund gives back when the caller knows
# (tickets' or memberships' numbers as printed), else it is empty.
MONEY_LISTENERS = []


class PaymentRefused(Refused):
    """A refund that cannot be made: nothing was written."""


def register_handlers(purpose, *, paid, failed):
    HANDLERS[purpose] = {"paid": paid, "failed": failed}


def register_money_listener(listener):
    """Call ``listener(payment, refs=...)`` for every payment paid and every refund."""
    if listener not in MONEY_LISTENERS:
        MONEY_LISTENERS.append(listener)


def _tell_money(payment, refs=()):
    for listener in MONEY_LISTENERS:
        listener(payment, refs=tuple(refs))


def create_payment(*, venue, purpose, method, amount, person=None, by=None, note=""):
    get_method(method)  # an unknown method is a programming error: fail loudly
    payment = Payment.objects.create(
        venue=venue, purpose=purpose, method=method, amount=amount, person=person
    )
    PaymentEvent.objects.create(payment=payment, status=payment.status, note=note)
    log_action(
        "payments.payment.created",
        by=by or person,
        payment=payment.pk,
        purpose=purpose,
        method=method,
        amount=amount,
    )
    return payment


@transaction.atomic
def mark_paid(payment, *, reference="", by=None, note=""):
    """The money is in. Idempotent: a second call (a provider's retry) changes nothing."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status == Payment.Status.PAID:
        return payment
    if payment.status != Payment.Status.PENDING:
        raise ValueError(f"payment {payment.pk} is {payment.status}, not pending")
    _change(payment, Payment.Status.PAID, by=by, note=note, reference=reference)
    if handler := HANDLERS.get(payment.purpose):
        handler["paid"](payment)
    _tell_money(payment)
    return payment


@transaction.atomic
def mark_failed(payment, *, by=None, note=""):
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != Payment.Status.PENDING:
        return payment
    _change(payment, Payment.Status.FAILED, by=by, note=note)
    if handler := HANDLERS.get(payment.purpose):
        handler["failed"](payment)
    return payment


@transaction.atomic
def cancel_payment(payment, *, by=None, note=""):
    """A pending payment that will not come (a released booking). Paid ones are refunded.

    Read again under its lock: a payment paid meanwhile stays paid. ``payment`` is
    brought up to date."""
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if locked.status == Payment.Status.PENDING:
        _change(locked, Payment.Status.CANCELLED, by=by, note=note)
    payment.status, payment.updated_at = locked.status, locked.updated_at
    return payment


@transaction.atomic
def replace_payment(payment, *, amount, by=None, note=""):
    """A pending payment that must ask another amount (a ticket of its booking was
    cancelled before it was paid): it is cancelled and a new pending payment for
    ``amount`` is made in its place, for the same purpose, method and person. A
    payment's amount is never edited: the two events say which replaced which.

    Returns the new payment, or None when ``payment`` is no longer pending (paid or
    closed meanwhile: the caller reads it again and acts on what it is now).
    """
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != Payment.Status.PENDING:
        return None
    if amount is None or amount <= 0:
        raise ValueError("a payment replaced asks an amount above zero")
    new = create_payment(
        venue=payment.venue,
        purpose=payment.purpose,
        method=payment.method,
        amount=amount,
        person=payment.person,
        by=by,
        note=_noted(f"replaces {payment.code} ({payment.amount})", note),
    )
    _change(
        payment,
        Payment.Status.CANCELLED,
        by=by,
        note=_noted(f"replaced by {new.code} ({new.amount})", note),
    )
    log_action(
        "payments.payment.replaced",
        by=by,
        payment=payment.pk,
        replacement=new.pk,
        amount=payment.amount,
        new_amount=new.amount,
    )
    return new


def _noted(what, note):
    return f"{what}: {note}"[:200] if note else what[:200]


@transaction.atomic
def refund(payment, amount, *, by=None, note="", refs=()):
    """Give back ``amount`` of a paid payment, as a new payment with a negative amount.

    ``refs`` names what is given back (the tickets' numbers as printed), for the money
    listeners. Refuses (``PaymentRefused``, nothing written) an amount that is not above
    zero or more than what is left of the payment once its earlier refunds are taken off.
    """
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != Payment.Status.PAID or payment.refund_of_id is not None:
        raise PaymentRefused(
            "refund_not_paid", _("This payment was not taken: there is nothing to give back.")
        )
    if amount is None or amount <= 0:
        raise PaymentRefused("refund_invalid", _("A refund gives back an amount above zero."))
    given_back = sum((-r for r in payment.refunds.values_list("amount", flat=True)), start=0)
    left = payment.amount - given_back
    if amount > left:
        raise PaymentRefused(
            "refund_too_much",
            _("Only %(left)s of this payment is left to give back, not %(amount)s.")
            % {"left": format_euros(left), "amount": format_euros(amount)},
        )
    back = Payment.objects.create(
        venue=payment.venue,
        purpose=payment.purpose,
        method=payment.method,
        amount=-amount,
        person=payment.person,
        refund_of=payment,
        status=Payment.Status.PAID,
    )
    PaymentEvent.objects.create(payment=back, status=back.status, note=note)
    # Recorded first, then asked of the provider: a provider that fails undoes both.
    _tell_money(back, refs)
    payment.method_object.refund(payment, back)
    log_action(
        "payments.payment.refunded", by=by, payment=payment.pk, refund=back.pk, amount=amount
    )
    return back


def _change(payment, status, *, by, note, reference=""):
    payment.status = status
    fields = ["status", "updated_at"]
    if reference:
        payment.reference = reference
        fields.append("reference")
    payment.save(update_fields=fields)
    PaymentEvent.objects.create(payment=payment, status=status, note=note)
    log_action(f"payments.payment.{status}", by=by, payment=payment.pk, note=note)
