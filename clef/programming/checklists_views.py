"""The programmer's pages: their proposals and screenings with what is missing and by
when, a screening's checklist (filled in, published, published anyway by the commission),
and an accepted proposal's free slots, one of which becomes a draft screening."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clef.lib import roles
from clef.lib.forms import is_id
from clef.lib.refusals import Forbidden, Refused, refuse_on_page
from clef.lib.timezones import local_to_utc
from clef.programme.models import Screening
from clef.programming import checklists, slots
from clef.programming import checklists_queries as queries
from clef.programming import checklists_services as service
from clef.programming.checklists_forms import ChecklistForm, ReasonForm, SlotForm
from clef.programming.models import Proposal
from clef.venues.queries import current_venue


def _screening_for(request, pk):
    """The screening at ``pk`` if the person may work on its checklist, else a 404 (a
    screening is public, but its checklist is its programmer's and the commission's)."""
    screening = None
    if is_id(str(pk)):
        screening = queries.with_checklists(Screening.objects.filter(pk=pk)).first()
    if screening is None or not service.may_edit(request.user, screening):
        raise Http404(_("There is no such screening among yours."))
    return screening


@roles.signed_in
def my_screenings(request):
    return render(
        request,
        "programming/programmer_screenings.html",
        {
            "rows": queries.coming_screenings_of(request.user),
            "proposals": queries.proposals_of(request.user),
        },
    )


@roles.signed_in
@require_http_methods(["GET", "POST"])
def checklist(request, pk):
    screening = _screening_for(request, pk)
    row = queries.row_of(screening)
    form = ChecklistForm(request.POST or None, instance=row.checklist)
    if checklists.staff_from_shifts():
        del form.fields["staff_ready"]
    if request.method == "POST" and row.checklist is not None and form.is_valid():
        try:
            service.update_checklist(row.checklist, form.cleaned_data, by=request.user)
        except Refused as refused:
            refuse_on_page(request, refused)
        else:
            messages.success(request, _("The checklist is saved."))
            return redirect("programming:checklist", screening.pk)
    return render(
        request,
        "programming/checklist.html",
        {
            "screening": screening,
            "row": row,
            "form": form,
            "reason_form": ReasonForm(),
            "may_publish_anyway": service.is_commission(request.user),
            "overrides": list(row.checklist.overrides.select_related("by"))
            if row.checklist
            else [],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@roles.signed_in
@require_POST
def checklist_add(request, pk):
    screening = _screening_for(request, pk)
    service.add_checklist(screening, by=request.user)
    return redirect("programming:checklist", screening.pk)


@roles.signed_in
@require_POST
def checklist_publish(request, pk):
    screening = _screening_for(request, pk)
    anyway = "anyway" in request.POST
    try:
        if anyway:
            form = ReasonForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            service.publish_anyway(screening, reason=reason, by=request.user)
        else:
            service.publish(screening, by=request.user)
    except Forbidden:
        return roles.forbidden(request, roles.COMMISSION)
    except Refused as refused:
        refuse_on_page(request, refused)
    else:
        messages.success(request, _("The screening is published."))
    return redirect("programming:checklist", screening.pk)


def _proposal_for_slots(request, pk):
    proposal = None
    if is_id(str(pk)):
        proposal = Proposal.objects.select_related("wished_room__venue").filter(pk=pk).first()
    if proposal is None or not slots.may_schedule(request.user, proposal):
        raise Http404(_("There is no such proposal."))
    return proposal


@roles.signed_in
@require_http_methods(["GET", "POST"])
def proposal_slots(request, pk):
    proposal = _proposal_for_slots(request, pk)
    venue = proposal.wished_room.venue if proposal.wished_room else current_venue()
    form = SlotForm(request.POST or None, venue=venue)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at = local_to_utc(data["day"], data["time"], venue.timezone)
        try:
            screening = slots.schedule(
                proposal, room=data["room"], starts_at=starts_at, by=request.user
            )
        except Refused as refused:
            refuse_on_page(request, refused)
        else:
            messages.success(
                request, _("The draft screening is made: its checklist follows it here.")
            )
            return redirect("programming:checklist", screening.pk)
    accepted = proposal.status == Proposal.Status.ACCEPTED
    return render(
        request,
        "programming/checklist_slots.html",
        {
            "proposal": proposal,
            "accepted": accepted,
            "slots": slots.free_slots(proposal, venue) if accepted else [],
            "form": form,
            "rooms": list(venue.rooms.all()),
            "duration": slots.duration_of(proposal),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
