"""Shifts: what each screening needs (staffing templates, the bar's hours), the shifts
made from the programme or added by the coordinator, who signed up, swaps, feeds and the
emails already sent (reminders, gaps)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "BarHours",
    "CalendarFeed",
    "GapAlert",
    "Shift",
    "ShiftPreferences",
    "Signup",
    "StaffingNeed",
    "StaffingTemplate",
]


def new_secret():
    return secrets.token_urlsafe(24)


class StaffingTemplate(models.Model):
    """What a screening of a kind in a room needs; the most precise template wins (room
    and kind, then room, then kind, then neither)."""

    venue = models.ForeignKey(
        "venues.Venue",
        on_delete=models.CASCADE,
        related_name="staffing_templates",
        verbose_name=_("venue"),
    )
    name = models.CharField(_("name"), max_length=120)
    room = models.ForeignKey(
        "venues.Room",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="staffing_templates",
        verbose_name=_("room"),
        help_text=_("Empty: every room."),
    )
    # A programme.Screening.Kind value, or empty for every kind.
    kind = models.CharField(_("kind of screening"), max_length=12, blank=True)
    for_children = models.BooleanField(
        _("for children's screenings"),
        default=False,
        help_text=_("Used instead of the others for a screening marked for children."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("staffing template")
        verbose_name_plural = _("staffing templates")
        ordering = ["venue", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "room", "kind", "for_children"],
                name="staffing_template_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return self.name


class StaffingNeed(models.Model):
    """One line of a template: so many people of a team, their times counted from the
    screening's start (the end from the screening's end), arriving some minutes before."""

    template = models.ForeignKey(
        StaffingTemplate, on_delete=models.CASCADE, related_name="needs", verbose_name=_("template")
    )
    team = models.ForeignKey(
        "volunteers.Team",
        on_delete=models.PROTECT,
        related_name="staffing_needs",
        verbose_name=_("team"),
    )
    places = models.PositiveSmallIntegerField(_("people"), default=1)
    # Minutes from the screening's start; negative is before it.
    start_offset = models.SmallIntegerField(_("starts (minutes from the start)"), default=-30)
    # Minutes from the screening's end.
    end_offset = models.SmallIntegerField(_("ends (minutes from the end)"), default=15)
    arrive_before = models.PositiveSmallIntegerField(_("arrive (minutes before)"), default=15)

    class Meta:
        verbose_name = _("staffing need")
        verbose_name_plural = _("staffing needs")
        ordering = ["template", "pk"]

    def __str__(self):
        return f"{self.template} · {self.team} × {self.places}"

    @property
    def starts_before(self):
        """Minutes before the screening's start (negative: after it)."""
        return -self.start_offset


