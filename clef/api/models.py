"""API tokens: a secret a program shows in ``Authorization: Bearer <token>`` to act for
a person. Only the token's SHA-256 is kept; the token itself is shown once."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PREFIX = "clef_"


def hash_key(token):
    return hashlib.sha256(token.encode()).hexdigest()


def new_key():
    """A fresh token and its hash: ``(token, key_hash)``."""
    token = PREFIX + secrets.token_urlsafe(32)
    return token, hash_key(token)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"), max_length=80, help_text=_("What the token is for, e.g. the till.")
    )
    key_hash = models.CharField(_("key (SHA-256)"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Written at most once an hour: a token's use is not worth a write per request.
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.user})"
