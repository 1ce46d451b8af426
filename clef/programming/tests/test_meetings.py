"""Scheduling a meeting, its agenda, who comes and proxies."""

import datetime as dt

import pytest
from django.utils import timezone

from clef.audit.models import Action
from clef.programming import meetings, meetings_run
from clef.programming.meetings import MeetingRefused
from clef.programming.models import AgendaItem, Attendance, Meeting, Proposal, Proxy
from clef.programming.tests.meeting_helpers import *  # noqa: F403  (fixtures)


def test_it_refuses_a_meeting_in_the_past(commission):
    with pytest.raises(MeetingRefused) as refused:
        meetings.schedule_meeting(
            starts_at=timezone.now() - dt.timedelta(minutes=1), place="Hall", by=commission
        )
    assert refused.value.code == "in_the_past"
    assert Meeting.objects.count() == 0


def test_it_refuses_a_meeting_scheduled_by_a_member(voters):
    with pytest.raises(meetings.MeetingForbidden):
        meetings.schedule_meeting(
            starts_at=timezone.now() + dt.timedelta(days=3), place="Hall", by=voters[0]
        )
    assert Meeting.objects.count() == 0


def test_it_builds_the_agenda_from_submitted_proposals(meeting, commission, make_proposal):
    make_proposal("Wanda")
    make_proposal("Brouillon", status=Proposal.Status.DRAFT)
    make_proposal("Déjà pris", status=Proposal.Status.ACCEPTED)
    make_proposal("Le Bonheur")
    added = meetings.build_agenda(meeting, by=commission)
    assert [item.proposal.title for item in added] == ["Wanda", "Le Bonheur"]
    assert [item.position for item in added] == [1, 2]
    assert set(Proposal.objects.filter(status="on_agenda").values_list("title", flat=True)) == {
        "Wanda",
        "Le Bonheur",
    }
    assert meetings.build_agenda(meeting, by=commission) == []
    assert Action.objects.filter(name="programming.meeting.agenda_built").count() == 2


def test_an_undecided_proposal_stays_on_the_next_agenda(running, facilitator, commission):
    first, *_others = running.items.all()
    poll = meetings_run.open_vote(running, kind="consent", item=first, by=facilitator)
    meetings_run.close_vote(poll, by=facilitator)  # nobody objected: accepted
    meetings_run.close_meeting(running, by=facilitator)
    later = meetings.schedule_meeting(
        starts_at=timezone.now() + dt.timedelta(days=40), place="Hall", by=commission
    )
    added = meetings.build_agenda(later, by=commission)
    assert [item.proposal.title for item in added] == ["Jeanne Dielman", "Le Bonheur"]
    assert first.proposal.__class__.objects.get(pk=first.proposal_id).status == "accepted"


def test_it_moves_an_item_up_the_agenda(meeting, agenda, facilitator):
    meetings.move_item(agenda[2], up=True, by=facilitator)
    titles = [item.proposal.title for item in AgendaItem.objects.filter(meeting=meeting)]
    assert titles == ["Wanda", "Le Bonheur", "Jeanne Dielman"]


def test_a_member_says_they_come(meeting, voters):
    meetings.answer(meeting, voters[0], coming=True)
    assert Attendance.objects.get(meeting=meeting, user=voters[0]).answer == "coming"


def test_it_refuses_a_proxy_to_oneself(meeting, voters):
    meetings.answer(meeting, voters[0], coming=True)
    with pytest.raises(MeetingRefused) as refused:
        meetings.give_proxy(meeting, voters[0], holder_name=voters[0].username)
    assert refused.value.code == "proxy_to_oneself"
    assert Proxy.objects.count() == 0


def test_it_refuses_a_proxy_to_someone_who_is_not_a_member(meeting, voters, outsider):
    with pytest.raises(MeetingRefused) as refused:
        meetings.give_proxy(meeting, voters[0], holder_name=outsider.username)
    assert refused.value.code == "holder_not_member"
    assert Proxy.objects.count() == 0


def test_it_refuses_a_proxy_used_twice(meeting, voters):
    ada, basile, chloe = voters[:3]
    meetings.answer(meeting, basile, coming=True)
    meetings.answer(meeting, chloe, coming=True)
    meetings.give_proxy(meeting, ada, holder_name=basile.username)
    with pytest.raises(MeetingRefused) as refused:
        meetings.give_proxy(meeting, ada, holder_name=chloe.username)
    assert refused.value.code == "proxy_given"
    assert list(Proxy.objects.values_list("giver__username", "holder__username")) == [
        ("ada", "basile")
    ]


def test_it_refuses_more_proxies_than_the_setting(meeting, voters, settings):
    settings.CLEF_MEETING_PROXIES = 1
    ada, basile, chloe = voters[:3]
    meetings.answer(meeting, chloe, coming=True)
    meetings.give_proxy(meeting, ada, holder_name=chloe.username)
    with pytest.raises(MeetingRefused) as refused:
        meetings.give_proxy(meeting, basile, holder_name=chloe.username)
    assert refused.value.code == "too_many_proxies"
    assert Proxy.objects.count() == 1


def test_coming_after_all_takes_the_proxy_back(meeting, voters):
    ada, basile = voters[:2]
    meetings.answer(meeting, basile, coming=True)
    meetings.give_proxy(meeting, ada, holder_name=basile.username)
    meetings.answer(meeting, ada, coming=True)
    assert Proxy.objects.count() == 0


def test_a_double_click_schedules_one_meeting(commission):
    when = timezone.now() + dt.timedelta(days=12)
    first = meetings.schedule_meeting(starts_at=when, place="Hall", by=commission)
    second = meetings.schedule_meeting(starts_at=when, place="Hall", by=commission)
    assert first == second and Meeting.objects.count() == 1


def test_it_refuses_a_second_ranking_while_one_is_open(running, facilitator):
    items = list(running.items.all())
    meetings_run.open_vote(running, kind="ranking", items=items, winners=1, by=facilitator)
    with pytest.raises(MeetingRefused) as refused:
        meetings_run.open_vote(running, kind="ranking", items=items, winners=1, by=facilitator)
    assert refused.value.code == "vote_open"
    assert running.polls.count() == 1
