"""Where a person is signed in: one row per browser session of their account, so that
they can see them and end them (after a new password, a new address, a link)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignIn(models.Model):
    """A browser signed in to an account, by its session's key. Written when the person
    signs in, its ``last_seen_at`` moved at most every few minutes
    (``signins.SEEN_EVERY``); deleted with its session."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sign_ins",
        verbose_name=_("user"),
    )
    session_key = models.CharField(_("session"), max_length=40, unique=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    signed_in_at = models.DateTimeField(_("signed in at"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen at"), default=timezone.now)

    class Meta:
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")
        ordering = ["-last_seen_at", "-pk"]

    def __str__(self):
        return f"{self.user_id} {self.signed_in_at:%Y-%m-%d %H:%M}"
