"""Running a meeting, on the facilitator's tablet: opening it, checking attendance, taking
each item through a vote, writing the minutes, closing it and publishing the minutes to
the members (a page, a PDF and an email)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.lib.mail import send_mail_on_commit
from clef.members.models import Membership, Person
from clef.programming.meetings import MeetingForbidden, MeetingRefused, runs
from clef.programming.models import AgendaItem, Attendance, Meeting, Poll, PollChoice, Proposal
from clef.programming.votes import close_poll, has_membership

LONGEST_MINUTES = 50_000


def _locked(meeting, by, *, statuses):
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not runs(by, meeting):
        raise MeetingForbidden(
            "forbidden", _("Only the facilitator or the commission runs the meeting.")
        )
    if meeting.status not in statuses:
        raise MeetingRefused("wrong_state", _("This meeting is not in a state that allows this."))
    return meeting


def open_meeting(meeting, *, by):
    with transaction.atomic():
        meeting = _locked(meeting, by, statuses=[Meeting.Status.SCHEDULED])
        meeting.status = Meeting.Status.OPEN
        meeting.save(update_fields=["status"])
        log_action("programming.meeting.opened", by=by, meeting=meeting.pk)
    return meeting


def mark_present(meeting, user, *, present, by):
    with transaction.atomic():
        meeting = _locked(meeting, by, statuses=[Meeting.Status.OPEN])
        if present and not has_membership(user):
            raise MeetingRefused("not_a_member", _("Only members with a valid membership vote."))
        Attendance.objects.update_or_create(
            meeting=meeting, user=user, defaults={"present": present}
        )
        log_action(
            "programming.meeting.attendance",
            by=by,
            meeting=meeting.pk,
            person=user.pk,
            present=present,
        )


def open_vote(meeting, *, kind, by, item=None, secret=False, items=(), winners=1):
    """A poll on ``item`` (consent or majority), or a ranking of the proposals of
    ``items`` for ``winners`` slots. One poll open at a time per item."""
    kind = Poll.Kind(kind)
    with transaction.atomic():
        meeting = _locked(meeting, by, statuses=[Meeting.Status.OPEN])
        if kind == Poll.Kind.RANKING:
            ranked = [i for i in items if i.meeting_id == meeting.pk and i.proposal_id]
            open_rankings = meeting.polls.filter(kind=kind, status=Poll.Status.OPEN)
            if open_rankings.exists():
                raise MeetingRefused("vote_open", _("A ranking is already open: close it first."))
            if len(ranked) < 2:
                raise MeetingRefused("few_choices", _("A ranking needs at least two proposals."))
            if not 1 <= winners < len(ranked):
                raise MeetingRefused(
                    "bad_winners", _("Choose fewer slots than proposals, and at least one.")
                )
            question = _("Ranking for %(count)s slots") % {"count": winners}
            poll = Poll.objects.create(
                meeting=meeting,
                kind=kind,
                secret=secret,
                winners=winners,
                question=question,
                created_by=by,
            )
            for position, agenda_item in enumerate(ranked, start=1):
                PollChoice.objects.create(
                    poll=poll,
                    proposal=agenda_item.proposal,
                    label=agenda_item.proposal.title,
                    position=position,
                )
        else:
            if item is None or item.meeting_id != meeting.pk:
                raise MeetingRefused("no_item", _("Choose an item of this meeting's agenda."))
            if item.polls.filter(status=Poll.Status.OPEN).exists():
                raise MeetingRefused("vote_open", _("A vote on this item is already open."))
            poll = Poll.objects.create(
                meeting=meeting,
                item=item,
                kind=kind,
                secret=secret,
                question=str(item),
                created_by=by,
            )
        log_action("programming.poll.opened", by=by, poll=poll.pk, kind=kind, secret=secret)
    return poll


def close_vote(poll, *, by):
    with transaction.atomic():
        _locked(poll.meeting, by, statuses=[Meeting.Status.OPEN])
        return close_poll(poll, by=by)


def note_decision(item, *, text, by):
    text = (text or "").strip()[:LONGEST_MINUTES]
    with transaction.atomic():
        _locked(item.meeting, by, statuses=[Meeting.Status.OPEN, Meeting.Status.HELD])
        AgendaItem.objects.filter(pk=item.pk).update(decision=text)
        log_action("programming.meeting.decision_noted", by=by, item=item.pk)


def write_minutes(meeting, *, text, by):
    text = (text or "").strip()
    if len(text) > LONGEST_MINUTES:
        raise MeetingRefused(
            "long_minutes",
            _("The minutes take at most %(count)s characters.") % {"count": LONGEST_MINUTES},
        )
    with transaction.atomic():
        meeting = _locked(meeting, by, statuses=[Meeting.Status.OPEN, Meeting.Status.HELD])
        meeting.minutes = text
        meeting.save(update_fields=["minutes"])
        log_action("programming.meeting.minutes_written", by=by, meeting=meeting.pk)
    return meeting


def close_meeting(meeting, *, by):
    """Held: its open votes are closed and counted; a proposal it did not decide stays
    on the agenda of the next meeting (`meetings.build_agenda` takes it)."""
    with transaction.atomic():
        meeting = _locked(meeting, by, statuses=[Meeting.Status.OPEN])
        for poll in meeting.polls.filter(status=Poll.Status.OPEN):
            close_poll(poll, by=by)
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status"])
        undecided = meeting.items.filter(proposal__status=Proposal.Status.ON_AGENDA).count()
        log_action("programming.meeting.held", by=by, meeting=meeting.pk, undecided=undecided)
    return meeting


def publish_minutes(meeting, *, by, now=None):
    """The minutes shown to members and emailed to each, in their language. Published
    once: publishing again does nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _locked(meeting, by, statuses=[Meeting.Status.HELD])
        if meeting.minutes_published_at:
            return meeting
        meeting.minutes_published_at = now
        meeting.save(update_fields=["minutes_published_at"])
        readers = members_to_tell(now)
        for user, language in readers:
            send_mail_on_commit(
                "programming/emails/meeting_minutes",
                {"meeting": meeting, "user": user},
                to=user.email,
                language=language,
            )
        log_action(
            "programming.meeting.minutes_published", by=by, meeting=meeting.pk, told=len(readers)
        )
    return meeting


def members_to_tell(now):
    day = timezone.localdate(now)
    users = {
        m.person_id: m.person
        for m in Membership.objects.valid_on(day).select_related("person").order_by("person_id")
        if m.person.email and m.person.is_active
    }
    languages = dict(Person.objects.filter(user_id__in=users).values_list("user_id", "language"))
    return [(user, languages.get(pk, "fr")) for pk, user in users.items()]
