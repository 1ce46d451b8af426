"""Proposing, amending, commenting and following, and the bad input each refuses."""

import pytest
from django.db import transaction

from clef.programming import proposals_writing as writing
from clef.programming.models import Proposal, ProposalComment, ProposalEvent, ProposedFilm
from clef.programming.proposals import ProposalForbidden, ProposalRefused, change_status
from clef.programming.tests.proposal_helpers import *  # noqa: F403
from clef.programming.tests.proposal_helpers import values

S = Proposal.Status
TYPED = {
    "title": "La Noire de…",
    "directors": "Ousmane Sembène",
    "year": 1966,
    "countries": "Sénégal, France",
    "runtime": 65,
    "languages": "français",
    "versions": "VOSTA",
    "formats": ["dcp", "35mm"],
    "rights_contact": "contact@example.org",
}


def _rows():
    return (Proposal.objects.count(), ProposedFilm.objects.count(), ProposalEvent.objects.count())


def test_it_keeps_a_typed_film_and_submits_at_once(proposer):
    proposal = writing.propose(by=proposer, values=values(), typed=[TYPED], submit=True)
    assert proposal.status == S.SUBMITTED
    assert proposal.submitted_at is not None
    film = proposal.proposed_films.get()
    assert (film.title, film.runtime, film.year, film.formats) == (
        "La Noire de…",
        65,
        1966,
        ["dcp", "35mm"],
    )
    assert film.format_labels() == ["DCP", "35 mm"]
    assert list(proposal.follows.values_list("user__username", "choice")) == [("pablo", "each")]


@pytest.mark.parametrize(
    ("changes", "film", "code"),
    [
        ({"title": "   "}, {}, "no_title"),
        ({}, {"runtime": 0}, "bad_runtime"),
        ({}, {"runtime": 10_000}, "bad_runtime"),
        ({}, {"title": ""}, "no_film_title"),
    ],
)
def test_it_refuses_bad_input_and_writes_nothing(proposer, changes, film, code):
    before = _rows()
    with pytest.raises(ProposalRefused) as refused:
        writing.propose(by=proposer, values=values(**changes), typed=[{**TYPED, **film}])
    assert refused.value.code == code
    assert _rows() == before


def test_a_period_ending_before_it_begins_is_refused(proposer):
    import datetime as dt

    with pytest.raises(ProposalRefused) as refused:
        writing.propose(
            by=proposer,
            values=values(wished_from=dt.date(2027, 3, 1), wished_to=dt.date(2027, 2, 1)),
            typed=[TYPED],
        )
    assert refused.value.code == "bad_period"


def test_it_refuses_a_proposal_from_someone_without_the_training(member):
    with pytest.raises(ProposalForbidden):
        writing.propose(by=member, values=values(), typed=[TYPED])
    assert Proposal.objects.count() == 0


def test_a_double_click_makes_one_proposal(proposer):
    first = writing.propose(by=proposer, values=values(), typed=[TYPED], submit=True)
    second = writing.propose(by=proposer, values=values(), typed=[TYPED], submit=True)
    assert first.pk == second.pk
    assert Proposal.objects.count() == 1


def test_the_proposer_amends_until_the_meeting_decides(submitted, proposer, commission_member):
    writing.amend(submitted, by=proposer, values=values(title="Wanda (copie 35 mm)"))
    submitted.refresh_from_db()
    assert submitted.title == "Wanda (copie 35 mm)"
    assert submitted.events.filter(kind="amended").count() == 1
    change_status(submitted, S.ON_AGENDA, by=commission_member)
    change_status(submitted, S.ACCEPTED, by=commission_member)
    with pytest.raises(ProposalForbidden) as refused:
        writing.amend(submitted, by=proposer, values=values(title="Autre"))
    assert refused.value.code == "not_amendable"
    submitted.refresh_from_db()
    assert submitted.title == "Wanda (copie 35 mm)"


def test_no_one_else_amends_a_proposal(submitted, qualified, commission_member):
    for person in (qualified, commission_member):
        with pytest.raises(ProposalForbidden):
            writing.amend(submitted, by=person, values=values(title="Pris"))
    submitted.refresh_from_db()
    assert submitted.title == "Wanda"


def test_members_comment_and_follow(submitted, member):
    note = writing.comment(submitted, by=member, text="  Oui, vu à Lussas : magnifique.  ")
    assert note.text == "Oui, vu à Lussas : magnifique."
    assert submitted.follows.get(user=member).choice == "each"
    row = writing.follow(submitted, by=member, choice="weekly")
    assert row.choice == "weekly"
    assert submitted.follows.count() == 2


def test_a_double_click_posts_one_comment(submitted, member):
    writing.comment(submitted, by=member, text="Oui")
    writing.comment(submitted, by=member, text="Oui")
    assert ProposalComment.objects.count() == 1


@pytest.mark.parametrize(("text", "code"), [("   ", "empty_comment"), ("x" * 5000, "long_comment")])
def test_it_refuses_an_empty_or_endless_comment(submitted, member, text, code):
    with pytest.raises(ProposalRefused) as refused:
        writing.comment(submitted, by=member, text=text)
    assert refused.value.code == code
    assert ProposalComment.objects.count() == 0


def test_outsiders_and_donors_may_not_comment(submitted, outsider):
    with pytest.raises(ProposalForbidden):
        writing.comment(submitted, by=outsider, text="Moi aussi")
    assert ProposalComment.objects.count() == 0


def test_a_draft_is_its_proposers_alone(draft, member):
    with pytest.raises(ProposalForbidden):
        writing.comment(draft, by=member, text="Déjà ?")


def test_an_unknown_follow_choice_is_refused(submitted, member):
    with pytest.raises(ProposalRefused) as refused:
        writing.follow(submitted, by=member, choice="daily")
    assert refused.value.code == "bad_choice"
    assert submitted.follows.filter(user=member).count() == 0


def test_a_refusal_inside_a_transaction_leaves_it_usable(submitted, member):
    with transaction.atomic():
        with pytest.raises(ProposalRefused):
            writing.comment(submitted, by=member, text="")
        assert Proposal.objects.count() == 1
