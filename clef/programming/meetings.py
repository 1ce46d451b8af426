"""The monthly meeting before it starts: scheduling it, its agenda, who comes and who
holds whose proxy. Running it is `meetings_run`; its votes `votes`.

Who may do what: the programming commission schedules meetings and builds their agenda;
the facilitator (or the commission) orders the agenda and runs the meeting; members (a
membership valid today) say whether they come and give their proxy to a member who
comes — at most `CLEF_MEETING_PROXIES` held by one member, one given by each.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.lib.refusals import Forbidden, Refused
from clef.programming.models import AgendaItem, Attendance, Meeting, Proposal, Proxy
from clef.programming.proposals import change_status, in_commission
from clef.programming.votes import has_membership

LONGEST_PLACE = 200
LONGEST_MEETING = 8 * 60  # minutes planned for one item, at most
# Proposals a new agenda takes: submitted ones, and those an earlier meeting did not
# decide or postponed.
WAITING = [Proposal.Status.SUBMITTED, Proposal.Status.ON_AGENDA, Proposal.Status.POSTPONED]
COMING = [Meeting.Status.SCHEDULED, Meeting.Status.OPEN]


class MeetingRefused(Refused):
    pass


class MeetingForbidden(Forbidden):
    pass


def runs(user, meeting):
    """The meeting's facilitator, or a commission member."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return meeting.facilitator_id == user.pk or in_commission(user)


def next_meeting(now=None):
    now = now or timezone.now()
    return (
        Meeting.objects.filter(status__in=COMING, starts_at__gte=now - dt.timedelta(hours=6))
        .select_related("facilitator")
        .order_by("starts_at")
        .first()
    )


# --- scheduling -----------------------------------------------------------------------
def schedule_meeting(*, starts_at, place, facilitator=None, by, now=None):
    now = now or timezone.now()
    place = (place or "").strip()
    if not in_commission(by):
        raise MeetingForbidden(
            "forbidden", _("Only the programming commission schedules meetings.")
        )
    if starts_at <= now:
        raise MeetingRefused("in_the_past", _("A meeting is scheduled in the future."))
    if not place:
        raise MeetingRefused("no_place", _("Say where the meeting takes place."))
    if len(place) > LONGEST_PLACE:
        raise MeetingRefused(
            "long_place",
            _("Write the place in at most %(count)s characters.") % {"count": LONGEST_PLACE},
        )
    with transaction.atomic():
        same = Meeting.objects.filter(starts_at=starts_at, place=place, status__in=COMING).first()
        if same is not None:  # a double click: the meeting just scheduled
            return same
        meeting = Meeting.objects.create(
            starts_at=starts_at, place=place, facilitator=facilitator, created_by=by
        )
        log_action(
            "programming.meeting.scheduled",
            by=by,
            meeting=meeting.pk,
            starts_at=starts_at.isoformat(),
            facilitator=getattr(facilitator, "pk", None),
        )
    return meeting


def cancel_meeting(meeting, *, by):
    """Cancelled: its proposals go back to waiting for the next agenda."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not in_commission(by):
            raise MeetingForbidden(
                "forbidden", _("Only the programming commission cancels meetings.")
            )
        if meeting.status != Meeting.Status.SCHEDULED:
            raise MeetingRefused("not_scheduled", _("Only a meeting not started can be cancelled."))
        for item in meeting.items.select_related("proposal"):
            if item.proposal and item.proposal.status == Proposal.Status.ON_AGENDA:
                change_status(item.proposal, Proposal.Status.SUBMITTED, by=by)
        meeting.status = Meeting.Status.CANCELLED
        meeting.save(update_fields=["status"])
        log_action("programming.meeting.cancelled", by=by, meeting=meeting.pk)
    return meeting


# --- the agenda -----------------------------------------------------------------------
def build_agenda(meeting, *, by):
    """Adds to the agenda every proposal waiting for a decision (submitted, undecided at
    an earlier meeting, postponed), oldest submitted first; puts them on the agenda.
    Run again, it adds only those not there yet."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _may_edit_agenda(by, meeting)
        there = set(meeting.items.exclude(proposal=None).values_list("proposal_id", flat=True))
        waiting = (
            Proposal.objects.filter(status__in=WAITING)
            .exclude(pk__in=there)
            .order_by("submitted_at", "pk")
        )
        position = meeting.items.aggregate(last=Max("position"))["last"] or 0
        added = []
        for proposal in waiting:
            position += 1
            added.append(
                AgendaItem.objects.create(meeting=meeting, proposal=proposal, position=position)
            )
            if proposal.status != Proposal.Status.ON_AGENDA:
                change_status(proposal, Proposal.Status.ON_AGENDA, by=by)
        log_action("programming.meeting.agenda_built", by=by, meeting=meeting.pk, added=len(added))
    return added


