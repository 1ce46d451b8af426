"""The meetings' pages: the list (and scheduling one, for the commission), a meeting's
page (its agenda, whether one comes, proxies; then its minutes), the minutes' PDF and
the meetings' calendar feed."""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clef.lib import roles
from clef.lib.forms import to_id
from clef.lib.refusals import Refused, refuse_on_page
from clef.programming import meetings, minutes_pdf
from clef.programming.meetings_forms import MeetingForm
from clef.programming.minutes import agenda, minutes_of
from clef.programming.models import AgendaItem, Attendance, Meeting, Poll, Proxy
from clef.programming.proposals import in_commission, may_take_part
from clef.programming.votes import has_membership

PARTICIPANTS = (roles.MEMBER, roles.COMMISSION)


def meeting_for(request, pk):
    meeting = Meeting.objects.select_related("facilitator").filter(pk=to_id(pk)).first()
    if meeting is None:
        raise Http404
    return meeting


@require_http_methods(["GET", "POST"])
@roles.role_required(may_take_part, role=PARTICIPANTS)
def meeting_list(request):
    commission = in_commission(request.user)
    form = MeetingForm(request.POST or None) if commission else None
    if request.method == "POST":
        if form is None:
            return roles.forbidden(request, (roles.COMMISSION,))
        if form.is_valid():
            try:
                meeting = meetings.schedule_meeting(
                    starts_at=form.when(),
                    place=form.cleaned_data["place"],
                    facilitator=form.cleaned_data["facilitator"],
                    by=request.user,
                )
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("The meeting is scheduled."))
                return redirect(meeting)
    now = timezone.now()
    coming = Meeting.objects.filter(
        status__in=meetings.COMING, starts_at__gte=now - dt.timedelta(hours=6)
    )
    past = Meeting.objects.exclude(pk__in=coming.values("pk")).order_by("-starts_at")
    open_polls = Poll.objects.filter(meeting=None, status=Poll.Status.OPEN, closes_at__gt=now)
    return render(
        request,
        "programming/meetings.html",
        {
            "coming": coming.select_related("facilitator"),
            "past": past.select_related("facilitator")[:50],
            "open_polls": open_polls,
            "form": form,
            "commission": commission,
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_GET
@roles.role_required(may_take_part, role=PARTICIPANTS)
def meeting_page(request, pk):
    meeting = meeting_for(request, pk)
    user = request.user
    published = meeting.minutes_published_at is not None
    runs = meetings.runs(user, meeting)
    context = {
        "meeting": meeting,
        "runs": runs,
        "member": has_membership(user),
        "published": published,
        "items": agenda(meeting),
        "attendance": Attendance.objects.filter(meeting=meeting, user=user).first(),
        "given": Proxy.objects.filter(meeting=meeting, giver=user).select_related("holder").first(),
        "held": Proxy.objects.filter(meeting=meeting, holder=user).select_related("giver"),
        "coming_count": Attendance.objects.filter(
            meeting=meeting, answer=Attendance.Answer.COMING
        ).count(),
        "open_polls": Poll.objects.filter(meeting=meeting, status=Poll.Status.OPEN),
        "upcoming": meeting.status == Meeting.Status.SCHEDULED
        and meeting.starts_at > timezone.now(),
    }
    if published or (runs and meeting.status == Meeting.Status.HELD):
        context["minutes"] = minutes_of(meeting)
    return render(request, "programming/meeting.html", context)


@require_POST
@roles.role_required(may_take_part, role=PARTICIPANTS)
def meeting_answer(request, pk):
    meeting = meeting_for(request, pk)
    try:
        action = request.POST.get("action")
        if action == "coming":
            meetings.answer(meeting, request.user, coming=True)
            messages.success(request, _("You said you come."))
        elif action == "not_coming":
            meetings.answer(meeting, request.user, coming=False)
            messages.success(request, _("You said you do not come."))
        elif action == "proxy":
            proxy = meetings.give_proxy(
                meeting, request.user, holder_name=request.POST.get("holder")
            )
            messages.success(
                request, _("Your proxy goes to %(name)s.") % {"name": proxy.holder.get_username()}
            )
        elif action == "take_back":
            meetings.take_back_proxy(meeting, request.user)
            messages.success(request, _("You took your proxy back."))
    except Refused as refused:
        refuse_on_page(request, refused)
    return redirect(meeting)


@require_POST
@roles.role_required(may_take_part, role=PARTICIPANTS)
def meeting_agenda(request, pk):
    meeting = meeting_for(request, pk)
    item = AgendaItem.objects.filter(meeting=meeting, pk=to_id(request.POST.get("item"))).first()
    action = request.POST.get("action")
    try:
        if action == "build":
            added = meetings.build_agenda(meeting, by=request.user)
            messages.success(
                request, _("%(count)s proposals added to the agenda.") % {"count": len(added)}
            )
        elif action == "add":
            meetings.add_item(meeting, title=request.POST.get("title"), by=request.user)
        elif action in ("up", "down") and item:
            meetings.move_item(item, up=action == "up", by=request.user)
        elif action == "plan" and item:
            from clef.lib.forms import parse_int

            minutes = parse_int(request.POST.get("minutes"), low=1, high=meetings.LONGEST_MEETING)
            meetings.plan_item(item, minutes=minutes, by=request.user)
        elif action == "cancel":
            meetings.cancel_meeting(meeting, by=request.user)
    except Refused as refused:
        refuse_on_page(request, refused)
    return redirect(meeting)


def _published(request, pk):
    meeting = meeting_for(request, pk)
    if meeting.minutes_published_at is None and not (
        meetings.runs(request.user, meeting) and meeting.status == Meeting.Status.HELD
    ):
        raise Http404
    return meeting


@require_GET
@roles.role_required(may_take_part, role=PARTICIPANTS)
def meeting_minutes_pdf(request, pk):
    meeting = _published(request, pk)
    response = HttpResponse(minutes_pdf.minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="compte-rendu.pdf"'
    return response


@require_GET
def meetings_calendar(request):
    """The meetings to come and of the last year, as iCalendar: time and place only."""
    since = timezone.now() - dt.timedelta(days=365)
    rows = Meeting.objects.filter(starts_at__gte=since).exclude(status=Meeting.Status.CANCELLED)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//clef//meetings//EN", "CALSCALE:GREGORIAN"]
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    summary = _("Programming meeting")
    for meeting in rows.order_by("starts_at"):
        start = meeting.starts_at.astimezone(dt.UTC)
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@clef",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{start + dt.timedelta(hours=2):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{_escape(summary)}",
            f"LOCATION:{_escape(meeting.place)}",
            f"URL:{request.build_absolute_uri(reverse('programming:meeting', args=[meeting.pk]))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/calendar; charset=utf-8")


def _escape(text):
    text = " ".join(str(text).split())
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
