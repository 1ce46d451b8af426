"""The emails about shifts, each in its reader's language (``members.Person.language``)."""

from django.conf import settings
from django.utils import timezone

from clef.lib.mail import send_mail_on_commit
from clef.members.models import Person


def language_of(user):
    try:
        return user.person.language or settings.LANGUAGE_CODE
    except Person.DoesNotExist:
        return settings.LANGUAGE_CODE


def shift_context(shift):
    zone = shift.venue.zone if shift.venue_id else timezone.get_current_timezone()
    return {
        "shift": shift,
        "team": shift.team,
        "starts": timezone.localtime(shift.starts_at, zone),
        "ends": timezone.localtime(shift.ends_at, zone),
        "arrive": timezone.localtime(shift.arrive_at, zone),
    }


def tell_signed_up(signup, name, **extra):
    """Email ``signup``'s volunteer with ``volunteers/emails/<name>``, after the commit."""
    person = signup.person
    if not person.email:
        return
    send_mail_on_commit(
        f"volunteers/emails/{name}",
        {"person": person, **shift_context(signup.shift), **extra},
        to=person.email,
        language=language_of(person),
    )
