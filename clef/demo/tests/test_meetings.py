"""The demo's meetings: a past one with minutes and a decision of each kind, the next one
with its agenda, an online poll open; loading twice changes nothing."""

import pytest

from clef.demo.loader import load_demo
from clef.programming.models import Meeting, Poll


@pytest.mark.django_db(transaction=False)
def test_the_demo_holds_a_meeting_of_each_kind_of_decision():
    load_demo()
    past, coming = Meeting.objects.order_by("starts_at")
    assert past.status == "held" and past.minutes_published_at is not None
    outcomes = sorted(past.polls.values_list("kind", "outcome"))
    assert outcomes == [
        ("consent", "adopted"),
        ("consent", "objected"),
        ("majority", "adopted"),
        ("majority", "rejected"),
        ("ranking", "ranked"),
    ]
    ranking = past.polls.get(kind="ranking")
    assert ranking.choices.count() == 5 and ranking.winners == 3
    chosen = ranking.choices.order_by("rank")
    assert [c.proposal.status for c in chosen] == ["accepted"] * 3 + ["on_agenda"] * 2
    # The next agenda: the two postponed, and the one an objection kept open.
    waiting = {c.proposal_id for c in chosen[3:]} | {
        past.polls.get(outcome="objected").item.proposal_id
    }
    assert waiting <= set(coming.items.values_list("proposal_id", flat=True))
    assert coming.status == "scheduled"
    assert Poll.objects.filter(meeting=None, status="open").count() == 1
    load_demo()
    assert Meeting.objects.count() == 2 and Poll.objects.count() == 6
