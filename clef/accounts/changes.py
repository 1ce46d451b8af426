"""A member changes their own account: password, address, name and language; and a
forgotten password chosen again through a link sent by email.

Changing the password or the address ends every other session of the account (the
views keep the one it was done from, ``signins.end_sessions``).
"""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clef.accounts import signins
from clef.accounts.services import (
    AccountRefused,
    awaiting_confirmation,
    confirm_email,
    email_in_use,
    find_user,
    language_of,
    link,
    mail_context,
    normalise_email,
)
from clef.accounts.tokens import make_address_token, make_link_token, reset_tokens
from clef.lib.actions import log_action
from clef.lib.mail import send_mail_on_commit
from clef.members.models import Person
from clef.members.services import person_of
from clef.tickets.models import Booking, Registration, WaitingListEntry


@transaction.atomic
def set_password(user, password, *, keep=None, reason="changed"):
    """Give ``user`` the password ``password`` (already checked by Django's validators)
    and end their other sessions but ``keep``."""
    user.set_password(password)
    user.save(update_fields=["password"])
    log_action(f"accounts.password.{reason}", by=user, user=user.pk)
    signins.end_sessions(user, keep=keep, reason=f"password_{reason}")


@transaction.atomic
def change_name_and_language(user, *, first_name, last_name, language):
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    user.save(update_fields=["first_name", "last_name"])
    person = person_of(user)
    person.language = language
    person.save(update_fields=["language"])
    log_action("accounts.person.changed", by=user, user=user.pk, language=language)


# --- the address --------------------------------------------------------------------------------
def ask_address_change(user, new_email):
    """Send the link that moves ``user`` to ``new_email``, to that address; an address
    that has an account gets a word saying so instead, and the page says the same
    either way. Refuses only the address the account already has."""
    new_email = normalise_email(new_email)
    if new_email == normalise_email(user.email):
        raise AccountRefused("same_address", _("This is already the address of your account."))
    language = language_of(user, default=translation.get_language())
    with transaction.atomic():
        if email_in_use(new_email):
            owner = find_user(new_email)
            send_mail_on_commit(
                "accounts/emails/address_in_use",
                mail_context(owner, ""),
                to=new_email,
                language=language_of(owner, default=language) if owner else language,
            )
        else:
            token = make_address_token(user, new_email)
            send_mail_on_commit(
                "accounts/emails/address_confirm",
                mail_context(user, link("accounts:address_confirm", token, language)),
                to=new_email,
                language=language,
            )
        log_action("accounts.address.asked", by=user, user=user.pk)


@transaction.atomic
def change_address(user, new_email):
    """Move ``user`` to ``new_email``, whose owner opened the link sent to it; tell the
    old address. What the account booked or registered with the old address follows."""
    new_email = normalise_email(new_email)
    old_email = user.email
    if email_in_use(new_email):
        raise AccountRefused(
            "address_in_use",
            _("This address now belongs to another account: your address was not changed."),
        )
    if normalise_email(user.username) == normalise_email(old_email):
        user.username = new_email
    user.email = new_email
    user.save(update_fields=["username", "email"])
    Person.objects.update_or_create(user=user, defaults={"email_confirmed_at": timezone.now()})
    if old_email:
        Booking.objects.filter(person=user, email__iexact=old_email).update(email=new_email)
        WaitingListEntry.objects.filter(person=user, email__iexact=old_email).update(
            email=new_email
        )
        Registration.objects.filter(person=user, guardian_email__iexact=old_email).update(
            guardian_email=new_email
        )
        language = language_of(user, default=translation.get_language())
        send_mail_on_commit(
            "accounts/emails/address_changed",
            {**mail_context(user, ""), "new_email": new_email},
            to=old_email,
            language=language,
        )
    log_action("accounts.address.changed", by=user, user=user.pk)


# --- a forgotten password -----------------------------------------------------------------------
def send_reset_link(email, *, language):
    """Email a link to choose a new password if the address has an account that may sign
    in (or waits for its confirmation); say nothing either way."""
    user = find_user(email)
    if user is None or not user.email or (not user.is_active and not awaiting_confirmation(user)):
        log_action("accounts.reset.unknown", by=None)
        return False
    language = language_of(user, default=language)
    send_mail_on_commit(
        "accounts/emails/reset",
        mail_context(
            user, link("accounts:reset_confirm", make_link_token(reset_tokens, user), language)
        ),
        to=user.email,
        language=language,
    )
    log_action("accounts.reset.sent", by=None, user=user.pk)
    return True


@transaction.atomic
def reset_password(user, password, *, keep=None):
    """The person chose a new password through the link sent to their address: the
    address is theirs (an account waiting for it opens), every other session ends."""
    if awaiting_confirmation(user):
        confirm_email(user)
    set_password(user, password, keep=keep, reason="reset")
