"""The waiting list of a full screening, and fair: a seat that comes back is offered to
the first in line and held for them (``Venue.waiting_offer_minutes``, at most half the
time left before the screening); they take it by booking before the hold ends, from the
email's link or their account; past it, the timer (``clef release_bookings``) offers it
to the next in line. ``seats.count`` counts a held seat as taken for everyone but its
person (``WaitingListEntry.objects.holding_seats``), so that nobody else, online or at
the door, takes it meanwhile. A person who books is off the line (``booked``).

``seats.give_back`` calls ``offer_after_commit``: the seats are offered once the seats
given back are written, in a transaction of their own, under the screening's lock."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.lib.mail import send_mail_on_commit
from clef.lib.refusals import Refused
from clef.programme.models import Screening
from clef.tickets.models import WaitingListEntry

# An offer shorter than this is not made: near the start, the seat goes to whoever books
# it, or to the door.
SHORTEST_OFFER = dt.timedelta(minutes=5)
_SALT = "clef.tickets.waiting-offer"


def join(screening, *, email, user=None, language="fr"):
    """Put an address on the list; joining twice keeps the first place. A place whose
    offer ended without a booking, or whose person booked (and maybe cancelled since),
    joins again at the end of the line: never ahead of anyone waiting; and not while
    seats are free online (``JoinRefused``), which would hold one for it again."""
    email = email.strip().lower()
    try:
        with transaction.atomic():
            # An address typed signed out is its account's, if it has one: booking then
            # takes the place off the line (``booked``, asked by the seats' count).
            entry = WaitingListEntry.objects.create(
                screening=screening,
                person=user or _account_of(email),
                email=email,
                language=language,
            )
    except IntegrityError:
        entry = WaitingListEntry.objects.filter(screening=screening, email=email).first()
        if entry is None:  # left meanwhile: a new place
            return join(screening, email=email, user=user, language=language)
        if entry.state() not in (WaitingListEntry.State.PASSED, WaitingListEntry.State.BOOKED):
            return entry, False
        _refuse_if_seats_left(screening)
        with transaction.atomic():
            # Only as read: a place offered or booked meanwhile is not put back.
            WaitingListEntry.objects.filter(
                pk=entry.pk, offered_at=entry.offered_at, booked_at=entry.booked_at
            ).update(
                created_at=timezone.now(),
                offered_at=None,
                offer_ends_at=None,
                booked_at=None,
                language=language,
            )
        entry.refresh_from_db()
        log_action(
            "tickets.waiting_list.joined_again", by=user, screening=screening.pk, entry=entry.pk
        )
        return entry, True
    log_action("tickets.waiting_list.joined", by=user, screening=screening.pk, entry=entry.pk)
    return entry, True


class JoinRefused(Refused):
    """Joining again refused: ``seats_left``."""


def _refuse_if_seats_left(screening):
    """A place whose offer ended, joining again while seats are free online, would be
    offered one at once, held for hours again without a booking: it books instead."""
    from clef.tickets import seats  # seats imports this module

    if seats.count(screening).online_left:
        raise JoinRefused(
            "seats_left", _("Seats are free online again: book one instead of waiting.")
        )


# --- offering the seats that come back ---------------------------------------------------
def offer_ends(screening, now):
    """Until when a seat offered at ``now`` is held: the venue's time, or half the time
    left before the screening if that is shorter; None when that is too short to offer."""
    held = dt.timedelta(minutes=screening.room.venue.waiting_offer_minutes)
    ends = min(now + held, now + (screening.starts_at - now) / 2)
    return ends if ends - now >= SHORTEST_OFFER else None


def offer(screening, now=None):
    """Offer each seat free online to the next person in line, held for them, and tell
    them by email. Under the screening's lock; safe to run twice (a seat held is not
    free, a place offered is not offered again). Returns the places offered."""
    from clef.tickets import seats  # seats imports this module

    now = now or timezone.now()
    if (
        screening.status != Screening.Status.PUBLISHED
        or screening.is_workshop
        or screening.starts_at <= now
    ):
        return []
    ends = offer_ends(screening, now)
    if ends is None:
        return []
    with transaction.atomic():
        seats.lock(screening)
        free = seats.count(screening, now=now).online_left
        if not free:
            return []
        entries = list(
            WaitingListEntry.objects.filter(
                screening=screening, offered_at=None, booked_at=None
            ).order_by("created_at", "pk")[:free]
        )
        if not entries:
            return []
        for entry in entries:
            if entry.person_id is None:
                # Their account, if they have one, takes the seat held for them.
                entry.person = _account_of(entry.email)
            entry.offered_at, entry.offer_ends_at = now, ends
        WaitingListEntry.objects.bulk_update(entries, ["person", "offered_at", "offer_ends_at"])
        for entry in entries:
            send_mail_on_commit(
                "tickets/emails/seat_offered",
                {"screening": screening, "entry": entry, "token": offer_token(entry)},
                to=entry.email,
                language=entry.language,
            )
        log_action(
            "tickets.waiting_list.offered",
            screening=screening.pk,
            entries=",".join(str(e.pk) for e in entries),
            until=ends.isoformat(timespec="seconds"),
        )
    return entries


def offer_after_commit(screening_ids):
    """Offer the seats of these screenings once the transaction at hand is committed
    (seats given back): in a transaction of its own, so that the screening's lock is
    never taken after the bookings' rows. A failure is logged, never the caller's."""

    def run():
        for screening in Screening.objects.filter(pk__in=screening_ids).select_related(
            "room__venue"
        ):
            offer(screening)

    transaction.on_commit(run, robust=True)


def pass_on(now=None):
    """The timer's part: the seats whose offer ended, and any seat free online, go to
    the next in line of every coming screening with someone waiting. Returns the number
    of places offered."""
    from clef.tickets import seats  # seats imports this module

    now = now or timezone.now()
    someone_waits = WaitingListEntry.objects.filter(
        screening=OuterRef("pk"), offered_at=None, booked_at=None
    )
    waiting = list(
        Screening.objects.filter(
            Exists(someone_waits),
            status=Screening.Status.PUBLISHED,
            starts_at__gt=now + 2 * SHORTEST_OFFER,
        ).select_related("room__venue")
    )
    # Most of them are full: counted together first (no lock), only those with a seat
    # free are offered (and counted again, under their lock).
    counted = seats.count_many(waiting, now)
    return sum(len(offer(s, now)) for s in waiting if counted[s.pk].online_left)


def booked(screening, person, now=None):
    """``person`` booked ``screening``: their place is off the line (the seat held for
    them, if any, is theirs now). Inside the booking's transaction."""
    WaitingListEntry.objects.filter(screening=screening, booked_at=None).filter(
        Q(person=person) | Q(email=(person.email or "-").lower())
    ).update(booked_at=now or timezone.now())


