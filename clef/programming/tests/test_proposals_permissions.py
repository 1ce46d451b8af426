"""Who may move a proposal to which state: the whole matrix of people and changes."""

import datetime as dt

import pytest
from django.utils import timezone

from clef.audit.models import Action
from clef.lib import roles
from clef.programming import meetings
from clef.programming.models import AgendaItem, Proposal, ProposalEvent
from clef.programming.proposals import ProposalForbidden, ProposalRefused, change_status
from clef.programming.tests.proposal_helpers import *  # noqa: F403

S = Proposal.Status
PEOPLE = ["member", "qualified", "proposer", "commission", "facilitator", "treasurer", "outsider"]

# From each state, each change, and who among PEOPLE may make it.
ALLOWED = {
    (S.DRAFT, S.SUBMITTED): {"proposer"},
    (S.DRAFT, S.WITHDRAWN): {"proposer", "commission"},
    (S.SUBMITTED, S.ON_AGENDA): {"commission", "facilitator"},
    (S.SUBMITTED, S.WITHDRAWN): {"proposer", "commission"},
    (S.ON_AGENDA, S.ACCEPTED): {"commission", "facilitator"},
    (S.ON_AGENDA, S.POSTPONED): {"commission", "facilitator"},
    (S.ON_AGENDA, S.DECLINED): {"commission", "facilitator"},
    (S.ON_AGENDA, S.WITHDRAWN): {"proposer", "commission"},
    (S.ON_AGENDA, S.SUBMITTED): {"commission", "facilitator"},
    (S.POSTPONED, S.ON_AGENDA): {"commission", "facilitator"},
    (S.POSTPONED, S.WITHDRAWN): {"proposer", "commission"},
    (S.ACCEPTED, S.SCREENED): {"proposer", "commission"},
    (S.ACCEPTED, S.WITHDRAWN): {"proposer", "commission"},
}
NEVER = [
    (S.DRAFT, S.ACCEPTED),
    (S.SUBMITTED, S.ACCEPTED),
    (S.DECLINED, S.ON_AGENDA),
    (S.WITHDRAWN, S.SUBMITTED),
    (S.SCREENED, S.ACCEPTED),
    (S.ACCEPTED, S.DECLINED),
]


@pytest.fixture
def people(member, qualified, proposer, commission_member, make_member, treasurer, outsider):
    return {
        "member": member,
        "qualified": qualified,
        "proposer": proposer,
        "commission": commission_member,
        "facilitator": make_member("fanny"),
        "treasurer": treasurer,
        "outsider": outsider,
    }


def _proposal_in(status, people, make_film):
    proposal = Proposal.objects.create(
        title="Wanda",
        proposer=people["proposer"],
        status=status,
        in_cinemas_now=False,
        submitted_at=None if status == S.DRAFT else timezone.now(),
    )
    proposal.films.add(make_film())
    meeting = meetings.schedule_meeting(
        starts_at=timezone.now() + dt.timedelta(days=10),
        place="Petite salle",
        facilitator=people["facilitator"],
        by=people["commission"],
    )
    meeting.items.create(proposal=proposal, title="", position=1)
    return proposal


@pytest.mark.parametrize(("old", "new"), list(ALLOWED))
@pytest.mark.parametrize("who", PEOPLE)
def test_it_lets_exactly_the_right_people_change_a_proposal(old, new, who, people, make_film):
    proposal = _proposal_in(old, people, make_film)
    events = ProposalEvent.objects.count()
    if who in ALLOWED[(old, new)]:
        changed = change_status(proposal, new, by=people[who], reason="Décidé en réunion")
        assert changed.status == new
        event = ProposalEvent.objects.get(proposal=proposal, kind="status")
        assert (event.from_status, event.to_status, event.by) == (old, new, people[who])
        assert event.reason == "Décidé en réunion"
        assert Action.objects.filter(name="programming.proposal.status_changed").count() == 1
    else:
        with pytest.raises(ProposalForbidden) as refused:
            change_status(proposal, new, by=people[who])
        assert refused.value.code == "forbidden"
        assert refused.value.status == 403
        proposal.refresh_from_db()
        assert proposal.status == old
        assert ProposalEvent.objects.count() == events


