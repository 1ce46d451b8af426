"""Hours' pages: mine and the shifts whose hours I confirm (``/benevoles/heures/``),
confirming one shift (``/benevoles/heures/creneau/<id>/``), and the year's report for
the coordinator (``/benevoles/heures/<year>/``, with ``heures.csv`` and ``heures.pdf``)."""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clef.lib import roles, spreadsheet
from clef.lib.forms import to_id
from clef.lib.refusals import Refused, refuse_on_page
from clef.venues.queries import current_venue_or_none
from clef.volunteers import hours
from clef.volunteers.hours_report import csv_bytes, pdf_bytes, year_report
from clef.volunteers.models import Shift
from clef.volunteers.trainings_views import volunteer_page

FIRST_YEAR = 2000
LAST_YEAR = 2999
# How far back the page lists shifts still to confirm.
LOOK_BACK = dt.timedelta(days=62)

coordinator_page = roles.role_required(roles.can_coordinate_volunteers, role=roles.COORDINATOR)


def _leads(user):
    return user.teams_led.exists()


@volunteer_page
def index(request):
    user = request.user
    year = timezone.localdate().year
    coordinator = roles.can_coordinate_volunteers(user)
    to_confirm = []
    if coordinator or _leads(user):
        to_confirm = hours.to_confirm(user, since=timezone.now() - LOOK_BACK)
    return render(
        request,
        "volunteers/hours.html",
        {
            "mine": year_report(year, person=user),
            "year": year,
            "to_confirm": to_confirm,
            "coordinator": coordinator,
        },
    )


@require_http_methods(["GET", "POST"])
@volunteer_page
def confirm(request, pk):
    """Who came to a shift: every signed-up volunteer ticked, the no-shows unticked."""
    shift = get_object_or_404(Shift.objects.select_related("team", "screening"), pk=pk)
    if not hours.may_confirm(request.user, shift):
        return roles.forbidden(request, roles.COORDINATOR)
    if request.method == "POST":
        came = [pk for pk in map(to_id, request.POST.getlist("came")) if pk]
        try:
            signups = hours.confirm_attendance(shift, came=came, by=request.user)
        except Refused as refused:
            refuse_on_page(request, refused)
            return redirect("volunteers:confirm_hours", pk=shift.pk)
        no_shows = sum(1 for s in signups if s.attendance == s.Attendance.NO_SHOW)
        messages.success(
            request,
            _("Hours confirmed: %(came)s came, %(absent)s did not come.")
            % {"came": len(signups) - no_shows, "absent": no_shows},
        )
        return redirect("volunteers:hours")
    signups = list(hours.active_signups(shift))
    return render(
        request,
        "volunteers/hours_confirm.html",
        {
            "shift": shift,
            "signups": signups,
            "hours": hours.shift_hours(shift),
            "confirmed": hours.is_confirmed(signups),
            "started": shift.starts_at <= timezone.now(),
        },
    )


def _year(year):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


@coordinator_page
def report(request, year):
    report = year_report(_year(year))
    this_year = timezone.localdate().year
    return render(
        request,
        "volunteers/hours_report.html",
        {
            "report": report,
            "rows": list(report.person_rows()),
            "months": list(report.month_rows()),
            "team_totals": report.team_totals(),
            "previous": year - 1 if year > FIRST_YEAR else None,
            "next": year + 1 if year < this_year else None,
        },
    )


@coordinator_page
def report_csv(request, year):
    report = year_report(_year(year))
    response = HttpResponse(csv_bytes(report), content_type=spreadsheet.CONTENT_TYPE)
    name = _("volunteer-hours-%(year)s.csv") % {"year": year}
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@coordinator_page
def report_pdf(request, year):
    report = year_report(_year(year))
    venue = current_venue_or_none()
    content = pdf_bytes(
        report, venue_name=venue.name if venue else "", language=get_language() or "fr"
    )
    response = HttpResponse(content, content_type="application/pdf")
    name = _("volunteer-hours-%(year)s.pdf") % {"year": year}
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
