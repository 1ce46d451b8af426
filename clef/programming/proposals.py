"""Proposals: who may do what with them, and the one service that changes their state.

Who may propose: a member holding the programming qualification
(`volunteers.qualifications.holds(user, "programming")`), or anyone with the programmer
or commission role. Who may comment and follow: members (a membership valid today, or
the member role), those who may propose, the commission. The state changes only through
`change_status`, which checks who may make each change (see `may_change`), keeps it
(`ProposalEvent`), logs it and tells the followers.
"""

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.lib import roles
from clef.lib.actions import log_action
from clef.lib.refusals import Forbidden, Refused
from clef.members.models import Membership
from clef.programming.models import (
    Proposal,
    ProposalEvent,
)
from clef.programming.proposals_follow import tell_followers
from clef.volunteers.qualifications import holds

Status = Proposal.Status

# The programming qualification's code among the volunteers' trainings.
PROGRAMMING = "programming"

# Every change allowed, from each state, and who may make it:
# "proposer" (the proposal's own, while they may still propose), "decider" (the
# commission, or the facilitator of a meeting whose agenda holds the proposal),
# "commission" (the commission alone), "carrier" (the proposer or the commission: marking
# a proposal screened).
TRANSITIONS = {
    (Status.DRAFT, Status.SUBMITTED): {"proposer"},
    (Status.DRAFT, Status.WITHDRAWN): {"proposer", "commission"},
    (Status.SUBMITTED, Status.ON_AGENDA): {"decider"},
    (Status.SUBMITTED, Status.WITHDRAWN): {"proposer", "commission"},
    (Status.POSTPONED, Status.ON_AGENDA): {"decider"},
    (Status.POSTPONED, Status.WITHDRAWN): {"proposer", "commission"},
    (Status.ON_AGENDA, Status.ACCEPTED): {"decider"},
    (Status.ON_AGENDA, Status.POSTPONED): {"decider"},
    (Status.ON_AGENDA, Status.DECLINED): {"decider"},
    (Status.ON_AGENDA, Status.WITHDRAWN): {"proposer", "commission"},
    # Taken off an agenda that will not decide it (the meeting cancelled).
    (Status.ON_AGENDA, Status.SUBMITTED): {"decider"},
    (Status.ACCEPTED, Status.SCREENED): {"carrier"},
    (Status.ACCEPTED, Status.WITHDRAWN): {"proposer", "commission"},
}

# States in which the proposer may still amend it (until the meeting decides).
AMENDABLE = {Status.DRAFT, Status.SUBMITTED, Status.ON_AGENDA, Status.POSTPONED}
# States shown to every member; a draft is its proposer's alone.
VISIBLE = [status for status in Status.values if status != Status.DRAFT]
DECIDED = {Status.ACCEPTED, Status.POSTPONED, Status.DECLINED}


class ProposalRefused(Refused):
    pass


class ProposalForbidden(Forbidden):
    pass


# --- who is who ---------------------------------------------------------------------------
def _active(user):
    return bool(user) and user.is_authenticated and user.is_active


def _in_roles(user, *names):
    return user.is_superuser or user.groups.filter(name__in=names).exists()


def in_commission(user):
    return _active(user) and _in_roles(user, roles.COMMISSION, roles.ADMINISTRATOR)


def may_propose(user):
    """A member holding the programming qualification, or a programmer or a commission
    member by their role."""
    if not _active(user):
        return False
    return holds(user, PROGRAMMING) or _in_roles(user, roles.PROGRAMMER, roles.COMMISSION)


def is_member(user):
    """A membership valid today, or the member role. Giving money is not membership."""
    if not _active(user):
        return False
    today = timezone.localdate()
    return Membership.objects.valid_on(today).filter(person=user).exists() or _in_roles(
        user, roles.MEMBER
    )


def may_take_part(user):
    """Read the proposals, comment, follow: members, those who may propose, the
    commission."""
    return _active(user) and (is_member(user) or may_propose(user) or in_commission(user))


