"""Polls and meetings for signed-in members: read the meetings (time, place, agenda),
read a poll (its counts once they may be shown, never who chose what in a secret poll)
and vote in it. The same rules as the pages (`programming.votes`)."""

import datetime as dt

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from clef.api import schemas
from clef.api.auth import SIGNED_IN
from clef.api.errors import ApiError
from clef.lib.forms import to_id
from clef.programming import votes
from clef.programming.minutes import agenda, summarize
from clef.programming.models import Ballot, Meeting, Poll
from clef.programming.proposals import may_take_part

router = Router(tags=["meetings and polls"], auth=SIGNED_IN)
ERRORS = {401: schemas.Error, 403: schemas.Error, 404: schemas.Error, 409: schemas.Error}


class AgendaItemOut(Schema):
    position: int
    title: str
    proposal: int | None
    status: str


class MeetingOut(Schema):
    id: int
    starts_at: dt.datetime
    place: str
    status: str
    facilitator: str
    minutes_published: bool
    agenda: list[AgendaItemOut] = []


class ChoiceOut(Schema):
    id: int
    label: str
    rank: int | None


class PollOut(Schema):
    id: int
    question: str
    kind: str
    secret: bool
    meeting: int | None
    closes_at: dt.datetime | None
    closed: bool
    outcome: str
    choices: list[ChoiceOut]
    voted: bool
    results: dict | None = Field(
        None, description="Counts once they may be shown; never a voter's choice."
    )


class VoteIn(Schema):
    answer: str = Field("", max_length=16, examples=["for"])
    reason: str = Field("", max_length=2000)
    ranking: list[int] = Field([], max_length=50)
    voter: int | None = Field(None, description="A member whose proxy you hold.")


def _member(request):
    if not may_take_part(request.auth):
        raise ApiError(403, "forbidden", _("Only members see the meetings and polls."))


def _meeting_out(meeting, items=()):
    return {
        "id": meeting.pk,
        "starts_at": meeting.starts_at,
        "place": meeting.place,
        "status": meeting.status,
        "facilitator": meeting.facilitator.get_short_name() if meeting.facilitator else "",
        "minutes_published": meeting.minutes_published_at is not None,
        "agenda": [
            {
                "position": item.position,
                "title": item.proposal.title if item.proposal else item.title,
                "proposal": item.proposal_id,
                "status": item.proposal.status if item.proposal else "",
            }
            for item in items
        ],
    }


@router.get("/meetings", response={200: list[MeetingOut], **ERRORS})
def list_meetings(request):
    """The meetings, most recent first (at most 50), without their agenda."""
    _member(request)
    rows = Meeting.objects.select_related("facilitator").order_by("-starts_at")[:50]
    return [_meeting_out(meeting) for meeting in rows]


@router.get("/meetings/{meeting_id}", response={200: MeetingOut, **ERRORS})
def read_meeting(request, meeting_id: str):
    _member(request)
    meeting = Meeting.objects.select_related("facilitator").filter(pk=to_id(meeting_id)).first()
    if meeting is None:
        raise Http404
    return _meeting_out(meeting, agenda(meeting))


def _poll(poll_id):
    poll = Poll.objects.filter(pk=to_id(poll_id)).first()
    if poll is None:
        raise Http404
    return poll


def poll_out(poll, user):
    results = None
    if votes.may_see_results(poll, user):
        poll._prefetched_objects_cache = {
            "ballots": Ballot.objects.filter(poll=poll, replaced_at=None),
        }
        summary = summarize(poll)
        result = summary.result
        if poll.kind == Poll.Kind.CONSENT:
            results = {"consents": result.consents, "objections": result.objections}
            results["reasons"] = [reason for _person, reason in summary.objections]
        elif poll.kind == Poll.Kind.MAJORITY:
            results = {
                "for": result.votes_for,
                "against": result.against,
                "abstain": result.abstain,
                "quorum": result.quorum,
                "quorum_met": result.quorum_met,
            }
        else:
            results = {
                "order": [choice.pk for choice in summary.ranking],
                "pairwise": {
                    f"{a}>{b}": count for (a, b), count in sorted(result.preferences.items())
                },
            }
    return {
        "id": poll.pk,
        "question": poll.question,
        "kind": poll.kind,
        "secret": poll.secret,
        "meeting": poll.meeting_id,
        "closes_at": poll.closes_at,
        "closed": votes.is_closed(poll),
        "outcome": poll.outcome,
        "choices": [
            {"id": c.pk, "label": c.label, "rank": c.rank}
            for c in poll.choices.order_by("position", "pk")
        ],
        "voted": votes.has_voted(poll, user),
        "results": results,
    }


@router.get("/polls", response={200: list[PollOut], **ERRORS})
def list_polls(request):
    """The polls, most recent first (at most 50)."""
    _member(request)
    return [poll_out(poll, request.auth) for poll in Poll.objects.all()[:50]]


@router.get("/polls/{poll_id}", response={200: PollOut, **ERRORS})
def read_poll(request, poll_id: str):
    _member(request)
    return poll_out(_poll(poll_id), request.auth)


@router.post("/polls/{poll_id}/vote", response={200: PollOut, **ERRORS})
def vote(request, poll_id: str, payload: VoteIn):
    """Vote (again: the new vote replaces the last). ``answer`` is consent or object,
    for, against or abstain; a ranking sends ``ranking``, the choices' ids best first."""
    poll = _poll(poll_id)
    user = request.auth
    voter = user
    if payload.voter is not None and payload.voter != user.pk:
        voter = next((v for v in votes.voices(poll, user) if v.pk == payload.voter), None)
        if voter is None:
            raise ApiError(403, "no_proxy", _("You hold no proxy of this member for this meeting."))
    votes.cast_vote(
        poll,
        voter=voter,
        by=user,
        answer=payload.answer,
        reason=payload.reason,
        ranking=payload.ranking,
    )
    return poll_out(poll, user)
