"""The weekly declaration (page, CSV, PDF, JSON) and the monthly tax (page, CSV, PDF),
for treasurers and administrators.

A week is named by any of its days; another day than the first leads to the first (one
address per week, as the public programme does). A week not begun, a malformed date or
month: a page saying why, status 400 (``access``).
"""

import datetime as dt
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from clef.accounting import access, declaration_exports, declaration_pdf
from clef.accounting.declaration_month import monthly_tax
from clef.accounting.declarations import weekly_declaration
from clef.accounting.figures import AccountingRefused
from clef.venues.queries import current_venue


def _week(day, name):
    """(venue, week, None), or (None, None, a redirect to the week's first day)."""
    venue = current_venue()
    week = access.week_of(venue, day)
    if day != week.start.isoformat():
        return venue, week, redirect(reverse(name, args=[week.start.isoformat()]))
    return venue, week, None


def _month_text(year, month):
    return f"{year:04d}-{month:02d}"


def _attachment(content, content_type, filename, *, inline=False):
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _filename(week):
    return f"declaration-{week.start.isoformat()}"


@access.reads_accounts
def week(request, day):
    venue, cinema_week, moved = _week(day, "accounting:declaration")
    if moved:
        return moved
    declaration = weekly_declaration(venue, cinema_week)
    today = venue.local_date()
    months = [
        {
            "text": _month_text(year, month),
            "first": dt.date(year, month, 1),
        }
        for year, month in declaration.months
        if dt.date(year, month, 1) <= today
    ]
    return render(
        request,
        "accounting/declaration.html",
        {
            "section": "declaration",
            "declaration": declaration,
            "week": cinema_week,
            "previous": cinema_week.previous,
            "next": cinema_week.next if cinema_week.next.start <= today else None,
            "months": months,
        },
    )


@access.reads_accounts
def week_csv(request, day):
    venue, cinema_week, moved = _week(day, "accounting:declaration_csv")
    if moved:
        return moved
    declaration = weekly_declaration(venue, cinema_week)
    return _attachment(
        declaration_exports.declaration_csv(declaration),
        "text/csv; charset=utf-8",
        f"{_filename(cinema_week)}.csv",
    )


@access.reads_accounts
def week_json(request, day):
    venue, cinema_week, moved = _week(day, "accounting:declaration_json")
    if moved:
        return moved
    declaration = weekly_declaration(venue, cinema_week)
    # Django's encoder writes what plain ``json`` refuses: a lazy translation (a label
    # read from a model), a date, a Decimal.
    content = json.dumps(
        declaration_exports.declaration_json(declaration),
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        indent=1,
    )
    return _attachment(
        content.encode("utf-8"),
        "application/json; charset=utf-8",
        f"{_filename(cinema_week)}.json",
        inline=True,
    )


@access.reads_accounts
def week_pdf(request, day):
    venue, cinema_week, moved = _week(day, "accounting:declaration_pdf")
    if moved:
        return moved
    declaration = weekly_declaration(venue, cinema_week)
    return _attachment(
        declaration_pdf.declaration_pdf(declaration, language=get_language()),
        "application/pdf",
        f"{_filename(cinema_week)}.pdf",
        inline=True,
    )


@access.reads_accounts
def month(request, month):
    venue = current_venue()
    year, number = access.month_of(venue, month)
    asked = _month_text(year, number)
    if month != asked:
        return redirect(reverse("accounting:monthly_tax", args=[asked]))
    wanted = request.GET.get("format", "")
    if wanted not in ("", "csv", "pdf"):
        raise AccountingRefused(
            "bad_format",
            _("“%(format)s” is not a format here: ask for csv or pdf.") % {"format": wanted},
        )
    tax = monthly_tax(venue, year, number)
    filename = f"tsa-{asked}"
    if wanted == "csv":
        return _attachment(
            declaration_exports.monthly_csv(tax), "text/csv; charset=utf-8", f"{filename}.csv"
        )
    if wanted == "pdf":
        return _attachment(
            declaration_pdf.monthly_pdf(tax, language=get_language()),
            "application/pdf",
            f"{filename}.pdf",
            inline=True,
        )
    today = venue.local_date(timezone.now())
    following = tax.next
    return render(
        request,
        "accounting/monthly_tax.html",
        {
            "section": "declaration",
            "tax": tax,
            "month_name": formats.date_format(tax.first, "F Y"),
            "previous": _month_text(tax.previous.year, tax.previous.month),
            "next": _month_text(following.year, following.month) if following <= today else None,
        },
    )
