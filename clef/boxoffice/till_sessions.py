"""Opening the till and closing it: a cashier's session opens with the float counted,
and closes with the cash counted by denomination, blind (the cash expected is shown only
on the session's report, once the count is recorded). Only its cashier closes it, or an
administrator when it was abandoned. Handing over (``handover``) counts the same way,
then opens the next cashier's session with the counted cash as its float.

Thin views over ``sessions``; refused, the till's screen comes back with the reason.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clef.boxoffice import handover, journal, sales, sessions
from clef.boxoffice.models import Sale
from clef.boxoffice.till import (
    UNPROCESSABLE,
    cashiers_only,
    render_screen,
    see_other,
    session_at,
    till_or_404,
)
from clef.lib.money import format_euros
from clef.lib.refusals import Forbidden, Refused

# Longer than any float typed in euros.
LONGEST_FLOAT = 40


def open_as_posted(request, till):
    """Open ``till`` for the person signed in, with the float typed in the form (the
    till's screen and the door's page ask for it alike)."""
    return sessions.open_session(
        till, cashier=request.user, opening_float=request.POST.get("float", "")[:LONGEST_FLOAT]
    )


@require_POST
@cashiers_only
def open_till(request, pk):
    till = till_or_404(pk)
    try:
        open_as_posted(request, till)
    except Refused as refused:
        return render_screen(
            request,
            till,
            data=request.POST,
            float_error=refused.message,
            status=UNPROCESSABLE,
        )
    return see_other(reverse("boxoffice:till", args=[till.pk]))


@require_http_methods(["GET", "POST"])
@cashiers_only
def close_till(request, pk):
    """Count the cash by denomination, blind (the expected amount is not shown), then
    the session's report: expected against counted."""
    return _count(request, pk, handing_over=False)


@require_http_methods(["GET", "POST"])
@cashiers_only
def hand_over(request, pk):
    """Count the cash blind and hand the till over: the session closes and the next
    cashier's opens with the counted cash as its float."""
    return _count(request, pk, handing_over=True)


def _count(request, pk, *, handing_over):
    till = till_or_404(pk)
    session = session_at(till)
    if session is None:
        return redirect(reverse("boxoffice:till", args=[till.pk]))
    abandoned = session.cashier_id != request.user.pk
    if abandoned and (handing_over or not sessions.may_close_abandoned(request.user)):
        try:
            sales.check_own(session, request.user)
        except Forbidden as refused:
            return render_screen(request, till, error=refused.message, status=403)
    error, values, comment = None, {}, ""
    chosen = ""
    if request.method == "POST":
        values = {f"{d:.2f}": request.POST.get(f"{d:.2f}", "")[:12] for d in sessions.DENOMINATIONS}
        comment = request.POST.get("comment", "")[:2000]
        chosen = request.POST.get("next_cashier", "")[:20]
        try:
            if handing_over:
                closed, opened = handover.hand_over(
                    session,
                    counts=values,
                    by=request.user,
                    to=handover.next_cashier(session, chosen),
                    comment=comment,
                )
                messages.success(
                    request,
                    _(
                        "Till handed over: %(name)s's session is open with %(float)s counted "
                        "as its float; they sign in to sell."
                    )
                    % {
                        "name": journal.name_of(opened.cashier),
                        "float": format_euros(opened.opening_float),
                    },
                )
            else:
                closed = sessions.close_session(
                    session, counts=values, by=request.user, comment=comment
                )
        except Refused as refused:
            error = refused.message
        else:
            return see_other(reverse("boxoffice:session_report", args=[closed.pk]))
    return render(
        request,
        "boxoffice/till_close.html",
        {
            "till": till,
            "session": session,
            # Blind: only what the cashier can check elsewhere (the card terminal).
            "by_card": _card(sessions.by_method(session)),
            "denominations": [
                (f"{d:.2f}", d, values.get(f"{d:.2f}", "")) for d in sessions.DENOMINATIONS
            ],
            "comment": comment,
            "error": error,
            "abandoned": abandoned,
            "handing_over": handing_over,
            "next_cashiers": handover.next_cashiers(session) if handing_over else [],
            "chosen": chosen,
        },
        status=UNPROCESSABLE if error else 200,
    )


def _card(totals):
    """The card payments of the session (split payments' card parts included): what
    the card terminal's own total is checked against."""
    card = totals.get(Sale.Method.CARD)
    if card is None:
        return []
    return [(Sale.Method.CARD.label, card["count"], card["total"])]
