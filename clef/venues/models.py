"""A venue (a cinema) and its rooms, with the rates and rules it runs by."""

import datetime as dt
import zoneinfo
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clef.lib.localized import localized
from clef.lib.weeks import CinemaWeek

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


# Defaults for a new venue, read from the settings (see CLEF_DEFAULT_RATES).
def default_vat_rate():
    return settings.CLEF_DEFAULT_RATES["vat_rate"]


def default_tsa_rate():
    return settings.CLEF_DEFAULT_RATES["tsa_rate"]


def default_tsa_rate_x():
    return settings.CLEF_DEFAULT_RATES["tsa_rate_x"]


def default_music_rights_rate():
    return settings.CLEF_DEFAULT_RATES["music_rights_rate"]


def default_usual_rental_rate():
    return settings.CLEF_DEFAULT_RATES["usual_rental_rate"]


def default_membership_floor():
    return settings.CLEF_DEFAULT_RATES["membership_floor"]


def default_membership_ceiling():
    return settings.CLEF_DEFAULT_RATES["membership_ceiling"]


def booking_default(key):
    """The module-level function giving the default of one booking rule, read from the
    settings (module-level, so that migrations can name it)."""
    name = f"default_{key}"
    if name not in globals():

        def default():
            return settings.CLEF_DEFAULT_BOOKING[key]

        default.__name__ = default.__qualname__ = name
        globals()[name] = default
    return globals()[name]


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(zone)s” is not a time zone: write it like Europe/Paris."),
            params={"zone": value},
            code="invalid_timezone",
        )


def validate_open_days(value):
    if not value or any(c not in "0123456" for c in value) or len(set(value)) != len(value):
        raise ValidationError(
            _("Write the open days as digits from 0 (Monday) to 6 (Sunday), each once."),
            code="invalid_open_days",
        )


def validate_cnc_number(value):
    """A number given by the CNC: 1 to 9 plain digits (0-9, no other script's digits)."""
    if not (1 <= len(value) <= 9 and all(c in "0123456789" for c in value)):
        raise ValidationError(
            _("A CNC number is 1 to 9 digits (0 to 9), with no spaces or letters."),
            code="invalid_cnc_number",
        )


