"""Votes: who may vote in a poll, casting a vote (a second one replaces the first, which
is kept), closing a poll and what it decides, and its results.

Only members vote: a membership valid today (`members.Membership`); giving money never
gives a vote. In a poll of a meeting, those the facilitator marked present vote, each
for themselves and for the members whose proxy they hold (a giver who came after all
votes for themselves). Online, between meetings, every member votes until the closing
time.

**Secret polls**: a ballot keeps no voter and no "cast by"; it carries `voter_key`, a
keyed hash (HMAC-SHA256 with the site's secret key) of the poll and the voter, so that a
second vote replaces the first and "has voted" can be answered, but no page, export,
API or log line ties a person to a choice: pages show counts, the log says who voted,
never what, and objections' reasons are listed without names. The keys hash the secret
key: changing it while a poll is open lets its voters vote again.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.lib.refusals import Forbidden, Refused
from clef.members.models import Membership
from clef.programming import counting
from clef.programming.models import Attendance, Ballot, Poll, PollChoice, Proposal, Proxy

LONGEST_REASON = 2000
ANSWERS = {
    Poll.Kind.CONSENT: {Ballot.Answer.CONSENT, Ballot.Answer.OBJECT},
    Poll.Kind.MAJORITY: {Ballot.Answer.FOR, Ballot.Answer.AGAINST, Ballot.Answer.ABSTAIN},
    Poll.Kind.RANKING: {Ballot.Answer.RANKED},
}


class VoteRefused(Refused):
    pass


class VoteForbidden(Forbidden):
    pass


def quorum():
    """How many members present or represented a majority vote needs to count."""
    return settings.CLEF_MEETING_QUORUM


def voter_key(poll, user):
    message = f"programming.ballot:{poll.pk}:{user.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def has_membership(user, day=None):
    """A membership valid on ``day`` (today by default): the one right to vote."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    day = day or timezone.localdate()
    return Membership.objects.valid_on(day).filter(person=user).exists()


def is_closed(poll, now=None):
    now = now or timezone.now()
    return poll.status == Poll.Status.CLOSED or (
        poll.closes_at is not None and poll.closes_at <= now
    )


def has_voted(poll, user):
    return Ballot.objects.filter(
        poll=poll, voter_key=voter_key(poll, user), replaced_at=None
    ).exists()


def represented(poll):
    """In a meeting's poll, who votes: each member present (held by None) and each
    absent member whose proxy a member present holds (held by that member's id)."""
    present = set(
        Attendance.objects.filter(meeting_id=poll.meeting_id, present=True).values_list(
            "user_id", flat=True
        )
    )
    who = dict.fromkeys(present)
    for giver, holder in Proxy.objects.filter(meeting_id=poll.meeting_id).values_list(
        "giver_id", "holder_id"
    ):
        if holder in present and giver not in present:
            who[giver] = holder
    return who


def voices(poll, user):
    """Whom ``user`` may vote for in ``poll``: themselves, and in a meeting the members
    whose proxy they hold and who are not there. Empty when they may not vote."""
    if not has_membership(user):
        return []
    if poll.meeting_id is None:
        return [user]
    who = represented(poll)
    if user.pk not in who or who[user.pk] is not None:
        return []
    givers = [
        proxy.giver
        for proxy in Proxy.objects.filter(meeting_id=poll.meeting_id, holder=user).select_related(
            "giver"
        )
        if who.get(proxy.giver_id) == user.pk and has_membership(proxy.giver)
    ]
    return [user, *givers]


def may_record(user, poll):
    """The facilitator (or the commission) records the votes of those present, out loud:
    never in a secret poll."""
    from clef.programming.meetings import runs

    return poll.meeting is not None and not poll.secret and runs(user, poll.meeting)


