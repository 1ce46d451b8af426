"""Issuing and revoking API tokens."""

from django.db import transaction

from clef.api.models import ApiToken, new_key
from clef.lib.actions import log_action


@transaction.atomic
def issue_token(user, name="", *, by=None):
    """A new token for ``user``: returns ``(token, api_token)``. The token is shown
    this once; only its hash is stored."""
    token, key_hash = new_key()
    api_token = ApiToken.objects.create(user=user, name=name or "api", key_hash=key_hash)
    log_action("api.token.issued", by=by or user, user=user.get_username(), token=api_token.pk)
    return token, api_token


@transaction.atomic
def revoke_token(api_token, *, by=None):
    log_action("api.token.revoked", by=by, user=api_token.user.get_username(), token=api_token.pk)
    api_token.delete()
