"""The statistics of a calendar year: the charts on one page, each chart's figures as CSV.

``?year=2026`` chooses the year (this year by default); a malformed year or one to come
is refused with a 400 page saying why. The figures are ``stats.year_statistics``, the
drawings ``charts``.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.accounting import access, charts
from clef.accounting.figures import AccountingRefused
from clef.accounting.stats import first_year, year_statistics
from clef.lib import forms, spreadsheet
from clef.venues.queries import current_venue


def parse_year(venue, text, *, now=None):
    """The year asked for: this year when not given; refused if malformed or to come."""
    this_year = venue.local_date(now or timezone.now()).year
    if text is None or text == "":
        return this_year
    if not (len(text) == 4 and forms.is_digits(text)) or text < "1900":
        raise AccountingRefused(
            "bad_year", _("“%(text)s” is not a year: write it as 2026.") % {"text": text}
        )
    year = int(text)
    if year > this_year:
        raise AccountingRefused(
            "future_year",
            _("%(year)s has not begun: there are no statistics for it yet.") % {"year": year},
        )
    return year


@access.reads_accounts
def statistics(request):
    venue = current_venue()
    now = timezone.now()
    year = parse_year(venue, request.GET.get("year"), now=now)
    stats = year_statistics(venue, year, now=now)
    this_year = venue.local_date(now).year
    first = min(first_year(venue) or this_year, year)
    return render(
        request,
        "accounting/statistics.html",
        {
            "section": "statistics",
            "venue": venue,
            "stats": stats,
            "charts": charts.draw_all(stats),
            "years": list(range(this_year, first - 1, -1)),
        },
    )


@access.reads_accounts
def chart_csv(request, chart):
    kind = charts.CHARTS.get(chart)
    if kind is None:
        raise Http404(_("There is no such chart."))
    venue = current_venue()
    year = parse_year(venue, request.GET.get("year"))
    table = kind.table(year_statistics(venue, year))
    response = HttpResponse(
        spreadsheet.csv_bytes([c.label for c in table.columns], table.written()),
        content_type=spreadsheet.CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="statistics-{year}-{kind.slug}.csv"'
    return response
