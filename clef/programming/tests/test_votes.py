"""Votes at a meeting and online: quorum, proxies, a vote replaced, consent, a ranking,
a vote after closing."""

import datetime as dt

import pytest
from django.utils import timezone

from clef.audit.models import Action
from clef.programming import meetings, meetings_run, votes
from clef.programming.models import Attendance, Ballot, Meeting, Poll, Proposal
from clef.programming.tests.meeting_helpers import *  # noqa: F403  (fixtures)
from clef.programming.votes import VoteForbidden, VoteRefused


def _status(item):
    return Proposal.objects.get(pk=item.proposal_id).status


def test_a_majority_without_quorum_decides_nothing(running, voters, facilitator, settings):
    settings.CLEF_MEETING_QUORUM = 4
    item = running.items.first()
    poll = meetings_run.open_vote(running, kind="majority", item=item, by=facilitator)
    for voter in voters[:3]:
        votes.cast_vote(poll, voter=voter, by=voter, answer="for")
    poll = meetings_run.close_vote(poll, by=facilitator)
    assert poll.outcome == Poll.Outcome.NO_QUORUM
    assert _status(item) == "on_agenda"


def test_a_majority_with_quorum_accepts(running, voters, facilitator, settings):
    settings.CLEF_MEETING_QUORUM = 4
    item = running.items.first()
    poll = meetings_run.open_vote(running, kind="majority", item=item, by=facilitator)
    for voter, answer in zip(voters, ["for", "for", "against", "abstain"], strict=False):
        votes.cast_vote(poll, voter=voter, by=voter, answer=answer)
    result = votes.results(poll)
    assert (result.votes_for, result.against, result.abstain) == (2, 1, 1)
    assert meetings_run.close_vote(poll, by=facilitator).outcome == Poll.Outcome.ADOPTED
    assert _status(item) == "accepted"


def test_a_proxy_counts_towards_the_quorum(meeting, agenda, facilitator, voters, settings):
    settings.CLEF_MEETING_QUORUM = 2
    ada, basile = voters[:2]
    meetings.answer(meeting, basile, coming=True)
    meetings.give_proxy(meeting, ada, holder_name=basile.username)
    meetings_run.open_meeting(meeting, by=facilitator)
    meetings_run.mark_present(meeting, basile, present=True, by=facilitator)
    poll = meetings_run.open_vote(meeting, kind="majority", item=agenda[0], by=facilitator)
    votes.cast_vote(poll, voter=basile, by=basile, answer="for")
    votes.cast_vote(poll, voter=ada, by=basile, answer="against")
    assert Ballot.objects.get(poll=poll, voter=ada).by_proxy is True
    result = votes.results(poll)
    assert (result.voters, result.quorum_met, result.adopted) == (2, True, False)


def test_it_refuses_a_vote_by_someone_holding_no_proxy(running, voters):
    poll = meetings_run.open_vote(
        running, kind="majority", item=running.items.first(), by=running.facilitator
    )
    with pytest.raises(VoteForbidden) as refused:
        votes.cast_vote(poll, voter=voters[1], by=voters[0], answer="for")
    assert refused.value.code == "no_proxy"
    assert Ballot.objects.count() == 0


def test_a_proxy_is_not_used_for_a_giver_who_came(meeting, agenda, facilitator, voters):
    ada, basile = voters[:2]
    meetings.answer(meeting, basile, coming=True)
    meetings.give_proxy(meeting, ada, holder_name=basile.username)
    meetings_run.open_meeting(meeting, by=facilitator)
    meetings_run.mark_present(meeting, basile, present=True, by=facilitator)
    meetings_run.mark_present(meeting, ada, present=True, by=facilitator)
    poll = meetings_run.open_vote(meeting, kind="majority", item=agenda[0], by=facilitator)
    votes.cast_vote(poll, voter=ada, by=ada, answer="against")
    with pytest.raises(VoteForbidden):
        votes.cast_vote(poll, voter=ada, by=basile, answer="for")
    assert list(Ballot.objects.values_list("answer", flat=True)) == ["against"]


def test_a_second_vote_replaces_the_first_and_keeps_it(running, voters, facilitator):
    poll = meetings_run.open_vote(
        running, kind="majority", item=running.items.first(), by=facilitator
    )
    votes.cast_vote(poll, voter=voters[0], by=voters[0], answer="for")
    votes.cast_vote(poll, voter=voters[0], by=voters[0], answer="against")
    history = list(
        Ballot.objects.filter(poll=poll).order_by("pk").values_list("answer", "replaced_at")
    )
    assert [answer for answer, _at in history] == ["for", "against"]
    assert history[0][1] is not None and history[1][1] is None
    result = votes.results(poll)
    assert (result.votes_for, result.against) == (0, 1)


