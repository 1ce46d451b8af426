"""The waiting list of a full screening: when a seat comes back, everyone not yet told
gets an email, and the first to book takes it."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from clef.lib.actions import log_action
from clef.lib.mail import send_mail_on_commit
from clef.tickets.models import WaitingListEntry


def join(screening, *, email, user=None, language="fr"):
    """Put an address on the list; joining twice keeps the first place."""
    email = email.strip().lower()
    try:
        with transaction.atomic():
            entry = WaitingListEntry.objects.create(
                screening=screening, person=user, email=email, language=language
            )
    except IntegrityError:
        return WaitingListEntry.objects.get(screening=screening, email=email), False
    log_action("tickets.waiting_list.joined", by=user, screening=screening.pk, entry=entry.pk)
    return entry, True


def tell(screening):
    """A seat is back: tell, in order, everyone on the list not told yet (not for a
    screening cancelled: its seats come back because nobody will sit there)."""
    if screening.status == screening.Status.CANCELLED:
        return 0
    entries = list(WaitingListEntry.objects.filter(screening=screening, notified_at__isnull=True))
    if not entries:
        return 0
    WaitingListEntry.objects.filter(pk__in=[e.pk for e in entries]).update(
        notified_at=timezone.now()
    )
    for entry in entries:
        send_mail_on_commit(
            "tickets/emails/seat_available",
            {"screening": screening, "entry": entry},
            to=entry.email,
            language=entry.language,
        )
    log_action("tickets.waiting_list.told", screening=screening.pk, count=len(entries))
    return len(entries)
