"""The test payment provider's page: a stand-in for a card provider, for the demo and the
tests. The person accepts or refuses the payment; no money ever moves."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clef.lib.refusals import Refused
from clef.payments import services
from clef.payments.methods import TestProvider, is_offered
from clef.payments.models import Payment


def _what_it_pays(payment):
    """The membership or booking a payment is for, or None."""
    if payment.purpose == Payment.Purpose.MEMBERSHIP:
        return payment.memberships.first()
    if payment.purpose == Payment.Purpose.BOOKING:
        return payment.bookings.first()
    if payment.purpose == Payment.Purpose.GIFT:
        return payment.gifts.first()
    return None


def _back_to(bought):
    return redirect(bought.get_absolute_url() if bought is not None else "site:home")


@login_required
@require_http_methods(["GET", "POST"])
def test_provider(request, code):
    payment = get_object_or_404(Payment.objects.select_related("venue"), code=code)
    # Only the test method's payments, and only for their own person: a code reveals
    # nothing to anyone else.
    if payment.method != TestProvider.code or payment.person_id != request.user.pk:
        raise Http404
    # The stand-in takes nothing once turned off (CLEF_ONLINE_PAYMENT).
    if not is_offered(TestProvider.code):
        raise Http404
    bought = _what_it_pays(payment)

    if payment.status != Payment.Status.PENDING:
        if payment.status != Payment.Status.PAID:
            messages.error(request, _("This payment was refused or cancelled: it is closed."))
        return _back_to(bought)

    if request.method == "POST":
        action = request.POST.get("action")
        if action == "pay":
            try:
                services.mark_paid(
                    payment,
                    reference=f"TEST-{secrets.token_hex(6).upper()}",
                    by=request.user,
                    note="test provider",
                )
            except ValueError:  # refused in another tab meanwhile
                messages.error(request, _("This payment was refused or cancelled: it is closed."))
            except Refused as refused:  # nothing taken: the money cannot be recorded now
                messages.error(request, refused.message)
            else:
                messages.success(request, _("Payment accepted (test provider: no money moved)."))
            return _back_to(bought)
        if action == "refuse":
            payment = services.mark_failed(payment, by=request.user, note="test provider")
            if payment.status == Payment.Status.FAILED:
                messages.error(request, _("Payment refused: nothing was charged."))
            return _back_to(bought)

    return render(
        request,
        "payments/test_provider.html",
        {"payment": payment, "bought": bought},
        status=400 if request.method == "POST" else 200,
    )
