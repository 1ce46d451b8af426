"""Checking tickets in, by number or QR code, and taking the money of a ticket booked to
pay at the door as a door sale: the door's page (``/porte/<id>/``) and the till's
check-in panel. Both show the same verdict (green OK, amber PAY, red NO) and take the
money the same way (``collect_verdict``).

Collecting is selling: the money goes into the cashier's own open till session (the page
says which), as a sale with its journal entry, through ``door_sales.collect``. Without
an open session of their own the page offers to open one (with the float counted) and
lets in only tickets already paid. The list of the day's screenings and a screening's seats
stay in ``tickets.door``, which cannot reach the till.

A ticket named by its typed number is not let in at once (anyone can say a number): the
panel shows its holder's name, its price and where it stands (``checkin.to_confirm``),
with the button that lets it in (or takes its money) by the ticket's code. A scanned QR
code (the code itself) lets in at once.
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from clef.boxoffice import door_sales, forms, sales, sessions, till_reads
from clef.boxoffice.models import Till, TillSession
from clef.boxoffice.till import (
    COLLECT_METHODS,
    UNPROCESSABLE,
    cashiers_only,
    is_htmx,
    refusal_status,
    render_screen,
    see_other,
    session_at,
    till_or_404,
)
from clef.boxoffice.till_sessions import open_as_posted
from clef.lib import roles
from clef.lib.forms import to_id
from clef.lib.refusals import Refused
from clef.programme.models import Screening
from clef.tickets import checkin, queries
from clef.volunteers import access

# Longer than any ticket number or QR payload: the rest is not worth reading.
LONGEST_ENTRY = 200
# What the collect button sent before a door sale had a method: cash.
LEGACY_COLLECT = "1"


@dataclass(frozen=True)
class Verdict:
    """A check-in's result as the door and the till show it: a tone (ok, no, pay), a word
    that does not rely on colour, and what to say."""

    tone: str
    word: str
    message: str
    ticket: object = None
    to_pay: object = None
    sale: object = None
    # A ticket typed by its number, to confirm: whose it is and where it stands.
    holder: str = ""
    state: str = ""

    @classmethod
    def no(cls, message, ticket=None):
        """Red: not let in, and why."""
        return cls("no", pgettext("door", "NO"), message, ticket)


def verdict_of(result, sale=None):
    if result.code == "confirm":
        return Verdict(
            "ask",
            pgettext("door", "CHECK"),
            result.message,
            result.ticket,
            result.to_pay,
            holder=result.holder,
            state=result.state,
        )
    if result.ok:
        return Verdict("ok", pgettext("door", "OK"), result.message, result.ticket, sale=sale)
    if result.code == "to_pay":
        return Verdict(
            "pay",
            pgettext("door", "PAY"),
            _("To pay at the door before going in:"),
            result.ticket,
            result.to_pay,
        )
    return Verdict.no(result.message, result.ticket)


def collect_verdict(request, session, screening, raw, method):
    """Take the money of the ticket ``raw`` names into ``session`` and let it in
    (``door_sales.collect``): the verdict to show and the page's status, the refusal's
    when it is refused (nothing written)."""
    try:
        result, sale = door_sales.collect(
            session,
            screening,
            raw,
            method=method,
            by=request.user,
            idempotency_key=request.POST.get("key", "")[:80] or None,
        )
    except Refused as refused:
        return Verdict.no(refused.message), refusal_status(refused)
    return verdict_of(result, sale), 200


def door_staff(view):
    """The door's pages: for those who check tickets in (``lib.roles.role_required``),
    never cached."""
    return never_cache(
        access.door_required(
            access.can_check_in_at, role=roles.CASHIER, screening_of=lambda pk: _screening(pk)
        )(view)
    )


def _screening(pk):
    return get_object_or_404(Screening.objects.with_listing(), pk=pk)


def _own_session(request, screening):
    if not access.can_use_till(request.user):
        return None
    return sessions.own_session(request.user, screening.room.venue)


def _free_tills(venue):
    """The tills in use that nobody has open: where a door session may be opened."""
    return list(
        Till.objects.filter(venue=venue, active=True)
        .exclude(pk__in=TillSession.objects.filter(closed_at=None).values("till"))
        .order_by("name")
    )


def _render(request, screening, *, session, result=None, status=200, float_error=None, data=None):
    can_collect = access.can_use_till(request.user)
    context = {
        "screening": screening,
        "counts": queries.screening_counts(screening),
        "result": result,
        "session": session,
        "can_collect": can_collect,
        "collect_methods": COLLECT_METHODS,
        "collect_key": forms.new_key(),
        "float_error": float_error,
        "data": data or {},
    }
    if is_htmx(request):
        response = render(request, "boxoffice/door_result.html", {**context, "swap": True})
    else:
        if session is None and can_collect:
            context["tills"] = _free_tills(screening.room.venue)
        response = render(request, "boxoffice/door_check_in.html", context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_http_methods(["GET", "POST"])
@door_staff
def check_in(request, pk):
    """Type a ticket's number (or let the camera read its QR code): green, red or amber;
    for amber, the cashier takes the money (cash or card) into their own session and
    the ticket enters.

    A typed number is confirmed first: the holder's name, price and state, and the
    button that lets in (or takes the money) by the ticket's code.

    Without JavaScript the form posts and the page comes back with the result (a
    refusal with its status: 403 for another cashier's session, 409 without an open
    session or for a ticket already paid); with htmx only the result and the counters
    are swapped in (always 200, so that htmx shows the message).
    """
    screening = _screening(pk)
    session = _own_session(request, screening)
    if request.method == "GET":
        return _render(request, screening, session=session)
    raw = request.POST.get("raw", "").strip()[:LONGEST_ENTRY]
    collect = request.POST.get("collect", "")[:10]
    status = 200
    if collect and not access.can_use_till(request.user):
        return roles.forbidden(request, roles.CASHIER)
    if not raw:
        result = Verdict.no(_("Type a ticket's number, or scan its QR code."))
    elif (confirm := checkin.to_confirm(screening, raw)) is not None:
        result = verdict_of(confirm)
    elif collect:
        method = "cash" if collect == LEGACY_COLLECT else collect
        result, status = collect_verdict(
            request, _posted_session(request, session), screening, raw, method
        )
    else:
        result = verdict_of(checkin.check_in(screening, raw, by=request.user))
    if is_htmx(request):
        status = 200
    return _render(request, screening, session=session, result=result, status=status)


def _posted_session(request, own):
    """The session the page said the money goes to (``session`` in the form), else the
    cashier's own; ``door_sales.collect`` refuses one that is not theirs, or none."""
    posted = request.POST.get("session", "").strip()[:20]
    if not posted or (own is not None and posted == str(own.pk)):
        return own
    if (pk := to_id(posted)) is None:
        return None
    return TillSession.objects.select_related("till", "venue", "cashier").filter(pk=pk).first()


