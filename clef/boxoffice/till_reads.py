"""What the till's screen reads: the screenings the till offers (one rule, ``offered``,
for the screen's list, its live refresh and its check-in panel), their Alt+digit
shortcuts, the quick price buttons, the screening chosen or remembered, and the sale
just made (whether it may still be undone, its tickets with their QR codes).

The views are in ``till.py`` (the screen that sells), ``till_sale.py`` and ``door.py``.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from clef.boxoffice import reversals
from clef.boxoffice.models import Sale, SaleLine
from clef.lib.money import format_euros
from clef.lib.qr import qr_svg
from clef.programme.models import Screening, ScreeningFilm
from clef.tickets.models import Ticket

# The screenings the till offers: started up to an hour ago (or since the session opened,
# an hour before, so that the evening's shortcuts never move), or starting in 12 hours.
SINCE = dt.timedelta(hours=1)
UNTIL = dt.timedelta(hours=12)
LONGEST_EVENING = dt.timedelta(hours=12)
# Alt+1 to Alt+9 pick the evening's first nine screenings, by start time.
SHORTCUTS = 9
# Where the till remembers the screening last sold for (the session's key, per till), so
# that undoing a sale or reloading keeps it too.
REMEMBERED = "till-screening"
# The quick price buttons beside the tickets field.
QUICK_PRICES = ["0", "2", "5", "8", "10"]


# --- the screenings around now ----------------------------------------------------------
def evening_since(session, now=None):
    """From when the till lists screenings: an hour ago, or an hour before ``session``
    opened (at most ``LONGEST_EVENING`` ago), so a screening keeps its place, and its
    shortcut, for the whole evening."""
    now = now or timezone.now()
    since = now - SINCE
    if session is not None:
        since = min(since, max(session.opened_at - SINCE, now - LONGEST_EVENING))
    return since


def screenings_around(venue, now=None, *, since=None):
    """The screenings the till sells now, by start time, each with ``seats_left``,
    ``online_waiting`` (online tickets not checked in yet), ``door_sold``, ``started``
    and ``shortcut`` (1 to 9 by start time, or None): from ``since`` (an hour ago unless
    given, see ``evening_since``) to the next 12 hours. Three queries, whatever the
    tickets."""
    now = now or timezone.now()
    since = since or now - SINCE
    seated = Q(tickets__status__in=Ticket.SEATED)
    rows = list(
        Screening.objects.filter(
            room__venue=venue,
            starts_at__gte=since,
            starts_at__lte=now + UNTIL,
            status=Screening.Status.PUBLISHED,
        )
        .exclude(kind__in=[Screening.Kind.WORKSHOP, Screening.Kind.PRIVATE])
        .with_listing()
        .annotate(
            taken=Count("tickets", filter=seated),
            online_waiting=Count(
                "tickets",
                filter=Q(
                    tickets__online=True,
                    tickets__status__in=[Ticket.Status.BOOKED, Ticket.Status.PAID],
                ),
            ),
            door_sold=Count("tickets", filter=seated & Q(tickets__online=False)),
        )
        .order_by("starts_at", "room__position")
    )
    for number, screening in enumerate(rows, start=1):
        screening.seats_left = max(0, screening.room.seats - screening.taken)
        screening.started = screening.starts_at <= now
        screening.shortcut = number if number <= SHORTCUTS else None
    return rows


def offered(venue, session, now=None):
    """The screenings the till offers while ``session`` is open (or none is): from
    ``evening_since`` to the next 12 hours, as ``screenings_around`` reads them. The
    screen's list, its refresh and its check-in panel all ask this, so a screening listed
    is one the check-in takes."""
    now = now or timezone.now()
    return screenings_around(venue, now, since=evening_since(session, now))


def _quick_prices(venue):
    """(value to add, label) of the quick price buttons, by amount: 0 / 2 / 5 / 8 / 10
    and the venue's suggested prices."""
    try:
        suggested = venue.suggested_price_list()
    except (ValueError, ArithmeticError):
        suggested = []
    prices = [Decimal(p) for p in QUICK_PRICES]
    prices += [p for p in suggested if p not in prices]
    prices.sort()
    # "5 €" rather than "5,00 €" on a button.
    return [
        (f"{p:.2f}".removesuffix(".00"), format_euros(p).replace(",00", "").replace(".00", ""))
        for p in prices
    ]


def _selected(screenings, raw):
    """The screening chosen (``raw``, its id), if the till lists it; else the next one to
    start, else the last started."""
    for screening in screenings:
        if str(screening.pk) == str(raw or ""):
            return screening.pk
    coming = next((s for s in screenings if not s.started), None)
    if coming is not None:
        return coming.pk
    return screenings[-1].pk if screenings else None


def remembered(request, till):
    """The screening last sold for at ``till`` in this browser's session, or ''."""
    return str(request.session.get(REMEMBERED, {}).get(str(till.pk), ""))[:20]


def remember(request, till, screening):
    kept = dict(request.session.get(REMEMBERED, {}))
    kept[str(till.pk)] = str(screening.pk)
    request.session[REMEMBERED] = kept


def last_sale(till, code):
    if not code:
        return None
    sale = (
        Sale.objects.filter(code=str(code)[:20], session__till=till)
        .select_related("session")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=SaleLine.objects.select_related("ticket").order_by("position"),
            )
        )
        .first()
    )
    if sale is not None:
        sale.undoable = undoable(sale)
        sale.tickets = sale_tickets(sale)
        sale.screenings = list({t.screening_id: t.screening for t in sale.tickets}.values())
    return sale


def undoable(sale, now=None):
    """Whether ``sale`` may still be undone: the last sale of its open session, within the
    two minutes, not a reversal and not undone already (``reversals.undo`` checks again)."""
    now = now or timezone.now()
    if sale.is_reversal or now - sale.created_at > reversals.UNDO_WINDOW:
        return False
    if sale.session.closed_at is not None:
        return False
    last = (
        Sale.objects.filter(session_id=sale.session_id, reverses__isnull=True)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return last == sale.pk and not Sale.objects.filter(reverses=sale).exists()


def sale_tickets(sale):
    """The tickets ``sale`` sold (or took the money of), each with its QR code."""
    ids = [line.ticket_id for line in sale.lines.all() if line.ticket_id]
    if not ids:
        return []
    tickets = list(
        Ticket.objects.filter(pk__in=ids)
        .select_related("screening__room__venue")
        .prefetch_related(
            Prefetch(
                "screening__screening_films",
                queryset=ScreeningFilm.objects.select_related("film").order_by("position"),
            )
        )
        .order_by("series", "number")
    )
    for ticket in tickets:
        title = _("QR code of ticket %(number)s, shown at the door") % {"number": ticket}
        ticket.qr = mark_safe(qr_svg(ticket.code, title=title))
    return tickets
