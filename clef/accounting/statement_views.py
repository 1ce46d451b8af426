"""A rights holder's weekly statement: the page with the live figures and the versions
already sent, the PDF and CSV (live or of a version), and sending it in one click.

Treasurers and administrators read them (``access.reads_accounts``) and send them
(``access.sends_statements``); the figures are ``statements.statement_content``.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clef.accounting import access, statements
from clef.accounting import statement_exports as exports
from clef.accounting.figures import AccountingRefused
from clef.accounting.models import DistributorStatement, RightsHolder
from clef.venues.queries import current_venue


def _week(holder, day, name):
    """(venue, holder, week), or a redirect to the week's first day when ``day`` is
    another day of it."""
    venue = current_venue()
    holder = get_object_or_404(RightsHolder, pk=holder)
    week = access.week_of(venue, day)
    if day != week.start.isoformat():
        return redirect(name, holder=holder.pk, day=week.start.isoformat())
    return venue, holder, week


def _download(content, kind, file_name):
    response = HttpResponse(
        content,
        content_type="application/pdf" if kind == "pdf" else "text/csv; charset=utf-8",
    )
    disposition = "inline" if kind == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{file_name}"'
    return response


def _edit_holder_url(holder):
    """The rights holder's page in the back office."""
    return f"{reverse('admin:index')}accounting/rightsholder/{holder.pk}/change/"


@require_GET
@access.reads_accounts
def statement(request, holder, day):
    found = _week(holder, day, "accounting:distributor_statement")
    if not isinstance(found, tuple):
        return found
    venue, holder, week = found
    content = statements.statement_content(venue, holder, week)
    versions = statements.versions_of(venue, holder, week)
    latest = versions[0] if versions else None
    changed = latest is not None and latest.content != content
    today = venue.local_date(timezone.now())
    return render(
        request,
        "accounting/distributor_statement.html",
        {
            "section": "statements",
            "holder": holder,
            "week": week,
            "next_week": week.next if week.next.start <= today else None,
            "live": exports.present(content),
            "versions": versions,
            "latest": latest,
            "changed": changed,
            "next_version": (latest.version + 1) if latest else 1,
            "edit_holder_url": _edit_holder_url(holder),
        },
    )


def _live(request, holder, day, kind):
    found = _week(holder, day, f"accounting:distributor_statement_{kind}")
    if not isinstance(found, tuple):
        return found
    venue, holder, week = found
    content = statements.statement_content(venue, holder, week)
    if not content["rows"]:
        raise AccountingRefused(
            "nothing",
            _("None of %(holder)s's films was shown in the week of %(day)s.")
            % {"holder": holder.name, "day": week.start.isoformat()},
        )
    document = exports.pdf(content) if kind == "pdf" else exports.csv(content)
    return _download(document, kind, statements.file_name(content, None, kind))


@require_GET
@access.reads_accounts
def statement_pdf(request, holder, day):
    return _live(request, holder, day, "pdf")


@require_GET
@access.reads_accounts
def statement_csv(request, holder, day):
    return _live(request, holder, day, "csv")


@require_POST
@access.sends_statements
def send(request, holder, day):
    venue = current_venue()
    holder = get_object_or_404(RightsHolder, pk=holder)
    week = access.week_of(venue, day)
    sending = statements.send(venue, holder, week, by=request.user)
    messages.success(
        request,
        _("Sent to %(email)s: version %(version)s of the statement.")
        % {"email": sending.to, "version": sending.statement.version},
    )
    return redirect(
        "accounting:distributor_statement", holder=holder.pk, day=week.start.isoformat()
    )


def _version(request, pk, kind):
    version = get_object_or_404(DistributorStatement, pk=pk)
    content = version.content
    if kind == "pdf":
        document = exports.pdf(content, statement=version)
    else:
        document = exports.csv(content, statement=version)
    return _download(document, kind, statements.file_name(content, version.version, kind))


@require_GET
@access.reads_accounts
def version_pdf(request, pk):
    return _version(request, pk, "pdf")


@require_GET
@access.reads_accounts
def version_csv(request, pk):
    return _version(request, pk, "csv")
