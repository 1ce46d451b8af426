"""Teams, the trainings that qualify for them, their sessions, and what each volunteer
holds. A qualification is granted when its holder attends a session (or by the
coordinator), may expire, and may wait for shifts shadowed with a qualified volunteer."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clef.lib.localized import localized

__all__ = [
    "Qualification",
    "SessionRegistration",
    "ShadowShift",
    "Team",
    "Training",
    "TrainingSession",
]


class Team(models.Model):
    """Those who hold one post: the till, the door and welcome, projection, safety, the
    bar; the venue may add its own."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams_led",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name

    def localized_name(self):
        return localized(self, "name")

    def localized_description(self):
        return localized(self, "description")


class Training(models.Model):
    """What one learns to hold a post: it qualifies for its teams, for ``valid_months``
    (none: for good), once ``shadow_shifts`` shifts were shadowed."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    teams = models.ManyToManyField(
        Team, verbose_name=_("qualifies for"), blank=True, related_name="trainings"
    )
    valid_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: the qualification never expires."),
    )
    shadow_shifts = models.PositiveSmallIntegerField(
        _("shifts to shadow"),
        default=0,
        help_text=_("Shifts beside a qualified volunteer, each confirmed by them."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name

    def localized_name(self):
        return localized(self, "name")

    def localized_description(self):
        return localized(self, "description")


class TrainingSession(models.Model):
    """A session of a training, on a day, given by a trainer, for so many people."""

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.PROTECT, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=120, validators=[MinValueValidator(1)]
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.PROTECT,
        related_name="trainings_given",
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="volunteers_session_capacity"
            )
        ]

    def __str__(self):
        return f"{self.training} · {self.starts_at:%Y-%m-%d %H:%M}"


class SessionRegistration(models.Model):
    """One person's place in a training session, and whether they came."""

    REGISTERED = "registered"
    ATTENDED = "attended"
    ABSENT = "absent"
    ATTENDANCE = [
        (REGISTERED, _("registered")),
        (ATTENDED, _("attended")),
        (ABSENT, _("absent")),
    ]

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="training_registrations",
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    attendance = models.CharField(
        _("attendance"), max_length=12, choices=ATTENDANCE, default=REGISTERED
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="volunteers_one_registration"
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.session}"


class Qualification(models.Model):
    """A training one holds, from ``granted_on`` until ``expires_on`` (none: for good).
    A new grant for the same training replaces the old one (one row per person and
    training)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="qualifications",
    )
    training = models.ForeignKey(
        Training,
        verbose_name=_("training"),
        on_delete=models.PROTECT,
        related_name="qualifications",
    )
    granted_on = models.DateField(_("granted on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session attended"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The expiry this person was told of (the reminder is sent once per expiry date).
    reminded_for = models.DateField(_("reminded of the expiry on"), null=True, blank=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["training__position", "training__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "training"], name="volunteers_one_qualification"
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.training}"


class ShadowShift(models.Model):
    """A shift a newly trained volunteer held beside a qualified one, confirmed by them."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="shadow_shifts",
    )
    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.PROTECT, related_name="+"
    )
    shift = models.ForeignKey(
        "volunteers.Shift",
        verbose_name=_("shift"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    day = models.DateField(_("day"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("shadowed shift")
        verbose_name_plural = _("shadowed shifts")
        ordering = ["day", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "training", "day", "confirmed_by"],
                name="volunteers_one_shadow_a_day",
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.training} · {self.day}"
