"""Registrations for workshops: a child's place, within the age range and the capacity;
past the capacity, the waiting list, promoted in order when a place comes back.

The guardian's address is confirmed before a place is theirs for good. Signed in with
that very address confirmed, it is at once. Otherwise the place is held (or the child
waits on the list, promoted only once confirmed) and a link is sent by email, to be
opened within the venue's ``registration_confirm_minutes``: past that time the place
goes back. It is counted free at once (``seats.places_left``); the timer
(``clef release_bookings``) writes it down and moves the list (``release_unconfirmed``).
"""

import datetime as dt

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.lib.mail import send_mail_on_commit
from clef.members.models import Person
from clef.programme.models import Screening
from clef.tickets import seats
from clef.tickets.models import Registration
from clef.tickets.seats import SeatsRefused

# What the confirmation links are signed for (with the site's secret key).
CONFIRM_SALT = "clef.tickets.registration.confirm"


class RegistrationRefused(SeatsRefused):
    """A registration that cannot be made or confirmed; nothing was written."""


def check_open(screening, now=None):
    now = now or timezone.now()
    if screening.kind != Screening.Kind.WORKSHOP:
        raise RegistrationRefused("not_workshop", _("This is not a workshop."))
    if screening.status != Screening.Status.PUBLISHED:
        raise RegistrationRefused("not_published", _("This workshop is not open to registration."))
    if screening.starts_at <= now:
        raise RegistrationRefused("past", _("This workshop has started: registration is closed."))


def check_age(screening, age):
    low, high = screening.age_min, screening.age_max
    if (low is not None and age < low) or (high is not None and age > high):
        if low is not None and high is not None:
            message = _("This workshop is for children from %(low)s to %(high)s years old.")
        elif low is not None:
            message = _("This workshop is for children of %(low)s years or more.")
        else:
            message = _("This workshop is for children of %(high)s years or less.")
        raise RegistrationRefused("age", message % {"low": low, "high": high})


# A workshop's places are counted where seats are: one lock, one count.
places_left = seats.places_left


def address_confirmed(user, email):
    """Whether ``user`` is signed in with ``email`` as their confirmed address."""
    if user is None or not user.is_authenticated:
        return False
    if (user.email or "").strip().lower() != email.strip().lower():
        return False
    return Person.objects.filter(user=user, email_confirmed_at__isnull=False).exists()


@transaction.atomic
def register(
    screening,
    *,
    child_first_name,
    child_age,
    guardian_name,
    guardian_phone,
    guardian_email,
    photo_consent,
    user=None,
    language="fr",
    confirmed=False,
):
    """Register a child; on the waiting list when the workshop is full.

    The place is the guardian's at once when ``user`` is signed in with that address
    confirmed, or when the caller vouches for it (``confirmed``: staff registering a
    child at the desk, the demo); otherwise it waits for the link sent by email.
    """
    check_open(screening)
    check_age(screening, child_age)
    email = guardian_email.strip().lower()
    vouched = confirmed or address_confirmed(user, email)
    seats.lock(screening)
    now = timezone.now()
    # Places past their time go back first, and the list moves: nobody overtakes it.
    _expire(screening, now)
    full = places_left(screening, now) == 0
    minutes = screening.room.venue.registration_confirm_minutes
    registration = Registration.objects.create(
        screening=screening,
        person=user,
        status=Registration.Status.WAITING if full else Registration.Status.REGISTERED,
        child_first_name=child_first_name,
        child_age=child_age,
        guardian_name=guardian_name,
        guardian_phone=guardian_phone,
        guardian_email=email,
        photo_consent=photo_consent,
        language=language,
        confirm_by=None if vouched else now + dt.timedelta(minutes=minutes),
        confirmed_at=now if vouched else None,
    )
    log_action(
        "tickets.registration.created",
        by=user,
        registration=registration.pk,
        screening=screening.pk,
        status=registration.status,
        confirmed=vouched,
    )
    _tell(registration)
    return registration


# --- confirming the guardian's address -------------------------------------------------------
def confirmation_token(registration):
    """The secret of the link sent to the guardian: it names the registration and the
    address it was sent to (a changed or erased address no longer confirms)."""
    signer = signing.Signer(salt=CONFIRM_SALT)
    return signer.signature(f"{registration.code}:{registration.guardian_email}")


def confirmation_path(registration):
    """The confirmation link's path, in the language of the guardian's emails."""
    with translation.override(registration.language):
        return reverse(
            "tickets:confirm_registration",
            args=[registration.code, confirmation_token(registration)],
        )


