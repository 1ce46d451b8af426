"""The demo's proposals: sixteen or more, in every state, with comments by several
members; loading twice changes nothing."""

import pytest

from clef.demo.loader import load_demo
from clef.programming.models import Proposal, ProposalComment


@pytest.mark.django_db(transaction=False)
def test_the_demo_holds_proposals_in_every_state_with_comments():
    load_demo()
    mine = Proposal.objects.filter(title__in=[row[0] for row in _rows()])
    assert mine.count() == 16
    assert set(mine.values_list("status", flat=True)) == set(Proposal.Status.values)
    comments = ProposalComment.objects.filter(proposal__in=mine)
    assert comments.count() >= 20
    assert comments.values("author").distinct().count() >= 4
    assert mine.values("proposer").distinct().count() == 5
    counts = (Proposal.objects.count(), ProposalComment.objects.count())
    load_demo()
    assert (Proposal.objects.count(), ProposalComment.objects.count()) == counts


def _rows():
    from clef.demo.programming import PROPOSALS

    return PROPOSALS
