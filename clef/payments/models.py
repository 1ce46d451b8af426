"""Payments: money received (or given back) for a membership or a booking.

A payment's state changes only through ``payments.services``; each change is kept as a
``PaymentEvent`` and told to the action log. A refund is a new payment with a negative
amount that points to the one it gives back.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clef.venues.models import Venue


def new_code():
    return secrets.token_urlsafe(12)


class Payment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("payment", "Waiting")
        PAID = "paid", pgettext_lazy("payment", "Paid")
        FAILED = "failed", pgettext_lazy("payment", "Failed")
        CANCELLED = "cancelled", pgettext_lazy("payment", "Cancelled")

    class Purpose(models.TextChoices):
        MEMBERSHIP = "membership", _("membership")
        BOOKING = "booking", _("booking")
        GIFT = "gift", _("gift")

    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="payments", verbose_name=_("venue")
    )
    code = models.CharField(_("code"), max_length=24, unique=True, default=new_code)
    purpose = models.CharField(_("for"), max_length=12, choices=Purpose)
    method = models.CharField(_("method"), max_length=20)
    amount = models.DecimalField(_("amount"), max_digits=9, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("person"),
    )
    refund_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunds",
        verbose_name=_("refund of"),
    )
    reference = models.CharField(_("provider's reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_purpose_display()} {self.amount} € ({self.get_status_display()})"

    @property
    def method_object(self):
        from clef.payments.methods import get_method

        return get_method(self.method)


class PaymentEvent(models.Model):
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="events", verbose_name=_("payment")
    )
    status = models.CharField(_("status"), max_length=10, choices=Payment.Status)
    note = models.CharField(_("note"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.payment_id} → {self.status}"
