"""The coordinator's staffing templates: the list, and making or replacing one."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clef.lib import roles
from clef.lib.refusals import Refused
from clef.programme.models import Screening
from clef.venues.queries import current_venue
from clef.volunteers import staffing
from clef.volunteers.models import StaffingTemplate, Team
from clef.volunteers.staffing_forms import TemplateForm


@require_http_methods(["GET", "POST"])
@roles.role_required(roles.can_coordinate_volunteers, role=roles.COORDINATOR)
def index(request):
    venue = current_venue()
    teams = list(Team.objects.all())
    form = TemplateForm(request.POST or None, venue=venue, teams=teams)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                staffing.save_template(
                    venue,
                    name=data["name"],
                    room=data["room"],
                    kind=data["kind"],
                    for_children=data["for_children"],
                    needs=form.needs(),
                    by=request.user,
                )
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(
                    request,
                    _("The template is saved: screenings published from now on follow it."),
                )
                return redirect("volunteers:staffing")
        status = 400
    templates = list(
        StaffingTemplate.objects.filter(venue=venue)
        .select_related("room")
        .prefetch_related("needs__team")
    )
    kinds = dict(Screening.Kind.choices)
    for template in templates:
        template.kind_label = kinds.get(template.kind, "")
    return render(
        request,
        "volunteers/staffing.html",
        {"templates": templates, "form": form},
        status=status,
    )