def add_item(meeting, *, title, by):
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise MeetingRefused("bad_title", _("Give the item a title of at most 200 characters."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _may_edit_agenda(by, meeting)
        position = (meeting.items.aggregate(last=Max("position"))["last"] or 0) + 1
        item = AgendaItem.objects.create(meeting=meeting, title=title, position=position)
        log_action("programming.meeting.item_added", by=by, meeting=meeting.pk, item=item.pk)
    return item


def move_item(item, *, up, by):
    """One place up or down the agenda; the first stays first."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
        _may_edit_agenda(by, meeting)
        items = list(meeting.items.all())
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
        for position, row in enumerate(items, start=1):
            if row.position != position:
                row.position = position
                row.save(update_fields=["position"])
        log_action("programming.meeting.item_moved", by=by, meeting=meeting.pk, item=item.pk)


def plan_item(item, *, minutes, by):
    if not 1 <= minutes <= LONGEST_MEETING:
        raise MeetingRefused(
            "bad_minutes",
            _("Plan from 1 to %(count)s minutes for an item.") % {"count": LONGEST_MEETING},
        )
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
        _may_edit_agenda(by, meeting)
        AgendaItem.objects.filter(pk=item.pk).update(minutes_planned=minutes)
        log_action("programming.meeting.item_planned", by=by, item=item.pk, minutes=minutes)


def _may_edit_agenda(user, meeting):
    if not runs(user, meeting):
        raise MeetingForbidden(
            "forbidden", _("Only the facilitator or the commission edits the agenda.")
        )
    if meeting.status not in COMING:
        raise MeetingRefused("meeting_over", _("This meeting's agenda can no longer change."))


# --- coming, proxies --------------------------------------------------------------------
def _as_member(user, meeting, now):
    if not has_membership(user):
        raise MeetingForbidden("not_a_member", _("Only members with a valid membership take part."))
    if meeting.status != Meeting.Status.SCHEDULED or meeting.starts_at <= now:
        raise MeetingRefused("meeting_started", _("This meeting has started or is over."))


def answer(meeting, user, *, coming, now=None):
    """Says whether ``user`` comes. Coming takes back the proxy they gave; not coming
    hands back the proxies they held."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _as_member(user, meeting, now)
        value = Attendance.Answer.COMING if coming else Attendance.Answer.NOT_COMING
        Attendance.objects.update_or_create(meeting=meeting, user=user, defaults={"answer": value})
        if coming:
            Proxy.objects.filter(meeting=meeting, giver=user).delete()
        else:
            Proxy.objects.filter(meeting=meeting, holder=user).delete()
        log_action("programming.meeting.answered", by=user, meeting=meeting.pk, answer=value)


def give_proxy(meeting, giver, *, holder_name, now=None):
    """``giver``, who does not come, gives their voice to the member named
    ``holder_name`` (their user name), who comes."""
    now = now or timezone.now()
    holder_name = (holder_name or "").strip()[:150]
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _as_member(giver, meeting, now)
        holder = get_user_model().objects.filter(username=holder_name, is_active=True).first()
        if holder is None or not has_membership(holder):
            raise MeetingRefused(
                "holder_not_member", _("A proxy goes to a member with a valid membership.")
            )
        if holder.pk == giver.pk:
            raise MeetingRefused("proxy_to_oneself", _("You cannot give your proxy to yourself."))
        if Proxy.objects.filter(meeting=meeting, giver=giver).exists():
            raise MeetingRefused(
                "proxy_given", _("You have already given your proxy: take it back first.")
            )
        if Proxy.objects.filter(meeting=meeting, giver=holder).exists():
            raise MeetingRefused(
                "holder_not_coming", _("This member has given their own proxy: they do not come.")
            )
        if not Attendance.objects.filter(
            meeting=meeting, user=holder, answer=Attendance.Answer.COMING
        ).exists():
            raise MeetingRefused(
                "holder_not_coming", _("A proxy goes to a member who said they come.")
            )
        limit = settings.CLEF_MEETING_PROXIES
        if Proxy.objects.filter(meeting=meeting, holder=holder).count() >= limit:
            raise MeetingRefused(
                "too_many_proxies",
                _("This member already holds %(count)s proxies, the most one may hold.")
                % {"count": limit},
            )
        Attendance.objects.update_or_create(
            meeting=meeting, user=giver, defaults={"answer": Attendance.Answer.NOT_COMING}
        )
        proxy = Proxy.objects.create(meeting=meeting, giver=giver, holder=holder)
        log_action(
            "programming.meeting.proxy_given", by=giver, meeting=meeting.pk, holder=holder.pk
        )
    return proxy


def take_back_proxy(meeting, giver, *, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _as_member(giver, meeting, now)
        deleted, _rows = Proxy.objects.filter(meeting=meeting, giver=giver).delete()
        if deleted:
            log_action("programming.meeting.proxy_taken_back", by=giver, meeting=meeting.pk)
