import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from clef.lib.timezones import local_to_utc
from clef.programme.models import Screening

NOW = dt.datetime(2026, 11, 21, 11, 0, tzinfo=dt.UTC)  # Saturday 21 November, noon in Paris
WEDNESDAY = dt.date(2026, 11, 25)
MONDAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English here; the admin tests check them in French."""
    with translation.override("en"):
        yield


def new_screening(room, day, time, duration=100, **fields):
    hours, minutes = map(int, time.split(":"))
    return Screening(
        room=room,
        starts_at=local_to_utc(day, dt.time(hours, minutes), "Europe/Paris"),
        duration=duration,
        **fields,
    )


def test_a_screening_on_an_open_day_in_a_free_room_is_valid(big_room):
    new_screening(big_room, WEDNESDAY, "20:00").full_clean()


def test_it_refuses_a_screening_that_overlaps_another_in_the_same_room(big_room, make_screening):
    make_screening(WEDNESDAY, "20:00", duration=117, title="Wanda")
    clash = new_screening(big_room, WEDNESDAY, "21:30")
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert error.value.message_dict["starts_at"] == [
        "Grande salle is taken from 20:00 to 21:57 by “Wanda”."
    ]


def test_it_refuses_a_screening_that_surrounds_another(big_room, make_screening):
    make_screening(WEDNESDAY, "20:00", duration=60)
    with pytest.raises(ValidationError):
        new_screening(big_room, WEDNESDAY, "19:00", duration=180).full_clean()


def test_back_to_back_screenings_do_not_overlap(big_room, make_screening):
    make_screening(WEDNESDAY, "18:00", duration=120)
    new_screening(big_room, WEDNESDAY, "20:00").full_clean()


def test_the_other_room_at_the_same_time_is_free(small_room, make_screening):
    make_screening(WEDNESDAY, "20:00")
    new_screening(small_room, WEDNESDAY, "20:00").full_clean()


def test_a_cancelled_screening_frees_its_room(big_room, make_screening):
    make_screening(WEDNESDAY, "20:00", status=Screening.Status.CANCELLED)
    new_screening(big_room, WEDNESDAY, "20:00").full_clean()


def test_a_drafted_screening_holds_its_room(big_room, make_screening):
    make_screening(WEDNESDAY, "20:00", status=Screening.Status.DRAFT)
    with pytest.raises(ValidationError):
        new_screening(big_room, WEDNESDAY, "20:30").full_clean()


def test_it_refuses_a_day_the_venue_is_closed(big_room):
    with pytest.raises(ValidationError) as error:
        new_screening(big_room, MONDAY, "20:00").full_clean()
    assert error.value.message_dict["starts_at"] == [
        "La Clef is closed on Monday: choose a day it is open (Wednesday to Sunday)."
    ]


def test_the_closed_day_is_the_local_day_not_the_utc_one(big_room):
    # 00:30 on Wednesday in Paris is still Tuesday 23:30 in UTC: Wednesday is open.
    new_screening(big_room, WEDNESDAY, "00:30", duration=90).full_clean()
    # 00:30 on Tuesday in Paris is Monday 23:30 in UTC: Tuesday is closed.
    with pytest.raises(ValidationError):
        new_screening(big_room, dt.date(2026, 11, 24), "00:30", duration=90).full_clean()


def test_it_refuses_a_start_in_the_past(big_room):
    with pytest.raises(ValidationError) as error:
        new_screening(big_room, dt.date(2026, 11, 21), "10:00").full_clean()
    assert error.value.message_dict["starts_at"] == [
        "This time has already passed: a new screening must start later."
    ]


def test_a_past_screening_can_still_be_corrected_without_moving_it(make_screening):
    with time_machine.travel(NOW - dt.timedelta(days=7), tick=False):
        held = make_screening(dt.date(2026, 11, 18), "20:00")
    held.guests = "Nicole Brenez"
    held.full_clean()  # the start did not change: no complaint about the past


def test_a_duration_over_twelve_hours_is_a_typing_error(big_room):
    with pytest.raises(ValidationError) as error:
        new_screening(big_room, WEDNESDAY, "14:00", duration=900).full_clean()
    assert "duration" in error.value.message_dict


def test_it_is_shown_in_paris_time_whatever_the_season(make_screening):
    summer = make_screening(dt.date(2026, 7, 1), "20:30")
    winter = make_screening(dt.date(2026, 12, 2), "20:30")
    assert summer.starts_at == dt.datetime(2026, 7, 1, 18, 30, tzinfo=dt.UTC)
    assert winter.starts_at == dt.datetime(2026, 12, 2, 19, 30, tzinfo=dt.UTC)
    assert summer.local_start.strftime("%H:%M") == winter.local_start.strftime("%H:%M") == "20:30"
