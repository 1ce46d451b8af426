"""Memberships: a person's yearly adhesion to the association, on a sliding scale.

Only the data is laid down here, so that the public counters count real members; joining,
renewing and the card come with the members' capability.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clef.venues.models import Venue


class MembershipQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class Membership(models.Model):
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("venue")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("person"),
    )
    number = models.PositiveIntegerField(_("number"))
    season = models.PositiveSmallIntegerField(_("season"))
    amount = models.DecimalField(_("amount"), max_digits=7, decimal_places=2)
    starts_on = models.DateField(_("valid from"))
    ends_on = models.DateField(_("valid until"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-season", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "season", "number"], name="membership_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.season}-{self.number:05d}"