def _account_of(email):
    return get_user_model().objects.filter(email__iexact=email, is_active=True).first()


# --- the link in the offer's email ------------------------------------------------------------
class OfferRefused(Refused):
    """``unknown`` (a link that names no place of the screening, 404) or
    ``someone_else`` (another person's place, 403)."""

    @classmethod
    def unknown(cls):
        refused = cls("unknown", _("This link is not valid"))
        refused.status = 404
        return refused

    @classmethod
    def someone_else(cls):
        refused = cls("someone_else", _("This seat is held for someone else"))
        refused.status = 403
        return refused


def offer_token(entry):
    return signing.Signer(salt=_SALT).sign(str(entry.pk))


def entry_of_token(screening, token):
    """The place the link ``token`` was sent for, on ``screening``'s list, or
    ``OfferRefused.unknown()``."""
    try:
        pk = int(signing.Signer(salt=_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        raise OfferRefused.unknown() from None
    entry = WaitingListEntry.objects.filter(pk=pk, screening=screening).first()
    if entry is None:
        raise OfferRefused.unknown()
    entry.place = _place(entry)
    return entry


def claim(entry, user):
    """The person signed in with the offer's link: the seat held is theirs (an address
    typed while signed out gets its account). Refused when it is another person's."""
    with transaction.atomic():
        entry = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.person_id is not None and entry.person_id != user.pk:
            raise OfferRefused.someone_else()
        if entry.person_id is None:
            entry.person = user
            entry.save(update_fields=["person"])
            log_action("tickets.waiting_list.claimed", by=user, entry=entry.pk)
    return entry


# --- a person's places ----------------------------------------------------------------------
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
        entry.token = offer_token(entry)
    return entry


def entries_of(user, *, now=None):
    """The person's places on the lists of screenings still to come, soonest first, each
    with its place in the line and, when a seat is held for them, the offer's link."""
    entries = list(
        WaitingListEntry.objects.filter(Q(person=user) | Q(email__iexact=user.email or "-"))
        .filter(screening__starts_at__gt=now or timezone.now(), booked_at=None)
        .select_related("screening__room__venue")
        .prefetch_related("screening__screening_films__film")
        .order_by("screening__starts_at", "pk")
    )
    for entry in entries:
        entry.place = _place(entry)
        entry.token = offer_token(entry)
    return entries


def _place(entry):
    """Where ``entry`` stands among those still waiting (1 is the next offered)."""
    before = WaitingListEntry.objects.filter(
        screening_id=entry.screening_id, offered_at=None, booked_at=None
    ).filter(Q(created_at__lt=entry.created_at) | Q(created_at=entry.created_at, pk__lt=entry.pk))
    return before.count() + 1


def leave(entry, *, by=None):
    """Take a place off a list: nobody will write to that address about that screening,
    and a seat held for it goes to the next in line."""
    with transaction.atomic():
        deleted, _ = WaitingListEntry.objects.filter(pk=entry.pk).delete()
        if deleted:
            log_action(
                "tickets.waiting_list.left", by=by, screening=entry.screening_id, entry=entry.pk
            )
            if entry.offered_at is not None:
                offer_after_commit([entry.screening_id])
    return bool(deleted)
