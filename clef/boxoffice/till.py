"""The till's pages, the cashier's screen: the tills to pick from, the screen that sells
(tickets, a membership, bar items) in one form that works without JavaScript, the
screenings with live counts, finding a member, the last sale shown; and what the till's
other pages share (who may use them, the screen rendered again with a reason). What
the screen reads (the screenings offered, their shortcuts, the quick prices, the sale
just made) is in ``till_reads.py``.

The other pages of the till: opening and closing a session (``till_sessions.py``), the
sale just made and undoing it (``till_sale.py``), the check-in panel (``door.py``, with
the door's page), refunds (``corrections.py``). Thin views: the form is read by
``forms``, the sale made by ``sales``. Every page is for cashiers
(``roles.can_use_till``) and never cached.
"""

from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from clef.boxoffice import forms, reports, sales, sessions, till_reads
from clef.boxoffice.models import Sale, Till, TillSession

# The screen's reads, in ``till_reads``; named here too for the pages that import them.
from clef.boxoffice.till_reads import (  # noqa: F401
    LONGEST_EVENING,
    QUICK_PRICES,
    REMEMBERED,
    SHORTCUTS,
    SINCE,
    UNTIL,
    _quick_prices,
    _selected,
    evening_since,
    last_sale,
    remember,
    remembered,
    sale_tickets,
    screenings_around,
    undoable,
)
from clef.lib import roles
from clef.lib.forms import to_id
from clef.lib.refusals import Forbidden, Refused
from clef.venues.queries import current_venue
from clef.volunteers import access

LONGEST_ENTRY = 200
COLLECT_METHODS = [Sale.Method.CASH, Sale.Method.CARD]
UNPROCESSABLE = 422
# How many of their past reports a cashier sees on the tills' page.
PAST_REPORTS = 10


def cashiers_only(view):
    """The till's pages: for cashiers (``lib.roles.role_required``: visitors sent to sign
    in, others the 403 page), never cached: every page shows live money and seats."""
    return never_cache(roles.role_required(access.can_use_till, role=roles.CASHIER)(view))


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
    screenings = till_reads.offered(venue, session)
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
    shown = last_sale(till, request.GET.get("vente"))
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
            "last_sale": shown,
            "undo_asked": shown is not None and request.GET.get("annuler") == "1",
            "undo_keep_url": keep_url(till, shown, selected),
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


def keep_url(till, sale, selected):
    """The till's screen with ``sale`` shown and not undone: where "No, keep it" leads
    when undo asked without JavaScript."""
    if sale is None:
        return ""
    query = urlencode({"vente": sale.code, "screening": selected or ""})
    return f"{reverse('boxoffice:till', args=[till.pk])}?{query}"


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
    rows = till_reads.offered(till.venue, session_at(till))
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
