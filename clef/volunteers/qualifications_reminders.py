"""Thirty days before a qualification expires, an email to its holder proposing the
training's next session, in their language. Run by ``clef remind_qualifications`` from a
timer; sent once per expiry date (``Qualification.reminded_for``), so running it twice
sends nothing new, and a renewed qualification is reminded again before its new expiry."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from clef.lib.actions import log_action
from clef.lib.mail import send_mail_on_commit
from clef.members.models import Person
from clef.volunteers.models import Qualification, TrainingSession
from clef.volunteers.qualifications import today

DAYS_BEFORE = 30


def language_of(user):
    try:
        return user.person.language or settings.LANGUAGE_CODE
    except Person.DoesNotExist:
        return settings.LANGUAGE_CODE


def next_session(training):
    """The training's next session with a place left (starting after now)."""
    sessions = (
        TrainingSession.objects.filter(
            training=training, cancelled=False, starts_at__gt=timezone.now()
        )
        .annotate(taken=Count("registrations"))
        .filter(taken__lt=F("capacity"))
        .order_by("starts_at", "pk")
    )
    return sessions.first()


def remind_expiring(*, on=None, days=DAYS_BEFORE):
    """Email each holder whose qualification expires within ``days`` days of ``on``
    (today) and was not told of that expiry yet. Returns how many were sent."""
    on = on or today()
    due = (
        Qualification.objects.filter(
            expires_on__gt=on,
            expires_on__lte=on + dt.timedelta(days=days),
            person__is_active=True,
        )
        .exclude(reminded_for=F("expires_on"))
        .exclude(person__email="")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(due):
        sent += _remind(pk)
    return sent


@transaction.atomic
def _remind(pk):
    qualification = (
        Qualification.objects.select_for_update(of=("self",))
        .select_related("person", "training")
        .filter(pk=pk)
        .first()
    )
    if qualification is None or qualification.reminded_for == qualification.expires_on:
        return 0  # told meanwhile by another run
    qualification.reminded_for = qualification.expires_on
    qualification.save(update_fields=["reminded_for"])
    person = qualification.person
    send_mail_on_commit(
        "volunteers/emails/qualification_expiring",
        {
            "person": person,
            "qualification": qualification,
            "training": qualification.training,
            "session": next_session(qualification.training),
        },
        to=person.email,
        language=language_of(person),
    )
    log_action(
        "volunteers.qualification.reminded",
        obj=qualification,
        expires_on=qualification.expires_on,
    )
    return 1
