import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from clef.audit.models import Action
from clef.lib.refusals import Forbidden, Refused
from clef.lib.timezones import local_to_utc
from clef.volunteers import trainings
from clef.volunteers.models import (
    Qualification,
    SessionRegistration,
    ShadowShift,
    Training,
    TrainingSession,
)
from clef.volunteers.qualifications import holds, qualified_for, qualified_users
from clef.volunteers.qualifications_reminders import remind_expiring
from clef.volunteers.tests.shift_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(make_volunteer):
    return make_volunteer("tristan", "safety", "projection")


def _session(training_code, trainer, *, capacity=10, days=7):
    return trainings.create_session(
        Training.objects.get(code=training_code),
        starts_at=timezone.now() + dt.timedelta(days=days),
        trainer=trainer,
        capacity=capacity,
        by=trainer,
    )


def _held(session, day):
    """The session's day has come: it was held on ``day`` at 18:00 in Paris."""
    starts = local_to_utc(day, dt.time(18, 0), "Europe/Paris")
    TrainingSession.objects.filter(pk=session.pk).update(starts_at=starts)
    session.refresh_from_db()
    return session


def test_attendance_grants_the_qualification_which_then_expires(make_volunteer, trainer):
    newcomer = make_volunteer("nadia")
    absent = make_volunteer("abel")
    session = _session("safety", trainer)
    trainings.register(session, newcomer)
    trainings.register(session, absent)
    _held(session, dt.date(2026, 3, 31))

    granted = trainings.mark_attendance(session, attended=[newcomer.pk], by=trainer)

    assert [q.person for q in granted] == [newcomer]
    qualification = Qualification.objects.get(person=newcomer)
    assert qualification.training.code == "safety"
    assert qualification.granted_on == dt.date(2026, 3, 31)
    # Safety is valid 24 months: the 31st of a March two years on.
    assert qualification.expires_on == dt.date(2028, 3, 31)
    assert qualification.granted_by == trainer
    assert qualification.session == session
    assert not Qualification.objects.filter(person=absent).exists()
    assert dict(SessionRegistration.objects.values_list("person__username", "attendance")) == {
        "nadia": "attended",
        "abel": "absent",
    }
    assert holds(newcomer, "safety", on=dt.date(2026, 3, 31))
    assert holds(newcomer, "safety", on=dt.date(2028, 3, 30))
    assert qualified_for(newcomer, "safety", on=dt.date(2028, 3, 30))
    # Expired: from its expiry day on, it no longer counts.
    assert not holds(newcomer, "safety", on=dt.date(2028, 3, 31))
    assert not qualified_for(newcomer, "safety", on=dt.date(2028, 3, 31))
    assert not holds(newcomer, "safety", on=dt.date(2026, 3, 30))
    assert Action.objects.filter(name="volunteers.qualification.granted").count() == 1


def test_marking_a_session_twice_is_refused(make_volunteer, trainer):
    newcomer = make_volunteer("nadia")
    session = _session("safety", trainer)
    trainings.register(session, newcomer)
    _held(session, dt.date(2026, 3, 3))
    trainings.mark_attendance(session, attended=[], by=trainer)

    with pytest.raises(Refused) as refused:
        trainings.mark_attendance(session, attended=[newcomer.pk], by=trainer)

    assert refused.value.code == "attendance_already_marked"
    assert not Qualification.objects.filter(person=newcomer).exists()


def test_only_the_trainer_or_a_coordinator_marks_attendance(make_volunteer, trainer):
    newcomer = make_volunteer("nadia")
    session = _session("safety", trainer)
    trainings.register(session, newcomer)
    _held(session, dt.date(2026, 3, 3))

    with pytest.raises(Forbidden):
        trainings.mark_attendance(session, attended=[newcomer.pk], by=newcomer)

    assert SessionRegistration.objects.get().attendance == "registered"


def test_a_session_to_come_cannot_be_marked(make_volunteer, trainer):
    newcomer = make_volunteer("nadia")
    session = _session("safety", trainer)
    trainings.register(session, newcomer)

    with pytest.raises(Refused) as refused:
        trainings.mark_attendance(session, attended=[newcomer.pk], by=trainer)

    assert refused.value.code == "session_not_started"


def test_it_refuses_a_session_of_capacity_zero(trainer):
    with pytest.raises(Refused) as refused, translation.override("en"):
        _session("safety", trainer, capacity=0)

    assert refused.value.code == "capacity_too_small"
    assert refused.value.message == "A training session takes at least one person."
    assert not TrainingSession.objects.exists()
    # The back office's form refuses it too.
    session = TrainingSession(
        training=Training.objects.get(code="safety"),
        starts_at=timezone.now(),
        trainer=trainer,
        capacity=0,
    )
    with pytest.raises(ValidationError) as invalid:
        session.full_clean()
    assert "capacity" in invalid.value.message_dict


def test_it_refuses_a_registration_past_the_capacity(make_volunteer, trainer):
    session = _session("safety", trainer, capacity=1)
    trainings.register(session, make_volunteer("nadia"))

    with pytest.raises(Refused) as refused:
        trainings.register(session, make_volunteer("abel"))

    assert refused.value.code == "session_full"
    assert SessionRegistration.objects.count() == 1


