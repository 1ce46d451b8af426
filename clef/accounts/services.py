"""A person's own account: signing up, confirming the address, the links sent by email.

**No account is taken before its owner confirms it.** An account made by signing up
holds no usable password until its address is confirmed. The password typed when
signing up is kept, hashed, in that browser's session only (``hold_password``); the
link that confirms the address (or a sign-in link) applies it when opened in that same
browser, and drops it anywhere else, where the person is asked to choose one. So a
password chosen by someone who cannot read the address's mail never works: they would
have to open the link, in their own browser. Signing up with an address that has an
account answers exactly as for a new one, and tells the owner by email.

Export and erasure live in ``personal_data.py``; changes to an account in ``changes.py``.
"""

import time
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from clef.accounts.erasure import erase_person  # noqa: F401 (called from here by others)
from clef.accounts.tokens import confirm_tokens, login_tokens, make_link_token
from clef.lib.actions import log_action
from clef.lib.mail import send_mail_on_commit
from clef.lib.refusals import Refused
from clef.members.models import Person
from clef.members.services import person_of
from clef.venues.queries import current_venue

# The session's note of the password typed when signing up in this browser.
HELD = "clef_signup"


class AccountRefused(Refused):
    """A change to an account that cannot be made; ``message`` is translated."""


def normalise_email(email):
    """An address as clef keeps it: trimmed, lower case, and NFKC (as Django keeps a
    username), so that "ana@ｅxample.org", delivered to example.org, is "ana@example.org"."""
    return unicodedata.normalize("NFKC", email or "").strip().lower()


def find_user(email):
    """The account an address signs in to: the one whose username is the address (how
    clef creates them), else the only one with that address (staff made by hand)."""
    users = get_user_model()._default_manager
    email = normalise_email(email)
    if not email:
        return None
    user = users.filter(username=email).first()
    if user is None:
        same = list(users.filter(email__iexact=email)[:2])
        user = same[0] if len(same) == 1 else None
    return user


def email_in_use(email):
    email = normalise_email(email)
    users = get_user_model()._default_manager
    return users.filter(username=email).exists() or users.filter(email__iexact=email).exists()


# --- signing up and confirming ------------------------------------------------------------
def sign_up(*, first_name, last_name, email, language):
    """Open an account waiting for its address to be confirmed, with no usable password,
    and send the link that confirms it; the new user, or None.

    An address that has an account gets no new one, and its owner an email instead (a
    new confirmation link if it still waits for one; else a word that someone tried,
    with a sign-in link): the page answers the same, so it tells nobody else.
    """
    email = normalise_email(email)
    if not email_in_use(email):
        try:
            with transaction.atomic():
                user = get_user_model()._default_manager.create_user(
                    username=email,
                    email=email,
                    password=None,
                    first_name=first_name.strip(),
                    last_name=last_name.strip(),
                    is_active=False,
                )
                Person.objects.create(user=user, language=language)
                log_action("accounts.person.signed_up", by=None, user=user.pk, language=language)
                send_confirmation(user)
            return user
        except IntegrityError:
            pass  # The same address, signed up twice at once: the other request made it.
    _tell_owner(find_user(email), language)
    return None


def _tell_owner(user, language):
    """Someone signed up with the address of ``user`` (None when it names no one
    account, or several made by hand: then nobody is told)."""
    if user is None or not user.email:
        return
    with transaction.atomic():
        if awaiting_confirmation(user):
            send_confirmation(user)
        elif user.is_active:
            language = language_of(user, default=language)
            token = make_link_token(login_tokens, user)
            send_mail_on_commit(
                "accounts/emails/signup_known",
                mail_context(user, link("accounts:login_by_link", token, language)),
                to=user.email,
                language=language,
            )
        log_action("accounts.person.signed_up_again", by=None, user=user.pk)


