"""The till: tills, cash sessions, sales and their lines, the bar's products, and the
journal every sale, reversal and closing is written to, chained by SHA-256.

Nothing here that touched money is ever updated or deleted: a mistake is corrected by a
new, reversing sale; the models refuse ``save`` on an existing row and ``delete``.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clef.lib.localized import localized
from clef.members.models import Membership
from clef.programme.models import Screening
from clef.tickets.models import Ticket
from clef.venues.models import Venue


def new_code():
    return secrets.token_urlsafe(9)


class Immutable(Exception):
    """Raised when code tries to change or delete a record that touched money."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise Immutable(f"{self.model.__name__} rows are never updated")

    def delete(self):
        raise Immutable(f"{self.model.__name__} rows are never deleted")


class AppendOnly(models.Model):
    """A row written once: a new one is saved, an existing one never changes."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Immutable(f"{type(self).__name__} {self.pk} is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable(f"{type(self).__name__} {self.pk} is never deleted")


VAT_RATES = [
    (Decimal("5.50"), "5.5 %"),
    (Decimal("10.00"), "10 %"),
    (Decimal("20.00"), "20 %"),
]


class Till(models.Model):
    """A place where money is taken: the desk in the hall, the bar, a tablet."""

    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="tills", verbose_name=_("venue")
    )
    name = models.CharField(_("name"), max_length=60)
    active = models.BooleanField(_("in use"), default=True)
    # The till's own ticket series, named on its tickets (``T1-2026-000042``): a till
    # that sells offline numbers its tickets without a gap. Empty: the venue's series.
    ticket_series = models.CharField(
        _("ticket series"),
        max_length=8,
        blank=True,
        default="",
        validators=[
            RegexValidator(
                r"^[A-Z][A-Z0-9]{0,7}$",
                _("A series is a capital letter then up to 7 capitals or digits, like T1."),
            )
        ],
        help_text=_("Needed to sell offline: its tickets are numbered in this series."),
    )

    class Meta:
        verbose_name = _("till")
        verbose_name_plural = _("tills")
        ordering = ["venue", "name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="till_name_unique"),
            models.UniqueConstraint(
                fields=["venue", "ticket_series"],
                condition=~models.Q(ticket_series=""),
                name="till_series_unique",
            ),
        ]

    def __str__(self):
        return self.name


class Product(models.Model):
    """Something the bar sells, at a fixed price with its VAT rate."""

    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="products", verbose_name=_("venue")
    )
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("name in English"), max_length=80, blank=True)
    price = models.DecimalField(
        _("price"), max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    # Required in every form; NULL only for a product imported without one, which the
    # till refuses to sell.
    vat_rate = models.DecimalField(
        _("VAT rate (%)"), max_digits=4, decimal_places=2, choices=VAT_RATES, null=True
    )
    active = models.BooleanField(_("on sale"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("bar product")
        verbose_name_plural = _("bar products")
        ordering = ["venue", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="product_name_unique"),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="product_price_positive"),
        ]

    def __str__(self):
        return self.name

    @property
    def localized_name(self):
        return localized(self, "name")


class TillSession(models.Model):
    """A cashier's turn at a till: opened with a counted float, closed with the cash
    counted by denomination."""

    till = models.ForeignKey(
        Till, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("till")
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="till_sessions", verbose_name=_("venue")
    )
    cashier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="till_sessions",
        verbose_name=_("cashier"),
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opening_float = models.DecimalField(_("float"), max_digits=9, decimal_places=2)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    # Count per denomination, as typed: {"20.00": 3, "0.50": 4}.
    counted_detail = models.JSONField(_("cash counted"), default=dict, blank=True)
    counted = models.DecimalField(
        _("cash counted"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    expected = models.DecimalField(
        _("cash expected"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    difference = models.DecimalField(
        _("difference"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    # A late session holds the sales a till made offline and sent after an
    # administrator closed the session they were made in (``boxoffice.offline``).
    late_for = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="late_sessions",
        verbose_name=_("late session of"),
    )

    class Meta:
        verbose_name = _("till session")
        verbose_name_plural = _("till sessions")
        ordering = ["-opened_at"]
        constraints = [
            # A late session (``late_for``) is open only while a sync writes in it.
            models.UniqueConstraint(
                fields=["till"],
                condition=models.Q(closed_at__isnull=True, late_for__isnull=True),
                name="one_open_session_per_till",
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.opened_at, self.venue.zone)
        return f"{self.till} — {local:%d/%m/%Y %H:%M}"

    @property
    def is_open(self):
        return self.closed_at is None


class Sale(AppendOnly):
    """What one person paid for at the till, at once. A reversal is a sale too, with the
    opposite amounts, pointing at the sale it cancels."""

    class Method(models.TextChoices):
        CASH = "cash", pgettext_lazy("payment", "Cash")
        CARD = "card", pgettext_lazy("payment", "Card")
        FREE = "free", pgettext_lazy("payment", "Free")
        # Part in cash, part by card: ``card_part`` says how much by card.
        SPLIT = "split", pgettext_lazy("payment", "Split")

    session = models.ForeignKey(
        TillSession, on_delete=models.PROTECT, related_name="sales", verbose_name=_("session")
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="sales", verbose_name=_("venue")
    )
    code = models.CharField(_("code"), max_length=16, unique=True, default=new_code)
    # Sent by the till with every sale: a retry after a network error finds the sale
    # it made instead of making a second one.
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=80, null=True, blank=True, unique=True
    )
    cashier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="till_sales",
        verbose_name=_("cashier"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="purchases",
        verbose_name=_("member"),
    )

    class Channel(models.TextChoices):
        TILL = "till", pgettext_lazy("channel", "Till")
        DOOR = "door", pgettext_lazy("channel", "Door")

    method = models.CharField(_("paid by"), max_length=8, choices=Method)
    # Where the money was taken: at the till's screen, or at the door letting a booked
    # ticket in. Online money is journalled apart (no till session).
    channel = models.CharField(_("channel"), max_length=8, choices=Channel, default=Channel.TILL)
    # Why a refund of earlier lines was made (empty for a sale or an undo).
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    total = models.DecimalField(_("total"), max_digits=9, decimal_places=2)
    tendered = models.DecimalField(
        _("cash given"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    change = models.DecimalField(
        _("change given"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    # A split payment's card part (the rest of the total in cash); empty otherwise.
    card_part = models.DecimalField(
        _("paid by card"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
        verbose_name=_("reverses"),
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sale")
        verbose_name_plural = _("sales")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.code

    @property
    def is_reversal(self):
        return self.reverses_id is not None

    @property
    def tenders(self):
        """{method: amount} of what paid the sale: one method, or cash and card."""
        return tenders(self.method, self.total, self.card_part)


def tenders(method, total, card_part):
    """{method: amount}: a split payment's cash and card parts, else all by ``method``."""
    if method == Sale.Method.SPLIT:
        card = card_part or 0
        return {Sale.Method.CASH.value: total - card, Sale.Method.CARD.value: card}
    return {method: total}


