"""Each screening's checklist: what must be ready before it is published.

A screening has a checklist when it was made from a proposal or a programmer added one;
only those are gated (`clef.programming.checklists`, registered with
`programme.services.register_publication_check`). What is done is read from the
checklist's own fields, the accounts' agreements, the volunteers' shifts and the
screening's texts; `clef.programming.checklists.items` says each item's state and due day.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["Checklist", "ChecklistReminder", "PublicationOverride"]


class Checklist(models.Model):
    class Format(models.TextChoices):
        DCP = "dcp", _("DCP")
        FILE = "file", _("File")
        BLURAY = "bluray", _("Blu-ray")
        MM35 = "35mm", _("35 mm")

    class Credit(models.TextChoices):
        FIRST_NAME = "first_name", _("My first name")
        COMMISSION = "commission", _("The programming commission")

    screening = models.OneToOneField(
        "programme.Screening",
        on_delete=models.CASCADE,
        related_name="checklist",
        verbose_name=_("screening"),
    )
    proposal = models.ForeignKey(
        "programming.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checklists",
        verbose_name=_("proposal"),
    )
    rights_requested_on = models.DateField(_("rights requested on"), null=True, blank=True)
    copy_format = models.CharField(_("copy format"), max_length=8, choices=Format, blank=True)
    copy_received_on = models.DateField(_("copy received on"), null=True, blank=True)
    kdm_valid_from = models.DateField(_("key (KDM) valid from"), null=True, blank=True)
    kdm_valid_to = models.DateField(_("key (KDM) valid until"), null=True, blank=True)
    subtitles_language = models.CharField(
        _("subtitles needed in"),
        max_length=80,
        blank=True,
        help_text=_("Empty when the copy needs no subtitles of ours."),
    )
    subtitles_ready = models.BooleanField(_("subtitles ready"), default=False)
    subtitles_by = models.CharField(_("translated by"), max_length=200, blank=True)
    guest_name = models.CharField(
        _("guest invited"), max_length=200, blank=True, help_text=_("Empty when no guest.")
    )
    guest_confirmed = models.BooleanField(_("guest confirmed"), default=False)
    guest_travel = models.CharField(_("guest's travel"), max_length=300, blank=True)
    staff_ready = models.BooleanField(
        _("staff found"),
        default=False,
        help_text=_("Until the volunteers' shifts say it, ticked by the programmer."),
    )
    poster_ready = models.BooleanField(_("poster or still ready"), default=False)
    credit = models.CharField(
        pgettext_lazy("checklist", "named on the screening's page as"),
        max_length=12,
        choices=Credit,
        default=Credit.FIRST_NAME,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")

    def __str__(self):
        return str(self.screening)


class PublicationOverride(models.Model):
    """A commission member published a screening whose checklist was incomplete: who,
    when, why, and what was missing then. Kept, never edited."""

    checklist = models.ForeignKey(
        Checklist, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("checklist")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    reason = models.TextField(_("reason"))
    missing = models.TextField(_("missing then"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("publication despite the checklist")
        verbose_name_plural = _("publications despite the checklist")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.checklist} · {self.at:%Y-%m-%d}"


class ChecklistReminder(models.Model):
    """An email sent because an item was late: one per item and due day, so the timer's
    command sends nothing twice."""

    checklist = models.ForeignKey(
        Checklist, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("checklist")
    )
    item = models.CharField(_("item"), max_length=16)
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("late item reminder")
        verbose_name_plural = _("late item reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "item", "due_on"], name="programming_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.checklist} · {self.item}"
