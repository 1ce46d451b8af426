"""Tickets: bookings made online, every entry numbered in the venue's yearly series, the
waiting lists, and the registrations for workshops."""

import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clef.payments.models import Payment
from clef.programme.models import Screening
from clef.venues.models import Venue


def new_code():
    return secrets.token_urlsafe(12)


def person_field(related_name):
    # A person who erases their account leaves their bookings behind, anonymised.
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=_("person"),
    )


class Booking(models.Model):
    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting", pgettext_lazy("booking", "Waiting for payment")
        HELD = "held", pgettext_lazy("booking", "To pay at the door")
        CONFIRMED = "confirmed", pgettext_lazy("booking", "Confirmed")
        CANCELLED = "cancelled", pgettext_lazy("booking", "Cancelled")
        RELEASED = "released", pgettext_lazy("booking", "Released")

    # The statuses of a booking that holds seats.
    ACTIVE = (Status.AWAITING_PAYMENT, Status.HELD, Status.CONFIRMED)

    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("venue")
    )
    screening = models.ForeignKey(
        Screening, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("screening")
    )
    person = person_field("bookings")
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    code = models.CharField(_("code"), max_length=24, unique=True, default=new_code)
    status = models.CharField(_("status"), max_length=10, choices=Status)
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("payment"),
    )
    # NULL, not "", when absent: the uniqueness below only binds bookings that sent a key.
    idempotency_key = models.CharField(  # noqa: DJ001
        _("idempotency key"), max_length=80, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "idempotency_key"], name="booking_idempotency_unique"
            ),
        ]
        indexes = [models.Index(fields=["status", "screening"])]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("tickets:booking", args=[self.code])

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def held_until(self):
        """When a booking to pay at the door gives its seats back, if it is one."""
        if self.status != self.Status.HELD:
            return None
        return self.screening.starts_at - dt.timedelta(minutes=self.venue.door_hold_minutes)

    @property
    def total(self):
        return sum((t.price for t in self.tickets.all() if t.is_valid), start=Decimal("0.00"))


class Ticket(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", pgettext_lazy("ticket", "Booked")
        PAID = "paid", pgettext_lazy("ticket", "Paid")
        CHECKED_IN = "checked_in", pgettext_lazy("ticket", "Checked in")
        CANCELLED = "cancelled", pgettext_lazy("ticket", "Cancelled")

    # The statuses of a ticket that stands for a spectator.
    COUNTED = (Status.PAID, Status.CHECKED_IN)
    # The statuses of a ticket that takes a seat.
    SEATED = (Status.BOOKED, Status.PAID, Status.CHECKED_IN)

    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("venue")
    )
    screening = models.ForeignKey(
        Screening, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("screening")
    )
    booking = models.ForeignKey(
        Booking,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("booking"),
    )
    code = models.CharField(_("code"), max_length=24, unique=True, default=new_code)
    series = models.PositiveSmallIntegerField(_("series (year)"))
    # A till's own series (``boxoffice.Till.ticket_series``), named on the ticket; empty
    # for the venue's series.
    till_series = models.CharField(_("till's series"), max_length=8, blank=True, default="")
    number = models.PositiveIntegerField(_("number"))
    price = models.DecimalField(_("price paid"), max_digits=7, decimal_places=2)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PAID)
    # Sold online (against the online quota), or at the door.
    online = models.BooleanField(_("sold online"), default=False)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["series", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "till_series", "series", "number"],
                name="ticket_number_unique_in_series",
            ),
        ]
        # The seats taken (screening, status, online) and the accounts' admissions by
        # price read from this index alone.
        indexes = [
            models.Index(
                fields=["screening", "status", "online", "price"], name="ticket_counted_by_price"
            )
        ]

    def __str__(self):
        if self.till_series:
            return f"{self.till_series}-{self.series}-{self.number:06d}"
        return f"{self.series}-{self.number:06d}"

    @property
    def is_valid(self):
        return self.status != self.Status.CANCELLED


class WaitingListQuerySet(models.QuerySet):
    def holding_seats(self, now):
        """The places offered a seat held for them at ``now``: counted as taken by
        ``seats.count`` for everyone but the person."""
        return self.filter(offer_ends_at__gt=now, booked_at__isnull=True)