class SaleLine(AppendOnly):
    class Kind(models.TextChoices):
        TICKET = "ticket", pgettext_lazy("sale line", "Ticket")
        PRESALE = "presale", pgettext_lazy("sale line", "Booked ticket paid at the door")
        MEMBERSHIP = "membership", pgettext_lazy("sale line", "Membership")
        PRODUCT = "product", pgettext_lazy("sale line", "Bar")
        GIFT = "gift", pgettext_lazy("sale line", "Gift")

    sale = models.ForeignKey(
        Sale, on_delete=models.PROTECT, related_name="lines", verbose_name=_("sale")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    # What the line said when it was sold (a product may be renamed later).
    label = models.CharField(_("label"), max_length=200)
    quantity = models.IntegerField(_("quantity"), default=1)
    unit_price = models.DecimalField(_("unit price"), max_digits=9, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=9, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=4, decimal_places=2)
    screening = models.ForeignKey(
        Screening, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ticket = models.ForeignKey(
        Ticket, on_delete=models.PROTECT, null=True, blank=True, related_name="sale_lines"
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="sale_lines"
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, null=True, blank=True, related_name="sale_lines"
    )
    # On a refund's line: the line of an earlier sale it gives back.
    refunds = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunded_by",
        verbose_name=_("refunds"),
    )

    class Meta:
        verbose_name = _("sale line")
        verbose_name_plural = _("sale lines")
        ordering = ["sale", "position"]

    def __str__(self):
        return self.label


class JournalHead(models.Model):
    """Where a venue's journal ends: the last sequence number and its hash. Locked by
    every append, so that two tills writing at once keep one unbroken chain. ``verify``
    checks the chain against it (an entry deleted at the end shows here)."""

    venue = models.OneToOneField(
        Venue, on_delete=models.PROTECT, related_name="journal_head", verbose_name=_("venue")
    )
    sequence = models.PositiveBigIntegerField(_("last sequence"), default=0)
    hash = models.CharField(_("last hash"), max_length=64)

    class Meta:
        verbose_name = _("journal head")
        verbose_name_plural = _("journal heads")

    def __str__(self):
        return f"{self.venue} #{self.sequence}"


class JournalEntry(AppendOnly):
    """One line of the inalterable journal. ``hash`` is SHA-256 over the previous entry's
    hash, this entry's sequence, time, kind and canonical ``body`` (see ``journal.py``).
    """

    class Kind(models.TextChoices):
        SESSION_OPENED = "session_opened", _("Till opened")
        SALE = "sale", _("Sale")
        REVERSAL = "reversal", _("Reversal")
        SESSION_CLOSED = "session_closed", _("Till closed")
        CLOSING = "closing", _("Closing")
        # A line of an earlier sale given back at the till, with a reason.
        REFUND = "refund", _("Refund")
        # Money taken or given back online, through the payment provider.
        ONLINE_PAYMENT = "online_payment", _("Online payment")
        ONLINE_REFUND = "online_refund", _("Online refund")

    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="journal", verbose_name=_("venue")
    )
    sequence = models.PositiveBigIntegerField(_("sequence"))
    recorded_at = models.DateTimeField(_("at"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    # Canonical JSON (sorted keys, no spaces, amounts as "12.50"): what the hash covers.
    body = models.TextField(_("content"))
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    # Ed25519 over ``hash``, by the key in CLEF_JOURNAL_KEY_FILE (see ``keys.py``).
    signature = models.CharField(_("signature"), max_length=128, default="")
    session = models.ForeignKey(
        TillSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journal",
        verbose_name=_("session"),
    )
    sale = models.ForeignKey(
        Sale,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journal",
        verbose_name=_("sale"),
    )

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal")
        ordering = ["venue", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "sequence"], name="journal_sequence_unique"),
        ]
        indexes = [models.Index(fields=["venue", "recorded_at"])]

    def __str__(self):
        return f"#{self.sequence} {self.get_kind_display()}"