def hold_password(session, email, password):
    """Keep the password typed when signing up, hashed, in this browser's session: the
    link opened in this browser applies it (``held_password``). Done for an address
    with an account too, so that both answers set the same cookie."""
    session[HELD] = {
        "email": normalise_email(email),
        "password": make_password(password),
        "at": int(time.time()),
    }


def _held(session, user):
    held = session.get(HELD)
    if not isinstance(held, dict) or not user.email:
        return None
    if held.get("email") != normalise_email(user.email):
        return None
    if not 0 <= time.time() - held.get("at", 0) <= settings.CLEF_LINK_MAX_AGE:
        return None
    return held.get("password") or None


def held_password(session, user):
    """The hash of the password typed when signing up in this browser with the address
    of ``user``, if recent; taken out of the session."""
    password = _held(session, user)
    if password is not None:
        del session[HELD]
    return password


def is_held_password(session, user, password):
    """Whether ``password`` is the one typed when signing up as ``user`` in this
    browser (to tell them, and only them, that the address waits for its link)."""
    held = _held(session, user)
    return held is not None and check_password(password, held)


def link(name, token, language, next_url=""):
    """The absolute path of a link sent by email, in the reader's language."""
    with translation.override(language):
        path = reverse(name, args=[token])
    if next_url:
        path += "?" + urlencode({"next": next_url})
    return path


def language_of(user, *, default):
    """The language a person reads, without making a Person for staff who have none."""
    language = Person.objects.filter(user=user).values_list("language", flat=True).first()
    return language or default


def link_hours():
    """How long a link sent by email works, in whole hours (at least one)."""
    return max(1, round(settings.CLEF_LINK_MAX_AGE / 3600))


def _venue():
    try:
        return current_venue()
    except Http404:
        return None


def mail_context(user, link_path):
    return {
        "user": user,
        "link": link_path,
        "venue": _venue(),
        "hours": link_hours(),
    }


def send_confirmation(user):
    """Send (after the commit) the link that confirms the address of ``user``."""
    language = language_of(user, default=translation.get_language())
    send_mail_on_commit(
        "accounts/emails/confirm",
        mail_context(
            user, link("accounts:confirm", make_link_token(confirm_tokens, user), language)
        ),
        to=user.email,
        language=language,
    )
    log_action("accounts.confirmation.sent", by=None, user=user.pk)


def awaiting_confirmation(user):
    """An account made by signing up whose address was never confirmed. Any other
    inactive account was closed by staff, and no link opens it again."""
    if user.is_active:
        return False
    return Person.objects.filter(user=user, email_confirmed_at__isnull=True).exists()


@transaction.atomic
def confirm_email(user, *, password=None):
    """The person opened a link sent to their address: the account is theirs. An account
    that waited for this gets ``password`` (a hash held in the browser that signed up)
    or none: no password chosen before this survives it. True when the account opens."""
    if not user.is_active and not awaiting_confirmation(user):
        raise AccountRefused("closed", _("This account is closed."))
    person = person_of(user)
    opened = not user.is_active
    if opened:
        user.is_active = True
        if password:
            user.password = password
        else:
            user.set_unusable_password()
        user.save(update_fields=["is_active", "password"])
    if person.email_confirmed_at is None:
        person.email_confirmed_at = timezone.now()
        person.save(update_fields=["email_confirmed_at"])
        log_action(
            "accounts.person.confirmed",
            by=None,
            user=user.pk,
            password_kept=bool(opened and password),
        )
    return opened


def send_login_link(email, *, language, next_url=""):
    """Email a sign-in link if the address has an account; say nothing either way."""
    user = find_user(email)
    if user is None or not user.email or (not user.is_active and not awaiting_confirmation(user)):
        log_action("accounts.login_link.unknown", by=None)
        return False
    language = language_of(user, default=language)
    send_mail_on_commit(
        "accounts/emails/login_link",
        mail_context(
            user,
            link("accounts:login_by_link", make_link_token(login_tokens, user), language, next_url),
        ),
        to=user.email,
        language=language,
    )
    log_action("accounts.login_link.sent", by=None, user=user.pk)
    return True
