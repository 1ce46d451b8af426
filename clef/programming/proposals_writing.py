"""Proposing, amending, commenting and following: what members write about proposals.
Each is atomic and logged; a double click makes one row."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.programming.models import (
    Proposal,
    ProposalComment,
    ProposalEvent,
    ProposalFollow,
    ProposedFilm,
)
from clef.programming.proposals import (
    ProposalForbidden,
    ProposalRefused,
    Status,
    change_status,
    check_complete,
    may_amend,
    may_propose,
    may_see,
)
from clef.programming.proposals_follow import tell_followers

# --- proposing, amending, commenting -------------------------------------------------------
# The fields a proposer writes, and those of a typed film.
PROPOSAL_FIELDS = (
    "title",
    "kind",
    "reason",
    "wished_from",
    "wished_to",
    "wished_room",
    "in_cinemas_now",
    "released_when",
)
FILM_FIELDS = (
    "title",
    "directors",
    "year",
    "countries",
    "runtime",
    "languages",
    "versions",
    "formats",
    "rights_holder",
    "rights_contact",
)


def _check_values(values):
    if not (values.get("title") or "").strip():
        raise ProposalRefused("no_title", _("A proposal needs a title."))
    start, end = values.get("wished_from"), values.get("wished_to")
    if start and end and end < start:
        raise ProposalRefused(
            "bad_period", _("The wished period ends before it begins: check the two dates.")
        )


def _check_typed(typed):
    for film in typed:
        if not (film.get("title") or "").strip():
            raise ProposalRefused("no_film_title", _("Each typed film needs its title."))
        runtime = film.get("runtime")
        if runtime is not None and not 1 <= runtime <= 999:
            raise ProposalRefused("bad_runtime", _("A film's runtime is from 1 to 999 minutes."))


def _write(proposal, values, films, typed):
    for name in PROPOSAL_FIELDS:
        if name in values:
            setattr(proposal, name, values[name])
    proposal.title = proposal.title.strip()
    proposal.save()
    if films is not None:
        proposal.films.set(films)
    if typed is not None:
        proposal.proposed_films.all().delete()
        ProposedFilm.objects.bulk_create(
            ProposedFilm(
                proposal=proposal,
                position=position,
                **{name: film[name] for name in FILM_FIELDS if name in film},
            )
            for position, film in enumerate(typed)
        )


def propose(*, by, values, films=(), typed=(), submit=False):
    """A new proposal by ``by``, kept as a draft or submitted at once. ``values`` holds
    `PROPOSAL_FIELDS`, ``films`` programme films, ``typed`` dicts of `FILM_FIELDS`."""
    if not may_propose(by):
        raise ProposalForbidden(
            "forbidden",
            _("Proposing films needs the programming training: ask the commission."),
        )
    _check_values(values)
    _check_typed(typed)
    with transaction.atomic():
        same = _just_made(by, Proposal.objects.filter(proposer=by, title=values["title"].strip()))
        if same is not None:  # a double click: the proposal just made
            return same
        proposal = Proposal(proposer=by)
        _write(proposal, values, list(films), list(typed))
        ProposalEvent.objects.create(proposal=proposal, kind=ProposalEvent.Kind.CREATED, by=by)
        _follow(proposal, by)
        log_action("programming.proposal.created", by=by, proposal=proposal.pk)
        if submit:
            proposal = change_status(proposal, Status.SUBMITTED, by=by)
    return proposal


def amend(proposal, *, by, values, films=None, typed=None):
    """The proposer changes their proposal, until the meeting decides it."""
    _check_values(values)
    _check_typed(typed or ())
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if not may_amend(by, proposal):
            raise ProposalForbidden(
                "not_amendable",
                _("Only its proposer may amend a proposal, until the meeting decides it."),
            )
        _write(proposal, values, films, typed)
        if proposal.status != Status.DRAFT:
            check_complete(proposal)
            event = ProposalEvent.objects.create(
                proposal=proposal, kind=ProposalEvent.Kind.AMENDED, by=by
            )
            tell_followers(event)
        log_action("programming.proposal.amended", by=by, proposal=proposal.pk)
    return proposal


def comment(proposal, *, by, text):
    """A member's comment on a proposal they may see; its followers are told."""
    text = (text or "").strip()
    if not may_see(by, proposal):
        raise ProposalForbidden("forbidden", _("Only members may comment on proposals."))
    if proposal.status == Status.DRAFT:
        raise ProposalRefused("draft", _("A draft is not open to comments yet."))
    if not text:
        raise ProposalRefused("empty_comment", _("Write your comment first."))
    if len(text) > COMMENT_LENGTH:
        raise ProposalRefused(
            "long_comment",
            _("A comment is at most %(count)s characters.") % {"count": COMMENT_LENGTH},
        )
    with transaction.atomic():
        same = _just_made(
            by, ProposalComment.objects.filter(proposal=proposal, author=by, text=text)
        )
        if same is not None:  # a double click: the comment just posted
            return same
        note = ProposalComment.objects.create(proposal=proposal, author=by, text=text)
        event = ProposalEvent.objects.create(
            proposal=proposal, kind=ProposalEvent.Kind.COMMENTED, by=by, comment=note
        )
        _follow(proposal, by)
        log_action("programming.proposal.commented", by=by, proposal=proposal.pk)
        tell_followers(event)
    return note


COMMENT_LENGTH = 4000
# The same proposal or comment sent again within this time is a double click.
DOUBLE_CLICK = dt.timedelta(seconds=30)


def _just_made(user, rows):
    """The row ``rows`` holds made in the last moments, or None. Takes the user's row
    lock first, so that two requests at once see each other's row."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    return rows.filter(created_at__gte=timezone.now() - DOUBLE_CLICK).order_by("-pk").first()


def follow(proposal, *, by, choice):
    """``by`` follows the proposal with their choice of emails (each change, weekly, none)."""
    if not may_see(by, proposal):
        raise ProposalForbidden("forbidden", _("Only members may follow proposals."))
    if choice not in ProposalFollow.Choice.values:
        raise ProposalRefused("bad_choice", _("Choose how you want to hear of it."))
    with transaction.atomic():
        row, _created = ProposalFollow.objects.update_or_create(
            proposal=proposal, user=by, defaults={"choice": choice}
        )
        log_action("programming.proposal.followed", by=by, proposal=proposal.pk, choice=choice)
    return row


def _follow(proposal, user):
    ProposalFollow.objects.get_or_create(proposal=proposal, user=user)
