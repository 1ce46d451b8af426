"""A person's own account: signing up, confirming the address, the links sent by email,
the export of everything clef knows of them, and erasing it.

Accounting records (tickets, bookings, memberships, payments) outlive the account: the
account goes, they stay with their person left empty and no address on them.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from clef.accounts.tokens import confirm_tokens, login_tokens, make_link_token
from clef.lib.actions import log_action
from clef.lib.mail import send_mail_on_commit
from clef.members.models import Membership, Person
from clef.members.services import person_of
from clef.payments.models import Payment
from clef.programme.models import Screening
from clef.tickets.models import Booking, Registration, Ticket, WaitingListEntry
from clef.venues.queries import current_venue

# What an erased workshop registration keeps in place of the guardian's and child's names.
ERASED_TEXT = "—"
ERASED_EMAIL = "erased@erased.invalid"


class AccountRefused(Exception):
    """A change to an account that cannot be made; ``message`` is translated."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def normalise_email(email):
    return (email or "").strip().lower()


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
def sign_up(*, first_name, last_name, email, password, language):
    """Create an inactive account and send the link that confirms its address.

    The password is already checked by the form; raises ``AccountRefused`` when the
    address has an account, having written nothing.
    """
    email = normalise_email(email)
    if email_in_use(email):
        raise AccountRefused("email_in_use", email_in_use_message())
    try:
        with transaction.atomic():
            user = get_user_model()._default_manager.create_user(
                username=email,
                email=email,
                password=password,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                is_active=False,
            )
            Person.objects.create(user=user, language=language)
            log_action("accounts.person.signed_up", by=None, user=user.pk, language=language)
            send_confirmation(user)
    except IntegrityError:
        # The same address, signed up twice at once: the other request made it.
        raise AccountRefused("email_in_use", email_in_use_message()) from None
    return user


def email_in_use_message():
    return _(
        "An account already exists for this address. Sign in, or ask for a sign-in link "
        "if you forgot your password."
    )


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