def cast_vote(poll, *, voter, by, answer, reason="", ranking=None, now=None):
    """``by`` votes for ``voter`` (themselves, someone whose proxy they hold, or a member
    present whose vote the facilitator records). A second vote replaces the first."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if is_closed(poll, now):
            raise VoteRefused("closed", _("This poll is closed: votes are no longer taken."))
        if poll.meeting_id and poll.meeting.status != poll.meeting.Status.OPEN:
            raise VoteRefused("meeting_not_open", _("This meeting is not in progress."))
        if not has_membership(voter):
            raise VoteForbidden("not_a_member", _("Only members with a valid membership vote."))
        who = represented(poll) if poll.meeting_id else {}
        recorded = by.pk != voter.pk and may_record(by, poll) and voter.pk in who
        if not recorded and voter not in voices(poll, by):
            if poll.meeting_id and by.pk != voter.pk:
                raise VoteForbidden(
                    "no_proxy", _("You hold no proxy of this member for this meeting.")
                )
            raise VoteForbidden("may_not_vote", _("You may not vote in this poll."))
        answer, ranking = _checked(poll, answer, reason, ranking)
        key = voter_key(poll, voter)
        replaced = Ballot.objects.filter(poll=poll, voter_key=key, replaced_at=None).update(
            replaced_at=now
        )
        Ballot.objects.create(
            poll=poll,
            voter_key=key,
            voter=None if poll.secret else voter,
            cast_by=None if poll.secret else by,
            by_proxy=who.get(voter.pk) is not None or (not recorded and by.pk != voter.pk),
            answer=answer,
            reason=reason,
            ranking=ranking,
            created_at=None if poll.secret else now,
        )
        details = {"poll": poll.pk, "replaced": bool(replaced)}
        if not poll.secret:
            details.update(voter=voter.pk, answer=answer)
        log_action("programming.poll.voted", by=by, **details)
    return poll


def _checked(poll, answer, reason, ranking):
    if poll.kind == Poll.Kind.RANKING:
        choices = list(poll.choices.values_list("pk", flat=True))
        ranking = [int(pk) for pk in (ranking or [])]
        if not ranking or len(set(ranking)) != len(ranking) or not set(ranking) <= set(choices):
            raise VoteRefused("bad_ranking", _("Rank the choices, each once."))
        return Ballot.Answer.RANKED, ranking
    if answer not in ANSWERS[poll.kind]:
        raise VoteRefused("bad_answer", _("Choose one of the answers offered."))
    if answer == Ballot.Answer.OBJECT and not reason:
        raise VoteRefused("no_reason", _("An objection needs its reason."))
    if len(reason) > LONGEST_REASON:
        raise VoteRefused(
            "long_reason",
            _("Write the reason in at most %(count)s characters.") % {"count": LONGEST_REASON},
        )
    return answer, []


# --- results ------------------------------------------------------------------------
def current_ballots(poll):
    return Ballot.objects.filter(poll=poll, replaced_at=None)


def results(poll):
    """The count: a `counting` result of the poll's kind, read from the current ballots."""
    ballots = list(current_ballots(poll).values_list("answer", "ranking"))
    if poll.kind == Poll.Kind.CONSENT:
        return counting.count_consent(answer for answer, _ranking in ballots)
    if poll.kind == Poll.Kind.MAJORITY:
        return counting.count_majority((answer for answer, _ranking in ballots), quorum=quorum())
    choices = list(poll.choices.all())
    by_pk = {choice.pk: choice for choice in choices}
    result = counting.count_ranking(by_pk, [ranking for _answer, ranking in ballots])
    result.choices = by_pk
    return result


def objections(poll):
    """The objections' reasons, with who raised them unless the poll is secret."""
    rows = current_ballots(poll).filter(answer=Ballot.Answer.OBJECT).select_related("voter")
    return [(None if poll.secret else row.voter, row.reason) for row in rows]


def may_see_results(poll, user, now=None):
    from clef.programming.meetings import runs

    if is_closed(poll, now):
        return True
    if poll.meeting_id:
        return runs(user, poll.meeting)
    return poll.results_after_vote and user.is_authenticated and has_voted(poll, user)


