"""Training sessions: planning one, taking registrations, marking who came (which grants
the qualification with its expiry), and confirming the shifts a new volunteer shadowed.

Each action checks, locks, writes and logs in one transaction; a refusal
(``TrainingRefused``) writes nothing.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.lib.refusals import Forbidden, Refused
from clef.lib.roles import can_coordinate_volunteers
from clef.volunteers.models import (
    Qualification,
    SessionRegistration,
    ShadowShift,
    TrainingSession,
)
from clef.volunteers.qualifications import expiry_for, holds, today

MAX_CAPACITY = 500


class TrainingRefused(Refused):
    """A training action refused, nothing written."""


def may_mark(user, session):
    """The session's trainer, or a coordinator."""
    return user.is_authenticated and (
        session.trainer_id == user.pk or can_coordinate_volunteers(user)
    )


@transaction.atomic
def create_session(training, *, starts_at, trainer, capacity, by, duration_minutes=120, place=""):
    if capacity is None or capacity < 1:
        raise TrainingRefused(
            "capacity_too_small", _("A training session takes at least one person.")
        )
    if capacity > MAX_CAPACITY:
        raise TrainingRefused(
            "capacity_too_large",
            _("A training session takes at most %(most)s people.") % {"most": MAX_CAPACITY},
        )
    session = TrainingSession.objects.create(
        training=training,
        starts_at=starts_at,
        trainer=trainer,
        capacity=capacity,
        duration_minutes=duration_minutes,
        place=place,
    )
    log_action(
        "volunteers.trainingsession.created",
        by=by,
        obj=session,
        training=training.code,
        capacity=capacity,
    )
    return session


def _locked(session):
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def register(session, person):
    """``person`` takes a place in ``session``; refused when it is full, over, cancelled
    or already theirs. The session's row is locked: two people on the last place, one
    gets it."""
    session = _locked(session)
    if session.cancelled:
        raise TrainingRefused("session_cancelled", _("This training session is cancelled."))
    if session.starts_at <= timezone.now():
        raise TrainingRefused("session_started", _("This training session has started."))
    if SessionRegistration.objects.filter(session=session, person=person).exists():
        raise TrainingRefused(
            "already_registered", _("You are already registered for this session.")
        )
    if SessionRegistration.objects.filter(session=session).count() >= session.capacity:
        raise TrainingRefused("session_full", _("This training session is full."))
    registration = SessionRegistration.objects.create(session=session, person=person)
    log_action("volunteers.trainingsession.registered", by=person, obj=session)
    return registration


@transaction.atomic
def unregister(session, person):
    session = _locked(session)
    if session.starts_at <= timezone.now():
        raise TrainingRefused("session_started", _("This training session has started."))
    deleted, _rows = SessionRegistration.objects.filter(session=session, person=person).delete()
    if not deleted:
        raise TrainingRefused("not_registered", _("You are not registered for this session."))
    log_action("volunteers.trainingsession.unregistered", by=person, obj=session)


@transaction.atomic
def mark_attendance(session, *, attended, by):
    """The trainer (or a coordinator) says who came: each of them is granted the
    training's qualification from the session's day, with its expiry; the others are
    marked absent. Done once: marking a session again is refused."""
    session = _locked(session)
    if not may_mark(by, session):
        raise Forbidden(
            "not_trainer", _("Only the session's trainer or a coordinator marks attendance.")
        )
    if session.starts_at > timezone.now():
        raise TrainingRefused(
            "session_not_started", _("Attendance is marked once the session has started.")
        )
    registrations = list(
        SessionRegistration.objects.filter(session=session).select_related("person")
    )
    if any(r.attendance != SessionRegistration.REGISTERED for r in registrations):
        raise TrainingRefused(
            "attendance_already_marked", _("Attendance of this session was already marked.")
        )
    came = {int(pk) for pk in attended}
    unknown = came - {r.person_id for r in registrations}
    if unknown:
        raise TrainingRefused(
            "not_registered", _("Only people registered for the session can be marked.")
        )
    now = timezone.now()
    day = timezone.localtime(session.starts_at).date()
    granted = []
    for registration in registrations:
        registration.attendance = (
            SessionRegistration.ATTENDED
            if registration.person_id in came
            else SessionRegistration.ABSENT
        )
        registration.marked_by = by
        registration.marked_at = now
        registration.save(update_fields=["attendance", "marked_by", "marked_at"])
        if registration.person_id in came:
            granted.append(
                _grant(registration.person, session.training, on=day, by=by, session=session)
            )
    log_action(
        "volunteers.trainingsession.attendance",
        by=by,
        obj=session,
        came=len(came),
        absent=len(registrations) - len(came),
    )
    return granted


def _grant(person, training, *, on, by, session=None):
    qualification, _created = Qualification.objects.update_or_create(
        person=person,
        training=training,
        defaults={
            "granted_on": on,
            "expires_on": expiry_for(training, on),
            "granted_by": by,
            "session": session,
            "reminded_for": None,
        },
    )
    log_action(
        "volunteers.qualification.granted",
        by=by,
        obj=qualification,
        training=training.code,
        person=person.pk,
        expires_on=qualification.expires_on,
    )
    return qualification


@transaction.atomic
def grant(person, training, *, on, by):
    """A qualification given by a coordinator (a training held elsewhere, say)."""
    if not can_coordinate_volunteers(by):
        raise Forbidden("not_coordinator", _("Only a coordinator grants a qualification."))
    return _grant(person, training, on=on, by=by)


@transaction.atomic
def confirm_shadow(person, training, *, by, day=None, shift=None):
    """``by``, who holds ``training``, confirms that ``person`` shadowed them on a
    shift. Refused for oneself, by someone not qualified that day, for a day to come,
    for someone without the training, or twice for the same day."""
    day = day or today()
    if by.pk == person.pk:
        raise TrainingRefused(
            "shadow_self", _("A shadowed shift is confirmed by the qualified volunteer.")
        )
    if day > today():
        raise TrainingRefused("shadow_future", _("A shift to come cannot be confirmed yet."))
    if not holds(by, training.code, on=day):
        raise Forbidden(
            "shadow_not_qualified",
            _("Only a volunteer qualified for this training confirms a shadowed shift."),
        )
    if not Qualification.objects.filter(person=person, training=training).exists():
        raise TrainingRefused(
            "shadow_not_trained", _("This person has not attended this training yet.")
        )
    try:
        with transaction.atomic():
            shadow = ShadowShift.objects.create(
                person=person, training=training, day=day, confirmed_by=by, shift=shift
            )
    except IntegrityError:
        raise TrainingRefused(
            "shadow_already_confirmed", _("This shadowed shift was already confirmed.")
        ) from None
    log_action(
        "volunteers.shadowshift.confirmed",
        by=by,
        obj=shadow,
        training=training.code,
        person=person.pk,
    )
    return shadow
