"""Fixtures of the meetings' tests: the commission, a facilitator, members, a meeting in
ten days with its agenda of submitted proposals. Imported by the tests that use them."""

import datetime as dt

import pytest
from django.utils import timezone

from clef.lib import roles
from clef.programming import meetings, meetings_run
from clef.programming.models import Proposal

__all__ = ["agenda", "commission", "facilitator", "make_proposal", "meeting", "running", "voters"]


@pytest.fixture
def commission(make_member):
    user = make_member("cora")
    user.groups.add(roles.ensure_roles()[roles.COMMISSION])
    return user


@pytest.fixture
def facilitator(make_member):
    return make_member("fanny")


@pytest.fixture
def voters(make_member):
    return [make_member(name) for name in ("ada", "basile", "chloe", "dario", "emma")]


@pytest.fixture
def make_proposal(make_member):
    proposer = make_member("pablo")

    def make(title, status=Proposal.Status.SUBMITTED):
        return Proposal.objects.create(
            title=title, proposer=proposer, status=status, submitted_at=timezone.now()
        )

    return make


@pytest.fixture
def meeting(commission, facilitator):
    return meetings.schedule_meeting(
        starts_at=timezone.now() + dt.timedelta(days=10),
        place="Petite salle",
        facilitator=facilitator,
        by=commission,
    )


@pytest.fixture
def agenda(meeting, commission, make_proposal):
    """Three proposals on the meeting's agenda, in this order."""
    for title in ("Wanda", "Jeanne Dielman", "Le Bonheur"):
        make_proposal(title)
    return meetings.build_agenda(meeting, by=commission)


@pytest.fixture
def running(meeting, agenda, facilitator, voters):
    """The meeting in progress, the five voters present."""
    meetings_run.open_meeting(meeting, by=facilitator)
    for voter in voters:
        meetings_run.mark_present(meeting, voter, present=True, by=facilitator)
    meeting.refresh_from_db()
    return meeting