class WaitingListEntry(models.Model):
    screening = models.ForeignKey(
        Screening,
        on_delete=models.CASCADE,
        related_name="waiting_list",
        verbose_name=_("screening"),
    )
    person = person_field("waiting_list_entries")
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=8, default="fr")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # A seat came back and was held for this place in the line until ``offer_ends_at``
    # (``seats.count`` counts it as taken for everyone else until then); ``booked_at``:
    # the person booked, the offer taken or not, and is off the line.
    offered_at = models.DateTimeField(_("seat offered at"), null=True, blank=True)
    offer_ends_at = models.DateTimeField(_("seat held until"), null=True, blank=True)
    booked_at = models.DateTimeField(_("booked at"), null=True, blank=True)

    objects = WaitingListQuerySet.as_manager()

    class Meta:
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["screening", "email"], name="waiting_once")]
        indexes = [models.Index(fields=["screening", "offer_ends_at"], name="waiting_offers")]

    def __str__(self):
        return self.email

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        OFFERED = "offered", _("a seat is held")
        PASSED = "passed", _("offer ended")
        BOOKED = "booked", _("booked")

    def state(self, now=None):
        if self.booked_at is not None:
            return self.State.BOOKED
        if self.offered_at is None:
            return self.State.WAITING
        if self.offer_ends_at is not None and self.offer_ends_at > (now or timezone.now()):
            return self.State.OFFERED
        return self.State.PASSED


class RegistrationQuerySet(models.QuerySet):
    def holding_places(self, now):
        """The registrations that hold a place at ``now``: registered, and either
        confirmed or still within their time to confirm the guardian's address."""
        return self.filter(status=Registration.Status.REGISTERED).filter(
            models.Q(confirm_by__isnull=True) | models.Q(confirm_by__gt=now)
        )


class Registration(models.Model):
    """A child's place in a workshop, asked for by a guardian.

    A guardian not signed in with that confirmed address confirms it by a link sent by
    email before ``confirm_by``; until then the place is held (or the child waits on the
    list, not promoted), and past it the place goes back (``expired``). ``confirm_by``
    is None once confirmed, or when there was nothing to confirm."""

    class Status(models.TextChoices):
        REGISTERED = "registered", pgettext_lazy("registration", "Registered")
        WAITING = "waiting", pgettext_lazy("registration", "On the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")
        EXPIRED = "expired", pgettext_lazy("registration", "Not confirmed in time")

    # The statuses of a registration that still stands (a place, or a turn on the list).
    STANDING = (Status.REGISTERED, Status.WAITING)

    screening = models.ForeignKey(
        Screening,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("workshop"),
    )
    person = person_field("registrations")
    code = models.CharField(_("code"), max_length=24, unique=True, default=new_code)
    status = models.CharField(_("status"), max_length=10, choices=Status)
    child_first_name = models.CharField(_("child's first name"), max_length=80)
    child_age = models.PositiveSmallIntegerField(_("child's age"))
    guardian_name = models.CharField(_("guardian's name"), max_length=120)
    guardian_phone = models.CharField(_("guardian's phone"), max_length=40)
    guardian_email = models.EmailField(_("guardian's email"))
    photo_consent = models.BooleanField(_("agrees to the photo rules"), default=False)
    language = models.CharField(_("language"), max_length=8, default="fr")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirm_by = models.DateTimeField(_("address to confirm by"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("address confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop registration")
        verbose_name_plural = _("workshop registrations")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "confirm_by"], name="registration_to_confirm")]

    def __str__(self):
        return f"{self.child_first_name} ({self.child_age})"

    def get_absolute_url(self):
        return reverse("tickets:registration", args=[self.code])

    @property
    def awaits_confirmation(self):
        """Whether the guardian's address is still to be confirmed (past its time or not)."""
        return self.confirm_by is not None and self.status in self.STANDING


class SeatBlock(models.Model):
    """Seats of a screening held by a till while it is online, so that it may sell them
    offline (``tickets.blocks``). ``seats`` is what is left of the block: the till's
    sales take from it. Counted by ``seats.count`` for everyone but its holder until
    it is given back (``released_at``)."""

    screening = models.ForeignKey(
        Screening, on_delete=models.PROTECT, related_name="seat_blocks", verbose_name=_("screening")
    )
    # The till's ticket series: ``tickets`` does not know the till itself.
    holder = models.CharField(_("held by (till's series)"), max_length=8)
    granted = models.PositiveIntegerField(_("seats granted"))
    seats = models.PositiveIntegerField(_("seats left in the block"))
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    released_at = models.DateTimeField(_("given back at"), null=True, blank=True)

    class Meta:
        verbose_name = _("seat block")
        verbose_name_plural = _("seat blocks")
        ordering = ["-taken_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["screening", "holder"],
                condition=models.Q(released_at__isnull=True),
                name="one_block_per_till_and_screening",
            ),
        ]
        indexes = [models.Index(fields=["screening", "released_at"], name="seat_block_held")]

    def __str__(self):
        return f"{self.holder}: {self.seats}/{self.granted}"
