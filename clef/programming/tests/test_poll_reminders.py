"""The polls' timer: a reminder the day before closing to members who have not voted,
sent once; polls past their closing time closed."""

import datetime as dt
import io

from django.core.management import call_command
from django.utils import timezone

from clef.programming import votes
from clef.programming.models import Poll
from clef.programming.tests.meeting_helpers import *  # noqa: F403  (fixtures)
from clef.programming.votes_reminders import close_due_polls, send_reminders


def test_it_reminds_those_who_have_not_voted_once(
    commission, voters, mailoutbox, django_capture_on_commit_callbacks
):
    poll = votes.create_poll(
        question="Un cycle Varda ?",
        kind="consent",
        closes_at=timezone.now() + dt.timedelta(hours=30),
        by=commission,
    )
    for voter in voters[:4]:
        votes.cast_vote(poll, voter=voter, by=voter, answer="consent")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 0  # not within a day yet
        later = timezone.now() + dt.timedelta(hours=8)
        assert send_reminders(now=later) == 2
        assert send_reminders(now=later) == 0
        call_command("poll_reminders", stdout=io.StringIO())
    assert sorted(m.to[0] for m in mailoutbox) == ["cora@example.org", "emma@example.org"]
    assert "Un cycle Varda ?" in mailoutbox[0].subject


def test_it_closes_the_polls_past_their_closing_time(commission, voters):
    poll = votes.create_poll(
        question="Un cycle Varda ?",
        kind="consent",
        closes_at=timezone.now() + dt.timedelta(hours=2),
        by=commission,
    )
    votes.cast_vote(poll, voter=voters[0], by=voters[0], answer="consent")
    assert close_due_polls() == 0
    assert close_due_polls(now=timezone.now() + dt.timedelta(hours=3)) == 1
    poll.refresh_from_db()
    assert (poll.status, poll.outcome) == ("closed", "adopted")
    assert close_due_polls(now=timezone.now() + dt.timedelta(hours=4)) == 0
    assert Poll.objects.filter(status="open").count() == 0