def test_consent_with_an_objection_keeps_the_proposal_open(running, voters, facilitator):
    item = running.items.first()
    poll = meetings_run.open_vote(running, kind="consent", item=item, by=facilitator)
    votes.cast_vote(poll, voter=voters[0], by=voters[0], answer="consent")
    votes.cast_vote(
        poll, voter=voters[1], by=facilitator, answer="object", reason="Déjà passé au Champo."
    )
    poll = meetings_run.close_vote(poll, by=facilitator)
    assert poll.outcome == Poll.Outcome.OBJECTED
    assert _status(item) == "on_agenda"
    assert votes.objections(poll) == [(voters[1], "Déjà passé au Champo.")]


def test_it_refuses_an_objection_without_its_reason(running, voters, facilitator):
    poll = meetings_run.open_vote(
        running, kind="consent", item=running.items.first(), by=facilitator
    )
    with pytest.raises(VoteRefused) as refused:
        votes.cast_vote(poll, voter=voters[0], by=voters[0], answer="object", reason="  ")
    assert refused.value.code == "no_reason"
    assert Ballot.objects.count() == 0


def test_a_ranking_accepts_the_first_and_postpones_the_others(running, voters, facilitator):
    items = list(running.items.all())
    poll = meetings_run.open_vote(running, kind="ranking", items=items, winners=2, by=facilitator)
    wanda, jeanne, bonheur = poll.choices.values_list("pk", flat=True)
    for voter in voters[:3]:
        votes.cast_vote(poll, voter=voter, by=voter, answer="", ranking=[bonheur, wanda, jeanne])
    for voter in voters[3:]:
        votes.cast_vote(poll, voter=voter, by=voter, answer="", ranking=[jeanne, wanda, bonheur])
    meetings_run.close_vote(poll, by=facilitator)
    assert [choice.rank for choice in poll.choices.all()] == [2, 3, 1]
    assert [_status(item) for item in items] == ["accepted", "postponed", "accepted"]


def test_it_refuses_a_vote_after_the_poll_closed(commission, voters):
    poll = votes.create_poll(
        question="Un cycle Varda en mars ?",
        kind="majority",
        closes_at=timezone.now() + dt.timedelta(days=2),
        by=commission,
    )
    later = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(VoteRefused) as refused:
        votes.cast_vote(poll, voter=voters[0], by=voters[0], answer="for", now=later)
    assert refused.value.code == "closed"
    assert Ballot.objects.count() == 0


def test_only_members_vote_online(commission, outsider):
    poll = votes.create_poll(
        question="Un cycle Varda en mars ?",
        kind="majority",
        closes_at=timezone.now() + dt.timedelta(days=2),
        by=commission,
    )
    with pytest.raises(VoteForbidden) as refused:
        votes.cast_vote(poll, voter=outsider, by=outsider, answer="for")
    assert refused.value.code == "not_a_member"


def test_it_refuses_a_poll_closing_in_the_past(commission):
    with pytest.raises(VoteRefused):
        votes.create_poll(
            question="Trop tard ?",
            kind="consent",
            closes_at=timezone.now() - dt.timedelta(hours=1),
            by=commission,
        )
    assert Poll.objects.count() == 0


def test_a_meeting_is_held_with_its_attendance(running, facilitator):
    meetings_run.close_meeting(running, by=facilitator)
    assert Meeting.objects.get(pk=running.pk).status == "held"
    assert Attendance.objects.filter(meeting=running, present=True).count() == 5
    assert Action.objects.filter(name="programming.meeting.held").count() == 1


def test_the_facilitator_records_the_vote_of_a_member_represented(
    meeting, agenda, facilitator, voters
):
    ada, basile = voters[:2]
    meetings.answer(meeting, basile, coming=True)
    meetings.give_proxy(meeting, ada, holder_name=basile.username)
    meetings_run.open_meeting(meeting, by=facilitator)
    meetings_run.mark_present(meeting, basile, present=True, by=facilitator)
    poll = meetings_run.open_vote(meeting, kind="majority", item=agenda[0], by=facilitator)
    votes.cast_vote(poll, voter=ada, by=facilitator, answer="abstain")
    ballot = Ballot.objects.get(poll=poll)
    assert (ballot.voter, ballot.cast_by, ballot.by_proxy) == (ada, facilitator, True)
    with pytest.raises(VoteForbidden):
        votes.cast_vote(poll, voter=voters[2], by=facilitator, answer="for")
