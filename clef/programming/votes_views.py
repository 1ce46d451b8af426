"""The polls' pages: a poll (voting, changing one's vote, the results when they may be
shown), and the online polls (opening one, for the commission)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clef.lib import roles
from clef.lib.forms import to_id
from clef.lib.refusals import Refused, refuse_on_page
from clef.programming import votes
from clef.programming.meetings_forms import PollForm
from clef.programming.meetings_views import PARTICIPANTS
from clef.programming.minutes import summarize
from clef.programming.models import Ballot, Poll
from clef.programming.proposals import in_commission, may_take_part


@require_http_methods(["GET", "POST"])
@roles.role_required(may_take_part, role=PARTICIPANTS)
def poll_list(request):
    commission = in_commission(request.user)
    form = PollForm(request.POST or None) if commission else None
    if request.method == "POST":
        if form is None:
            return roles.forbidden(request, (roles.COMMISSION,))
        if form.is_valid():
            data = form.cleaned_data
            try:
                poll = votes.create_poll(
                    question=data["question"],
                    kind=data["kind"],
                    closes_at=form.when(),
                    secret=data["secret"],
                    results_after_vote=data["results_after_vote"],
                    choices=data["choice_list"],
                    winners=data["winners"] or 1,
                    by=request.user,
                )
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("The poll is open."))
                return redirect(poll)
    polls = Poll.objects.filter(meeting=None).order_by("-created_at", "-pk")[:100]
    return render(
        request,
        "programming/polls.html",
        {"polls": polls, "form": form, "now": timezone.now()},
        status=400 if form is not None and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@roles.role_required(may_take_part, role=PARTICIPANTS)
def poll_page(request, pk):
    poll = Poll.objects.select_related("meeting", "item").filter(pk=to_id(pk)).first()
    if poll is None:
        raise Http404
    user = request.user
    if request.method == "POST":
        voter = next(
            (v for v in votes.voices(poll, user) if str(v.pk) == request.POST.get("voter")), user
        )
        # One select per place, in the page's order; places left empty are dropped.
        ranking = [to_id(pk) for pk in request.POST.getlist("ranking")]
        try:
            votes.cast_vote(
                poll,
                voter=voter,
                by=user,
                answer=request.POST.get("answer", ""),
                reason=request.POST.get("reason", ""),
                ranking=[pk for pk in ranking if pk],
            )
        except Refused as refused:
            refuse_on_page(request, refused)
        else:
            messages.success(
                request, _("Your vote is recorded. You may change it until the poll closes.")
            )
        return redirect(poll)
    closed = votes.is_closed(poll)
    voices = [] if closed else votes.voices(poll, user)
    voted = {v.pk for v in voices if votes.has_voted(poll, v)}
    summary = None
    if votes.may_see_results(poll, user):
        poll_with = Poll.objects.filter(pk=poll.pk).prefetch_related("choices").get()
        poll_with._prefetched_objects_cache["ballots"] = Ballot.objects.filter(
            poll=poll, replaced_at=None
        ).select_related("voter")
        summary = summarize(poll_with)
    return render(
        request,
        "programming/poll.html",
        {
            "poll": poll,
            "closed": closed,
            "voices": [(v, v.pk in voted) for v in voices],
            "choices": list(poll.choices.all()),
            "summary": summary,
            "member": votes.has_membership(user),
            "answers": _answers(poll),
        },
    )


def _answers(poll):
    A = Ballot.Answer
    if poll.kind == Poll.Kind.CONSENT:
        return [(A.CONSENT, A.CONSENT.label), (A.OBJECT, A.OBJECT.label)]
    if poll.kind == Poll.Kind.MAJORITY:
        return [(A.FOR, A.FOR.label), (A.AGAINST, A.AGAINST.label), (A.ABSTAIN, A.ABSTAIN.label)]
    return []
