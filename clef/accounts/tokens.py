"""The links sent by email: to confirm an address, to sign in, to choose a new
password, to move an account to a new address.

Each is Django's password-reset token (a timestamp and an HMAC of the user's state)
under its own salt, with the user's id in front: ``<uidb64>.<timestamp>-<hash>``. The
state hashed changes once the link has done its work, so a link works once:
confirming makes the user active, signing in moves ``last_login``. A link is good for
``settings.CLEF_LINK_MAX_AGE`` seconds.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from clef.members.models import Person

# Not in the URL-safe base64 alphabet of the user's id, nor in the token.
SEPARATOR = "."


class LinkTokenGenerator(PasswordResetTokenGenerator):
    """A token good for ``CLEF_LINK_MAX_AGE`` seconds (not ``PASSWORD_RESET_TIMEOUT``)."""

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        signed = any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )
        age = self._num_seconds(self._now()) - timestamp
        return signed and age <= settings.CLEF_LINK_MAX_AGE


class ConfirmTokenGenerator(LinkTokenGenerator):
    """Confirms an address; spent once the account is active and the address confirmed
    (for good: an account closed later does not make an old link work again)."""

    key_salt = "clef.accounts.tokens.ConfirmTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        confirmed = (
            Person.objects.filter(user=user).values_list("email_confirmed_at", flat=True).first()
        )
        confirmed = "" if confirmed is None else confirmed.replace(microsecond=0, tzinfo=None)
        return f"{user.pk}{user.password}{user.is_active}{confirmed}{user.email}{timestamp}"


class LoginTokenGenerator(LinkTokenGenerator):
    """Signs in; spent once the person has signed in (Django's hash holds last_login)."""

    key_salt = "clef.accounts.tokens.LoginTokenGenerator"


class ResetTokenGenerator(LinkTokenGenerator):
    """Lets the person choose a new password; spent once they have (Django's hash holds
    the password's hash)."""

    key_salt = "clef.accounts.tokens.ResetTokenGenerator"


confirm_tokens = ConfirmTokenGenerator()
login_tokens = LoginTokenGenerator()
reset_tokens = ResetTokenGenerator()

ADDRESS_SALT = "clef.accounts.tokens.address"


def _confirmed_at(user):
    """When the address of ``user`` was last confirmed, to the microsecond ("" for
    never): each move to a new address changes it."""
    confirmed = (
        Person.objects.filter(user=user).values_list("email_confirmed_at", flat=True).first()
    )
    return "" if confirmed is None else confirmed.isoformat()


def make_address_token(user, new_email):
    """The link that moves ``user`` to ``new_email``: signed, dated, and naming the
    address it moves from and when that was confirmed, so that it works once (moving
    there and back again does not make it good again)."""
    return signing.dumps(
        {"user": user.pk, "to": new_email, "from": user.email, "since": _confirmed_at(user)},
        salt=ADDRESS_SALT,
        compress=True,
    )


def check_address_token(token):
    """``(user, new_email)`` if the link is good (signed, young, the account still at
    the address it was made from, confirmed then), else None."""
    try:
        data = signing.loads(str(token), salt=ADDRESS_SALT, max_age=settings.CLEF_LINK_MAX_AGE)
        pk, new_email, old_email, since = data["user"], data["to"], data["from"], data["since"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    user = get_user_model()._default_manager.filter(pk=pk, is_active=True).first()
    if user is None or user.email != old_email or not isinstance(new_email, str):
        return None
    if since != _confirmed_at(user):
        return None
    return user, new_email


def make_link_token(generator, user):
    """The token that goes in the link: the user's id, then the generator's token."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"{uid}{SEPARATOR}{generator.make_token(user)}"


def user_of_token(token):
    """The user the link names, whether or not the link is still good; None if nobody."""
    uid, _sep, _rest = str(token).partition(SEPARATOR)
    try:
        pk = urlsafe_base64_decode(uid).decode()
        return get_user_model()._default_manager.get(pk=pk)
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError):
        return None
    except get_user_model().DoesNotExist:
        return None


def check_link_token(generator, token):
    """The user whose link this is, if the link is good (signed, young, unspent)."""
    user = user_of_token(token)
    _uid, _sep, rest = str(token).partition(SEPARATOR)
    if user is not None and generator.check_token(user, rest):
        return user
    return None
