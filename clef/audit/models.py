"""The stored action log: one row per ``lib.actions.log_action`` call, written in the
caller's transaction (a rolled-back change leaves no action behind).

Who acted is kept as a user id, not a foreign key nor a name: an erased person stays a
number, and nothing personal is left here once the account is gone.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    name = models.CharField(_("what"), max_length=100, db_index=True)
    by_id = models.BigIntegerField(_("who (user id)"), null=True, blank=True)
    # The object acted on, as "app_label.model_name" and its key (pk or code, as text).
    subject_type = models.CharField(_("object type"), max_length=100, blank=True)
    subject_key = models.CharField(_("object"), max_length=100, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_key"], name="audit_subject")]

    def __str__(self):
        return f"{self.name} #{self.pk}"

    @property
    def subject(self):
        """The object acted on as text (``boxoffice.sale K7F2Q``), or "" when the action
        names no single object."""
        return f"{self.subject_type} {self.subject_key}" if self.subject_type else ""
