"""The volunteer's pages: their shifts and those they may take (a list, or a week),
a shift's page with its one-tap actions, their reminder and calendar feed; the
coordinator's one-off shift. Thin: the rules are ``shifts``, the reads
``shifts_queries``."""

import datetime as dt

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clef.lib import roles
from clef.lib.forms import BadInput, parse_date
from clef.lib.refusals import Refused, refuse_on_page
from clef.venues.queries import current_venue
from clef.volunteers import feeds, shifts, shifts_queries
from clef.volunteers.models import Shift, ShiftPreferences, Signup
from clef.volunteers.shifts_forms import OneOffShiftForm
from clef.volunteers.trainings_views import VOLUNTEERS, is_volunteer

volunteer_page = roles.role_required(is_volunteer, role=VOLUNTEERS)
coordinator_page = roles.role_required(roles.can_coordinate_volunteers, role=roles.COORDINATOR)

# How far the list reaches.
LIST_DAYS = 28


def _monday(day):
    return day - dt.timedelta(days=day.weekday())


@require_GET
@volunteer_page
def index(request):
    venue = current_venue()
    now = timezone.now()
    week = None
    if "semaine" in request.GET:
        try:
            first = parse_date(request.GET["semaine"][:40])
        except BadInput as bad:
            refuse_on_page(request, bad)
            return redirect("volunteers:index")
        monday = _monday(first)
        start = dt.datetime.combine(monday, dt.time(0, 0), tzinfo=venue.zone)
        end = start + dt.timedelta(days=7)
        week = {"monday": monday, "previous": monday - dt.timedelta(days=7)}
        week["next"] = monday + dt.timedelta(days=7)
    else:
        start, end = now, now + dt.timedelta(days=LIST_DAYS)
    board = shifts_queries.board(venue, request.user, start=max(start, now), end=end)
    if week:
        week["days"] = shifts_queries.week_days(
            week["monday"], sorted(board.mine + board.open, key=lambda s: s.starts_at), venue.zone
        )
    preferences = ShiftPreferences.objects.filter(person=request.user).first()
    return render(
        request,
        "volunteers/shifts.html",
        {
            "venue": venue,
            "board": board,
            "week": week,
            "this_week": _monday(venue.local_date()),
            "reminder": preferences.reminder
            if preferences
            else ShiftPreferences.Reminder.DAY_BEFORE,
            "reminders": ShiftPreferences.Reminder.choices,
            "feed": feeds.current_feed(request.user),
            "is_coordinator": roles.can_coordinate_volunteers(request.user),
        },
    )


def _shift(pk):
    return get_object_or_404(
        shifts_queries.with_places(Shift.objects.all()).select_related("screening"), pk=pk
    )


@require_GET
@volunteer_page
def shift(request, pk):
    found = _shift(pk)
    found.left = max(0, found.places - found.taken)
    signups = list(
        found.signups.filter(status__in=Signup.ACTIVE)
        .select_related("person")
        .order_by("created_at", "pk")
    )
    mine = next((s for s in signups if s.person_id == request.user.pk), None)
    now = timezone.now()
    return render(
        request,
        "volunteers/shift.html",
        {
            "shift": found,
            "signups": signups,
            "mine": mine,
            "may_cancel": mine is not None and shifts.may_cancel(mine, now),
            "offered": shifts.offered_place(found) if mine is None else None,
            "qualified": found.team_id in shifts_queries.qualified_team_ids(request.user),
            "started": found.starts_at <= now,
            "cutoff_hours": shifts.cancel_cutoff().total_seconds() // 3600,
            "is_coordinator": roles.can_coordinate_volunteers(request.user),
        },
    )


def _act(request, pk, action, done):
    found = get_object_or_404(Shift.objects.select_related("venue"), pk=pk)
    try:
        action(found)
    except Refused as refused:
        refuse_on_page(request, refused)
    else:
        messages.success(request, done)
    return redirect(found.get_absolute_url())


def _my_signup(request, found):
    signup = (
        Signup.objects.filter(shift=found, person=request.user, status__in=Signup.ACTIVE)
        .select_related("shift")
        .first()
    )
    if signup is None:
        raise shifts.ShiftRefused("not_active", _("You are no longer signed up for this shift."))
    return signup


@require_POST
@volunteer_page
def take(request, pk):
    return _act(
        request,
        pk,
        lambda found: shifts.take(found, request.user),
        _("You are signed up. Thank you!"),
    )


@require_POST
@volunteer_page
def cancel(request, pk):
    return _act(
        request,
        pk,
        lambda found: shifts.cancel(_my_signup(request, found), by=request.user),
        _("Your signup is cancelled."),
    )


@require_POST
@volunteer_page
def offer(request, pk):
    return _act(
        request,
        pk,
        lambda found: shifts.offer(_my_signup(request, found), by=request.user),
        _("Your place is offered to the other volunteers: it stays yours until one takes it."),
    )


@require_POST
@volunteer_page
def keep(request, pk):
    return _act(
        request,
        pk,
        lambda found: shifts.withdraw_offer(_my_signup(request, found), by=request.user),
        _("Your place is no longer offered: it is yours."),
    )


@require_POST
@volunteer_page
def reminder(request):
    choice = request.POST.get("reminder", "")[:4]
    if choice not in ShiftPreferences.Reminder.values:
        refuse_on_page(request, BadInput("bad_reminder", _("Choose one of the reminders.")))
    else:
        ShiftPreferences.objects.update_or_create(
            person=request.user, defaults={"reminder": choice}
        )
        messages.success(request, _("Your reminder is saved."))
    return redirect(reverse("volunteers:index") + "#reminder")


@require_POST
@volunteer_page
def feed_new(request):
    feeds.new_feed(request.user)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect(reverse("volunteers:index") + "#calendar")


@require_POST
@volunteer_page
def feed_revoke(request):
    if feeds.revoke(request.user):
        messages.success(request, _("Your calendar address no longer works."))
    return redirect(reverse("volunteers:index") + "#calendar")


@require_http_methods(["GET", "POST"])
@coordinator_page
def new_shift(request):
    venue = current_venue()
    form = OneOffShiftForm(request.POST or None, venue=venue)
    if request.method == "POST" and form.is_valid():
        try:
            made = shifts.add_one_off(venue, **form.shift_fields(), by=request.user)
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The shift is added."))
            return redirect(made.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "volunteers/shift_new.html", {"form": form}, status=status)
