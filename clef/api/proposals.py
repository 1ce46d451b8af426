"""Proposals for signed-in members: list and read them, propose (those trained to), and
comment. The same rules as the pages (`programming.proposals`): drafts are their
proposer's, the venue's rule is answered, bad input writes nothing."""

import datetime as dt
from contextlib import contextmanager
from typing import Annotated

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from clef.api import schemas
from clef.api.auth import SIGNED_IN
from clef.api.errors import ApiError
from clef.lib.forms import FIRST_DAY, LARGEST_ID, LAST_DAY, to_id
from clef.programme.models import Film
from clef.programming import proposals_writing as writing
from clef.programming.models import Proposal, ProposedFilm
from clef.programming.proposals import ProposalRefused, may_take_part
from clef.programming.proposals_queries import listed, visible_to
from clef.venues.models import Room

router = Router(tags=["proposals"], auth=SIGNED_IN)
ERRORS = {401: schemas.Error, 403: schemas.Error, 404: schemas.Error, 409: schemas.Error}
PAGE = 100
INPUT_CODES = {
    "no_title",
    "no_film_title",
    "bad_runtime",
    "bad_period",
    "empty_comment",
    "long_comment",
}


# An id: a row's, within what a database stores (a 30-digit number names nothing).
Id = Annotated[int, Field(ge=1, le=LARGEST_ID)]


class FilmOut(Schema):
    id: int | None
    title: str
    directors: str
    year: int | None
    countries: str
    runtime: int | None
    typed: bool


class CommentOut(Schema):
    id: int
    author: str
    text: str
    created_at: dt.datetime


class ProposalOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    proposer: str
    reason: str
    wished_from: dt.date | None
    wished_to: dt.date | None
    wished_room: str | None
    in_cinemas_now: bool | None
    released_when: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    films: list[FilmOut]
    comments: int


class ProposalDetail(ProposalOut):
    comment_list: list[CommentOut]


class TypedFilmIn(Schema):
    title: str = Field(..., max_length=200)
    directors: str = Field("", max_length=300)
    year: int | None = Field(None, ge=1880, le=2100)
    countries: str = Field("", max_length=200)
    runtime: int | None = Field(None, ge=1, le=999)
    languages: str = Field("", max_length=200)
    versions: str = Field("", max_length=200)
    formats: list[ProposedFilm.Format] = Field([], max_length=4)
    rights_contact: str = Field("", max_length=300)


class ProposalIn(Schema):
    title: str = Field(..., max_length=200)
    kind: Proposal.Kind = Proposal.Kind.SCREENING
    reason: str = Field("", max_length=5000)
    films: list[Id] = Field([], max_length=20, description="Ids of clef's films.")
    typed_films: list[TypedFilmIn] = Field([], max_length=20)
    wished_from: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)
    wished_to: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)
    wished_room: Id | None = None
    in_cinemas_now: bool | None = None
    released_when: str = Field("", max_length=100)
    submit: bool = Field(False, description="Submit at once, else keep as a draft.")


class CommentIn(Schema):
    text: str = Field(..., max_length=4000)


def _member(request):
    if not may_take_part(request.auth):
        raise ApiError(403, "forbidden", _("Only members read and discuss the proposals."))


def _name(user):
    return user.get_short_name() or user.get_username()