@pytest.mark.parametrize(("old", "new"), NEVER)
def test_it_refuses_a_change_the_states_do_not_allow_even_to_the_commission(
    old, new, people, make_film
):
    proposal = _proposal_in(old, people, make_film)
    with pytest.raises(ProposalRefused) as refused:
        change_status(proposal, new, by=people["commission"])
    assert refused.value.code == "not_allowed"
    proposal.refresh_from_db()
    assert proposal.status == old


def test_a_facilitator_of_a_meeting_not_holding_the_proposal_may_not_decide_it(people, make_film):
    proposal = _proposal_in(S.ON_AGENDA, people, make_film)
    AgendaItem.objects.filter(proposal=proposal).delete()
    with pytest.raises(ProposalForbidden):
        change_status(proposal, S.ACCEPTED, by=people["facilitator"])


def test_a_programmer_by_role_may_propose_without_the_qualification(programmer, make_film):
    from clef.programming.proposals import may_propose

    assert may_propose(programmer) is True


def test_a_member_without_the_qualification_may_not_propose(member, treasurer, outsider):
    from clef.programming.proposals import may_propose

    assert [may_propose(p) for p in (member, treasurer, outsider)] == [False, False, False]


def test_an_expired_qualification_no_longer_lets_one_propose(proposer):
    from clef.programming.proposals import may_propose
    from clef.volunteers.models import Qualification

    Qualification.objects.filter(person=proposer).update(expires_on=timezone.localdate())
    assert may_propose(proposer) is False


def test_a_proposer_who_lost_the_qualification_may_not_submit(people, make_film):
    from clef.volunteers.models import Qualification

    proposal = _proposal_in(S.DRAFT, people, make_film)
    Qualification.objects.filter(person=people["proposer"]).delete()
    with pytest.raises(ProposalForbidden):
        change_status(proposal, S.SUBMITTED, by=people["proposer"])


def test_submitting_without_answering_the_venues_rule_is_refused(people, make_film):
    proposal = _proposal_in(S.DRAFT, people, make_film)
    Proposal.objects.filter(pk=proposal.pk).update(in_cinemas_now=None)
    with pytest.raises(ProposalRefused) as refused:
        change_status(proposal, S.SUBMITTED, by=people["proposer"])
    assert refused.value.code == "rule_unanswered"
    proposal.refresh_from_db()
    assert (proposal.status, proposal.submitted_at) == (S.DRAFT, None)


def test_the_commission_role_alone_decides(make_member, people, make_film):
    """The commission's role, not a membership, is what counts."""
    proposal = _proposal_in(S.ON_AGENDA, people, make_film)
    clerk = make_member("clara")
    clerk.groups.add(roles.ensure_roles()[roles.COMMISSION])
    assert change_status(proposal, S.DECLINED, by=clerk).status == S.DECLINED
    proposal.refresh_from_db()
    assert proposal.decided_at is not None


def test_a_facilitator_decides_the_proposals_of_a_ranking_on_their_agenda(people, make_film):
    from clef.programming.models import Poll, PollChoice

    proposal = _proposal_in(S.ON_AGENDA, people, make_film)
    item = AgendaItem.objects.get(proposal=proposal)
    meeting = item.meeting
    item.delete()
    ranking_item = meeting.items.create(title="Trois créneaux", position=1)
    poll = Poll.objects.create(
        meeting=meeting, item=ranking_item, question="Classement", kind="ranking", winners=1
    )
    PollChoice.objects.create(poll=poll, proposal=proposal, label=proposal.title)
    assert change_status(proposal, S.ACCEPTED, by=people["facilitator"]).status == S.ACCEPTED