def may_see(user, proposal):
    if not _active(user):
        return False
    if proposal.status == Status.DRAFT:
        return proposal.proposer_id == user.pk or in_commission(user)
    return may_take_part(user)


def facilitates(user, proposal):
    """Whether ``user`` facilitates a meeting not held yet whose agenda (or one of whose
    rankings) holds the proposal. Read by name: the meetings' model may not be there."""
    if not _active(user):
        return False
    try:
        meeting = apps.get_model("programming", "Meeting")
        open_states = [meeting.Status.SCHEDULED, meeting.Status.OPEN]
        meetings = meeting.objects.filter(facilitator=user, status__in=open_states)
        return (
            meetings.filter(items__proposal=proposal).exists()
            # A ranking of several proposals is one item; its choices name them.
            or meetings.filter(polls__choices__proposal=proposal).exists()
        )
    except (LookupError, FieldError, AttributeError):
        return False


def _capacities(user, proposal):
    held = set()
    if proposal.proposer_id == user.pk and may_propose(user):
        held.add("proposer")
    if in_commission(user):
        held |= {"commission", "decider", "carrier"}
    elif facilitates(user, proposal):
        held.add("decider")
    if proposal.proposer_id == user.pk:
        held.add("carrier")
    return held


def may_change(user, proposal, status):
    """Whether ``user`` may move ``proposal`` to ``status`` now."""
    needed = TRANSITIONS.get((proposal.status, status))
    if not needed or not _active(user):
        return False
    return bool(needed & _capacities(user, proposal))


def may_amend(user, proposal):
    return (
        _active(user)
        and proposal.proposer_id == user.pk
        and proposal.status in AMENDABLE
        and may_propose(user)
    )


def next_states(user, proposal):
    """The states ``user`` may move the proposal to, in the order of `Status`."""
    return [
        status
        for status in Status
        if (proposal.status, status) in TRANSITIONS and may_change(user, proposal, status)
    ]


# --- the one service that changes a proposal's state -------------------------------------
def change_status(proposal, status, *, by, reason=""):
    """Move ``proposal`` to ``status``, as ``by``: checked, kept, logged, followers told.

    Refused (nothing written): a change the states do not allow (``not_allowed``), a
    person who may not make it (``forbidden``, 403), a draft submitted without an answer
    to the venue's rule (``rule_unanswered``)."""
    status = Status(status)
    reason = (reason or "").strip()
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if (proposal.status, status) not in TRANSITIONS:
            raise ProposalRefused(
                "not_allowed",
                _("A proposal cannot go from “%(old)s” to “%(new)s”.")
                % {"old": proposal.get_status_display(), "new": status.label},
            )
        if not may_change(by, proposal, status):
            raise ProposalForbidden(
                "forbidden",
                _("You may not move this proposal to “%(new)s”.") % {"new": status.label},
            )
        if status == Status.SUBMITTED:
            check_complete(proposal)
        old = proposal.status
        now = timezone.now()
        proposal.status = status
        fields = ["status", "updated_at"]
        if status == Status.SUBMITTED and proposal.submitted_at is None:
            proposal.submitted_at = now
            fields.append("submitted_at")
        if status in DECIDED:
            proposal.decided_at = now
            fields.append("decided_at")
        proposal.save(update_fields=fields)
        event = ProposalEvent.objects.create(
            proposal=proposal,
            kind=ProposalEvent.Kind.STATUS,
            by=by,
            from_status=old,
            to_status=status,
            reason=reason[:2000],
        )
        log_action(
            "programming.proposal.status_changed",
            by=by,
            proposal=proposal.pk,
            old=old,
            new=str(status),
        )
        tell_followers(event)
    return proposal


def check_complete(proposal):
    if not proposal.title.strip():
        raise ProposalRefused("no_title", _("A proposal needs a title."))
    if proposal.in_cinemas_now is None:
        raise ProposalRefused(
            "rule_unanswered",
            _("Say whether the film is in cinemas now before submitting the proposal."),
        )
    if not proposal.films.exists() and not proposal.proposed_films.exists():
        raise ProposalRefused("no_film", _("Name at least one film before submitting."))
