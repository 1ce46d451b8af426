"""Campaigns: the legal bodies that take the money, the campaigns they run and their
sources (a bank loan, patronage, crowdfunding), the patrons, the counterparts offered to
donors. The gifts themselves are the gifts part's (`models/gifts.py`)."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["Campaign", "Counterpart", "LegalBody", "Loan", "Patron"]


class LegalBody(models.Model):
    """A legal person that takes money: the association (memberships) or the endowment
    fund (gifts, and the receipts that name it)."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        ENDOWMENT_FUND = "endowment_fund", _("Endowment fund")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"))
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    rna = models.CharField(_("RNA number"), max_length=10, blank=True)
    object = models.TextField(_("object"), blank=True)
    # The articles of the tax code its receipts cite, as printed: "200, 238 bis et 978 du CGI".
    article = models.CharField(_("articles cited on receipts"), max_length=200, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    signer_role = models.CharField(_("signer's role"), max_length=200, blank=True)
    signature = models.ImageField(
        _("signature"), upload_to="fundraising/signatures/", null=True, blank=True
    )

    class Meta:
        verbose_name = _("legal body")
        verbose_name_plural = _("legal bodies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Campaign(models.Model):
    """A call for money with a goal and a deadline; its sources are a loan (`Loan`),
    patronage (`patronage_goal`) and crowdfunding (`crowdfunding_goal`), each optional."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    text_en = models.TextField(_("text in English"), blank=True)
    # What the money is for, shown on the page and on the transparency page.
    uses = models.TextField(_("what the money is for"), blank=True)
    uses_en = models.TextField(_("what the money is for, in English"), blank=True)
    image = models.ImageField(_("image"), upload_to="fundraising/campaigns/", null=True, blank=True)
    image_alt = models.CharField(_("image description"), max_length=300, blank=True)
    image_alt_en = models.CharField(_("image description in English"), max_length=300, blank=True)
    goal = models.DecimalField(_("goal"), max_digits=12, decimal_places=2)
    patronage_goal = models.DecimalField(
        _("patronage goal"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    crowdfunding_goal = models.DecimalField(
        _("crowdfunding goal"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateTimeField(_("deadline"))
    body = models.ForeignKey(
        LegalBody,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("body the gifts go to"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Raised by every change to the campaign, its loans, patrons or counterparts: the
    # public pages' cache key reads it (`campaigns_queries.page_version`).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-deadline"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("fundraising:campaign", args=[self.slug])

    def is_over(self, now=None):
        return (now or timezone.now()) >= self.deadline

    def is_open(self, now=None):
        now = now or timezone.now()
        return timezone.localdate(now) >= self.opens_on and not self.is_over(now)


class Loan(models.Model):
    """A bank loan that pays part of a campaign; its monthly schedule is computed
    (`fundraising.loans`), never stored."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="loans", verbose_name=_("campaign")
    )
    lender = models.CharField(_("lender"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    # Yearly nominal rate, in percent.
    rate = models.DecimalField(_("yearly rate (%)"), max_digits=6, decimal_places=3)
    years = models.PositiveSmallIntegerField(_("years"))
    # The share guaranteed by a third party (IFCIC: 50 %), in percent.
    guaranteed_share = models.DecimalField(
        _("guaranteed share (%)"), max_digits=5, decimal_places=2, default=0
    )
    guarantor = models.CharField(_("guarantor"), max_length=200, blank=True)
    starts_on = models.DateField(_("first instalment on"))

    class Meta:
        verbose_name = _("bank loan")
        verbose_name_plural = _("bank loans")
        ordering = ["starts_on", "pk"]

    def __str__(self):
        return f"{self.lender} ({self.campaign})"


class Patron(models.Model):
    """A company or person who supports a campaign by patronage, under an agreement.
    Private: the treasurer sees them; the public sees a name only if it was agreed."""

    class Kind(models.TextChoices):
        COMPANY = "company", pgettext_lazy("patron", "Company")
        PERSON = "person", pgettext_lazy("patron", "Person")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="patrons", verbose_name=_("campaign")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.COMPANY)
    name = models.CharField(_("name"), max_length=200)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), blank=True)
    # What the patron promised in its agreement; its payments are gifts with this patron.
    pledged = models.DecimalField(_("amount pledged"), max_digits=12, decimal_places=2)
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    agreement = models.FileField(
        _("agreement"), upload_to="fundraising/agreements/", null=True, blank=True
    )
    show_name = models.BooleanField(_("may be named in public"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("patron")
        verbose_name_plural = _("patrons")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Counterpart(models.Model):
    """What a donor receives from a minimum gift; its declared value is capped by law
    (`fundraising.counterparts`)."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="counterparts",
        verbose_name=_("campaign"),
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    minimum_gift = models.DecimalField(_("minimum gift"), max_digits=10, decimal_places=2)
    # How many can be given; empty for no limit.
    stock = models.PositiveIntegerField(_("stock"), null=True, blank=True)
    declared_value = models.DecimalField(_("declared value"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("counterpart")
        verbose_name_plural = _("counterparts")
        ordering = ["minimum_gift", "pk"]

    def __str__(self):
        return self.name
