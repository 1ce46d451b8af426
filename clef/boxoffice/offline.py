"""A till that sold offline sends what it sold: each sale is written as if sold now,
through ``sales.sell``, in the order the till made them.

Each sale carries its idempotency key (sending again after a lost answer neither loses
nor doubles it: "already done"), the till's own time and its sequence at the till. Its
journal entry is appended at the sync, like any sale, and its body keeps the till's
time, sequence and series (``"offline"``): the chain stays one chain, in the order the
server wrote it, signed by the server's key; what the till says of when it sold is a
fact the entry records, covered by the entry's hash and signature.

A sale the server cannot write (a screening cancelled meanwhile, a membership refused,
no seat left) is an ``OfflineConflict``, kept as sent with its reason and answered to
the till, never dropped. The till printed its tickets numbered in its own series: the
conflict takes those numbers from the series and keeps them, voided
(``OfflineConflict.ticket_numbers``), so that the later sales are written with the
numbers printed on their tickets and the series has no gap. A sale may bring those
numbers (``numbers``): they must be the series' next ones, else it is a conflict.

A sale sent after an administrator closed the session it was made in goes into a late
session of the same till and cashier (``TillSession.late_for``), opened for the sync
and closed at its end with nothing counted: its cash was in the drawer the administrator
counted, so the late session's difference (minus that cash)
answers the closed session's (plus that cash), and both are in the journal.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.boxoffice import journal, sales, sessions
from clef.boxoffice.models import JournalEntry, OfflineConflict, Sale, SaleLine, TillSession
from clef.lib.actions import log_action
from clef.lib.refusals import Forbidden, Refused
from clef.tickets import blocks, seats
from clef.venues.numbering import last_number, take_numbers

# Guards against a till sending more than an evening's sales at once.
MAX_SALES = 1000
# How far from the server's clock a till's time may be.
CLOCK_SLACK = dt.timedelta(days=2)


class SyncRefused(Refused):
    """A sync that cannot be taken at all (another till's session, no series)."""


class Missing(Refused):
    """What a sale names and the server does not know (a screening, a member): the
    sale is a conflict."""


@dataclass
class OfflineSale:
    """One sale as the till sent it, read (``api.offline`` checks its shape)."""

    key: str
    sequence: int
    sold_at: dt.datetime
    order: sales.Order
    method: str
    tendered: object = None
    card_part: object = None
    sent: dict = field(default_factory=dict)
    missing: Missing | None = None
    # The numbers the till printed on its tickets (in its series, this year), if sent.
    numbers: list | None = None


@dataclass
class Result:
    key: str
    sequence: int
    status: str  # "done", "already_done" or "conflict"
    sale: str = ""
    tickets: list = field(default_factory=list)
    code: str = ""
    message: str = ""


def check_till(session, by):
    """Refuse a sync into another cashier's session or from a till without a series."""
    sales.check_own(session, by)
    if not session.till.ticket_series:
        raise SyncRefused(
            "no_series",
            _("This till has no ticket series of its own: it cannot sell offline."),
        )


def sync(session, sent, *, by, now=None):
    """Write the sales ``sent`` (``OfflineSale``, any order) made offline in
    ``session``. Returns ``(results in the till's order, late session or None)``. Each
    sale is its own transaction: a sync cut in the middle keeps what it wrote, and the
    same sync sent again answers those "already done"."""
    session = TillSession.objects.select_related("till", "venue", "cashier").get(pk=session.pk)
    check_till(session, by)
    if len(sent) > MAX_SALES:
        raise SyncRefused(
            "too_many", _("Send at most %(count)s sales at once.") % {"count": MAX_SALES}
        )
    now = now or timezone.now()
    till = session.till
    results, late = [], None
    known = _known(till, sent)
    for item in sorted(sent, key=lambda s: (s.sequence, s.key)):
        result = known.get(item.key)
        if result is None:
            target = session
            if not session.is_open:
                late = late or late_session(session, by=by)
                target = late
            result = _write(till, target, item, by=by, now=now)
            # The same key twice in one sync: the second is answered as sent again.
            known[item.key] = _again(result)
        results.append(result)
    if late is not None:
        close_late(late, by=by)
    _name_tickets(results)
    log_action(
        "boxoffice.till.synced",
        by=by,
        session=session.pk,
        till=till.name,
        sales=len(sent),
        done=sum(r.status == "done" for r in results),
        conflicts=sum(r.status == "conflict" for r in results),
    )
    return results, late


def _known(till, sent):
    """{key: the answer} for the keys of ``sent`` already sent, in two queries."""
    keys = [item.key for item in sent]
    sequences = {item.key: item.sequence for item in sent}
    known = {}
    for sale in Sale.objects.filter(idempotency_key__in=keys).select_related("session"):
        key = sale.idempotency_key
        if sale.session.till_id != till.pk:
            known[key] = Result(
                key,
                sequences[key],
                "conflict",
                code="idempotency_conflict",
                message=_("This sale key was used at another till."),
            )
        else:
            known[key] = Result(key, sequences[key], "already_done", sale=sale.code)
    for conflict in OfflineConflict.objects.filter(till=till, key__in=keys):
        known.setdefault(
            conflict.key,
            Result(
                conflict.key,
                sequences[conflict.key],
                "conflict",
                code=conflict.code,
                message=conflict.message,
            ),
        )
    return known


def _again(result):
    """The answer to a sale sent again after ``result``."""
    if result.status != "done":
        return result
    return Result(result.key, result.sequence, "already_done", sale=result.sale)


def _write(till, session, item, *, by, now):
    if item.missing is not None:
        return _conflict(till, session, item, item.missing, by=by)
    offline = {
        "series": till.ticket_series,
        "sequence": item.sequence,
        "sold_at": journal.utc_text(item.sold_at),
    }
    try:
        sale, _created = sales.sell(
            session,
            item.order,
            method=item.method,
            by=by,
            tendered=item.tendered,
            card_part=item.card_part,
            idempotency_key=item.key,
            offline=offline,
            numbers=item.numbers,
        )
    except Forbidden:
        raise
    except Refused as refused:
        return _conflict(till, session, item, refused, by=by)
    return Result(item.key, item.sequence, "done", sale=sale.code)


def _conflict(till, session, item, refused, *, by):
    """Record a sale that could not be written, once per key."""
    try:
        with transaction.atomic():
            year, numbers = _void(till, item)
            OfflineConflict.objects.create(
                till=till,
                session=session,
                cashier=by,
                key=item.key,
                sequence=item.sequence,
                sold_at=item.sold_at,
                code=refused.code[:40],
                message=str(refused.message)[:300],
                sent=item.sent,
                ticket_year=year if numbers else None,
                ticket_numbers=numbers,
            )
            log_action(
                "boxoffice.offlineconflict.recorded",
                by=by,
                till=till.name,
                key=item.key,
                sequence=item.sequence,
                code=refused.code,
                voided=numbers,
            )
    except IntegrityError:
        pass  # the same sale sent twice at once: the other request recorded it
    return Result(
        item.key, item.sequence, "conflict", code=refused.code, message=str(refused.message)
    )


def _printed_count(item):
    """How many tickets the till printed for ``item``."""
    if item.numbers is not None:
        return len(item.numbers)
    prices = item.sent.get("prices") if isinstance(item.sent, dict) else None
    return len(prices) if isinstance(prices, list) else len(item.order.prices)


def _void(till, item):
    """Take from the till's series the numbers ``item``'s tickets were printed with,
    inside the conflict's transaction: ``(year, [numbers])``. Without numbers sent,
    those are the series' next ones (the till numbers from the series' last number,
    and only it numbers in it); numbers sent that are not the next ones were not taken
    by the till from this series' end (already used, or ahead): none is voided."""
    year = till.venue.local_date().year
    count = _printed_count(item)
    if not count:
        return year, []
    name = seats.series_name(till.ticket_series)
    first = last_number(till.venue, name, year) + 1
    if item.numbers is not None and list(item.numbers) != list(range(first, first + count)):
        return year, []
    first = take_numbers(till.venue, name, year, count)
    return year, list(range(first, first + count))


def _name_tickets(results):
    """Each sale's tickets, as printed (``T1-2026-000042``), in one query."""
    by_code = {}
    for result in results:
        if result.sale:
            by_code.setdefault(result.sale, []).append(result)
    lines = (
        SaleLine.objects.filter(sale__code__in=by_code, ticket__isnull=False)
        .select_related("ticket", "sale")
        .order_by("sale_id", "position")
    )
    for line in lines:
        for result in by_code[line.sale.code]:
            result.tickets.append(str(line.ticket))


# --- the late session ----------------------------------------------------------------------
def late_session(closed, *, by):
    """The open late session of ``closed`` (a session an administrator closed before
    its sales were sent), opened now if there is none, with no float."""
    sales.check_own(closed, by)
    with transaction.atomic():
        existing = TillSession.objects.filter(late_for=closed, closed_at=None).first()
        if existing is not None:
            return existing
        late = TillSession.objects.create(
            till=closed.till,
            venue=closed.venue,
            cashier=closed.cashier,
            opening_float=0,
            late_for=closed,
        )
        journal.append(
            closed.venue,
            JournalEntry.Kind.SESSION_OPENED,
            {
                "till": closed.till.name,
                "session": late.pk,
                "cashier": journal.name_of(closed.cashier),
                "float": late.opening_float,
                "late_for": closed.pk,
            },
            session=late,
        )
        log_action(
            "boxoffice.session.opened_late",
            by=by,
            session=late.pk,
            late_for=closed.pk,
            till=closed.till.name,
        )
    return TillSession.objects.select_related("till", "venue", "cashier").get(pk=late.pk)


def close_late(late, *, by):
    """Close a late session once its sales are written, nothing counted: the cash of
    those sales was counted with the session the administrator closed."""
    return sessions.close_session(
        late,
        counts={},
        by=by,
        comment=_(
            "Late session: sales made offline in session %(session)s and sent after it "
            "was closed; their cash was counted when it was closed."
        )
        % {"session": late.late_for_id},
    )


# --- the till's blocks ---------------------------------------------------------------------
def blocks_after_sync(till, *, by, now=None):
    """Online again: the till gives back its blocks and holds new ones for the coming
    screenings. Returns the new blocks."""
    if not till.ticket_series:
        return []
    blocks.give_back(till.ticket_series, till.venue, by=by, now=now)
    return blocks.hold_coming(till.venue, till.ticket_series, by=by, now=now)


def refresh_blocks(till, *, by, now=None):
    """Online, every minute: the till's blocks sized again for the coming screenings
    (a block of the same size stays), those of screenings started given back."""
    if not till.ticket_series:
        return []
    return blocks.hold_coming(till.venue, till.ticket_series, by=by, now=now)