@transaction.atomic
def confirm(registration, *, token, by=None):
    """The guardian opened the link: the place is theirs (a child waiting goes up the
    list if a place is free). Raises ``RegistrationRefused`` for a wrong, used or
    expired link, having written nothing."""
    if not constant_time_compare(str(token), confirmation_token(registration)):
        raise RegistrationRefused(
            "confirm_invalid",
            _("This confirmation link is not valid: open the whole link from the email."),
        )
    screening = registration.screening
    seats.lock(screening)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    now = timezone.now()
    if registration.status == Registration.Status.CANCELLED:
        raise RegistrationRefused(
            "confirm_cancelled", _("This registration is cancelled: there is nothing to confirm.")
        )
    if registration.confirm_by is None:
        raise RegistrationRefused(
            "confirm_used",
            _("This address is already confirmed: the registration of %(child)s stands.")
            % {"child": registration.child_first_name},
        )
    if registration.status == Registration.Status.EXPIRED or registration.confirm_by <= now:
        raise RegistrationRefused(
            "confirm_expired",
            _(
                "This link has expired: the address was not confirmed within %(minutes)s "
                "minutes, so the place went back. You may register again."
            )
            % {"minutes": screening.room.venue.registration_confirm_minutes},
        )
    if screening.starts_at <= now:
        raise RegistrationRefused("past", _("This workshop has started: registration is closed."))
    registration.confirm_by, registration.confirmed_at = None, now
    registration.save(update_fields=["confirm_by", "confirmed_at"])
    log_action("tickets.registration.confirmed", by=by, registration=registration.pk)
    promoted = []
    if registration.status == Registration.Status.WAITING:
        promoted = promote(screening)
    if registration.pk in {p.pk for p in promoted}:
        registration.status = Registration.Status.REGISTERED
    else:
        _tell(registration)
    return registration


def release_unconfirmed(now=None):
    """Give back the places (and turns on the list) whose guardian did not confirm their
    address in time; the list moves. Run by the timer (``clef release_bookings``).
    Returns how many registrations expired."""
    now = now or timezone.now()
    overdue = (
        Registration.objects.filter(status__in=Registration.STANDING, confirm_by__lte=now)
        .values_list("screening_id", flat=True)
        .distinct()
    )
    released = 0
    for screening in Screening.objects.filter(pk__in=list(overdue)).order_by("pk"):
        with transaction.atomic():
            seats.lock(screening)
            released += _expire(screening, now)
    return released


def _expire(screening, now):
    """Under the workshop's lock: its registrations past their time expire; the places
    they held go to the list."""
    overdue = list(
        Registration.objects.select_for_update().filter(
            screening=screening, status__in=Registration.STANDING, confirm_by__lte=now
        )
    )
    if not overdue:
        return 0
    Registration.objects.filter(pk__in=[r.pk for r in overdue]).update(
        status=Registration.Status.EXPIRED, cancelled_at=now
    )
    for registration in overdue:
        log_action(
            "tickets.registration.expired", registration=registration.pk, was=registration.status
        )
    if any(r.status == Registration.Status.REGISTERED for r in overdue):
        promote(screening)
    return len(overdue)


# --- cancelling and the waiting list ---------------------------------------------------------
@transaction.atomic
def cancel(registration, *, by=None):
    # The workshop's lock, then the registration's row: a place given back is promoted
    # once, whoever else cancels at the same time.
    seats.lock(registration.screening)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in Registration.STANDING:
        return registration
    was_registered = registration.status == Registration.Status.REGISTERED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    log_action("tickets.registration.cancelled", by=by, registration=registration.pk)
    if was_registered:
        promote(registration.screening)
    return registration


def promote(screening):
    """Give free places to the waiting list, first come first served: to the children
    whose guardian confirmed their address."""
    seats.lock(screening)
    promoted = []
    for waiting in Registration.objects.select_for_update().filter(
        screening=screening, status=Registration.Status.WAITING, confirm_by__isnull=True
    ):
        if places_left(screening) == 0:
            break
        waiting.status = Registration.Status.REGISTERED
        waiting.save(update_fields=["status"])
        log_action("tickets.registration.promoted", registration=waiting.pk)
        _tell(waiting)
        promoted.append(waiting)
    return promoted


def _tell(registration):
    """Every email to a workshop's guardian is sent here (after the commit): the link
    to confirm their address while it waits for it, else what became of the child's
    place (``registration_registered``, ``registration_waiting``)."""
    context = {"registration": registration, "screening": registration.screening}
    if registration.awaits_confirmation:
        name = "tickets/emails/registration_confirm"
        context["confirm_path"] = confirmation_path(registration)
    else:
        name = f"tickets/emails/registration_{registration.status}"
    send_mail_on_commit(
        name, context, to=registration.guardian_email, language=registration.language
    )
