"""The till's pages, the cashier's screen: the tills to pick from, the screen that sells
(tickets, a membership, bar items) in one form that works without JavaScript, the
screenings with live counts, finding a member, the last sale shown; and what the till's
other pages share (who may use them, the screen rendered again with a reason).

The other pages of the till: opening and closing a session (``till_sessions.py``), the
sale just made and undoing it (``till_sale.py``), the check-in panel (``door.py``, with
the door's page), refunds (``corrections.py``). Thin views: the form is read by
``forms``, the sale made by ``sales``. Every page is for cashiers
(``roles.can_use_till``) and never cached.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from clef.boxoffice import forms, reports, reversals, sales, sessions
from clef.boxoffice.models import Sale, SaleLine, Till, TillSession
from clef.lib import roles
from clef.lib.forms import to_id
from clef.lib.money import format_euros
from clef.lib.qr import qr_svg
from clef.lib.refusals import Forbidden, Refused
from clef.programme.models import Screening, ScreeningFilm
from clef.tickets.models import Ticket
from clef.venues.queries import current_venue

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
LONGEST_ENTRY = 200
COLLECT_METHODS = [Sale.Method.CASH, Sale.Method.CARD]
UNPROCESSABLE = 422
# How many of their past reports a cashier sees on the tills' page.
PAST_REPORTS = 10


def cashiers_only(view):
    """The till's pages: for cashiers (``lib.roles.role_required``: visitors sent to sign
    in, others the 403 page), never cached: every page shows live money and seats."""
    return never_cache(roles.role_required(roles.can_use_till, role=roles.CASHIER)(view))


def till_or_404(pk):
    return get_object_or_404(Till.objects.select_related("venue"), pk=pk)


def session_at(till):
    return (
        TillSession.objects.filter(till=till, closed_at=None)
        .select_related("cashier", "venue")
        .first()
    )


def is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def refusal_status(refused):
    """403 for what the person may not do (another cashier's session), else 422."""
    return 403 if isinstance(refused, Forbidden) else UNPROCESSABLE


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


# --- the pages --------------------------------------------------------------------------
@require_GET
@cashiers_only
def index(request):
    """The venue's tills in use, whether each is open and by whom: pick one."""
    venue = current_venue()
    tills = list(
        Till.objects.filter(venue=venue, active=True)
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=TillSession.objects.filter(closed_at=None).select_related("cashier"),
                to_attr="open_sessions",
            )
        )
        .order_by("name")
    )
    for till in tills:
        till.open_session = till.open_sessions[0] if till.open_sessions else None
    # A cashier's last reports, and a link to all of them (``views.session_list``).
    past = reports.sessions_of(venue, request.user)[:PAST_REPORTS]
    return render(
        request,
        "boxoffice/till_index.html",
        {"tills": tills, "venue": venue, "past_sessions": past},
    )


@require_GET
@cashiers_only
def screen(request, pk):
    """The till: the sale form, the screenings, check-in and the last sale; or, when the
    till has no open session, the form to open it."""
    till = till_or_404(pk)
    # A member searched without JavaScript comes back here with what was typed.
    return render_screen(request, till, data=request.GET if "q" in request.GET else None)


def _last_sale(till, code):
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