def _out(proposal, comments=None):
    films = [
        {"id": f.pk, "title": f.title, "directors": f.directors, "year": f.year,
         "countries": f.countries, "runtime": f.runtime, "typed": False}
        for f in proposal.films.all()
    ] + [
        {"id": None, "title": f.title, "directors": f.directors, "year": f.year,
         "countries": f.countries, "runtime": f.runtime, "typed": True}
        for f in proposal.proposed_films.all()
    ]  # fmt: skip
    out = {
        "id": proposal.pk,
        "title": proposal.title,
        "kind": proposal.kind,
        "status": proposal.status,
        "proposer": _name(proposal.proposer),
        "reason": proposal.reason,
        "wished_from": proposal.wished_from,
        "wished_to": proposal.wished_to,
        "wished_room": proposal.wished_room.name if proposal.wished_room else None,
        "in_cinemas_now": proposal.in_cinemas_now,
        "released_when": proposal.released_when,
        "created_at": proposal.created_at,
        "submitted_at": proposal.submitted_at,
        "films": films,
        "comments": getattr(proposal, "comment_count", None) if comments is None else len(comments),
    }
    if comments is not None:
        out["comment_list"] = [
            {"id": c.pk, "author": _name(c.author), "text": c.text, "created_at": c.created_at}
            for c in comments
        ]
    return out


def _proposal(request, pk):
    pk = to_id(pk)
    proposal = (
        visible_to(request.auth).select_related("proposer", "wished_room").filter(pk=pk).first()
        if pk
        else None
    )
    if proposal is None:
        raise Http404
    return proposal


class Filters(Schema):
    status: Proposal.Status | None = None
    kind: Proposal.Kind | None = None
    mine: bool = False


@router.get("/proposals", response={200: list[ProposalOut], **ERRORS})
def list_proposals(request, filters: Query[Filters]):
    """The proposals one may read, newest first (at most 100): every one but others'
    drafts."""
    _member(request)
    rows = listed(
        request.auth,
        status=filters.status or "",
        kind=filters.kind or "",
        mine=filters.mine,
    )[:PAGE]
    return [_out(p) for p in rows]


@router.get("/proposals/{pk}", response={200: ProposalDetail, **ERRORS})
def read_proposal(request, pk: str):
    _member(request)
    proposal = _proposal(request, pk)
    return _out(proposal, list(proposal.comments.select_related("author")))


@contextmanager
def _input_refusals():
    """What was sent cannot be read or is out of bounds: 422, as ninja's own checks;
    other refusals (a state that does not allow it) stay 409."""
    try:
        yield
    except ProposalRefused as refused:
        if refused.code in INPUT_CODES:
            raise ApiError(422, refused.code, refused.message) from None
        raise


def _found(model, ids, what):
    rows = list(model.objects.filter(pk__in=ids))
    if len(rows) != len(set(ids)):
        raise ApiError(
            422, f"unknown_{what}", _("Some of the %(what)s named do not exist.") % {"what": what}
        )
    return rows


@router.post("/proposals", response={201: ProposalDetail, **ERRORS, 422: schemas.Invalid})
def create_proposal(request, payload: ProposalIn):
    """Propose films (those holding the programming training): kept as a draft, or
    submitted at once with ``submit``."""
    films = _found(Film, payload.films, "films")
    room = _found(Room, [payload.wished_room], "rooms")[0] if payload.wished_room else None
    values = {
        "title": payload.title,
        "kind": payload.kind,
        "reason": payload.reason,
        "wished_from": payload.wished_from,
        "wished_to": payload.wished_to,
        "wished_room": room,
        "in_cinemas_now": payload.in_cinemas_now,
        "released_when": payload.released_when,
    }
    typed = [film.dict() for film in payload.typed_films]
    for film in typed:
        film["formats"] = [str(value) for value in film["formats"]]
    with _input_refusals():
        proposal = writing.propose(
            by=request.auth, values=values, films=films, typed=typed, submit=payload.submit
        )
    return Status(201, _out(proposal, []))


@router.post("/proposals/{pk}/comments", response={201: CommentOut, **ERRORS, 422: schemas.Invalid})
def comment_proposal(request, pk: str, payload: CommentIn):
    _member(request)
    proposal = _proposal(request, pk)
    with _input_refusals():
        note = writing.comment(proposal, by=request.auth, text=payload.text)
    return Status(
        201,
        {
            "id": note.pk,
            "author": _name(note.author),
            "text": note.text,
            "created_at": note.created_at,
        },
    )
