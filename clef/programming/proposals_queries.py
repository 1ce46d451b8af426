"""Reads of proposals shared by the pages, the API and the figures."""

from django.apps import apps
from django.core.exceptions import FieldError
from django.db.models import Count, Q
from django.utils import timezone

from clef.programming.models import Proposal
from clef.programming.proposals import VISIBLE, in_commission


def visible_to(user):
    """The proposals ``user`` may read: every one but drafts, and their own drafts (the
    commission's drafts too)."""
    proposals = Proposal.objects.all()
    if in_commission(user):
        return proposals
    return proposals.filter(Q(status__in=VISIBLE) | Q(proposer_id=user.pk))


def listed(user, *, status="", kind="", mine=False, q=""):
    """The list page's proposals, filtered, with what each row shows: a fixed number of
    queries whatever their number."""
    proposals = visible_to(user)
    if status:
        proposals = proposals.filter(status=status)
    if kind:
        proposals = proposals.filter(kind=kind)
    if mine:
        proposals = proposals.filter(proposer_id=user.pk)
    if q:
        proposals = proposals.filter(title__icontains=q)
    return (
        proposals.select_related("proposer", "wished_room")
        .prefetch_related("films", "proposed_films")
        .annotate(comment_count=Count("comments", distinct=True))
        .order_by("-created_at", "-pk")
    )


def next_meeting(*, now=None):
    """The next programming meeting, neither cancelled nor held, or None: read by name, since the
    meetings may not be set up (or their model not there)."""
    now = now or timezone.now()
    try:
        meeting = apps.get_model("programming", "Meeting")
        return (
            meeting.objects.filter(starts_at__gte=now)
            .exclude(status__in=[meeting.Status.CANCELLED, meeting.Status.HELD])
            .order_by("starts_at")
            .first()
        )
    except (LookupError, FieldError, AttributeError):
        return None
