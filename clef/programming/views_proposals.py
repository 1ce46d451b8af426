"""The proposals' pages: the list and its filters, one proposal (comments, following, its
state), proposing and amending, and the page that explains how to propose."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clef.lib import roles
from clef.lib.forms import is_id
from clef.lib.refusals import Refused, refuse_on_page
from clef.programming import proposals as service
from clef.programming import proposals_writing as writing
from clef.programming.models import Proposal, ProposalComment, ProposalEvent, ProposalFollow
from clef.programming.proposals_forms import CommentForm, FilterForm, ProposalForm
from clef.programming.proposals_queries import listed, next_meeting, visible_to

TAKING_PART = (roles.MEMBER, roles.PROGRAMMER, roles.COMMISSION)
PROPOSING = (roles.PROGRAMMER, roles.COMMISSION)
# The list shows this many proposals a page at most.
PAGE = 100


def _proposal_for(request, pk):
    """The proposal at ``pk`` if the person may see it, else a 404 (a draft of another's
    is not said to exist)."""
    if not is_id(str(pk)):
        raise Http404(_("There is no such proposal."))
    proposal = (
        visible_to(request.user).select_related("proposer", "wished_room").filter(pk=pk).first()
    )
    if proposal is None:
        raise Http404(_("There is no such proposal."))
    return proposal


@roles.role_required(service.may_take_part, role=TAKING_PART)
def proposal_list(request):
    filters = FilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    proposals = list(
        listed(
            request.user,
            status=chosen.get("status", ""),
            kind=chosen.get("kind", ""),
            mine=chosen.get("mine", False),
            q=chosen.get("q", ""),
        )[:PAGE]
    )
    return render(
        request,
        "programming/proposal_list.html",
        {
            "proposals": proposals,
            "filters": filters if filters.is_bound else FilterForm(),
            "bad_filters": filters.is_bound and not filters.is_valid(),
            "may_propose": service.may_propose(request.user),
            "page_size": PAGE,
        },
    )


@roles.role_required(service.may_take_part, role=TAKING_PART)
def proposal_detail(request, pk):
    proposal = _proposal_for(request, pk)
    user = request.user
    follow = ProposalFollow.objects.filter(proposal=proposal, user=user).first()
    return render(
        request,
        "programming/proposal_detail.html",
        {
            "proposal": proposal,
            "films": list(proposal.films.all()),
            "typed": list(proposal.proposed_films.select_related("rights_holder")),
            "comments": list(
                ProposalComment.objects.filter(proposal=proposal).select_related("author")
            ),
            "history": list(
                ProposalEvent.objects.filter(
                    proposal=proposal, kind=ProposalEvent.Kind.STATUS
                ).select_related("by")
            ),
            "comment_form": CommentForm(),
            "follow": follow,
            "follow_choices": ProposalFollow.Choice.choices,
            "may_amend": service.may_amend(user, proposal),
            "may_comment": proposal.status != Proposal.Status.DRAFT,
            "next_states": service.next_states(user, proposal),
        },
    )


@require_http_methods(["GET", "POST"])
@roles.role_required(service.may_propose, role=PROPOSING)
def proposal_new(request):
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = writing.propose(
                by=request.user,
                values=form.values(),
                films=form.cleaned_data["films"],
                typed=form.typed(),
                submit="submit" in request.POST,
            )
        except Refused as refused:
            refuse_on_page(request, refused)
        else:
            if proposal.status == Proposal.Status.SUBMITTED:
                messages.success(request, _("Your proposal is submitted: members can read it."))
            else:
                messages.success(request, _("Your proposal is kept as a draft."))
            return redirect(proposal)
    return render(request, "programming/proposal_form.html", {"form": form, "proposal": None})


@require_http_methods(["GET", "POST"])
@roles.role_required(service.may_propose, role=PROPOSING)
def proposal_amend(request, pk):
    proposal = _proposal_for(request, pk)
    if not service.may_amend(request.user, proposal):
        return roles.forbidden(request)
    if request.method == "POST":
        form = ProposalForm(request.POST)
        if form.is_valid():
            try:
                writing.amend(
                    proposal,
                    by=request.user,
                    values=form.values(),
                    films=form.cleaned_data["films"],
                    typed=form.typed(),
                )
            except Refused as refused:
                refuse_on_page(request, refused)
            else:
                messages.success(request, _("Your proposal is amended."))
                return redirect(proposal)
    else:
        form = ProposalForm(initial=ProposalForm.initial_of(proposal))
    return render(request, "programming/proposal_form.html", {"form": form, "proposal": proposal})


@require_POST
@roles.role_required(service.may_take_part, role=TAKING_PART)
def proposal_comment(request, pk):
    proposal = _proposal_for(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["text"][0])
        return redirect(proposal)
    try:
        writing.comment(proposal, by=request.user, text=form.cleaned_data["text"])
    except Refused as refused:
        refuse_on_page(request, refused)
    else:
        messages.success(request, _("Your comment is posted."))
    return redirect(f"{proposal.get_absolute_url()}#comments")


@require_POST
@roles.role_required(service.may_take_part, role=TAKING_PART)
def proposal_follow(request, pk):
    proposal = _proposal_for(request, pk)
    try:
        row = writing.follow(proposal, by=request.user, choice=request.POST.get("choice", ""))
    except Refused as refused:
        refuse_on_page(request, refused)
    else:
        messages.success(request, _("Saved: %(choice)s.") % {"choice": row.get_choice_display()})
    return redirect(proposal)


@require_POST
@roles.role_required(service.may_take_part, role=TAKING_PART)
def proposal_status(request, pk):
    proposal = _proposal_for(request, pk)
    status = request.POST.get("status", "")
    if status not in Proposal.Status.values:
        messages.error(request, _("Choose one of the offered states."))
        return redirect(proposal)
    try:
        proposal = service.change_status(
            proposal, status, by=request.user, reason=request.POST.get("reason", "")[:2000]
        )
    except Refused as refused:
        refuse_on_page(request, refused)
    else:
        messages.success(
            request,
            _("The proposal is now: %(status)s.") % {"status": proposal.get_status_display()},
        )
    return redirect(proposal)


def guide(request):
    """How to propose a film, for everyone, with the next meeting's date."""
    user = request.user
    return render(
        request,
        "programming/proposal_guide.html",
        {
            "meeting": next_meeting(),
            "may_propose": service.may_propose(user),
            "may_take_part": service.may_take_part(user),
        },
    )