def _mail_context(user, link_path):
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
        _mail_context(
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
def confirm_email(user):
    """The person opened a link sent to their address: the account is theirs."""
    if not user.is_active and not awaiting_confirmation(user):
        raise AccountRefused("closed", _("This account is closed."))
    person = person_of(user)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    if person.email_confirmed_at is None:
        person.email_confirmed_at = timezone.now()
        person.save(update_fields=["email_confirmed_at"])
        log_action("accounts.person.confirmed", by=None, user=user.pk)
    return user


def send_login_link(email, *, language, next_url=""):
    """Email a sign-in link if the address has an account; say nothing either way."""
    user = find_user(email)
    if user is None or not user.email or (not user.is_active and not awaiting_confirmation(user)):
        log_action("accounts.login_link.unknown", by=None)
        return False
    language = language_of(user, default=language)
    send_mail_on_commit(
        "accounts/emails/login_link",
        _mail_context(
            user,
            link("accounts:login_by_link", make_link_token(login_tokens, user), language, next_url),
        ),
        to=user.email,
        language=language,
    )
    log_action("accounts.login_link.sent", by=None, user=user.pk)
    return True


# --- export -----------------------------------------------------------------------------------
def utc(moment):
    """An instant as ISO 8601 in UTC, ``2026-05-02T18:00:00Z``; None stays None."""
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def day(value):
    return value.isoformat() if value is not None else None


def money(amount):
    return f"{amount:.2f}" if amount is not None else None


def _screening(screening):
    return {"title": screening.display_title, "starts_at": utc(screening.starts_at)}


def screenings_with_titles():
    """Screenings with what their title and local time need, for prefetching."""
    return Screening.objects.select_related("room__venue").prefetch_related("screening_films__film")


def export_person(user):
    """Everything clef keeps about ``user``, as plain JSON-ready data."""
    person = person_of(user)
    memberships = Membership.objects.filter(person=user).order_by("created_at", "pk")
    bookings = (
        Booking.objects.filter(person=user)
        .order_by("created_at", "pk")
        .prefetch_related(
            Prefetch("screening", queryset=screenings_with_titles()),
            Prefetch("tickets", queryset=Ticket.objects.order_by("series", "number")),
        )
    )
    waiting = (
        _waiting_entries(user)
        .order_by("created_at", "pk")
        .prefetch_related(Prefetch("screening", queryset=screenings_with_titles()))
    )
    registrations = (
        Registration.objects.filter(person=user)
        .order_by("created_at", "pk")
        .prefetch_related(Prefetch("screening", queryset=screenings_with_titles()))
    )
    payments = Payment.objects.filter(person=user).order_by("created_at", "pk")
    return {
        "person": {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "language": person.language,
            "joined_at": utc(user.date_joined),
            "email_confirmed_at": utc(person.email_confirmed_at),
            "last_login": utc(user.last_login),
        },
        "memberships": [
            {
                "number": str(m) if m.number is not None else None,
                "season": m.season,
                "amount": money(m.amount),
                "valid_from": day(m.starts_on),
                "valid_until": day(m.ends_on),
                "status": m.status,
                "paid_at": utc(m.paid_at),
            }
            for m in memberships
        ],
        "bookings": [
            {
                "code": b.code,
                "screening": _screening(b.screening),
                "status": b.status,
                "email": b.email,
                "created_at": utc(b.created_at),
                "tickets": [
                    {"number": str(t), "price": money(t.price), "status": t.status}
                    for t in b.tickets.all()
                ],
            }
            for b in bookings
        ],
        "waiting_list": [
            {
                "screening": _screening(w.screening),
                "email": w.email,
                "joined_at": utc(w.created_at),
                "told_at": utc(w.notified_at),
            }
            for w in waiting
        ],
        "registrations": [
            {
                "workshop": _screening(r.screening),
                "status": r.status,
                "child_first_name": r.child_first_name,
                "child_age": r.child_age,
                "guardian_name": r.guardian_name,
                "guardian_phone": r.guardian_phone,
                "guardian_email": r.guardian_email,
                "photo_consent": r.photo_consent,
                "created_at": utc(r.created_at),
            }
            for r in registrations
        ],
        "payments": [
            {
                "code": p.code,
                "purpose": p.purpose,
                "method": p.method,
                "amount": money(p.amount),
                "status": p.status,
                "created_at": utc(p.created_at),
            }
            for p in payments
        ],
    }


def _waiting_entries(user):
    """The person's places on waiting lists: taken signed in, or with their address."""
    mine = Q(person=user)
    if user.email:
        mine |= Q(email__iexact=user.email)
    return WaitingListEntry.objects.filter(mine)


# --- erasing ----------------------------------------------------------------------------------
@transaction.atomic
def erase_person(user, by=None):
    """Erase ``user`` and what names them; keep the accounting records, anonymised.

    Bookings and tickets, memberships and payments stay (their person becomes empty
    when the user is deleted); bookings lose their address; waiting-list entries go;
    workshop registrations made with this account keep the child's age, the workshop and
    the status, and nothing else that names anyone.
    """
    user = get_user_model()._default_manager.select_for_update().get(pk=user.pk)
    pk = user.pk
    bookings = Booking.objects.filter(person=user).update(email="")
    waiting, _deleted = _waiting_entries(user).delete()
    registrations = Registration.objects.filter(person=user).update(
        child_first_name=ERASED_TEXT,
        guardian_name=ERASED_TEXT,
        guardian_phone=ERASED_TEXT,
        guardian_email=ERASED_EMAIL,
    )
    # The action log names people by id, never by address: the address is what goes.
    log_action(
        "accounts.person.erased",
        by=by if by is not None and by.pk != pk else None,
        user=pk,
        by_themselves=by is None or by.pk == pk,
        bookings=bookings,
        waiting_list=waiting,
        registrations=registrations,
    )
    user.delete()
    return pk