def render_screen(
    request,
    till,
    *,
    data=None,
    error=None,
    status=200,
    verdict=None,
    float_error=None,
    question=None,
):
    """The till's screen; ``question`` (a ``forms.MembershipQuestion``) offers the account
    an address belongs to, or the box that confirms a second membership."""
    session = session_at(till)
    venue = till.venue
    mine = session is not None and session.cashier_id == request.user.pk
    context = {
        "till": till,
        "venue": venue,
        "session": session,
        "mine": mine,
        "may_close": session is not None and (mine or sessions.may_close_abandoned(request.user)),
        "error": error,
        "float_error": float_error,
        "data": data or {},
        "verdict": verdict,
    }
    if session is None or not mine:
        response = render(request, "boxoffice/till.html", context, status=status)
        patch_vary_headers(response, ["HX-Request"])
        return response
    data = data or {}
    screenings = screenings_around(venue, since=evening_since(session))
    selected = _selected(
        screenings,
        data.get("screening") or request.GET.get("screening") or remembered(request, till),
    )
    products = forms.active_products(venue)
    picked = None
    person_pk = to_id(str(data.get("person", "") or "")[:20])
    today = venue.local_date()
    if person_pk is not None:
        picked = forms.member(venue, person_pk, today=today)
    query = str(data.get("q", "") or "").strip()[:LONGEST_ENTRY]
    found = forms.find_members(venue, query, today=today) if query else None
    if found is not None and picked is not None:
        found = [f for f in found if f.person.pk != picked.person.pk]
    offered = question is not None and question.offer is not None
    if offered:  # shown to pick, never picked for the cashier
        found = [question.offer]
    # One person found and nobody picked: that person is picked.
    if picked is None and found is not None and len(found) == 1 and not offered:
        picked, found = found[0], []
    quick = _quick_prices(venue)
    last_sale = _last_sale(till, request.GET.get("vente"))
    context.update(
        {
            "screenings": screenings,
            "selected": selected,
            "products": [
                (p, forms.product_field(p), str(data.get(forms.product_field(p), "") or ""))
                for p in products
            ],
            "quick_prices": quick,
            "method": str(data.get("method", "") or "cash"),
            "methods": Sale.Method.choices,
            "key": str(data.get("key", "") or "") or forms.new_key(),
            "picked": picked,
            "second": question.second if question is not None else None,
            "second_confirmed": str(data.get("second_membership", "")) == "1",
            "query": query,
            "found": found,
            "last_sale": last_sale,
            "undo_asked": last_sale is not None and request.GET.get("annuler") == "1",
            "checkin_key": forms.new_key(),
            "checkin_screening": next((s for s in screenings if s.pk == selected), None),
            "collect_methods": COLLECT_METHODS,
        }
    )
    response = render(request, "boxoffice/till.html", context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
@cashiers_only
def sell(request, pk):
    """The till's HTTP endpoint for a sale: 303 to the screen with the sale shown, or the
    screen again with the reason (422), nothing written."""
    till = till_or_404(pk)
    try:
        session = session_at(till)
        if session is None or str(session.pk) != request.POST.get("session", str(session.pk)):
            raise sales.session_closed()
        read = forms.read_sale(
            request.POST,
            venue=till.venue,
            products=forms.active_products(till.venue),
        )
        forms.ask_about_membership(
            read, request.POST, venue=till.venue, today=till.venue.local_date()
        )
        sale, _created = sales.sell(
            session,
            read.order,
            method=read.method,
            by=request.user,
            tendered=read.tendered or None,
            card_part=read.card_part or None,
            idempotency_key=read.key or None,
        )
    except Refused as refused:
        return render_screen(
            request,
            till,
            data=request.POST,
            error=refused.message,
            status=refusal_status(refused),
            question=refused if isinstance(refused, forms.MembershipQuestion) else None,
        )
    url = reverse("boxoffice:till", args=[till.pk])
    if read.order.screening is not None:
        remember(request, till, read.order.screening)
        return see_other(f"{url}?vente={sale.code}&screening={read.order.screening.pk}")
    kept = to_id(str(request.POST.get("screening", ""))[:20])
    return see_other(f"{url}?vente={sale.code}" + (f"&screening={kept}" if kept else ""))


def see_other(url):
    response = HttpResponse(status=303)
    response["Location"] = url
    return response


@require_GET
@cashiers_only
def screenings(request, pk):
    """The screenings' list with live counts (htmx, every 20 s); the screening the cashier
    chose stays chosen."""
    till = till_or_404(pk)
    rows = screenings_around(till.venue, since=evening_since(session_at(till)))
    return render(
        request,
        "boxoffice/_till_screenings.html",
        {
            "till": till,
            "screenings": rows,
            "selected": _selected(rows, request.GET.get("screening")),
        },
    )


@require_GET
@cashiers_only
def find_member(request, pk):
    """People found by name, email, membership number or card code (htmx fragment)."""
    till = till_or_404(pk)
    query = request.GET.get("q", "").strip()[:LONGEST_ENTRY]
    found = forms.find_members(till.venue, query, today=till.venue.local_date())
    # One person found: picked at once.
    picked, found = (found[0], []) if len(found) == 1 else (None, found)
    return render(
        request,
        "boxoffice/_till_members.html",
        {"till": till, "query": query, "found": found, "picked": picked},
    )


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
