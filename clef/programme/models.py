"""The programme: films, cycles and the screenings that show them."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clef.lib import names
from clef.lib.localized import localized
from clef.programme import posters
from clef.programme.posters import validate_poster
from clef.venues.models import Room

# A screening longer than this is a typing error (a night of films is at most twelve hours).
LONGEST_SCREENING = 12 * 60


class Film(models.Model):
    title = models.CharField(_("title"), max_length=200)
    original_title = models.CharField(_("original title"), max_length=200, blank=True)
    slug = models.SlugField(_("short name"), max_length=220, unique=True)
    directors = models.CharField(_("directed by"), max_length=300)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1880), MaxValueValidator(2100)]
    )
    countries = models.CharField(_("countries"), max_length=200)
    runtime = models.PositiveSmallIntegerField(
        _("runtime (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    visa_number = models.CharField(_("visa number"), max_length=20, blank=True)
    no_visa = models.BooleanField(
        _("no visa (not a commercial film)"),
        default=False,
        help_text=_("Tick for a film that has no exploitation visa, so declarations accept it."),
    )
    poster = models.ImageField(
        _("poster or still"),
        upload_to="posters/originals/",
        blank=True,
        validators=[validate_poster],
        help_text=_("A JPEG, PNG or WebP picture, at most 10 MB; shown in a few sizes."),
    )
    synopsis = models.TextField(_("synopsis (French)"), blank=True)
    synopsis_en = models.TextField(_("synopsis (English)"), blank=True)
    x_rated = models.BooleanField(
        _("X-rated"), default=False, help_text=_("Works on the X list pay a higher tax.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("film")
        verbose_name_plural = _("films")
        ordering = ["title", "year"]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def get_absolute_url(self):
        return reverse("programme:film", args=[self.slug])

    @property
    def poster_src(self):
        return posters.rendition_url(self, posters.WIDTHS[1]) if self.poster else ""

    @property
    def poster_srcset(self):
        return posters.srcset(self) if self.poster else ""

    @property
    def shown_original_title(self):
        """The original title when it differs from the title shown."""
        if self.original_title and self.original_title != self.title:
            return self.original_title
        return ""

    def localized_synopsis(self):
        return localized(self, "synopsis")


class Cycle(models.Model):
    title = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("short name"), max_length=220, unique=True)
    description = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    for_children = models.BooleanField(_("for children"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programme:cycle", args=[self.slug])

    def localized_title(self):
        return localized(self, "title")

    def localized_description(self):
        return localized(self, "description")


class ScreeningQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Screening.Status.PUBLISHED)

    def public(self):
        """What visitors see: published, and cancelled ones so nobody comes for nothing."""
        return self.filter(status__in=[Screening.Status.PUBLISHED, Screening.Status.CANCELLED])

    def with_listing(self):
        """Everything a programme listing shows, in a fixed number of queries."""
        return self.select_related("room__venue", "cycle").prefetch_related(
            models.Prefetch(
                "screening_films",
                queryset=ScreeningFilm.objects.select_related("film").order_by("position"),
            )
        )


class Screening(models.Model):
    class Kind(models.TextChoices):
        SCREENING = "screening", pgettext_lazy("kind", "Screening")
        DEBATE = "debate", pgettext_lazy("kind", "Screening and debate")
        WORKSHOP = "workshop", pgettext_lazy("kind", "Workshop")
        PRIVATE = "private", pgettext_lazy("kind", "Private hire")

    class Pricing(models.TextChoices):
        PAY_WHAT_YOU_WANT = "pwyw", _("Pay what you want, after membership")
        FREE = "free", _("Free")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("screening", "Draft")
        PUBLISHED = "published", pgettext_lazy("screening", "Published")
        CANCELLED = "cancelled", pgettext_lazy("screening", "Cancelled")

    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="screenings", verbose_name=_("room")
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    duration = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(LONGEST_SCREENING)],
        help_text=_("How long the room is taken: films, introduction and debate."),
    )
    title = models.CharField(
        _("title (French)"),
        max_length=200,
        blank=True,
        help_text=_("For a programme of several films; empty to use the film's title."),
    )
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.SCREENING)
    for_children = models.BooleanField(_("for children"), default=False)
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="screenings",
        verbose_name=_("cycle"),
    )
    description = models.TextField(_("presentation (French)"), blank=True)
    description_en = models.TextField(_("presentation (English)"), blank=True)
    guests = models.CharField(_("guests"), max_length=300, blank=True)
    pricing = models.CharField(
        _("price"), max_length=8, choices=Pricing, default=Pricing.PAY_WHAT_YOU_WANT
    )
    sdh = models.BooleanField(_("subtitles for the deaf and hard of hearing"), default=False)
    audio_description = models.BooleanField(_("audio description"), default=False)
    wheelchair = models.BooleanField(_("wheelchair access"), default=True)
    online_quota = models.PositiveIntegerField(
        _("seats sold online"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty for the venue's share of the room; the rest is kept for the door. "
            "For a workshop: the places open to registration."
        ),
    )
    age_min = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    programmer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmed_screenings",
        verbose_name=_("programmer"),
    )
    films = models.ManyToManyField(
        Film, through="ScreeningFilm", related_name="screenings", verbose_name=_("films")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["starts_at", "room__position"]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self):
        local = timezone.localtime(self.starts_at, self.zone) if self.starts_at else None
        when = local.strftime("%Y-%m-%d %H:%M") if local else "?"
        return f"{when} · {self.display_title}"

    def get_absolute_url(self):
        return reverse("programme:screening", args=[self.pk])

    # --- what it shows -------------------------------------------------------------
    @property
    def ordered_films(self):
        return [sf.film for sf in self.screening_films.all()]

    @property
    def display_title(self):
        title = localized(self, "title")
        if title:
            return title
        films = self.ordered_films if self.pk else []
        return " + ".join(f.title for f in films) if films else "—"

    def localized_description(self):
        return localized(self, "description")

    @property
    def ends_at(self):
        return self.starts_at + dt.timedelta(minutes=self.duration)

    @property
    def zone(self):
        return self.room.venue.zone

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def is_free(self):
        return self.pricing == self.Pricing.FREE

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def accessibility(self):
        """The accessibility marks, as (code, label) pairs."""
        marks = []
        if self.sdh:
            marks.append(("sdh", _("Subtitles for the deaf and hard of hearing")))
        if self.audio_description:
            marks.append(("ad", _("Audio description")))
        if self.wheelchair:
            marks.append(("wheelchair", _("Wheelchair access")))
        return marks

    # --- rules ---------------------------------------------------------------------
    def clean(self):
        super().clean()
        if self.starts_at is None or self.room_id is None or self.duration is None:
            return
        errors = {}
        if self._start_changed() and self.starts_at < timezone.now():
            errors["starts_at"] = _(
                "This time has already passed: a new screening must start later."
            )
        venue = self.room.venue
        local_day = self.local_start.date()
        if not venue.is_open_on(local_day):
            errors["starts_at"] = _(
                "%(venue)s is closed on %(weekday)s: choose a day it is open (%(open)s)."
            ) % {
                "venue": venue.name,
                "weekday": _date_weekday(local_day),
                "open": venue.open_days_text(),
            }
        if self.status != self.Status.CANCELLED and (clash := self.overlapping().first()):
            errors.setdefault(
                "starts_at",
                _("%(room)s is taken from %(start)s to %(end)s by “%(title)s”.")
                % {
                    "room": self.room.name,
                    "start": timezone.localtime(clash.starts_at, self.zone).strftime("%H:%M"),
                    "end": timezone.localtime(clash.ends_at, self.zone).strftime("%H:%M"),
                    "title": clash.display_title,
                },
            )
        if self.online_quota is not None and self.online_quota > self.room.seats:
            errors["online_quota"] = _(
                "%(room)s has %(seats)s seats: no more can be sold online."
            ) % {"room": self.room.name, "seats": self.room.seats}
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = _("The oldest age is below the youngest.")
        if errors:
            raise ValidationError(errors)

    @property
    def online_capacity(self):
        """Seats that may be sold online (or places open to registration)."""
        if self.online_quota is not None:
            return min(self.online_quota, self.room.seats)
        return self.room.seats * self.room.venue.online_quota_percent // 100

    @property
    def is_workshop(self):
        return self.kind == self.Kind.WORKSHOP

    def _start_changed(self):
        if self.pk is None:
            return True
        stored = type(self).objects.filter(pk=self.pk).values_list("starts_at", flat=True).first()
        return stored != self.starts_at

    def overlapping(self):
        """Other screenings, not cancelled, that take the same room at the same time."""
        window_start = self.starts_at - dt.timedelta(minutes=LONGEST_SCREENING)
        candidates = (
            Screening.objects.filter(
                room_id=self.room_id, starts_at__gte=window_start, starts_at__lt=self.ends_at
            )
            .exclude(status=self.Status.CANCELLED)
            .exclude(pk=self.pk)
            .order_by("starts_at")
        )
        clashing = [s.pk for s in candidates if s.ends_at > self.starts_at]
        return Screening.objects.filter(pk__in=clashing).order_by("starts_at")


def _date_weekday(day):
    return date_format(day, "l")


class ScreeningFilm(models.Model):
    class Version(models.TextChoices):
        ORIGINAL_SUBTITLED = "vost", _("Original version, subtitled")
        ORIGINAL = "vo", _("Original version")
        DUBBED = "vf", _("Dubbed")
        SILENT = "silent", _("Silent")

    screening = models.ForeignKey(
        Screening,
        on_delete=models.CASCADE,
        related_name="screening_films",
        verbose_name=_("screening"),
    )
    film = models.ForeignKey(
        Film, on_delete=models.PROTECT, related_name="screening_films", verbose_name=_("film")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.CharField(
        _("version"), max_length=8, choices=Version, default=Version.ORIGINAL_SUBTITLED
    )
    subtitles = models.CharField(
        _("subtitles"),
        max_length=80,
        blank=True,
        help_text=_("The subtitles' language, e.g. French."),
    )

    class Meta:
        verbose_name = _("film shown")
        verbose_name_plural = _("films shown")
        ordering = ["position", "pk"]

    def __str__(self):
        return str(self.film)

    @property
    def version_short(self):
        """The version as listings print it: "VOST", "VO", "VF" in French."""
        return {
            self.Version.ORIGINAL_SUBTITLED: pgettext_lazy("film version", "subtitled"),
            self.Version.ORIGINAL: pgettext_lazy("film version", "original"),
            self.Version.DUBBED: pgettext_lazy("film version", "dubbed"),
            self.Version.SILENT: pgettext_lazy("film version", "silent"),
        }.get(self.version, "")

    def version_text(self):
        """How the film is shown: "Original version, French subtitles" and the like."""
        if self.subtitles and self.version == self.Version.ORIGINAL_SUBTITLED:
            language = names.languages(self.subtitles)
            return _("Original version, subtitles: %(language)s") % {"language": language}
        return self.get_version_display()


class ProgrammeVersion(models.Model):
    """One counter, raised by every change to what the public programme shows, so that
    cached pages are keyed by it (see ``clef.programme.versioning``)."""

    number = models.PositiveBigIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")

    def __str__(self):
        return str(self.number)
