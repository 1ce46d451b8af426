"""The sale just made, as the till shows it: its page (the total, the change in big
type, each ticket with its QR code, Print), its tickets as a PDF, and undoing it while
it may be undone (``reversals.undo``), asked first as on the till's screen
(``_till_undo_ask.html``: the dialog of ``till.js``, or ``?annuler=1`` without it).
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clef.boxoffice import reversals
from clef.boxoffice.models import Sale, SaleLine
from clef.boxoffice.till import (
    cashiers_only,
    refusal_status,
    render_screen,
    sale_tickets,
    see_other,
    undoable,
)
from clef.lib.money import format_euros
from clef.lib.refusals import Refused
from clef.tickets.documents import THERMAL, tickets_pdf
from clef.tickets.models import Ticket


def _sale(code):
    return get_object_or_404(
        Sale.objects.select_related("session__till__venue", "reverses").prefetch_related(
            Prefetch(
                "lines",
                queryset=SaleLine.objects.select_related(
                    "ticket__screening__room__venue", "membership"
                ).order_by("position"),
            )
        ),
        code=code,
    )


@require_GET
@cashiers_only
def sale(request, code):
    """The sale just made: total, the change in big type, each ticket with its QR code,
    Print, the PDF, and Undo while it may be undone."""
    sale = _sale(code)
    return render(
        request,
        "boxoffice/till_sale.html",
        {
            "sale": sale,
            "till": sale.session.till,
            "tickets": sale_tickets(sale),
            "undoable": undoable(sale),
            # Undo asks first (the till's dialog), or, without JavaScript, here again.
            "undo_asked": request.GET.get("annuler") == "1",
            "undo_keep_url": reverse("boxoffice:sale", args=[sale.code]),
        },
    )


@require_GET
@cashiers_only
def sale_pdf(request, code):
    sale = _sale(code)
    tickets = [t for t in sale_tickets(sale) if t.status != Ticket.Status.CANCELLED]
    response = HttpResponse(
        tickets_pdf(tickets, venue=sale.venue, language=get_language(), paper=THERMAL),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="billets-{sale.code}.pdf"'
    return response


@require_POST
@cashiers_only
def undo(request, code):
    sale = _sale(code)
    till = sale.session.till
    try:
        reversal = reversals.undo(sale, by=request.user)
    except Refused as refused:
        return render_screen(request, till, error=refused.message, status=refusal_status(refused))
    messages.success(
        request,
        _("Sale undone: give back %(amount)s.") % {"amount": format_euros(-reversal.total)}
        if sale.method == Sale.Method.CASH and reversal.total
        else _("Sale undone."),
    )
    return see_other(reverse("boxoffice:till", args=[till.pk]))
