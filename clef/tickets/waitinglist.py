"""The waiting list of a full screening: when a seat comes back, everyone not yet told
gets an email, and the first to book takes it."""

from django.db import IntegrityError, transaction
from django.db.models import Q
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


def entry_of(screening, user):
    """The entry ``user`` (signed in) holds on ``screening``'s list, with its place in the
    line (``entry.place``), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    entry = (
        WaitingListEntry.objects.filter(screening=screening)
        .filter(Q(person=user) | Q(email__iexact=user.email or "-"))
        .first()
    )
    if entry is not None:
        entry.place = _place(entry)
    return entry


def entries_of(user, *, now=None):
    """The person's places on the lists of screenings still to come, soonest first, each
    with its place in the line."""
    entries = list(
        WaitingListEntry.objects.filter(Q(person=user) | Q(email__iexact=user.email or "-"))
        .filter(screening__starts_at__gt=now or timezone.now())
        .select_related("screening__room__venue")
        .prefetch_related("screening__screening_films__film")
        .order_by("screening__starts_at", "pk")
    )
    for entry in entries:
        entry.place = _place(entry)
    return entries


def _place(entry):
    before = WaitingListEntry.objects.filter(screening_id=entry.screening_id).filter(
        Q(created_at__lt=entry.created_at) | Q(created_at=entry.created_at, pk__lt=entry.pk)
    )
    return before.count() + 1


def leave(entry, *, by=None):
    """Take a place off a list: nobody will write to that address about that screening."""
    with transaction.atomic():
        deleted, _ = WaitingListEntry.objects.filter(pk=entry.pk).delete()
        if deleted:
            log_action(
                "tickets.waiting_list.left", by=by, screening=entry.screening_id, entry=entry.pk
            )
    return bool(deleted)
