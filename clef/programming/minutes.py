"""What a meeting's minutes say, read once for its page, its PDF and its email: who was
there and who was represented, each item with its votes, their counts and outcome, the
objections with their reasons, the decisions noted, and the free text.

A secret vote's minutes give counts and reasons only, never a name beside a choice.
Queries do not grow with the number of items or votes (a test guards the agenda)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from clef.programming import votes
from clef.programming.models import AgendaItem, Attendance, Ballot, Poll, PollChoice, Proxy


@dataclass
class VoteSummary:
    poll: Poll
    result: object
    objections: list = field(default_factory=list)  # (person or None, reason)
    ranking: list = field(default_factory=list)  # choices, best first
    table: list = field(default_factory=list)  # rows of the pairwise table


@dataclass
class ItemSummary:
    item: AgendaItem
    votes: list

    @property
    def voting(self):
        """Whether a vote on the item is open."""
        return any(summary.poll.status == Poll.Status.OPEN for summary in self.votes)


@dataclass
class Minutes:
    meeting: object
    present: list
    represented: list  # (giver, holder)
    items: list
    rankings: list


def agenda(meeting):
    """The agenda's items with their proposals and proposers: two queries."""
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("proposal__proposer")
        .order_by("position", "pk")
    )


def minutes_of(meeting):
    polls = list(
        Poll.objects.filter(meeting=meeting)
        .prefetch_related(
            Prefetch(
                "ballots", queryset=Ballot.objects.filter(replaced_at=None).select_related("voter")
            ),
            Prefetch("choices", queryset=PollChoice.objects.order_by("position", "pk")),
        )
        .order_by("pk")
    )
    summaries = {poll.pk: summarize(poll) for poll in polls}
    items = [
        ItemSummary(item, [summaries[p.pk] for p in polls if p.item_id == item.pk])
        for item in agenda(meeting)
    ]
    present = [
        a.user
        for a in Attendance.objects.filter(meeting=meeting, present=True)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    ]
    represented = [
        (p.giver, p.holder)
        for p in Proxy.objects.filter(meeting=meeting).select_related("giver", "holder")
        if p.holder in present and p.giver not in present
    ]
    rankings = [summaries[p.pk] for p in polls if p.item_id is None]
    return Minutes(meeting, present, represented, items, rankings)


def summarize(poll):
    """The counts of a poll whose ballots (current ones) and choices are prefetched."""
    from clef.programming import counting

    ballots = list(poll.ballots.all())
    if poll.kind == Poll.Kind.CONSENT:
        result = counting.count_consent(b.answer for b in ballots)
    elif poll.kind == Poll.Kind.MAJORITY:
        result = counting.count_majority((b.answer for b in ballots), quorum=votes.quorum())
    else:
        choices = {choice.pk: choice for choice in poll.choices.all()}
        result = counting.count_ranking(choices, [b.ranking for b in ballots])
        summary = VoteSummary(poll, result, ranking=[choices[pk] for pk in result.order])
        summary.table = [
            (
                choices[a],
                [
                    None if a == b else (result.preferences[a, b], result.strengths[a, b])
                    for b in result.candidates
                ],
            )
            for a in result.candidates
        ]
        return summary
    objections = [
        (None if poll.secret else b.voter, b.reason)
        for b in ballots
        if b.answer == Ballot.Answer.OBJECT
    ]
    return VoteSummary(poll, result, objections=objections)
