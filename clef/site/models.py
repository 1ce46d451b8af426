"""What the public site says about the cinema, editable by staff: the story, the
association's commissions, and free pages. French first, English beside it."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clef.lib.localized import localized


class TimelineEntry(models.Model):
    """A moment of the cinema's story."""

    date = models.DateField(_("date"))
    date_precision = models.CharField(
        _("precision"),
        max_length=5,
        default="year",
        choices=[("year", _("year")), ("month", _("month")), ("day", _("day"))],
    )
    title = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    text = models.TextField(_("text (French)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("moment of the story")
        verbose_name_plural = _("the story")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date.year} · {self.title}"

    def localized_title(self):
        return localized(self, "title")

    def localized_text(self):
        return localized(self, "text")


class Commission(models.Model):
    """A working group of the association (programming, box office, ...)."""

    name = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def localized_name(self):
        return localized(self, "name")

    def localized_description(self):
        return localized(self, "description")


class Page(models.Model):
    """A free page (about, association, visit): its text is shown above the page's own
    content, so staff can say what they want without touching a template."""

    slug = models.SlugField(_("short name"), unique=True)
    title = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body = models.TextField(
        _("text (French)"), blank=True, help_text=_("Paragraphs separated by an empty line.")
    )
    body_en = models.TextField(_("text (English)"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("site:page", args=[self.slug])

    def localized_title(self):
        return localized(self, "title")

    def localized_body(self):
        return localized(self, "body")


class LetterReader(models.Model):
    """Someone who asked for the week's programme by email: anyone, member or not, once
    their address is confirmed by the link sent to it (``site.letter``)."""

    email = models.EmailField(_("email"), unique=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    left_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reader of the weekly letter")
        verbose_name_plural = _("readers of the weekly letter")
        ordering = ["email"]

    def __str__(self):
        return self.email

    @property
    def is_reading(self):
        return self.confirmed_at is not None and self.left_at is None


class LetterSent(models.Model):
    """One week's letter sent to one reader: the command sends each once."""

    reader = models.ForeignKey(
        LetterReader, on_delete=models.CASCADE, related_name="sent", verbose_name=_("reader")
    )
    week_start = models.DateField(_("first day of the week"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("weekly letter sent")
        verbose_name_plural = _("weekly letters sent")
        constraints = [
            models.UniqueConstraint(fields=["reader", "week_start"], name="one_letter_a_week")
        ]

    def __str__(self):
        return f"{self.reader} · {self.week_start}"