class BarHours(models.Model):
    """The bar's hours on the venue's open days: a shift a day for its team."""

    venue = models.ForeignKey(
        "venues.Venue", on_delete=models.CASCADE, related_name="bar_hours", verbose_name=_("venue")
    )
    team = models.ForeignKey(
        "volunteers.Team", on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    places = models.PositiveSmallIntegerField(_("people"), default=1)
    arrive_before = models.PositiveSmallIntegerField(_("arrive (minutes before)"), default=15)

    class Meta:
        verbose_name = _("bar hours")
        verbose_name_plural = _("bar hours")
        ordering = ["venue", "opens"]

    def __str__(self):
        return f"{self.opens:%H:%M}–{self.closes:%H:%M}"


class Shift(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("shift", "Open")
        CANCELLED = "cancelled", pgettext_lazy("shift", "Cancelled")

    class Origin(models.TextChoices):
        SCREENING = "screening", pgettext_lazy("shift", "Screening")
        BAR = "bar", pgettext_lazy("shift", "Bar")
        ONE_OFF = "one_off", pgettext_lazy("shift", "One-off")

    venue = models.ForeignKey(
        "venues.Venue", on_delete=models.CASCADE, related_name="shifts", verbose_name=_("venue")
    )
    screening = models.ForeignKey(
        "programme.Screening",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="shifts",
        verbose_name=_("screening"),
    )
    team = models.ForeignKey(
        "volunteers.Team", on_delete=models.PROTECT, related_name="shifts", verbose_name=_("team")
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin, default=Origin.ONE_OFF)
    # The template line a screening's shift was made from (kept to move it with its screening).
    need = models.ForeignKey(
        StaffingNeed,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shifts",
        verbose_name=_("staffing need"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    arrive_at = models.DateTimeField(_("arrive at"))
    places = models.PositiveSmallIntegerField(_("people"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            ),
        ]

    def __str__(self):
        when = timezone.localtime(self.starts_at).strftime("%Y-%m-%d %H:%M")
        return f"{when} · {self.team} · {self.label}"

    def get_absolute_url(self):
        return reverse("volunteers:shift", args=[self.pk])

    @property
    def label(self):
        if self.title:
            return self.title
        if self.screening_id:
            return self.screening.display_title
        if self.origin == self.Origin.BAR:
            return str(_("Bar"))
        return "—"

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED


class Signup(models.Model):
    class Status(models.TextChoices):
        SIGNED = "signed", pgettext_lazy("signup", "Signed up")
        OFFERED = "offered", pgettext_lazy("signup", "Offered to others")
        SWAPPED = "swapped", pgettext_lazy("signup", "Taken by another volunteer")
        CANCELLED = "cancelled", pgettext_lazy("signup", "Cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", pgettext_lazy("attendance", "Not confirmed")
        CAME = "came", pgettext_lazy("attendance", "Came")
        NO_SHOW = "no_show", pgettext_lazy("attendance", "Did not come")

    # The statuses that hold a place: an offered shift is still its volunteer's until taken.
    ACTIVE = (Status.SIGNED, Status.OFFERED)

    shift = models.ForeignKey(
        Shift, on_delete=models.CASCADE, related_name="signups", verbose_name=_("shift")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="shift_signups",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.SIGNED)
    # The signup this one took over by a swap.
    taken_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="taken_by",
        verbose_name=_("taken from"),
    )
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance, default=Attendance.UNKNOWN
    )
    attendance_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attendance confirmed by"),
    )
    attendance_at = models.DateTimeField(_("attendance confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signup")
        verbose_name_plural = _("signups")
        ordering = ["shift", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "person"],
                condition=Q(status__in=["signed", "offered"]),
                name="signup_one_active_per_person",
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.shift}"

    @property
    def is_active(self):
        return self.status in self.ACTIVE


class ShiftPreferences(models.Model):
    class Reminder(models.TextChoices):
        NONE = "none", pgettext_lazy("reminder", "No reminder")
        DAY_BEFORE = "day", pgettext_lazy("reminder", "The day before")
        TWO_HOURS = "2h", pgettext_lazy("reminder", "Two hours before")

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="shift_preferences",
        verbose_name=_("person"),
    )
    reminder = models.CharField(
        _("reminder"), max_length=4, choices=Reminder, default=Reminder.DAY_BEFORE
    )

    class Meta:
        verbose_name = _("shift preferences")
        verbose_name_plural = _("shift preferences")

    def __str__(self):
        return str(self.person)


class CalendarFeed(models.Model):
    """A person's secret calendar address; revoking it keeps the row, so the old address
    says it was revoked."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="shift_feeds",
        verbose_name=_("person"),
    )
    secret = models.CharField(_("secret"), max_length=40, unique=True, default=new_secret)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.person)

    def get_absolute_url(self):
        return reverse("volunteers:feed", args=[self.secret])


class GapAlert(models.Model):
    """An email sent to a volunteer about shifts still empty: one a day per person."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="shift_gap_alerts",
        verbose_name=_("person"),
    )
    day = models.DateField(_("day"))
    shifts = models.ManyToManyField(Shift, related_name="gap_alerts", verbose_name=_("shifts"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("gap alert")
        verbose_name_plural = _("gap alerts")
        constraints = [
            models.UniqueConstraint(fields=["person", "day"], name="gap_alert_one_a_day")
        ]

    def __str__(self):
        return f"{self.person} · {self.day}"
