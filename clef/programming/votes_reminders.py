"""What the polls' timer does (`clef poll_reminders`, every few minutes): online polls
closing within a day remind the members who have not voted, once; online polls past
their closing time are closed and counted. Run twice, nothing is sent twice."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from clef.lib.actions import log_action
from clef.lib.mail import send_mail_on_commit
from clef.programming.meetings_run import members_to_tell
from clef.programming.models import Ballot, Poll
from clef.programming.votes import close_poll, voter_key


def send_reminders(*, now=None):
    """Each online poll closing in the next 24 hours, not reminded yet: an email to each
    member who has not voted. Returns how many emails."""
    now = now or timezone.now()
    sent = 0
    due = Poll.objects.filter(
        meeting=None,
        status=Poll.Status.OPEN,
        reminder_sent_at=None,
        closes_at__gt=now,
        closes_at__lte=now + dt.timedelta(days=1),
    )
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            poll = Poll.objects.select_for_update().filter(pk=pk, reminder_sent_at=None).first()
            if poll is None:  # another run took it
                continue
            voted = set(
                Ballot.objects.filter(poll=poll, replaced_at=None).values_list(
                    "voter_key", flat=True
                )
            )
            told = 0
            for user, language in members_to_tell(now):
                if voter_key(poll, user) in voted:
                    continue
                send_mail_on_commit(
                    "programming/emails/poll_reminder",
                    {"poll": poll, "user": user},
                    to=user.email,
                    language=language,
                )
                told += 1
            poll.reminder_sent_at = now
            poll.save(update_fields=["reminder_sent_at"])
            log_action("programming.poll.reminded", poll=poll.pk, told=told)
        sent += told
    return sent


def close_due_polls(*, now=None):
    """Online polls past their closing time, closed and counted. Returns how many."""
    now = now or timezone.now()
    due = Poll.objects.filter(meeting=None, status=Poll.Status.OPEN, closes_at__lte=now)
    closed = 0
    for poll in due:
        close_poll(poll, by=None, now=now)
        closed += 1
    return closed
