"""A sale on paper, for an 80 mm thermal printer: its receipt (a print page and a PDF)
and its tickets (a print page and a PDF). Every print of the receipt counts: the first is
the original, later ones say "duplicate" with their number (``receipt_documents``).

Who may print: the cashier who made the sale, and treasurers and administrators (who read
everything the till wrote). Another cashier gets the 403 page, a visitor is sent to sign
in. The pages are never cached: each fetch is a print.
"""

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from clef.boxoffice import receipt_documents
from clef.boxoffice.models import Sale, SaleLine
from clef.boxoffice.till import sale_tickets
from clef.boxoffice.views import reads_everything
from clef.lib import roles
from clef.tickets.documents import THERMAL, series_name, tickets_pdf
from clef.tickets.models import Ticket


def _sale(code):
    if len(code) > CODE_LENGTH:  # no sale has a longer code
        raise Http404
    return get_object_or_404(
        Sale.objects.select_related("session__till__venue", "cashier", "reverses").prefetch_related(
            Prefetch(
                "lines",
                queryset=SaleLine.objects.select_related(
                    "ticket__screening__room__venue", "membership"
                ).order_by("position"),
            )
        ),
        code=code,
    )


CODE_LENGTH = Sale._meta.get_field("code").max_length


def _may_print(user, sale):
    return (roles.can_use_till(user) and sale.cashier_id == user.pk) or reads_everything(user)


def _refused(request):
    """403: a cashier prints only their own sales; others need the treasurer's role."""
    return roles.forbidden(request, () if roles.can_use_till(request.user) else roles.TREASURER)


def _printable(view):
    @require_GET
    @never_cache
    @roles.signed_in
    def wrapped(request, code):
        sale = _sale(code)
        if not _may_print(request.user, sale):
            return _refused(request)
        return view(request, sale)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_printable
def receipt(request, sale):
    """The receipt as a page 80 mm wide, with Print; each fetch is a print."""
    duplicate = receipt_documents.record_print(sale, by=request.user, document="page")
    return render(
        request,
        "boxoffice/receipt.html",
        {"receipt": receipt_documents.receipt_of(sale, duplicate=duplicate), "sale": sale},
    )


@_printable
def receipt_pdf(request, sale):
    """The receipt as a PDF 80 mm wide; each fetch is a print."""
    duplicate = receipt_documents.record_print(sale, by=request.user, document="pdf")
    receipt = receipt_documents.receipt_of(sale, duplicate=duplicate)
    response = HttpResponse(
        receipt_documents.receipt_pdf(receipt, language=get_language()),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="ticket-caisse-{sale.code}.pdf"'
    return response


def _standing(sale):
    tickets = [t for t in sale_tickets(sale) if t.status != Ticket.Status.CANCELLED]
    for ticket in tickets:
        ticket.series_name = series_name(ticket)
    return tickets


@_printable
def tickets_page(request, sale):
    """The sale's tickets as pages 80 mm wide, with Print."""
    return render(
        request,
        "boxoffice/receipt_tickets.html",
        {"sale": sale, "venue": sale.session.till.venue, "tickets": _standing(sale)},
    )


@_printable
def tickets_80mm_pdf(request, sale):
    """The sale's tickets as a PDF 80 mm wide, one page each."""
    response = HttpResponse(
        tickets_pdf(
            _standing(sale),
            venue=sale.session.till.venue,
            language=get_language(),
            paper=THERMAL,
        ),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="billets-80mm-{sale.code}.pdf"'
    return response
