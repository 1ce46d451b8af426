"""The treasurer's pages on the campaigns: the year's gifts summed, its CSV for the
accountant, the patrons (private). ``?year=2026`` chooses the year; a malformed one gets
a 400 page saying why."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.fundraising import reports
from clef.fundraising.loans import loan_schedule, totals
from clef.fundraising.models import Loan
from clef.lib import forms, roles, spreadsheet

FIRST_YEAR = 1973


def _year(request):
    text = request.GET.get("year")
    this_year = timezone.localdate().year
    if text in (None, ""):
        return this_year
    return forms.parse_int(
        text, low=FIRST_YEAR, high=this_year, code="bad_year", name=_("the year")
    )


def _answering(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except forms.BadInput as refused:
            return render(request, "site/400.html", {"message": refused.message}, status=400)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


treasurer_only = roles.role_required("fundraising.view_patron", role=roles.TREASURER)


@treasurer_only
@_answering
def report(request):
    year = _year(request)
    this_year = timezone.localdate().year
    loans = [
        {"loan": loan, "rows": rows, "totals": totals(rows)}
        for loan in Loan.objects.select_related("campaign").order_by("starts_on", "pk")
        for rows in [loan_schedule(loan)]
    ]
    return render(
        request,
        "fundraising/reports.html",
        {
            "report": reports.year_report(year),
            "years": list(range(this_year, this_year - 6, -1)),
            "loans": loans,
        },
    )


@treasurer_only
@_answering
def report_csv(request):
    year = _year(request)
    header, rows = reports.accountant_rows(year)
    response = HttpResponse(
        spreadsheet.csv_bytes(header, rows), content_type=spreadsheet.CONTENT_TYPE
    )
    name = _("gifts-%(year)s.csv") % {"year": year}
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@treasurer_only
def patrons(request):
    return render(request, "fundraising/reports_patrons.html", {"patrons": reports.patrons()})
