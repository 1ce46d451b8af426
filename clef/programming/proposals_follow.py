"""Following a proposal: each follower chose an email at each change, a weekly digest, or
none. `tell_followers` mails the first at once (after the transaction commits, in each
reader's language); `send_digests` (run weekly by `clef proposal_digests`) mails the second
what happened in the week, once per person and week."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from clef.lib.actions import log_action
from clef.lib.mail import send_mail_on_commit
from clef.programming.models import ProposalDigest, ProposalEvent, ProposalFollow


def language_of(user):
    """The language the person reads (their `members.Person`), else the site's."""
    person = getattr(user, "person", None) if user else None
    return getattr(person, "language", None) or settings.LANGUAGE_CODE


def tell_followers(event):
    """Email the followers who chose each change (never the person who made it, nor one
    without an address)."""
    follows = (
        ProposalFollow.objects.filter(proposal=event.proposal, choice=ProposalFollow.Choice.EACH)
        .exclude(user__email="")
        .select_related("user__person")
    )
    if event.by_id is not None:
        follows = follows.exclude(user_id=event.by_id)
    sent = 0
    for row in follows:
        if not row.user.is_active:
            continue
        send_mail_on_commit(
            "programming/emails/proposal_changed",
            {"event": event, "proposal": event.proposal, "reader": row.user},
            to=row.user.email,
            language=language_of(row.user),
        )
        sent += 1
    return sent


def week_of(day):
    """The Monday that starts ``day``'s calendar week: the digest's key."""
    return day - dt.timedelta(days=day.weekday())


def send_digests(*, now=None):
    """Send each weekly follower what happened to the proposals they follow since their
    last digest (at most the past week), others' doings only. One digest per person and
    week: run twice, nothing is sent twice. Returns how many were sent."""
    now = now or timezone.now()
    week = week_of(timezone.localdate(now))
    since_default = now - dt.timedelta(days=7)
    follows = (
        ProposalFollow.objects.filter(choice=ProposalFollow.Choice.WEEKLY)
        .exclude(user__email="")
        .filter(user__is_active=True)
        .select_related("user__person")
        .order_by("user_id")
    )
    by_user = {}
    for row in follows:
        by_user.setdefault(row.user, []).append(row.proposal_id)
    sent = 0
    for user, proposal_ids in by_user.items():
        if ProposalDigest.objects.filter(user=user, week=week).exists():
            continue
        last = ProposalDigest.objects.filter(user=user).order_by("-until").first()
        since = max(last.until, since_default) if last else since_default
        events = list(
            ProposalEvent.objects.filter(proposal_id__in=proposal_ids, at__gt=since, at__lte=now)
            .exclude(by=user)
            .exclude(kind=ProposalEvent.Kind.CREATED)
            .select_related("proposal", "by", "comment")
            .order_by("proposal_id", "at", "pk")
        )
        if not events:
            continue
        try:
            with transaction.atomic():
                ProposalDigest.objects.create(user=user, week=week, until=now)
                send_mail_on_commit(
                    "programming/emails/proposal_digest",
                    {"events": events, "reader": user, "week": week},
                    to=user.email,
                    language=language_of(user),
                )
                log_action(
                    "programming.proposal_digest.sent", by=None, obj=user, events=len(events)
                )
        except IntegrityError:  # another run sent it meanwhile
            continue
        sent += 1
    return sent
