"""Tickets: every entry, numbered in the venue's yearly series.

Only the data is laid down here, so that the public counters count real spectators;
booking, selling and checking in come with the tickets' capability.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clef.programme.models import Screening
from clef.venues.models import Venue


class Ticket(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", pgettext_lazy("ticket", "Booked")
        PAID = "paid", pgettext_lazy("ticket", "Paid")
        CHECKED_IN = "checked_in", pgettext_lazy("ticket", "Checked in")
        CANCELLED = "cancelled", pgettext_lazy("ticket", "Cancelled")

    # The statuses of a ticket that stands for a spectator.
    COUNTED = (Status.PAID, Status.CHECKED_IN)

    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("venue")
    )
    screening = models.ForeignKey(
        Screening, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("screening")
    )
    series = models.PositiveSmallIntegerField(_("series (year)"))
    number = models.PositiveIntegerField(_("number"))
    price = models.DecimalField(_("price paid"), max_digits=7, decimal_places=2)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PAID)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["series", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "series", "number"], name="ticket_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.series}-{self.number:06d}"