def test_registering_twice_is_refused(make_volunteer, trainer):
    newcomer = make_volunteer("nadia")
    session = _session("safety", trainer)
    trainings.register(session, newcomer)

    with pytest.raises(Refused) as refused:
        trainings.register(session, newcomer)

    assert refused.value.code == "already_registered"
    assert SessionRegistration.objects.count() == 1


def test_projection_counts_once_its_shifts_are_shadowed(make_volunteer, trainer):
    """Projection asks for two shifts shadowed beside a qualified projectionist, each
    confirmed by them; before that the qualification is held but does not count."""
    newcomer = make_volunteer("nadia")
    session = _session("projection", trainer)
    trainings.register(session, newcomer)
    _held(session, timezone.localdate() - dt.timedelta(days=10))
    trainings.mark_attendance(session, attended=[newcomer.pk], by=trainer)
    today = timezone.localdate()

    assert Qualification.objects.filter(person=newcomer, training__code="projection").exists()
    assert not holds(newcomer, "projection")
    assert not qualified_for(newcomer, "projection")

    trainings.confirm_shadow(
        newcomer, Training.objects.get(code="projection"), by=trainer, day=today
    )
    assert not qualified_for(newcomer, "projection")
    assert newcomer not in qualified_users("projection")

    trainings.confirm_shadow(
        newcomer,
        Training.objects.get(code="projection"),
        by=trainer,
        day=today - dt.timedelta(days=1),
    )
    assert holds(newcomer, "projection")
    assert qualified_for(newcomer, "projection")
    assert set(qualified_users("projection")) == {newcomer, trainer}


def test_a_shadowed_shift_is_confirmed_only_by_a_qualified_volunteer_once(
    make_volunteer, trainer, qualify
):
    newcomer = make_volunteer("nadia")
    other = make_volunteer("abel", "door")
    projection = Training.objects.get(code="projection")
    qualify_day = timezone.localdate() - dt.timedelta(days=3)
    Qualification.objects.create(person=newcomer, training=projection, granted_on=qualify_day)

    with pytest.raises(Forbidden) as not_qualified:
        trainings.confirm_shadow(newcomer, projection, by=other)
    with pytest.raises(Refused) as by_self:
        trainings.confirm_shadow(newcomer, projection, by=newcomer)
    trainings.confirm_shadow(newcomer, projection, by=trainer)
    with pytest.raises(Refused) as twice:
        trainings.confirm_shadow(newcomer, projection, by=trainer)
    with pytest.raises(Refused) as to_come:
        trainings.confirm_shadow(
            newcomer, projection, by=trainer, day=timezone.localdate() + dt.timedelta(days=1)
        )

    assert not_qualified.value.code == "shadow_not_qualified"
    assert by_self.value.code == "shadow_self"
    assert twice.value.code == "shadow_already_confirmed"
    assert to_come.value.code == "shadow_future"
    assert ShadowShift.objects.filter(person=newcomer).count() == 1


def test_the_expiry_email_is_sent_once_in_each_readers_language(
    make_volunteer, trainer, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    french = make_volunteer("francine", language="fr")
    english = make_volunteer("edith", language="en")
    later = make_volunteer("lucas", language="fr")
    safety = Training.objects.get(code="safety")
    for person, days in ((french, 20), (english, 30), (later, 31)):
        Qualification.objects.create(
            person=person,
            training=safety,
            granted_on=today - dt.timedelta(days=700),
            expires_on=today + dt.timedelta(days=days),
        )
    session = _session("safety", trainer, days=12)

    with django_capture_on_commit_callbacks(execute=True):
        assert remind_expiring() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_expiring() == 0

    assert sorted(m.to[0] for m in mail.outbox) == [
        "edith@example.org",
        "francine@example.org",
    ]
    by_address = {m.to[0]: m for m in mail.outbox}
    # Each in its reader's language: the French address has no /en/, the training its
    # French name.
    assert "Sécurité du public" in by_address["francine@example.org"].subject
    assert "/benevoles/formations/" in by_address["francine@example.org"].body
    assert "/en/" not in by_address["francine@example.org"].body
    assert by_address["edith@example.org"].subject == (
        "Your qualification “Audience safety” expires soon"
    )
    assert "/en/benevoles/formations/" in by_address["edith@example.org"].body
    assert f"{timezone.localtime(session.starts_at):%H:%M}" in by_address["edith@example.org"].body


def test_the_command_run_twice_sends_the_reminder_once(
    make_volunteer, django_capture_on_commit_callbacks
):
    import io

    from django.core.management import call_command

    holder = make_volunteer("francine")
    Qualification.objects.create(
        person=holder,
        training=Training.objects.get(code="safety"),
        granted_on=timezone.localdate() - dt.timedelta(days=700),
        expires_on=timezone.localdate() + dt.timedelta(days=5),
    )
    outputs = []
    for _run in range(2):
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("remind_qualifications", stdout=out)
        outputs.append(out.getvalue().strip())

    assert outputs == ["1 expiry reminder(s) sent", "0 expiry reminder(s) sent"]
    assert [m.to for m in mail.outbox] == [["francine@example.org"]]
    # No session planned: the email says the coordinator will announce one.
    assert Qualification.objects.get().reminded_for == timezone.localdate() + dt.timedelta(days=5)
