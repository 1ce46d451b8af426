"""The coordinator's page of the next two weeks' staffing, safety first."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from clef.lib import roles
from clef.venues.queries import current_venue
from clef.volunteers.gaps import GAPS_DAYS, coming_gaps


@require_GET
@roles.role_required(roles.can_coordinate_volunteers, role=roles.COORDINATOR)
def index(request):
    venue = current_venue()
    rows, others = coming_gaps(venue)
    return render(
        request,
        "volunteers/gaps.html",
        {
            "rows": rows,
            "not_ready": [row for row in rows if not row["ready"]],
            "others": others,
            "days": GAPS_DAYS,
        },
    )
