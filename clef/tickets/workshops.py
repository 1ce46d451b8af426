"""Registrations for workshops: a child's place, within the age range and the capacity;
past the capacity, the waiting list, promoted in order when a place comes back."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.lib.mail import send_mail_on_commit
from clef.programme.models import Screening
from clef.tickets import seats
from clef.tickets.booking import BookingRefused
from clef.tickets.models import Registration


def check_open(screening, now=None):
    now = now or timezone.now()
    if screening.kind != Screening.Kind.WORKSHOP:
        raise BookingRefused("not_workshop", _("This is not a workshop."))
    if screening.status != Screening.Status.PUBLISHED:
        raise BookingRefused("not_published", _("This workshop is not open to registration."))
    if screening.starts_at <= now:
        raise BookingRefused("past", _("This workshop has started: registration is closed."))


def check_age(screening, age):
    low, high = screening.age_min, screening.age_max
    if (low is not None and age < low) or (high is not None and age > high):
        if low is not None and high is not None:
            message = _("This workshop is for children from %(low)s to %(high)s years old.")
        elif low is not None:
            message = _("This workshop is for children of %(low)s years or more.")
        else:
            message = _("This workshop is for children of %(high)s years or less.")
        raise BookingRefused("age", message % {"low": low, "high": high})


# A workshop's places are counted where seats are: one lock, one count.
places_left = seats.places_left


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
):
    """Register a child; on the waiting list when the workshop is full."""
    check_open(screening)
    check_age(screening, child_age)
    seats.lock(screening)
    full = places_left(screening) == 0
    registration = Registration.objects.create(
        screening=screening,
        person=user,
        status=Registration.Status.WAITING if full else Registration.Status.REGISTERED,
        child_first_name=child_first_name,
        child_age=child_age,
        guardian_name=guardian_name,
        guardian_phone=guardian_phone,
        guardian_email=guardian_email.strip().lower(),
        photo_consent=photo_consent,
        language=language,
    )
    log_action(
        "tickets.registration.created",
        by=user,
        registration=registration.pk,
        screening=screening.pk,
        status=registration.status,
    )
    _tell(registration)
    return registration


@transaction.atomic
def cancel(registration, *, by=None):
    # The workshop's lock, then the registration's row: a place given back is promoted
    # once, whoever else cancels at the same time.
    seats.lock(registration.screening)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
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
    """Give free places to the waiting list, first come first served."""
    seats.lock(screening)
    promoted = []
    for waiting in Registration.objects.select_for_update().filter(
        screening=screening, status=Registration.Status.WAITING
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
    send_mail_on_commit(
        f"tickets/emails/registration_{registration.status}",
        {"registration": registration, "screening": registration.screening},
        to=registration.guardian_email,
        language=registration.language,
    )
