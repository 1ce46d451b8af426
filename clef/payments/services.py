"""Every change of a payment's state: created, paid, failed, cancelled, refunded.

Each runs in a transaction, keeps a ``PaymentEvent`` and tells the action log. The apps
that sell something (members, tickets) register what happens when their payment is paid
or fails, in ``HANDLERS``: a plain registry filled by their ``AppConfig.ready``.
"""

from django.db import transaction

from clef.lib.actions import log_action
from clef.payments.methods import get_method
from clef.payments.models import Payment, PaymentEvent

# purpose -> {"paid": callable(payment), "failed": callable(payment)}
HANDLERS = {}


def register_handlers(purpose, *, paid, failed):
    HANDLERS[purpose] = {"paid": paid, "failed": failed}


def create_payment(*, venue, purpose, method, amount, person=None, by=None):
    get_method(method)  # an unknown method is a programming error: fail loudly
    payment = Payment.objects.create(
        venue=venue, purpose=purpose, method=method, amount=amount, person=person
    )
    PaymentEvent.objects.create(payment=payment, status=payment.status)
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


def cancel_payment(payment, *, by=None, note=""):
    """A pending payment that will not come (a released booking). Paid ones are refunded."""
    if payment.status == Payment.Status.PENDING:
        _change(payment, Payment.Status.CANCELLED, by=by, note=note)
    return payment


def refund(payment, amount, *, by=None, note=""):
    """Give back ``amount`` of a paid payment, as a new payment with a negative amount."""
    if payment.status != Payment.Status.PAID:
        raise ValueError(f"payment {payment.pk} is {payment.status}, not paid")
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
