"""What each screening owes: the agreements with rights holders, and the statements sent
to them.

An agreement may be changed until its money is declared; a statement once sent is never
changed: a correction is a new version (``DistributorStatement`` rows are append-only),
and every sending is logged (``StatementSending``).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clef.boxoffice.models import AppendOnly
from clef.lib import shares
from clef.lib.money import format_euros, format_rate
from clef.programme.models import Film, Screening
from clef.venues.models import Venue

# Legal ranges of a percentage agreement (see DOMAIN.md): a warning, not a refusal.
LEGAL_MIN_RATE = Decimal("25")
LEGAL_MAX_RATE = Decimal("50")
OLD_FILM_FLOOR = Decimal("20")
OLD_FILM_YEARS = 2


class RightsHolder(models.Model):
    """A distributor, a producer, a filmmaker: whoever holds a film's rights and is owed
    its share."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    language = models.CharField(
        _("language of statements"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="fr",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rights holder")
        verbose_name_plural = _("rights holders")
        ordering = ["name"]

    def __str__(self):
        return self.name


class FilmRightsHolder(models.Model):
    """Who holds a film's rights now: the holder its next agreements are prefilled with.
    The programme knows films, not the accounts, so the link lives here. Recording an
    agreement sets it; the back office edits it too."""

    film = models.OneToOneField(
        Film, on_delete=models.CASCADE, related_name="rights_holding", verbose_name=_("film")
    )
    holder = models.ForeignKey(
        RightsHolder,
        on_delete=models.PROTECT,
        related_name="films_held",
        verbose_name=_("rights holder"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("film's rights holder")
        verbose_name_plural = _("films' rights holders")
        ordering = ["film__title"]

    def __str__(self):
        return f"{self.film} · {self.holder}"


class RightsAgreement(models.Model):
    """The terms under which one film of one screening is shown."""

    class Kind(models.TextChoices):
        PERCENTAGE = shares.PERCENTAGE, _("Percentage of the distributor base")
        FLAT_FEE = shares.FLAT_FEE, _("Flat fee")
        MINIMUM_GUARANTEE = shares.MINIMUM_GUARANTEE, _("Percentage with a minimum guarantee")
        WAIVED = shares.WAIVED, _("Rights waived")

    screening = models.ForeignKey(
        Screening,
        on_delete=models.CASCADE,
        related_name="rights_agreements",
        verbose_name=_("screening"),
    )
    film = models.ForeignKey(
        Film, on_delete=models.PROTECT, related_name="rights_agreements", verbose_name=_("film")
    )
    holder = models.ForeignKey(
        RightsHolder,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("rights holder"),
    )
    kind = models.CharField(_("terms"), max_length=20, choices=Kind, default=Kind.PERCENTAGE)
    rate = models.DecimalField(
        _("percentage"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Of the distributor base: receipts excluding VAT, minus the tax."),
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("The flat fee, or the minimum guaranteed, in euros."),
    )
    programme_share = models.DecimalField(
        pgettext_lazy("agreement", "share of the programme"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "For a programme of several films: this film's percent of the receipts. "
            "Leave empty to divide by running time."
        ),
    )
    contact = models.CharField(_("contact for this film"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("rights agreement")
        verbose_name_plural = _("rights agreements")
        ordering = ["screening", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["screening", "film"], name="one_agreement_per_film_shown"
            ),
        ]

    def __str__(self):
        return f"{self.film} · {self.holder}"

    def clean(self):
        errors = {}
        if self.kind in (self.Kind.PERCENTAGE, self.Kind.MINIMUM_GUARANTEE) and self.rate is None:
            errors["rate"] = _("Give the percentage agreed.")
        if self.kind in (self.Kind.FLAT_FEE, self.Kind.MINIMUM_GUARANTEE) and self.amount is None:
            errors["amount"] = (
                _("Give the flat fee.")
                if self.kind == self.Kind.FLAT_FEE
                else _("Give the minimum guaranteed.")
            )
        if errors:
            raise ValidationError(errors)
        if self.kind == self.Kind.FLAT_FEE or self.kind == self.Kind.WAIVED:
            self.rate = None
        if self.kind in (self.Kind.PERCENTAGE, self.Kind.WAIVED):
            self.amount = None

    def terms(self, weight):
        return shares.Terms(self.kind, rate=self.rate, amount=self.amount, weight=weight)

    def terms_text(self):
        """ "50 %", "flat fee 150,00 €", "35 % (minimum 100,00 €)", "rights waived"."""
        if self.kind == self.Kind.PERCENTAGE:
            return _("%(rate)s %%") % {"rate": format_rate(self.rate)}
        if self.kind == self.Kind.FLAT_FEE:
            return _("flat fee %(amount)s") % {"amount": format_euros(self.amount)}
        if self.kind == self.Kind.MINIMUM_GUARANTEE:
            return _("%(rate)s %% (minimum %(amount)s)") % {
                "rate": format_rate(self.rate),
                "amount": format_euros(self.amount),
            }
        return _("rights waived")

    def warnings(self, screening_year=None):
        """What looks outside the rules without being refused: a percentage outside 25-50 %
        (20 % is the floor for a film released over two years before)."""
        if self.kind not in (self.Kind.PERCENTAGE, self.Kind.MINIMUM_GUARANTEE):
            return []
        if self.rate is None:
            return []
        year = screening_year or timezone.now().year
        old = bool(self.film.year) and year - self.film.year > OLD_FILM_YEARS
        if old and self.rate < OLD_FILM_FLOOR:
            return [
                _("%(rate)s %% is below the 20 %% floor for a film released over two years ago.")
                % {"rate": format_rate(self.rate)}
            ]
        if self.rate > LEGAL_MAX_RATE or (not old and self.rate < LEGAL_MIN_RATE):
            return [
                _("%(rate)s %% is outside the legal range of 25 to 50 %%.")
                % {"rate": format_rate(self.rate)}
            ]
        return []


class DistributorStatement(AppendOnly):
    """One version of what a rights holder is owed for a cinema week, frozen when it was
    first sent. A correction is the next version; both are kept."""

    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        related_name="distributor_statements",
        verbose_name=_("venue"),
    )
    holder = models.ForeignKey(
        RightsHolder,
        on_delete=models.PROTECT,
        related_name="statements",
        verbose_name=_("rights holder"),
    )
    week_start = models.DateField(_("cinema week"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    # The statement as sent: rows per screening and film, totals; amounts as strings.
    content = models.JSONField(_("content"))
    total = models.DecimalField(_("share owed"), max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("distributor statement")
        verbose_name_plural = _("distributor statements")
        ordering = ["-week_start", "holder", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "holder", "week_start", "version"],
                name="one_statement_version",
            ),
        ]

    def __str__(self):
        return f"{self.holder} · {self.week_start} · v{self.version}"


class StatementSending(AppendOnly):
    """A statement sent by email: to whom, when, by whom."""

    statement = models.ForeignKey(
        DistributorStatement,
        on_delete=models.PROTECT,
        related_name="sendings",
        verbose_name=_("statement"),
    )
    to = models.EmailField(_("sent to"))
    language = models.CharField(_("language"), max_length=8, default="fr")
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )

    class Meta:
        verbose_name = _("statement sent")
        verbose_name_plural = _("statements sent")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.statement} → {self.to}"


class Declaration(AppendOnly):
    """One version of a venue's declaration of a cinema week or of a month's tax, frozen
    when the treasurer declared it: its figures and the files as they were then. A later
    change (a late ticket, a corrected agreement) is the next version, listing what
    changed; every version is kept."""

    class Kind(models.TextChoices):
        WEEK = "week", _("cinema week")
        MONTH = "month", _("month of tax")

    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="declarations", verbose_name=_("venue")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    # The cinema week's Wednesday, or the month's first day.
    period_start = models.DateField(_("period"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    # The figures declared, per screening, film and price; amounts as strings.
    content = models.JSONField(_("content"))
    # What changed since the previous version: a list of readable lines' parts.
    changes = models.JSONField(_("changes"), default=list, blank=True)
    # A week's film admissions; a month's tax page counts takings, not admissions.
    admissions = models.PositiveIntegerField(_("admissions"), null=True, blank=True)
    takings = models.DecimalField(_("takings"), max_digits=12, decimal_places=2)
    tax = models.DecimalField(_("tax"), max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(_("declared at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declared by"),
    )

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        ordering = ["-period_start", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "kind", "period_start", "version"],
                name="one_declaration_version",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.period_start} · v{self.version}"


class DeclarationFile(AppendOnly):
    """One file of a declared version (its JSON, its CSV in one language, its PDF in one
    language), byte for byte as it was made when declaring."""

    declaration = models.ForeignKey(
        Declaration,
        on_delete=models.PROTECT,
        related_name="files",
        verbose_name=_("declaration"),
    )
    form = models.CharField(_("format"), max_length=8)  # "json", "csv", "pdf"
    language = models.CharField(_("language"), max_length=8, blank=True)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=80)
    data = models.BinaryField(_("data"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("declared file")
        verbose_name_plural = _("declared files")
        ordering = ["declaration", "form", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "form", "language"], name="one_declared_file"
            ),
        ]

    def __str__(self):
        return self.name
