"""Opening the till and closing it: a cashier's session opens with the float counted,
and closes with the cash counted by denomination, expected against counted, then the
session's report. Only its cashier closes it, or an administrator when it was
abandoned.

Thin views over ``sessions``; refused, the till's screen comes back with the reason.
"""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from clef.boxoffice import sales, sessions
from clef.boxoffice.models import Sale
from clef.boxoffice.till import (
    UNPROCESSABLE,
    cashiers_only,
    render_screen,
    see_other,
    session_at,
    till_or_404,
)
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
    """Count the cash by denomination: expected against counted, then the session's
    report."""
    till = till_or_404(pk)
    session = session_at(till)
    if session is None:
        return redirect(reverse("boxoffice:till", args=[till.pk]))
    abandoned = session.cashier_id != request.user.pk
    if abandoned and not sessions.may_close_abandoned(request.user):
        try:
            sales.check_own(session, request.user)
        except Forbidden as refused:
            return render_screen(request, till, error=refused.message, status=403)
    error, values, comment = None, {}, ""
    if request.method == "POST":
        values = {f"{d:.2f}": request.POST.get(f"{d:.2f}", "")[:12] for d in sessions.DENOMINATIONS}
        comment = request.POST.get("comment", "")[:2000]
        try:
            closed = sessions.close_session(
                session, counts=values, by=request.user, comment=comment
            )
        except Refused as refused:
            error = refused.message
        else:
            return see_other(reverse("boxoffice:session_report", args=[closed.pk]))
    expected = sessions.expected_cash(session)
    return render(
        request,
        "boxoffice/till_close.html",
        {
            "till": till,
            "session": session,
            "expected": expected,
            "by_method": _methods(sessions.by_method(session)),
            "denominations": [
                (f"{d:.2f}", d, values.get(f"{d:.2f}", "")) for d in sessions.DENOMINATIONS
            ],
            "comment": comment,
            "error": error,
            "abandoned": abandoned,
        },
        status=UNPROCESSABLE if error else 200,
    )


def _methods(totals):
    labels = dict(Sale.Method.choices)
    return [
        (labels.get(method, method), figures["count"], figures["total"])
        for method, figures in totals.items()
    ]
