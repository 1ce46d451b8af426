"""The collective's figures: the charts on one page (`/propositions/chiffres/`), each
chart's figures as CSV. ``?year=2026`` chooses the year; a malformed year, or one to
come, is a 400 page saying why. For those who take part (members, programmers)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.accounting.charts import percent_text
from clef.accounting.stats import rate
from clef.lib import roles, spreadsheet
from clef.lib.forms import BadInput, parse_int
from clef.programming.proposals import may_take_part
from clef.programming.proposals_charts import CHARTS, draw_all
from clef.programming.proposals_stats import collective_figures
from clef.programming.views_proposals import TAKING_PART

FIRST_YEAR = 1900


def parse_year(text, *, now=None):
    """The year asked for: this year when not given; refused when malformed or to come."""
    this_year = timezone.localdate(now).year
    if text in (None, ""):
        return this_year
    year = parse_int(text, low=FIRST_YEAR, high=9999, code="bad_year", name=_("the year"))
    if year > this_year:
        raise BadInput(
            "future_year",
            _("%(year)s has not begun: there are no figures for it yet.") % {"year": year},
        )
    return year


def _refused(request, refused):
    return render(
        request, "programming/proposal_refused.html", {"refused": refused}, status=refused.status
    )


@roles.role_required(may_take_part, role=TAKING_PART)
def figures(request):
    try:
        year = parse_year(request.GET.get("year"))
    except BadInput as refused:
        return _refused(request, refused)
    figures = collective_figures(year)
    this_year = timezone.localdate().year
    return render(
        request,
        "programming/proposal_figures.html",
        {
            "figures": figures,
            "charts": draw_all(figures),
            "share": _share(figures),
            "years": list(range(this_year, this_year - 10, -1)),
        },
    )


def _share(figures):
    """The share accepted as the reader's language writes a percent, or None."""
    share = rate(figures.accepted, figures.decided)
    return None if share is None else percent_text(share)


@roles.role_required(may_take_part, role=TAKING_PART)
def chart_csv(request, chart):
    kind = CHARTS.get(chart)
    if kind is None:
        raise Http404(_("There is no such chart."))
    try:
        year = parse_year(request.GET.get("year"))
    except BadInput as refused:
        return _refused(request, refused)
    table = kind.table(collective_figures(year))
    response = HttpResponse(
        spreadsheet.csv_bytes([c.label for c in table.columns], table.written()),
        content_type=spreadsheet.CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="proposals-{year}-{kind.slug}.csv"'
    return response