def percent_field(verbose_name, default, help_text=""):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        default=default,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=help_text,
    )


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), unique=True)
    street = models.CharField(_("street"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=12)
    city = models.CharField(_("city"), max_length=80)
    country = models.CharField(_("country"), max_length=80, default="France")
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=60, default="Europe/Paris", validators=[validate_timezone]
    )
    open_days = models.CharField(
        _("open days"),
        max_length=7,
        default="23456",
        validators=[validate_open_days],
        help_text=_("Digits from 0 (Monday) to 6 (Sunday): 23456 is Wednesday to Sunday."),
    )
    week_start = models.PositiveSmallIntegerField(
        _("first day of the cinema week"), choices=WEEKDAYS, default=2
    )
    vat_rate = percent_field(_("VAT on admissions (%)"), default_vat_rate)
    tsa_rate = percent_field(
        _("tax on admissions to the CNC (%)"),
        default_tsa_rate,
        _("In percent of the price paid, VAT included."),
    )
    tsa_rate_x = percent_field(_("tax on admissions, X-rated works (%)"), default_tsa_rate_x)
    music_rights_rate = percent_field(
        _("music rights (%)"),
        default_music_rights_rate,
        _("In percent of box office excluding VAT; 0 if the venue pays none."),
    )
    usual_rental_rate = percent_field(
        _("usual rights holder's share (%)"),
        default_usual_rental_rate,
        _("Used to explain to visitors where a euro goes; each film's agreement sets its own."),
    )
    membership_floor = models.DecimalField(
        _("lowest membership (€)"),
        max_digits=7,
        decimal_places=2,
        default=default_membership_floor,
    )
    membership_ceiling = models.DecimalField(
        _("highest membership (€)"),
        max_digits=7,
        decimal_places=2,
        default=default_membership_ceiling,
    )
    membership_solidarity = models.DecimalField(
        _("solidarity membership (€)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("If set, members may also join for this amount, below the lowest."),
    )
    membership_validity = models.CharField(
        _("membership validity"),
        max_length=8,
        choices=[("rolling", _("months from payment")), ("season", _("a fixed season"))],
        default=booking_default("membership_validity"),
    )
    membership_months = models.PositiveSmallIntegerField(
        _("months of membership"),
        default=booking_default("membership_months"),
        validators=[MinValueValidator(1)],
    )
    season_start_month = models.PositiveSmallIntegerField(
        _("first month of the season"),
        default=booking_default("season_start_month"),
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    ticket_needs_membership = models.BooleanField(
        _("a ticket needs a valid membership"),
        default=booking_default("ticket_needs_membership"),
    )
    seats_per_booking = models.PositiveSmallIntegerField(
        _("seats per booking"),
        default=booking_default("seats_per_booking"),
        validators=[MinValueValidator(1)],
    )
    seats_per_person = models.PositiveSmallIntegerField(
        _("seats per person and screening"),
        default=booking_default("seats_per_person"),
        validators=[MinValueValidator(1)],
        help_text=_("Across all the bookings of one person for one screening."),
    )
    door_hold_seats_per_person = models.PositiveSmallIntegerField(
        _("seats held to pay at the door, per person"),
        default=booking_default("door_hold_seats_per_person"),
        help_text=_("Across all the upcoming screenings of one person; 0 allows none."),
    )
    price_ceiling = models.DecimalField(
        _("highest ticket price (€)"),
        max_digits=7,
        decimal_places=2,
        default=booking_default("price_ceiling"),
        help_text=_("A guard against typos."),
    )
    suggested_prices = models.CharField(
        _("suggested prices (€)"),
        max_length=100,
        default=booking_default("suggested_prices"),
        help_text=_("Amounts separated by spaces, like 0 4 7.50 10."),
    )
    online_quota_percent = models.PositiveSmallIntegerField(
        _("seats sold online (%)"),
        default=booking_default("online_quota_percent"),
        validators=[MaxValueValidator(100)],
        help_text=_("The rest of each room is kept for the door."),
    )
    cancel_cutoff_minutes = models.PositiveIntegerField(
        _("cancelling closes (minutes before the start)"),
        default=booking_default("cancel_cutoff_minutes"),
    )
    door_hold_minutes = models.PositiveIntegerField(
        _("bookings to pay at the door are held until (minutes before the start)"),
        default=booking_default("door_hold_minutes"),
    )
    payment_timeout_minutes = models.PositiveIntegerField(
        _("an unfinished online payment gives its seats back after (minutes)"),
        default=booking_default("payment_timeout_minutes"),
        validators=[MinValueValidator(1)],
    )
    registration_confirm_minutes = models.PositiveIntegerField(
        _("a workshop place waits for its address to be confirmed (minutes)"),
        default=booking_default("registration_confirm_minutes"),
        validators=[MinValueValidator(1)],
    )
    till_block_percent = models.PositiveSmallIntegerField(
        _("share of the unsold seats a till holds to sell offline (%)"),
        default=10,
        validators=[MaxValueValidator(50)],
        help_text=_(
            "While online, each till holds this share of a coming screening's unsold seats "
            "(never the seats kept for online booking), so that it can sell them if the "
            "network drops. 0: no till sells offline."
        ),
    )
    waiting_offer_minutes = models.PositiveIntegerField(
        _("a seat offered to the waiting list is held (minutes)"),
        default=booking_default("waiting_offer_minutes"),
        validators=[MinValueValidator(5), MaxValueValidator(7 * 24 * 60)],
        help_text=_(
            "A seat that comes back is held this long for the first in line, then offered "
            "to the next; near the screening, half the time left before it at most."
        ),
    )
    last_seats = models.PositiveSmallIntegerField(
        _("“last seats” from"),
        default=10,
        help_text=_(
            "The programme says “last seats” on a screening once this many or fewer are left "
            "to book online; 0: never."
        ),
    )
    cnc_number = models.CharField(
        _("CNC establishment number"),
        max_length=9,
        blank=True,
        validators=[validate_cnc_number],
        help_text=_("The number the CNC gave the establishment; printed on declarations."),
    )
    # What a visitor needs to come: shown on the visit page, written by the venue.
    opening_hours = models.TextField(
        _("opening hours (French)"),
        blank=True,
        help_text=_("One line per day or group of days, like “Wednesday to Friday: 18:00–23:00”."),
    )
    opening_hours_en = models.TextField(_("opening hours (English)"), blank=True)
    getting_there = models.TextField(
        _("how to come (French)"),
        blank=True,
        help_text=_("Metro, bus, bike, parking: one line each."),
    )
    getting_there_en = models.TextField(_("how to come (English)"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
        help_text=_("For the map link (OpenStreetMap), like 48.83871."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return self.name

    def clean(self):
        floor, ceiling = self.membership_floor, self.membership_ceiling
        if floor is not None and ceiling is not None and floor > ceiling:
            raise ValidationError(
                {"membership_ceiling": _("The highest membership is below the lowest.")}
            )
        solidarity = self.membership_solidarity
        if solidarity is not None and floor is not None and solidarity >= floor:
            raise ValidationError(
                {"membership_solidarity": _("The solidarity amount must be below the lowest.")}
            )
        try:
            self.suggested_price_list()
        except (InvalidOperation, ValueError):
            raise ValidationError(
                {"suggested_prices": _("Write amounts separated by spaces, like 0 4 7.50 10.")}
            ) from None

    def suggested_price_list(self):
        """The suggested prices as Decimals, in the order typed."""
        prices = [Decimal(word.replace(",", ".")) for word in self.suggested_prices.split()]
        if any(p < 0 or p != p.quantize(Decimal("0.01")) for p in prices):
            raise ValueError(self.suggested_prices)
        return prices

    @property
    def membership_minimum(self):
        if self.membership_solidarity is not None:
            return self.membership_solidarity
        return self.membership_floor

    @property
    def zone(self):
        return ZoneInfo(self.timezone)

    def local_date(self, when=None):
        """The venue's calendar day at ``when`` (now by default)."""
        return timezone.localtime(when or timezone.now(), self.zone).date()

    @property
    def open_weekdays(self):
        return sorted(int(c) for c in self.open_days)

    def is_open_on(self, day: dt.date):
        return day.weekday() in self.open_weekdays

    def open_days_display(self):
        names = dict(WEEKDAYS)
        return [names[d] for d in self.open_weekdays]

    def open_days_text(self):
        """ "Wednesday to Sunday" when the open days follow each other, else a list."""
        days = self.open_weekdays
        names = [str(name) for name in self.open_days_display()]
        if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
            return _("%(first)s to %(last)s") % {"first": names[0], "last": names[-1]}
        return ", ".join(names)

    def opening_hours_lines(self):
        return [line for line in localized(self, "opening_hours").splitlines() if line.strip()]

    def getting_there_lines(self):
        return [line for line in localized(self, "getting_there").splitlines() if line.strip()]

    @property
    def map_url(self):
        """OpenStreetMap's page around the venue: a link, no map tiles loaded here."""
        if self.latitude is None or self.longitude is None:
            return ""
        lat, lon = self.latitude, self.longitude
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"

    def week_of(self, day):
        return CinemaWeek.containing(day, self.week_start)

    @property
    def address_lines(self):
        return [self.street, f"{self.postcode} {self.city}"]


class Room(models.Model):
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="rooms", verbose_name=_("venue")
    )
    name = models.CharField(_("name"), max_length=80)
    seats = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    wheelchair_places = models.PositiveSmallIntegerField(_("wheelchair places"), default=0)
    cnc_number = models.CharField(
        _("CNC room number"),
        max_length=9,
        blank=True,
        validators=[validate_cnc_number],
        help_text=_("The room's number with the CNC; printed on declarations."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="room_name_unique_in_venue")
        ]

    def __str__(self):
        return self.name


class NumberSeries(models.Model):
    """The last number given in one of a venue's series: tickets of a year, memberships
    of a season, later receipts. Numbers come from ``venues.numbering`` only, under a row
    lock, so that they have no gap and no duplicate whatever the concurrency."""

    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="number_series", verbose_name=_("venue")
    )
    name = models.CharField(_("series"), max_length=20)
    period = models.PositiveSmallIntegerField(_("year or season"))
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")
        constraints = [
            models.UniqueConstraint(fields=["venue", "name", "period"], name="number_series_unique")
        ]

    def __str__(self):
        return f"{self.name} {self.period}: {self.last}"
