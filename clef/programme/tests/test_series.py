import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from clef.programme import services
from clef.programme.models import Screening

NOW = dt.datetime(2026, 10, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


def local(screening):
    return screening.local_start.strftime("%Y-%m-%d %H:%M %z")


def test_a_duplicate_is_a_draft_a_week_later_with_the_same_films(make_screening, make_film):
    films = [make_film("La Jetée", runtime=28), make_film("Borom Sarret", runtime=20)]
    source = make_screening(
        dt.date(2026, 10, 7), "20:30", films=films, title="Courts", guests="Sarah", sdh=True
    )
    copy = services.duplicate_screening(source)
    assert local(copy) == "2026-10-14 20:30 +0200"
    assert copy.status == Screening.Status.DRAFT
    assert [f.title for f in copy.ordered_films] == ["La Jetée", "Borom Sarret"]
    assert (copy.title, copy.guests, copy.sdh, copy.room) == ("Courts", "Sarah", True, source.room)


def test_a_weekly_series_keeps_the_local_time_across_the_clock_change(make_screening):
    source = make_screening(dt.date(2026, 10, 21), "20:30")
    copies = services.create_weekly_series(source, weeks=3)
    assert [local(c) for c in copies] == [
        "2026-10-28 20:30 +0100",
        "2026-11-04 20:30 +0100",
        "2026-11-11 20:30 +0100",
    ]
    assert all(c.status == Screening.Status.DRAFT for c in copies)
    assert all(c.ordered_films == source.ordered_films for c in copies)


def test_a_series_that_hits_a_taken_room_creates_nothing_and_says_when(make_screening):
    source = make_screening(dt.date(2026, 10, 7), "20:00", title="Wanda")
    make_screening(dt.date(2026, 10, 21), "21:00", title="Touki Bouki", duration=90)
    before = Screening.objects.count()
    with pytest.raises(ValidationError) as error:
        services.create_weekly_series(source, weeks=4)
    assert error.value.messages == [
        "21 October 2026, 20:00: Grande salle is taken from 21:00 to 22:30 by “Touki Bouki”."
    ]
    assert Screening.objects.count() == before


@pytest.mark.parametrize("weeks", [0, -1, 53])
def test_a_series_runs_from_one_to_fifty_two_weeks(make_screening, weeks):
    source = make_screening(dt.date(2026, 10, 7), "20:00")
    with pytest.raises(ValidationError, match="from 1 to 52 weeks"):
        services.create_weekly_series(source, weeks=weeks)


def test_it_publishes_only_a_screening_that_shows_a_film(make_screening):
    empty = make_screening(
        dt.date(2026, 10, 7),
        "20:00",
        films=[],
        duration=90,
        status=Screening.Status.DRAFT,
        title="À venir",
    )
    with pytest.raises(ValidationError, match="has no film yet"):
        services.set_status(Screening.objects.filter(pk=empty.pk), Screening.Status.PUBLISHED)
    empty.refresh_from_db()
    assert empty.status == Screening.Status.DRAFT
