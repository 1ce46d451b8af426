"""Gifts and what follows them: a gift (online, at the till, by cheque or transfer), a
monthly gift, a pledge and its instalments, and the tax receipts.

A receipt is never edited: cancelling one marks it cancelled and a new one, with a new
number, points to it (``replaces``). Receipts are numbered without a gap per legal body
and per year (``fundraising.receipts``)."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "DonorKind",
    "Gift",
    "MonthlyGift",
    "Pledge",
    "PledgeInstalment",
    "Receipt",
]


def new_code():
    return secrets.token_urlsafe(12)


class DonorKind(models.TextChoices):
    PERSON = "person", pgettext_lazy("donor", "Person")
    COMPANY = "company", pgettext_lazy("donor", "Company")


class Donor(models.Model):
    """What a receipt needs of a donor, shared by gifts, monthly gifts and pledges."""

    donor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("donor"),
    )
    donor_name = models.CharField(_("donor's name"), max_length=200, blank=True)
    donor_address = models.TextField(_("donor's postal address"), max_length=500, blank=True)
    donor_email = models.EmailField(_("donor's email address"), blank=True)
    donor_kind = models.CharField(
        _("donor is"), max_length=10, choices=DonorKind, default=DonorKind.PERSON
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)

    class Meta:
        abstract = True


class Gift(Donor):
    class Method(models.TextChoices):
        ONLINE = "online", pgettext_lazy("gift", "Online")
        TILL = "till", pgettext_lazy("gift", "At the till")
        CHEQUE = "cheque", pgettext_lazy("gift", "Cheque")
        TRANSFER = "transfer", pgettext_lazy("gift", "Bank transfer")

    class Source(models.TextChoices):
        CROWDFUNDING = "crowdfunding", pgettext_lazy("gift", "Crowdfunding")
        PATRONAGE = "patronage", pgettext_lazy("gift", "Patronage")

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("gift", "Waiting for payment")
        PAID = "paid", pgettext_lazy("gift", "Paid")
        CANCELLED = "cancelled", pgettext_lazy("gift", "Cancelled")

    class ReceiptWhen(models.TextChoices):
        EACH = "each", _("A receipt for this gift")
        YEARLY = "yearly", _("One receipt a year for all my gifts")
        NONE = "none", _("No receipt")

    code = models.CharField(_("code"), max_length=24, unique=True, default=new_code)
    donor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gifts",
        verbose_name=_("donor"),
    )
    campaign = models.ForeignKey(
        "fundraising.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gifts",
        verbose_name=_("campaign"),
    )
    body = models.ForeignKey(
        "fundraising.LegalBody",
        on_delete=models.PROTECT,
        related_name="gifts",
        verbose_name=_("legal body"),
    )
    amount = models.DecimalField(_("amount"), max_digits=11, decimal_places=2)
    method = models.CharField(_("method"), max_length=10, choices=Method)
    source = models.CharField(
        _("source"), max_length=12, choices=Source, default=Source.CROWDFUNDING
    )
    patron = models.ForeignKey(
        "fundraising.Patron",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gifts",
        verbose_name=_("patron"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    show_name = models.BooleanField(_("show my name on the campaign's page"), default=False)
    counterpart = models.ForeignKey(
        "fundraising.Counterpart",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gifts",
        verbose_name=_("counterpart"),
    )
    # What the counterpart was worth when given: the donor's yearly total reads it.
    counterpart_value = models.DecimalField(
        _("counterpart's value"), max_digits=9, decimal_places=2, default=0
    )
    receipt_when = models.CharField(
        _("receipt"), max_length=8, choices=ReceiptWhen, default=ReceiptWhen.EACH
    )
    # Online gifts: the payment; till gifts: the sale's line; cheque: its number.
    payment = models.ForeignKey(
        "payments.Payment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gifts",
        verbose_name=_("payment"),
    )
    sale_line = models.ForeignKey(
        "boxoffice.SaleLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gifts",
        verbose_name=_("sale line"),
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    monthly = models.ForeignKey(
        "fundraising.MonthlyGift",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gifts",
        verbose_name=_("monthly gift"),
    )
    # The month a monthly gift charged: charging twice the same month is refused.
    period = models.DateField(_("month charged"), null=True, blank=True)
    instalment = models.OneToOneField(
        "fundraising.PledgeInstalment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gift",
        verbose_name=_("pledge instalment"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("typed by"),
    )

    class Meta:
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["monthly", "period"], name="fundraising_gift_one_per_month"
            )
        ]
        indexes = [models.Index(fields=["status", "paid_at"])]

    def __str__(self):
        return f"{self.amount} € ({self.get_method_display()})"

    def get_absolute_url(self):
        """Where the donor finds it: their gifts and receipts (the provider's return)."""
        return reverse("fundraising:my_gifts")


class MonthlyGift(Donor):
    """A gift charged every month until stopped (``clef charge_monthly_gifts``)."""

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("monthly gift", "Active")
        STOPPED = "stopped", pgettext_lazy("monthly gift", "Stopped")

    code = models.CharField(_("code"), max_length=24, unique=True, default=new_code)
    donor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="monthly_gifts",
        verbose_name=_("donor"),
    )
    campaign = models.ForeignKey(
        "fundraising.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monthly_gifts",
        verbose_name=_("campaign"),
    )
    body = models.ForeignKey(
        "fundraising.LegalBody",
        on_delete=models.PROTECT,
        related_name="monthly_gifts",
        verbose_name=_("legal body"),
    )
    amount = models.DecimalField(_("amount a month"), max_digits=9, decimal_places=2)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.ACTIVE)
    receipt_when = models.CharField(
        _("receipt"), max_length=8, choices=Gift.ReceiptWhen, default=Gift.ReceiptWhen.YEARLY
    )
    started_on = models.DateField(_("first month"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("monthly gift")
        verbose_name_plural = _("monthly gifts")

    def __str__(self):
        return f"{self.amount} € / {self.started_on:%Y-%m}"


class Pledge(Donor):
    """A promise now, paid later in instalments on a schedule."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("pledge", "Being paid")
        DONE = "done", pgettext_lazy("pledge", "Paid in full")
        CANCELLED = "cancelled", pgettext_lazy("pledge", "Cancelled")

    code = models.CharField(_("code"), max_length=24, unique=True, default=new_code)
    donor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("donor"),
    )
    campaign = models.ForeignKey(
        "fundraising.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("campaign"),
    )
    body = models.ForeignKey(
        "fundraising.LegalBody",
        on_delete=models.PROTECT,
        related_name="pledges",
        verbose_name=_("legal body"),
    )
    patron = models.ForeignKey(
        "fundraising.Patron",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gift_pledges",
        verbose_name=_("patron"),
    )
    total = models.DecimalField(_("amount promised"), max_digits=11, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.donor_name} {self.total} €"


class PledgeInstalment(models.Model):
    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="instalments", verbose_name=_("pledge")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(_("amount"), max_digits=11, decimal_places=2)
    # The last reminder sent, so that the command never sends the same one twice.
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("pledge instalment")
        verbose_name_plural = _("pledge instalments")
        ordering = ["pledge", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "position"], name="fundraising_instalment_position"
            )
        ]

    def __str__(self):
        return f"{self.due_on} {self.amount} €"


class Receipt(models.Model):
    """A tax receipt (Cerfa 11580), for one gift or a donor's gifts of a year."""

    class Kind(models.TextChoices):
        SINGLE = "single", pgettext_lazy("receipt", "For one gift")
        YEARLY = "yearly", pgettext_lazy("receipt", "For the year's gifts")

    class Status(models.TextChoices):
        ISSUED = "issued", pgettext_lazy("receipt", "Issued")
        CANCELLED = "cancelled", pgettext_lazy("receipt", "Cancelled")

    code = models.CharField(_("code"), max_length=24, unique=True, default=new_code)
    body = models.ForeignKey(
        "fundraising.LegalBody",
        on_delete=models.PROTECT,
        related_name="receipts",
        verbose_name=_("legal body"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.ISSUED)
    gifts = models.ManyToManyField(Gift, related_name="receipts", verbose_name=_("gifts"))
    # The donor as the receipt names them (kept: a receipt is never edited).
    donor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gift_receipts",
        verbose_name=_("donor"),
    )
    donor_name = models.CharField(_("donor's name"), max_length=200)
    donor_address = models.TextField(_("donor's postal address"), max_length=500)
    donor_kind = models.CharField(_("donor is"), max_length=10, choices=DonorKind)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=11, decimal_places=2)
    # The gift's day, or the first and last of the year's gifts.
    first_gift_on = models.DateField(_("gift made on"))
    last_gift_on = models.DateField(_("last gift made on"))
    methods = models.CharField(_("payment methods"), max_length=60)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("why cancelled"), max_length=300, blank=True)
    # Each download after the first is a duplicate, and says so.
    prints = models.PositiveIntegerField(_("prints"), default=0)

    class Meta:
        verbose_name = _("tax receipt")
        verbose_name_plural = _("tax receipts")
        ordering = ["body", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="fundraising_receipt_number"
            )
        ]

    def __str__(self):
        return self.numbered

    @property
    def numbered(self):
        return f"{self.year}-{self.number:05d}"
