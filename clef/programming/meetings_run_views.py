"""The facilitator's page, made for a tablet: attendance, each item's vote, the minutes,
closing and publishing. Every button is a plain form (keyboard and touch alike); a
secret vote shows counts only."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clef.lib import roles
from clef.lib.forms import parse_int, to_id
from clef.lib.refusals import Refused, refuse_on_page
from clef.programming import meetings, meetings_run, votes
from clef.programming.meetings_views import PARTICIPANTS, meeting_for
from clef.programming.minutes import minutes_of
from clef.programming.models import AgendaItem, Attendance, Ballot, Poll, Proxy
from clef.programming.proposals import may_take_part


@require_http_methods(["GET", "POST"])
@roles.role_required(may_take_part, role=PARTICIPANTS)
def meeting_run(request, pk):
    meeting = meeting_for(request, pk)
    if not meetings.runs(request.user, meeting):
        return roles.forbidden(request, (roles.COMMISSION,))
    if request.method == "POST":
        try:
            message = _act(request, meeting)
        except Refused as refused:
            refuse_on_page(request, refused)
        else:
            if message:
                messages.success(request, message)
        anchor = request.POST.get("anchor", "")
        url = reverse("programming:meeting_run", args=[meeting.pk])
        return redirect(f"{url}#{anchor}" if anchor.isidentifier() else url)
    meeting.refresh_from_db()
    minutes = minutes_of(meeting)
    attendances = {
        a.user_id: a for a in Attendance.objects.filter(meeting=meeting).select_related("user")
    }
    present_ids = {pk for pk, a in attendances.items() if a.present}
    proxies = list(Proxy.objects.filter(meeting=meeting).select_related("giver", "holder"))
    people = sorted(
        {a.user for a in attendances.values()} | {proxy.holder for proxy in proxies},
        key=lambda user: (user.first_name, user.username),
    )
    givers = {proxy.giver_id for proxy in proxies}
    people = [p for p in people if p.pk in present_ids or p.pk not in givers]
    voters = [p for p in people if p.pk in present_ids] + [
        proxy.giver
        for proxy in proxies
        if proxy.holder_id in present_ids and proxy.giver_id not in present_ids
    ]
    recorded = {}
    for ballot in Ballot.objects.filter(
        poll__meeting=meeting, replaced_at=None, voter__isnull=False
    ):
        recorded.setdefault(ballot.poll_id, {})[ballot.voter_id] = ballot
    summaries = [s for entry in minutes.items for s in entry.votes] + minutes.rankings
    for summary in summaries:
        mine = recorded.get(summary.poll.pk, {})
        summary.rows = [] if summary.poll.secret else [(v, mine.get(v.pk)) for v in voters]
    return render(
        request,
        "programming/meeting_run.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "people": [
                (person, person.pk in present_ids, attendances.get(person.pk)) for person in people
            ],
            "proxies": proxies,
            "voters": voters,
            "present_count": len(present_ids),
            "quorum": votes.quorum(),
            "kinds": [
                (Poll.Kind.CONSENT, Poll.Kind.CONSENT.label),
                (Poll.Kind.MAJORITY, Poll.Kind.MAJORITY.label),
            ],
        },
    )


def _act(request, meeting):
    post, by = request.POST, request.user
    action = post.get("action")
    item = AgendaItem.objects.filter(meeting=meeting, pk=to_id(post.get("item"))).first()
    poll = Poll.objects.filter(meeting=meeting, pk=to_id(post.get("poll"))).first()
    person = get_user_model().objects.filter(pk=to_id(post.get("person"))).first()
    if action == "open":
        meetings_run.open_meeting(meeting, by=by)
        return _("The meeting is open.")
    if action == "present_name":
        name = (post.get("name") or "").strip()[:150]
        person = get_user_model().objects.filter(username=name).first()
        if person is None:
            raise Refused("unknown", _("No one has this user name."))
        meetings_run.mark_present(meeting, person, present=True, by=by)
        return None
    if action in ("present", "absent") and person:
        meetings_run.mark_present(meeting, person, present=action == "present", by=by)
        return None
    if action == "vote" and item:
        kind = post.get("kind")
        if kind not in (Poll.Kind.CONSENT, Poll.Kind.MAJORITY):
            raise Refused("bad_kind", _("Choose consent or majority."))
        meetings_run.open_vote(
            meeting, kind=kind, item=item, secret=bool(post.get("secret")), by=by
        )
        return _("The vote is open.")
    if action == "ranking":
        chosen = {to_id(pk) for pk in post.getlist("items")}
        items = [
            i
            for i in AgendaItem.objects.filter(meeting=meeting).select_related("proposal")
            if i.pk in chosen
        ]
        winners = parse_int(post.get("winners"), low=1, high=50)
        meetings_run.open_vote(
            meeting,
            kind=Poll.Kind.RANKING,
            items=items,
            winners=winners,
            secret=bool(post.get("secret")),
            by=by,
        )
        return _("The ranking is open.")
    if action == "record" and poll and person:
        ranking = [to_id(pk) for pk in post.getlist("ranking") if to_id(pk)]
        votes.cast_vote(
            poll,
            voter=person,
            by=by,
            answer=post.get("answer", ""),
            reason=post.get("reason", ""),
            ranking=ranking,
        )
        return _("The vote is recorded.")
    if action == "close_vote" and poll:
        poll = meetings_run.close_vote(poll, by=by)
        return _("The vote is closed: %(outcome)s.") % {"outcome": poll.get_outcome_display()}
    if action == "decision" and item:
        meetings_run.note_decision(item, text=post.get("text", ""), by=by)
        return _("The decision is noted.")
    if action == "minutes":
        meetings_run.write_minutes(meeting, text=post.get("text", ""), by=by)
        return _("The minutes are saved.")
    if action == "close":
        meetings_run.close_meeting(meeting, by=by)
        return _("The meeting is over.")
    if action == "publish":
        meetings_run.publish_minutes(meeting, by=by)
        return _("The minutes are published and sent to the members.")
    raise Refused("bad_action", _("This action is not known, or its item is missing."))
