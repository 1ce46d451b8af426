"""Seat blocks: the seats a till holds, while it is online, to sell them if the network
drops.

A till (known here by its ticket series, ``holder``: ``tickets`` does not know tills)
holds, for each screening of the coming hours, a share of the seats not sold yet
(``Venue.till_block_percent``), taken only from the seats beyond what is left of the
online quota and beyond the other tills' blocks: so the blocks of all tills and the
online quota never exceed the room. ``seats.count`` counts every block but the counting
till's own, under the screening's lock, and ``seats.issue`` for that till takes its
tickets from its block first; offline, the till sells at most what its block has left.

A block is given back when its till is online again (``hold_coming`` gives back the
blocks of screenings started or out of the window, and the sync gives back every block
once the sales it carried are written), and by the timer once its screening has ended
(``give_back_ended``). A till that stays offline past the start keeps its block until
it comes back: it may have sold the whole block before the start, and giving it to the
door then would sell those seats twice.
"""

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from clef.lib.actions import log_action
from clef.programme.models import Screening
from clef.tickets.models import SeatBlock

# How far ahead a till holds seats.
WINDOW = dt.timedelta(hours=6)
# How long after its start a screening's blocks still count (the end, plus the hour a
# screening still sells at the till).
AFTER_END = dt.timedelta(hours=1)


def held(holder, venue, screenings=None):
    """The blocks ``holder`` holds now in ``venue``, by screening id."""
    blocks = SeatBlock.objects.filter(holder=holder, released_at=None, screening__room__venue=venue)
    if screenings is not None:
        blocks = blocks.filter(screening__in=screenings)
    return {b.screening_id: b for b in blocks}


def take_from(screening, holder, count):
    """``count`` seats sold by ``holder`` come out of its block (never below 0).
    Inside ``seats.issue``, under the screening's lock."""
    SeatBlock.objects.filter(screening=screening, holder=holder, released_at=None).update(
        seats=Greatest(F("seats") - count, 0)
    )


def size_for(screening, seats, percent):
    """How many seats a till may hold for ``screening``, from ``seats`` (the count
    without the till's own block): ``percent`` of the seats not sold, at most the seats
    beyond the other blocks, the seats held for the waiting list and what is left of the
    online quota."""
    unsold = max(0, seats.seats - seats.taken)
    free = max(0, unsold - seats.blocked - seats.offered)
    online_kept = max(0, min(seats.online_capacity - seats.online_taken - seats.offered, free))
    return max(0, min(unsold * percent // 100, free - online_kept))


def hold(screening, holder, percent, *, now=None):
    """Give back ``holder``'s block for ``screening`` and take a new one, sized now (the
    block held stays when it has that size already). Returns the block, or None when
    no seat may be held."""
    from clef.tickets import seats  # seats imports this module

    now = now or timezone.now()
    with transaction.atomic():
        seats.lock(screening)
        size = size_for(screening, seats.count(screening, holder=holder), percent)
        current = SeatBlock.objects.filter(
            screening=screening, holder=holder, released_at=None
        ).first()
        if current is not None and current.seats == size:
            return current  # the till asks every minute: the same block stays
        SeatBlock.objects.filter(screening=screening, holder=holder, released_at=None).update(
            released_at=now
        )
        if not size:
            return None
        return SeatBlock.objects.create(
            screening=screening, holder=holder, granted=size, seats=size, taken_at=now
        )


def coming(venue, now=None):
    """The screenings a till holds seats for: published, with tickets, starting within
    ``WINDOW``."""
    now = now or timezone.now()
    return (
        Screening.objects.filter(
            room__venue=venue,
            status=Screening.Status.PUBLISHED,
            starts_at__gt=now,
            starts_at__lte=now + WINDOW,
        )
        .exclude(kind__in=[Screening.Kind.WORKSHOP, Screening.Kind.PRIVATE])
        .select_related("room", "room__venue")
        .order_by("starts_at", "pk")
    )


def hold_coming(venue, holder, *, by=None, now=None):
    """Online, ``holder`` holds a block for each coming screening (sized again) and
    gives back those of screenings started or out of the window. Returns the blocks
    held, in the screenings' order."""
    now = now or timezone.now()
    screenings = list(coming(venue, now))
    give_back(holder, venue, keep=[s.pk for s in screenings], by=by, now=now)
    percent = venue.till_block_percent
    blocks = []
    for screening in screenings:
        block = hold(screening, holder, percent, now=now)
        if block is not None:
            block.screening = screening
            blocks.append(block)
    if fresh := [b for b in blocks if b.taken_at == now]:
        log_action(
            "tickets.seatblock.held",
            by=by,
            holder=holder,
            blocks=",".join(f"{b.screening_id}:{b.seats}" for b in fresh),
        )
    return blocks


def give_back(holder, venue, *, keep=(), by=None, now=None):
    """``holder`` gives back its blocks in ``venue`` (but those of the screenings in
    ``keep``). Returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        given = (
            SeatBlock.objects.filter(holder=holder, released_at=None, screening__room__venue=venue)
            .exclude(screening__in=keep)
            .update(released_at=now)
        )
        if given:
            log_action("tickets.seatblock.given_back", by=by, holder=holder, blocks=given)
    return given


def give_back_ended(now=None):
    """The timer: blocks of screenings over (their end and the hour a till still sells
    after it) are given back. Returns how many."""
    now = now or timezone.now()
    ended = [
        b.pk
        for b in SeatBlock.objects.filter(released_at=None).select_related("screening")
        if b.screening.ends_at + AFTER_END < now
    ]
    if not ended:
        return 0
    with transaction.atomic():
        SeatBlock.objects.filter(pk__in=ended, released_at=None).update(released_at=now)
        log_action("tickets.seatblock.given_back", holder="*", blocks=len(ended))
    return len(ended)
