"""The volunteers' pages tried as their enemies would: another person's place by its
address, the coordinator's and a trainer's pages by a volunteer, another shift's signups
slipped into a confirmation, a revoked or guessed calendar address, and odd input (Unicode
digits, year 1 and 9999, 30-digit numbers, 5,000 characters) in every form and query."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from clef.audit.models import Action
from clef.lib import roles
from clef.volunteers import feeds, shifts
from clef.volunteers.models import (
    CalendarFeed,
    SessionRegistration,
    Shift,
    ShiftPreferences,
    Signup,
    TrainingSession,
)
from clef.volunteers.tests.shift_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.fixture
def screening(big_template, make_screening, day_ahead):
    return make_screening(day_ahead, "20:00")


@pytest.fixture
def door(screening):
    return Shift.objects.get(screening=screening, team__code="door")


@pytest.fixture
def alice(make_volunteer):
    return make_volunteer("alice", "door")


@pytest.fixture
def mallory(make_volunteer):
    return make_volunteer("mallory", "door")


@pytest.fixture
def coordinator(db):
    from conftest import _user

    return _user("corinne", roles.COORDINATOR)


def test_a_volunteer_cannot_cancel_offer_or_keep_another_persons_place(
    client, door, alice, mallory
):
    place = shifts.take(door, alice)
    client.force_login(mallory)
    for name in ("cancel_shift", "offer_shift", "keep_shift"):
        response = client.post(reverse(f"volunteers:{name}", args=[door.pk]), follow=True)
        assert [str(m) for m in response.context["messages"]] == [
            "Vous n’êtes plus inscrit·e à ce créneau."
        ] or [str(m) for m in response.context["messages"]] == [
            "You are no longer signed up for this shift."
        ]
    place.refresh_from_db()
    assert place.status == Signup.Status.SIGNED
    assert not Signup.objects.filter(person=mallory).exists()


def test_the_api_refuses_another_persons_place(client, door, alice, mallory):
    place = shifts.take(door, alice)
    client.force_login(mallory)
    for verb in ("cancel", "offer"):
        response = client.post(f"/api/shifts/{door.pk}/{verb}")
        assert response.status_code == 409
        assert response.json()["code"] == "not_active"
    place.refresh_from_db()
    assert place.status == Signup.Status.SIGNED


@pytest.mark.parametrize("pk", [HUGE, "٣", "-1", "1e3", "x" * 5000])
def test_the_api_answers_a_bad_shift_id_with_a_404(client, mallory, pk):
    client.force_login(mallory)
    response = client.post(f"/api/shifts/{pk}/signup")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_member_who_is_not_a_volunteer_is_refused_by_the_api(client, member, door):
    client.force_login(member)
    response = client.post(f"/api/shifts/{door.pk}/signup")
    assert response.status_code == 403
    assert not Signup.objects.exists()


@pytest.mark.parametrize(
    "name, args",
    [
        ("volunteers:shift", [HUGE]),
        ("volunteers:training_session", [HUGE]),
        ("volunteers:confirm_hours", [HUGE]),
    ],
)
def test_a_30_digit_address_is_a_404(client, mallory, name, args):
    client.force_login(mallory)
    assert client.get(reverse(name, args=args)).status_code == 404


@pytest.mark.parametrize("name", ["take_shift", "cancel_shift", "offer_shift", "keep_shift"])
def test_a_30_digit_shift_to_act_on_is_a_404(client, mallory, name):
    client.force_login(mallory)
    assert client.post(reverse(f"volunteers:{name}", args=[HUGE])).status_code == 404


@pytest.mark.parametrize(
    "name, args",
    [
        ("volunteers:gaps", []),
        ("volunteers:staffing", []),
        ("volunteers:new_shift", []),
        ("volunteers:hours_report", [2026]),
        ("volunteers:hours_csv", [2026]),
        ("volunteers:hours_pdf", [2026]),
    ],
)
def test_a_volunteer_is_refused_the_coordinators_pages(client, mallory, name, args):
    client.force_login(mallory)
    assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize("year", [1, 9999, int(HUGE)])
def test_the_hours_report_of_an_impossible_year_is_a_404(client, coordinator, year):
    client.force_login(coordinator)
    assert client.get(reverse("volunteers:hours_report", args=[year])).status_code == 404
    assert client.get(reverse("volunteers:hours_csv", args=[year])).status_code == 404


def test_a_volunteer_cannot_confirm_the_hours_of_a_shift_they_do_not_lead(
    client, venue, teams, alice, mallory
):
    now = timezone.now()
    past = Shift.objects.create(
        venue=venue,
        team=teams["door"],
        title="Porte",
        arrive_at=now - dt.timedelta(hours=3),
        starts_at=now - dt.timedelta(hours=3),
        ends_at=now - dt.timedelta(hours=1),
        places=2,
    )
    Signup.objects.create(shift=past, person=alice)
    mine = Signup.objects.create(shift=past, person=mallory)
    client.force_login(mallory)
    url = reverse("volunteers:confirm_hours", args=[past.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"came": [mine.pk]}).status_code == 403
    assert set(past.signups.values_list("attendance", flat=True)) == {Signup.Attendance.UNKNOWN}


def test_a_signup_of_another_shift_slipped_into_a_confirmation_writes_nothing(
    client, venue, teams, alice, mallory, coordinator
):
    now = timezone.now()

    def past(title):
        return Shift.objects.create(
            venue=venue,
            team=teams["door"],
            title=title,
            arrive_at=now - dt.timedelta(hours=3),
            starts_at=now - dt.timedelta(hours=3),
            ends_at=now - dt.timedelta(hours=1),
            places=2,
        )

    first, other = past("Porte"), past("Autre porte")
    Signup.objects.create(shift=first, person=alice)
    elsewhere = Signup.objects.create(shift=other, person=mallory)
    client.force_login(coordinator)
    client.post(reverse("volunteers:confirm_hours", args=[first.pk]), {"came": [elsewhere.pk]})
    assert set(Signup.objects.values_list("attendance", flat=True)) == {Signup.Attendance.UNKNOWN}


def test_a_volunteer_cannot_mark_a_training_session_they_do_not_give(client, teams, alice, mallory):
    from clef.volunteers.models import Training

    session = TrainingSession.objects.create(
        training=Training.objects.get(code="projection"),
        starts_at=timezone.now() - dt.timedelta(hours=1),
        trainer=alice,
        capacity=4,
    )
    SessionRegistration.objects.create(session=session, person=mallory)
    client.force_login(mallory)
    url = reverse("volunteers:training_session", args=[session.pk])
    assert client.post(url, {"came": [mallory.pk]}).status_code == 403
    assert SessionRegistration.objects.get().attendance == SessionRegistration.REGISTERED
    # Nor see who registered: the page names nobody to them.
    assert "mallory@" not in client.get(url).content.decode()


def test_a_revoked_a_guessed_and_a_huge_calendar_address_open_nothing(client, alice, door):
    shifts.take(door, alice)
    old = feeds.new_feed(alice)
    new = feeds.new_feed(alice)
    assert client.get(reverse("volunteers:feed", args=[old.secret])).status_code == 410
    assert client.get(reverse("volunteers:feed", args=[new.secret])).status_code == 200
    for guess in (new.secret[:-1], new.secret.upper(), "x" * 5000, "٣"):
        response = client.get(f"/benevoles/agenda/{guess}.ics")
        assert response.status_code == 404
        assert b"BEGIN:VCALENDAR" not in response.content
    assert len(new.secret) >= 32


def test_a_revoked_calendar_stays_revoked_when_its_owner_leaves(client, alice):
    feed = feeds.new_feed(alice)
    alice.is_active = False
    alice.save()
    assert client.get(reverse("volunteers:feed", args=[feed.secret])).status_code == 404


def test_a_calendar_address_is_never_written_in_the_action_log(alice):
    feed = feeds.new_feed(alice)
    feeds.new_feed(alice)
    logged = " ".join(str(a.data) for a in Action.objects.all())
    assert feed.secret not in logged
    assert CalendarFeed.objects.filter(person=alice).count() == 2


@pytest.mark.parametrize(
    "week", ["٢٠٢٦-١١-١٨", "0001-01-01", "9999-12-31", HUGE, "x" * 5000, "2026-02-30"]
)
def test_an_odd_week_in_the_address_is_refused_with_a_message(client, venue, mallory, week):
    client.force_login(mallory)
    response = client.get(reverse("volunteers:index"), {"semaine": week}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("volunteers:index"), 302)]
    assert len(list(response.context["messages"])) == 1


@pytest.mark.parametrize("choice", ["", "x" * 5000, "٣", HUGE])
def test_an_odd_reminder_is_refused_and_writes_nothing(client, mallory, choice):
    client.force_login(mallory)
    client.post(reverse("volunteers:reminder"), {"reminder": choice})
    assert not ShiftPreferences.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"day": "0001-01-01"},
        {"day": "9999-12-31"},
        {"day": "٢٠٢٦-١١-١٨"},
        {"starts": "٢٠:٣٠"},
        {"starts": "25:00"},
        {"places": "٣"},
        {"places": HUGE},
        {"places": "0"},
        {"title": "x" * 5000},
        {"team": "x" * 5000},
    ],
)
def test_the_one_off_shift_form_refuses_odd_input_and_writes_nothing(
    client, venue, teams, coordinator, change
):
    client.force_login(coordinator)
    before = Shift.objects.count()
    data = {
        "team": "bar",
        "title": "Fête",
        "day": "2026-12-18",
        "starts": "18:00",
        "ends": "23:00",
        "places": "2",
        **change,
    }
    response = client.post(reverse("volunteers:new_shift"), data)
    assert response.status_code == 400
    assert Shift.objects.count() == before


def test_a_double_post_of_the_one_off_shift_is_one_shift_or_says_why(
    client, venue, teams, coordinator
):
    client.force_login(coordinator)
    data = {
        "team": "bar",
        "title": "Fête",
        "day": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        "starts": "18:00",
        "ends": "23:00",
        "places": "2",
    }
    client.post(reverse("volunteers:new_shift"), data)
    client.post(reverse("volunteers:new_shift"), data)
    assert Shift.objects.filter(title="Fête").count() == 1


@pytest.fixture
def coming_session(teams, coordinator):
    from clef.volunteers.models import Training

    return TrainingSession.objects.create(
        training=Training.objects.get(code="projection"),
        starts_at=timezone.now() + dt.timedelta(days=3),
        trainer=coordinator,
        capacity=1,
    )


def test_a_double_click_registers_once_and_a_full_session_refuses_the_next(
    client, coming_session, alice, mallory
):
    url = reverse("volunteers:training_register", args=[coming_session.pk])
    client.force_login(alice)
    client.post(url)
    client.post(url)
    assert SessionRegistration.objects.filter(session=coming_session).count() == 1
    client.force_login(mallory)
    client.post(url)
    assert list(
        SessionRegistration.objects.filter(session=coming_session).values_list(
            "person__username", flat=True
        )
    ) == ["alice"]


@pytest.mark.parametrize(
    "posted",
    [
        {"person": HUGE, "training": "1"},
        {"person": "٣", "training": "٣"},
        {"person": "x" * 5000, "training": "x" * 5000},
        {},
    ],
)
def test_confirming_a_shadowed_shift_with_odd_ids_writes_nothing(client, alice, posted):
    from clef.volunteers.models import ShadowShift

    before = ShadowShift.objects.count()
    client.force_login(alice)
    response = client.post(reverse("volunteers:confirm_shadow"), posted, follow=True)
    assert response.status_code == 200
    assert ShadowShift.objects.count() == before


@pytest.mark.parametrize(
    "change", [{"capacity": "٣"}, {"duration_minutes": "١٢٠"}, {"capacity": HUGE}]
)
def test_the_back_office_refuses_unicode_digits_in_a_training_session(client, teams, change):
    from clef.volunteers.models import Training
    from conftest import _user

    corinne = _user("coline", roles.COORDINATOR, is_staff=True)
    client.force_login(corinne)
    data = {
        "training": Training.objects.get(code="safety").pk,
        "starts_at_0": "2026-12-18",
        "starts_at_1": "18:00:00",
        "duration_minutes": "120",
        "trainer": corinne.pk,
        "capacity": "8",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        **change,
    }
    response = client.post("/en/gestion/volunteers/trainingsession/add/", data)
    assert response.status_code == 200
    assert not TrainingSession.objects.exists()
