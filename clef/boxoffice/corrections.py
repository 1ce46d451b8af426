"""Corrections after the fact, as pages: refunding lines of an earlier sale at the till
(``refunds``), and cancelling a screening with tickets sold (``cancellation``).

Thin views: the sale is found and the refund made by ``refunds``, the screening
cancelled by ``cancellation``; every refusal is shown on the page with its message and
status (403 for another cashier's session, 422 otherwise), nothing written.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clef.boxoffice import cancellation, refunds, sales, sessions
from clef.boxoffice.models import Sale
from clef.boxoffice.till import (
    cashiers_only,
    refusal_status,
    see_other,
    session_at,
    till_or_404,
)
from clef.lib import roles
from clef.lib.forms import to_id
from clef.lib.money import format_euros
from clef.lib.refusals import Refused
from clef.programme.models import Screening

LONGEST_AMOUNT = 20


# --- refunding lines of an earlier sale -------------------------------------------------
@require_http_methods(["GET", "POST"])
@cashiers_only
def refund(request, pk):
    """Find a sale (its code, or a ticket's number), tick the lines to give back, say
    why: a refund sale in the cashier's own session, then the till with it shown."""
    till = till_or_404(pk)
    session = session_at(till)
    data = request.POST if request.method == "POST" else request.GET
    raw = str(data.get("vente", "") or "").strip()[: refunds.LONGEST_CODE]
    sale = refunds.find_sale(till.venue, raw) if raw else None
    error, status = None, 200
    try:
        if session is None:
            raise sales.session_closed()
        sales.check_own(session, request.user)
    except Refused as refused:
        error, status = refused.message, refusal_status(refused)
    if error is None and raw and sale is None:
        error, status = _("No sale has this code or ticket number."), 404
    if error is None and request.method == "POST":
        try:
            if sale is None:
                raise sales.SaleRefused("nothing_chosen", _("Find the sale first."))
            chosen = [pk for p in request.POST.getlist("line") if (pk := to_id(p)) is not None]
            amounts = {pk: request.POST.get(f"amount-{pk}", "")[:LONGEST_AMOUNT] for pk in chosen}
            back = refunds.refund(
                session,
                chosen,
                reason=request.POST.get("reason", "")[:1000],
                by=request.user,
                amounts=amounts,
            )
        except Refused as refused:
            error, status = refused.message, refusal_status(refused)
        else:
            messages.success(
                request,
                _("Refunded: give back %(amount)s.") % {"amount": format_euros(-back.total)}
                if back.method == Sale.Method.CASH
                else _("Refunded: %(amount)s.") % {"amount": format_euros(-back.total)},
            )
            url = reverse("boxoffice:till", args=[till.pk])
            return see_other(f"{url}?vente={back.code}")
    lines = refunds.refundable_lines(sale) if sale is not None else []
    chosen = set(request.POST.getlist("line"))
    for row in lines:
        row.chosen = str(row.line.pk) in chosen
        row.typed = request.POST.get(f"amount-{row.line.pk}", "")[:LONGEST_AMOUNT]
    return render(
        request,
        "boxoffice/till_refund.html",
        {
            "till": till,
            "session": session,
            "query": raw,
            "sale": sale,
            "lines": lines,
            "reason": request.POST.get("reason", "")[: refunds.MAX_REASON + 50],
            "max_reason": refunds.MAX_REASON,
            "error": error,
        },
        status=status,
    )


# --- cancelling a screening -------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
@roles.role_required("programme.change_screening", role=roles.PROGRAMMER)
def cancel_screening(request, pk):
    """What cancelling the screening will do (tickets, refunds online and at the till,
    holders told), and the button that does it all in one step."""
    screening = get_object_or_404(Screening.objects.with_listing(), pk=pk)
    session = sessions.own_session(request.user, screening.room.venue)
    error, status = None, 200
    if request.method == "POST":
        try:
            done = cancellation.cancel_screening(screening, by=request.user, session=session)
        except Refused as refused:
            error, status = refused.message, refusal_status(refused)
        else:
            messages.success(
                request,
                _(
                    "Screening cancelled: %(tickets)s tickets given back, %(online)s refunded "
                    "online, %(till)s at the till; %(told)s people told."
                )
                % {
                    "tickets": done.tickets,
                    "online": format_euros(done.online),
                    "till": format_euros(done.till),
                    "told": done.told,
                },
            )
            return see_other(reverse("boxoffice:cancel_screening", args=[screening.pk]))
    plan = cancellation.plan(screening)
    return render(
        request,
        "boxoffice/cancel_screening.html",
        {
            "screening": screening,
            "plan": plan,
            "session": session,
            "error": error,
            "why_not": cancellation.why_not(screening, plan, session=session, user=request.user),
        },
        status=status,
    )
