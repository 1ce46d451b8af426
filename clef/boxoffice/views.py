"""What the till wrote, to read: the sessions and a session's report (page and PDF), a
screening's ticket statement, the closings.

Who may read: a cashier their own sessions' reports and the statements; treasurers and
administrators (``boxoffice.view_closing``) everything. Visitors are sent to sign in,
others get the 403 page (``lib.roles``). The till's own screens are in ``till.py`` and
the modules it names.
"""

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
SESSIONS_PER_PAGE = 40


def reads_everything(user):
    """Treasurers and administrators: every report, statement and closing."""
    return user.is_authenticated and user.is_active and user.has_perm("boxoffice.view_closing")


def reads_statements(user):
    return reads_everything(user) or roles.can_use_till(user)


# Who reads what: the roles the 403 page names.
READS_STATEMENTS = (roles.CASHIER, roles.TREASURER)
reads_all = roles.role_required(reads_everything, role=roles.TREASURER)


def _report_of(request, pk):
    """The session's report if the person may read it, else None."""
    session = get_object_or_404(
        TillSession.objects.select_related("till", "venue", "cashier", "closed_by"), pk=pk
    )
    user = request.user
    mine = roles.can_use_till(user) and session.cashier_id == user.pk
    if not (mine or reads_everything(user)):
        return None
    return reports.session_report(session)


def _not_theirs(request):
    """403: a cashier reads only their own sessions' reports; others need the role."""
    return roles.forbidden(request, () if roles.can_use_till(request.user) else roles.TREASURER)


@require_GET
@roles.signed_in
def session_report(request, pk):
    report = _report_of(request, pk)
    if report is None:
        return _not_theirs(request)
    return render(
        request,
        "boxoffice/report.html",
        {"report": report, "session": report.session},
    )


@require_GET
@roles.signed_in
def session_report_pdf(request, pk):
    report = _report_of(request, pk)
    if report is None:
        return _not_theirs(request)
    content = documents.session_report_pdf(report, language=get_language())
    response = HttpResponse(content, content_type="application/pdf")
    opened = report.opened_at.strftime("%Y-%m-%d")
    stem = _("till-report")
    response["Content-Disposition"] = f'inline; filename="{stem}-{opened}-{report.session.pk}.pdf"'

    return response


@require_GET
@roles.role_required(reads_statements, role=READS_STATEMENTS)
def session_list(request):
    """The till sessions and their reports, the latest first: a cashier's own, or every
    session for treasurers and administrators."""
    everyone = reads_everything(request.user)
    rows = reports.sessions_of(current_venue(), None if everyone else request.user)
    page = Paginator(rows, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "boxoffice/sessions.html", {"page": page, "everyone": everyone})


@require_GET
@roles.role_required(reads_statements, role=READS_STATEMENTS)
def ticket_statement(request, pk):
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
@reads_all
def closings(request):
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
    """The closing, ready to show, and its days or months."""
    found = get_object_or_404(Closing.objects.select_related("entry", "venue"), pk=pk)
    return found, totals.presented(found), list(closing_service.parts_of(found))


@require_GET
@reads_all
def closing(request, pk):
    found, shown, parts = _closing_of(request, pk)
    return render(
        request,
        "boxoffice/closing.html",
        {"closing": found, "shown": shown, "parts": parts},
    )


@require_GET
@reads_all
def closing_pdf(request, pk):
    found, shown, parts = _closing_of(request, pk)
    content = documents.closing_pdf(shown, parts, language=get_language())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{_("closing")}-{found.kind}-{found.period_start:%Y-%m-%d}.pdf"'
    )
    return response
