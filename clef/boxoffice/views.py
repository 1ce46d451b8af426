"""What the till wrote, to read: a session's report (page and PDF), a screening's ticket
statement, the closings.

Who may read: a cashier their own sessions' reports and the statements; treasurers and
administrators (``boxoffice.view_closing``) everything. Visitors are sent to sign in,
others get a 403. The till's own screens are in ``till.py`` and the modules it names.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from clef.boxoffice import closings as closing_service
from clef.boxoffice import documents, reports, statements, totals
from clef.boxoffice.models import Closing, TillSession
from clef.lib import roles
from clef.programme.models import Screening
from clef.venues.queries import current_venue

CLOSINGS_PER_PAGE = 40


def reads_everything(user):
    """Treasurers and administrators: every report, statement and closing."""
    return user.is_authenticated and user.is_active and user.has_perm("boxoffice.view_closing")


def reads_statements(user):
    return reads_everything(user) or roles.can_use_till(user)


def signed_in(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def _report_of(request, pk):
    """The session's report, if the person may read it."""
    session = get_object_or_404(
        TillSession.objects.select_related("till", "venue", "cashier", "closed_by"), pk=pk
    )
    user = request.user
    mine = roles.can_use_till(user) and session.cashier_id == user.pk
    if not (mine or reads_everything(user)):
        raise PermissionDenied
    return reports.session_report(session)


@require_GET
@signed_in
def session_report(request, pk):
    report = _report_of(request, pk)
    return render(
        request,
        "boxoffice/report.html",
        {"report": report, "session": report.session},
    )


@require_GET
@signed_in
def session_report_pdf(request, pk):
    report = _report_of(request, pk)
    content = documents.session_report_pdf(report, language=get_language())
    response = HttpResponse(content, content_type="application/pdf")
    opened = report.opened_at.strftime("%Y-%m-%d")
    response["Content-Disposition"] = (
        f'inline; filename="{_("till-report")}-{opened}-{report.session.pk}.pdf"'
    )
    return response


@require_GET
@signed_in
def ticket_statement(request, pk):
    if not reads_statements(request.user):
        raise PermissionDenied
    screening = get_object_or_404(Screening.objects.with_listing(), pk=pk)
    figures = statements.figures_of(screening)
    return render(
        request,
        "boxoffice/statement.html",
        {
            "screening": screening,
            "figures": figures,
            "is_over": statements.is_over(screening),
            "now": timezone.now(),
        },
    )


@require_GET
@signed_in
def closings(request):
    if not reads_everything(request.user):
        raise PermissionDenied
    kind = request.GET.get("kind", "")
    if kind and kind not in Closing.Kind.values:
        return HttpResponseBadRequest(_("Unknown kind of closing."))
    rows = Closing.objects.filter(venue=current_venue()).order_by("-period_start", "kind")
    if kind:
        rows = rows.filter(kind=kind)
    page = Paginator(rows.select_related("entry"), CLOSINGS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "boxoffice/closings.html",
        {"page": page, "kind": kind, "kinds": Closing.Kind.choices},
    )


def _closing_of(request, pk):
    """The closing, ready to show, and its days or months, if the person may read it."""
    if not reads_everything(request.user):
        raise PermissionDenied
    found = get_object_or_404(Closing.objects.select_related("entry", "venue"), pk=pk)
    return found, totals.presented(found), list(closing_service.parts_of(found))


@require_GET
@signed_in
def closing(request, pk):
    found, shown, parts = _closing_of(request, pk)
    return render(
        request,
        "boxoffice/closing.html",
        {"closing": found, "shown": shown, "parts": parts},
    )


@require_GET
@signed_in
def closing_pdf(request, pk):
    found, shown, parts = _closing_of(request, pk)
    content = documents.closing_pdf(shown, parts, language=get_language())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{_("closing")}-{found.kind}-{found.period_start:%Y-%m-%d}.pdf"'
    )
    return response
