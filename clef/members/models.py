"""Members: a person's account beside Django's user, and their yearly membership of the
association, on a sliding scale, numbered in its season without gaps."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clef.payments.models import Payment
from clef.venues.models import Venue


def new_code():
    return secrets.token_urlsafe(12)


class Person(models.Model):
    """What clef knows of a person beyond their login: the language they read, whether
    their address is confirmed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="person",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    # When the person last ended every other session of theirs: a session older than
    # clef's record of sign-ins, met after this, is ended too (accounts.signins).
    sessions_ended_at = models.DateTimeField(_("sessions ended at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.user.get_username()


class MembershipQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(status=Membership.Status.PAID, starts_on__lte=day, ends_on__gte=day)


class Membership(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("membership", "Waiting for payment")
        PAID = "paid", pgettext_lazy("membership", "Paid")
        CANCELLED = "cancelled", pgettext_lazy("membership", "Not paid")

    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("venue")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("person"),
    )
    code = models.CharField(_("code"), max_length=24, unique=True, default=new_code)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PAID)
    # Given when the membership is paid: numbers have no gap.
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    season = models.PositiveSmallIntegerField(_("season"))
    amount = models.DecimalField(_("amount"), max_digits=7, decimal_places=2)
    starts_on = models.DateField(_("valid from"), null=True, blank=True)
    ends_on = models.DateField(_("valid until"), null=True, blank=True)
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("payment"),
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-season", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "season", "number"], name="membership_number_unique"
            ),
        ]

    def __str__(self):
        if self.number is None:
            return f"{self.season}-…"
        return f"{self.season}-{self.number:05d}"

    def get_absolute_url(self):
        return reverse("members:card", args=[self.code])

    @property
    def is_paid(self):
        return self.status == self.Status.PAID

    def is_valid_on(self, day):
        return self.is_paid and self.starts_on <= day <= self.ends_on