# --- closing ------------------------------------------------------------------------
def close_poll(poll, *, by, now=None):
    """Count, keep the outcome and, in a meeting, record what it decides on the
    proposals through the proposals' one service. Closing a closed poll does nothing."""
    from clef.programming.proposals import change_status

    now = now or timezone.now()
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.status == Poll.Status.CLOSED:
            return poll
        result = results(poll)
        poll.status, poll.closed_at = Poll.Status.CLOSED, now
        poll.outcome = outcome(poll, result)
        poll.save(update_fields=["status", "closed_at", "outcome"])
        if poll.kind == Poll.Kind.RANKING:
            for place, pk in enumerate(result.order, start=1):
                choice = result.choices[pk]
                choice.rank = place
                choice.save(update_fields=["rank"])
        log_action("programming.poll.closed", by=by, poll=poll.pk, outcome=poll.outcome)
        if poll.meeting_id and by is not None:
            for proposal, status in decisions(poll, result):
                change_status(proposal, status, by=by, reason=str(poll.get_outcome_display()))
    return poll


def outcome(poll, result):
    Outcome = Poll.Outcome
    if poll.kind == Poll.Kind.CONSENT:
        return Outcome.ADOPTED if result.adopted else Outcome.OBJECTED
    if poll.kind == Poll.Kind.MAJORITY:
        if not result.quorum_met:
            return Outcome.NO_QUORUM
        return Outcome.ADOPTED if result.adopted else Outcome.REJECTED
    return Outcome.RANKED


def decisions(poll, result):
    """What a meeting's poll decides: (proposal, new status) pairs. Consent with an
    objection and a majority without quorum decide nothing: the proposal stays on the
    agenda, and on the next one. A ranking accepts the first `winners` and postpones the
    others."""
    Status = Proposal.Status
    if poll.kind == Poll.Kind.RANKING:
        pairs = []
        for place, pk in enumerate(result.order):
            proposal = result.choices[pk].proposal
            if proposal is not None and proposal.status == Status.ON_AGENDA:
                pairs.append(
                    (proposal, Status.ACCEPTED if place < poll.winners else Status.POSTPONED)
                )
        return pairs
    proposal = poll.item.proposal if poll.item_id else None
    if proposal is None or proposal.status != Status.ON_AGENDA:
        return []
    if poll.outcome == Poll.Outcome.ADOPTED:
        return [(proposal, Status.ACCEPTED)]
    if poll.outcome == Poll.Outcome.REJECTED:
        return [(proposal, Status.DECLINED)]
    return []


# --- online polls ---------------------------------------------------------------------
def create_poll(
    *,
    question,
    kind,
    closes_at,
    by,
    secret=False,
    results_after_vote=False,
    choices=(),
    winners=1,
    now=None,
):
    """An online poll between meetings, open until ``closes_at``; a ranking offers
    ``choices`` (labels) for ``winners`` places. Created by the commission."""
    from clef.programming.proposals import in_commission

    now = now or timezone.now()
    question = (question or "").strip()
    kind = Poll.Kind(kind)
    if not in_commission(by):
        raise VoteForbidden("forbidden", _("Only the programming commission opens polls."))
    if not question or len(question) > 300:
        raise VoteRefused("bad_question", _("Ask a question of at most 300 characters."))
    if closes_at <= now:
        raise VoteRefused("closes_in_the_past", _("A poll closes in the future."))
    choices = [label.strip() for label in choices if label.strip()]
    if kind == Poll.Kind.RANKING and not 1 <= winners < len(choices):
        raise VoteRefused(
            "bad_winners", _("A ranking needs more choices than places to give, and one place.")
        )
    with transaction.atomic():
        poll = Poll.objects.create(
            question=question,
            kind=kind,
            closes_at=closes_at,
            secret=secret,
            results_after_vote=results_after_vote,
            winners=winners if kind == Poll.Kind.RANKING else 1,
            created_by=by,
        )
        if kind == Poll.Kind.RANKING:
            for position, label in enumerate(choices, start=1):
                PollChoice.objects.create(poll=poll, label=label[:200], position=position)
        log_action("programming.poll.opened", by=by, poll=poll.pk, kind=kind, secret=secret)
    return poll