@require_POST
@door_staff
@cashiers_only
def open_session(request, pk):
    """Open a till session from the door, with the float counted: the door's money goes
    into it. Back to the door page (303), or the page again with the reason (422)."""
    screening = _screening(pk)
    venue = screening.room.venue
    till_pk = to_id(request.POST.get("till", "").strip()[:20])
    till = (
        Till.objects.filter(venue=venue, active=True, pk=till_pk).first()
        if till_pk is not None
        else None
    )
    try:
        if till is None:
            raise sales.SaleRefused("till_unknown", _("Choose a till to open."))
        open_as_posted(request, till)
    except Refused as refused:
        return _render(
            request,
            screening,
            session=_own_session(request, screening),
            float_error=refused.message,
            status=UNPROCESSABLE,
            data=request.POST,
        )
    return see_other(reverse("boxoffice:door_check_in", args=[screening.pk]))


# --- the till's check-in panel ----------------------------------------------------------
@require_POST
@cashiers_only
def till_check_in(request, pk):
    """A ticket's number or QR code for the screening chosen at the till: let in, refuse,
    or, for a ticket to pay at the door, offer to take the money (cash or card) and let
    in."""
    till = till_or_404(pk)
    session = session_at(till)
    raw = request.POST.get("raw", "").strip()[:LONGEST_ENTRY]
    # The till's own rule: a screening its screen lists is one its check-in takes.
    rows = till_reads.offered(till.venue, session)
    screening = next((s for s in rows if str(s.pk) == request.POST.get("screening")), None)
    collect = request.POST.get("collect", "")
    status = 200
    if session is None:
        verdict = Verdict.no(_("This till session is closed: open a new one."))
    elif screening is None:
        verdict = Verdict.no(_("Choose the screening first."))
    elif not raw:
        verdict = Verdict.no(_("Type a ticket's number, or scan its QR code."))
    elif (confirm := checkin.to_confirm(screening, raw)) is not None:
        verdict = verdict_of(confirm)
    elif collect:
        verdict, status = collect_verdict(request, session, screening, raw, collect)
    else:
        verdict = verdict_of(checkin.check_in(screening, raw, by=request.user))
    if is_htmx(request):
        response = render(
            request,
            "boxoffice/_till_checkin.html",
            {
                "till": till,
                "verdict": verdict,
                "checkin_screening": screening,
                "checkin_key": forms.new_key(),
                "collect_methods": COLLECT_METHODS,
                "mine": session is not None and session.cashier_id == request.user.pk,
            },
        )
    else:
        if session is None:
            status = UNPROCESSABLE
        response = render_screen(
            request,
            till,
            data={"screening": screening.pk if screening else ""},
            verdict=verdict,
            # Refused outright: said at the top too (the check-in panel is the owner's).
            error=verdict.message if status != 200 else None,
            status=status,
        )
    patch_vary_headers(response, ["HX-Request"])
    return response