class Closing(AppendOnly):
    """A day's, month's or year's totals, with the perpetual grand total since the first
    sale; written to the journal too (``entry``)."""

    class Kind(models.TextChoices):
        DAY = "day", _("Daily closing")
        MONTH = "month", _("Monthly closing")
        YEAR = "year", _("Yearly closing")

    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="closings", verbose_name=_("venue")
    )
    kind = models.CharField(_("kind"), max_length=5, choices=Kind)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    # The journal entries it covers (None when the period had none).
    first_sequence = models.PositiveBigIntegerField(_("first entry"), null=True)
    last_sequence = models.PositiveBigIntegerField(_("last entry"), null=True)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    cumulative = models.DecimalField(_("grand total"), max_digits=14, decimal_places=2)
    # Totals by VAT rate, kind of line and payment method, as written in the entry.
    totals = models.JSONField(_("totals"), default=dict)
    entry = models.OneToOneField(
        JournalEntry,
        on_delete=models.PROTECT,
        related_name="closing",
        verbose_name=_("journal entry"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("closing")
        verbose_name_plural = _("closings")
        ordering = ["venue", "-period_start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "kind", "period_start"], name="closing_once_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period_start:%Y-%m-%d}"


class TicketStatement(AppendOnly):
    """What French rules ask for after each screening, per tariff (here, per price
    paid): the ticket numbers used, tickets issued (presales apart), tickets cancelled,
    price, takings. Written once the screening is over and never changed."""

    screening = models.OneToOneField(
        Screening,
        on_delete=models.PROTECT,
        related_name="ticket_statement",
        verbose_name=_("screening"),
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="ticket_statements", verbose_name=_("venue")
    )
    # One row per price: {"price", "series", "first_number", "ranges" ([series, first,
    # last] runs of numbers), "issued", "presales", "cancelled", "unpaid", "takings"};
    # amounts as strings.
    rows = models.JSONField(_("rows"), default=list)
    series = models.PositiveSmallIntegerField(_("series (year)"), null=True)
    first_number = models.PositiveIntegerField(_("first ticket number"), null=True)
    issued = models.PositiveIntegerField(_("tickets issued"), default=0)
    presales = models.PositiveIntegerField(_("presales"), default=0)
    cancelled = models.PositiveIntegerField(_("tickets cancelled"), default=0)
    takings = models.DecimalField(_("takings"), max_digits=12, decimal_places=2)
    fixed_at = models.DateTimeField(_("fixed at"), default=timezone.now)

    class Meta:
        verbose_name = _("ticket statement")
        verbose_name_plural = _("ticket statements")
        ordering = ["-screening__starts_at"]

    def __str__(self):
        return str(self.screening)


class OfflineConflict(AppendOnly):
    """A sale a till made offline that the server could not write when it was sent (a
    screening cancelled meanwhile, a membership refused, no seat left): kept as sent,
    with the reason, never dropped. Append-only: it is settled by a person, at the till
    (a refund, a new sale), not by editing it."""

    till = models.ForeignKey(
        Till, on_delete=models.PROTECT, related_name="offline_conflicts", verbose_name=_("till")
    )
    session = models.ForeignKey(
        TillSession,
        on_delete=models.PROTECT,
        related_name="offline_conflicts",
        verbose_name=_("till session"),
    )
    cashier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cashier"),
    )
    key = models.CharField(_("idempotency key"), max_length=64)
    sequence = models.PositiveIntegerField(_("sequence at the till"))
    sold_at = models.DateTimeField(_("sold at (till's clock)"))
    code = models.CharField(_("reason code"), max_length=40)
    message = models.CharField(_("reason"), max_length=300)
    sent = models.JSONField(_("sale as sent"))
    # The numbers of the till's series its tickets had (printed offline), voided: taken
    # from the series so that the till's later sales keep their printed numbers.
    ticket_year = models.PositiveSmallIntegerField(_("year of the voided numbers"), null=True)
    ticket_numbers = models.JSONField(_("ticket numbers voided"), default=list, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("offline sale in conflict")
        verbose_name_plural = _("offline sales in conflict")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["till", "key"], name="offline_conflict_once"),
        ]

    def __str__(self):
        return f"{self.till} #{self.sequence} ({self.code})"

    @property
    def voided(self):
        """The voided numbers as printed (``T1-2026-000042``)."""
        return [
            f"{self.till.ticket_series}-{self.ticket_year}-{n:06d}" for n in self.ticket_numbers
        ]
