import datetime as dt

import pytest
from django.test import override_settings
from django.utils import translation

from clef.accounting.models import FilmRightsHolder
from clef.audit.models import Action
from clef.lib.refusals import Forbidden
from clef.lib.timezones import local_to_utc
from clef.programme.models import Film, Screening
from clef.programming import slots
from clef.programming.models import Checklist, Proposal, ProposedFilm
from clef.programming.slots import SlotRefused

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def _next(venue, weekday, weeks=2):
    """A day of ``weekday`` (Monday 0) at least ``weeks`` weeks ahead."""
    day = venue.local_date() + dt.timedelta(weeks=weeks)
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _at(venue, day, hour, minute=0):
    return local_to_utc(day, dt.time(hour, minute), venue.timezone)


@pytest.fixture
def accepted(member, make_film, big_room):
    proposal = Proposal.objects.create(
        title="Wanda", proposer=member, status=Proposal.Status.ACCEPTED
    )
    proposal.films.add(make_film(runtime=100))
    return proposal


@override_settings(CLEF_SLOT_TIMES=["14:00", "20:30", "25:00", "٢٠:٣٠"])
def test_free_slots_are_on_open_days_in_the_wished_room_and_period_around_screenings(
    accepted, venue, big_room, small_room, make_screening
):
    wednesday = _next(venue, 2)
    accepted.wished_from = wednesday - dt.timedelta(days=2)  # a Monday: closed
    accepted.wished_to = wednesday + dt.timedelta(days=1)
    accepted.wished_room = big_room
    accepted.save()
    make_screening(wednesday, "13:30", duration=120)  # takes 14:00 in the big room
    found = slots.free_slots(accepted, venue)
    assert [(s.room, s.local_start.date(), s.local_start.time()) for s in found] == [
        (big_room, wednesday, dt.time(20, 30)),
        (big_room, wednesday + dt.timedelta(days=1), dt.time(14, 0)),
        (big_room, wednesday + dt.timedelta(days=1), dt.time(20, 30)),
    ]
    assert {s.duration for s in found} == {115}


def test_the_chosen_slot_becomes_a_draft_screening_with_its_checklist(
    accepted, venue, small_room, member, make_holder
):
    typed = ProposedFilm.objects.create(
        proposal=accepted,
        title="Le Sel de la terre",
        directors="Herbert Biberman",
        year=1954,
        countries="États-Unis",
        runtime=94,
        formats=["dcp", "file"],
        rights_holder=make_holder("Les Films du Paradoxe"),
    )
    wednesday = _next(venue, 2)
    screening = slots.schedule(
        accepted, room=small_room, starts_at=_at(venue, wednesday, 20, 30), by=member
    )
    assert screening.status == Screening.Status.DRAFT
    assert screening.programmer == member
    assert screening.title == "Wanda"
    assert screening.duration == 100 + 94 + 15
    assert [f.title for f in screening.ordered_films] == ["Wanda", "Le Sel de la terre"]
    made = Film.objects.get(title=typed.title)
    assert FilmRightsHolder.objects.get(film=made).holder.name == "Les Films du Paradoxe"
    checklist = Checklist.objects.get(screening=screening)
    assert checklist.proposal == accepted
    assert checklist.copy_format == "dcp"
    assert Action.objects.filter(name="programming.proposal.scheduled").count() == 1


def test_it_refuses_a_slot_on_a_closed_day_writing_nothing(accepted, venue, big_room, member):
    monday = _next(venue, 0)
    with pytest.raises(SlotRefused) as refused:
        slots.schedule(accepted, room=big_room, starts_at=_at(venue, monday, 20), by=member)
    assert refused.value.code == "closed_day"
    assert refused.value.message == (
        f"La Clef is closed on that day: choose a day it is open ({venue.open_days_text()})."
    )
    assert not Screening.objects.exists() and not Checklist.objects.exists()


def test_it_refuses_a_slot_over_another_screening_and_a_double_click(
    accepted, venue, big_room, member, make_screening
):
    wednesday = _next(venue, 2)
    make_screening(wednesday, "20:00", duration=90, title="Déjà là")
    with pytest.raises(SlotRefused) as refused:
        slots.schedule(accepted, room=big_room, starts_at=_at(venue, wednesday, 21), by=member)
    assert refused.value.code == "slot_taken"
    assert refused.value.message == "Grande salle is taken from 20:00 to 21:30 by “Déjà là”."
    later = _at(venue, wednesday + dt.timedelta(days=1), 20, 30)
    slots.schedule(accepted, room=big_room, starts_at=later, by=member)
    with pytest.raises(SlotRefused) as refused:
        slots.schedule(accepted, room=big_room, starts_at=later, by=member)
    assert refused.value.code == "slot_taken"
    assert Checklist.objects.count() == 1


def test_it_refuses_a_proposal_not_accepted_or_someone_else(accepted, venue, big_room, outsider):
    starts = _at(venue, _next(venue, 2), 20)
    with pytest.raises(Forbidden):
        slots.schedule(accepted, room=big_room, starts_at=starts, by=outsider)
    accepted.status = Proposal.Status.SUBMITTED
    accepted.save()
    with pytest.raises(SlotRefused) as refused:
        slots.schedule(accepted, room=big_room, starts_at=starts, by=accepted.proposer)
    assert refused.value.code == "not_accepted"
    assert not Screening.objects.exists()


def test_it_refuses_a_slot_in_the_past(accepted, venue, big_room, member):
    past = _at(venue, venue.local_date() - dt.timedelta(days=7), 20)
    with pytest.raises(SlotRefused) as refused:
        slots.schedule(accepted, room=big_room, starts_at=past, by=member)
    assert refused.value.code == "past"
