"""The trainings' pages: the sessions to come and what I hold (``/benevoles/formations/``),
a session with its registrations and, for its trainer, who came
(``/benevoles/formations/<id>/``), and confirming a shift someone shadowed beside me."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from clef.lib import roles
from clef.lib.forms import to_id
from clef.lib.refusals import Refused, refuse_on_page
from clef.volunteers import trainings
from clef.volunteers.models import (
    Qualification,
    SessionRegistration,
    ShadowShift,
    Training,
    TrainingSession,
)
from clef.volunteers.qualifications import shadowing_left, today, valid_qualifications

VOLUNTEERS = (roles.VOLUNTEER, roles.COORDINATOR)


def is_volunteer(user):
    """Volunteers, their coordinators and administrators."""
    return user.is_active and (
        roles.can_coordinate_volunteers(user) or user.groups.filter(name__in=VOLUNTEERS).exists()
    )


volunteer_page = roles.role_required(is_volunteer, role=VOLUNTEERS)


def _my_qualifications(user, on):
    valid = set(valid_qualifications(on=on).filter(person=user).values_list("pk", flat=True))
    rows = []
    for qualification in Qualification.objects.filter(person=user).select_related("training"):
        if qualification.expires_on and qualification.expires_on <= on:
            state = "expired"
        elif qualification.pk in valid:
            state = "valid"
        else:
            state = "shadowing"
        rows.append(
            {
                "qualification": qualification,
                "state": state,
                "soon": state == "valid"
                and qualification.expires_on is not None
                and (qualification.expires_on - on).days <= 30,
                "shadowing_left": shadowing_left(qualification) if state == "shadowing" else 0,
            }
        )
    return rows


def _to_shadow(user, on):
    """Those I may confirm a shadowed shift for: people trained in what I hold whose
    shadowing is not done."""
    held = valid_qualifications(on=on).filter(person=user).values_list("training", flat=True)
    waiting = list(
        Qualification.objects.filter(training__in=list(held), training__shadow_shifts__gt=0)
        .exclude(person=user)
        .select_related("person", "training")
        .order_by("training__position", "person__first_name", "person__username")
    )
    done = {
        (row["person"], row["training"]): row["n"]
        for row in ShadowShift.objects.filter(
            person__in={q.person_id for q in waiting}, training__in=list(held)
        )
        .values("person", "training")
        .annotate(n=Count("pk"))
    }
    return [
        q for q in waiting if done.get((q.person_id, q.training_id), 0) < q.training.shadow_shifts
    ]


@volunteer_page
def index(request):
    user = request.user
    on = today()
    coming = list(
        TrainingSession.objects.filter(cancelled=False, starts_at__gt=timezone.now())
        .select_related("training", "trainer")
        .annotate(taken=Count("registrations"))
        .order_by("starts_at", "pk")
    )
    mine = set(
        SessionRegistration.objects.filter(person=user, session__in=coming).values_list(
            "session", flat=True
        )
    )
    to_mark = TrainingSession.objects.filter(
        starts_at__lte=timezone.now(), registrations__attendance=SessionRegistration.REGISTERED
    )
    if not roles.can_coordinate_volunteers(user):
        to_mark = to_mark.filter(trainer=user)
    return render(
        request,
        "volunteers/trainings.html",
        {
            "qualifications": _my_qualifications(user, on),
            "sessions": [
                {"session": s, "left": max(0, s.capacity - s.taken), "mine": s.pk in mine}
                for s in coming
            ],
            "to_mark": to_mark.select_related("training").distinct().order_by("starts_at"),
            "to_shadow": _to_shadow(user, on),
            "trainings": Training.objects.prefetch_related("teams"),
            "today": on,
        },
    )


def _session(pk):
    return get_object_or_404(TrainingSession.objects.select_related("training", "trainer"), pk=pk)


@require_http_methods(["GET", "POST"])
@volunteer_page
def session(request, pk):
    """A session; its trainer (or a coordinator) sees who registered and, once it has
    started, marks who came."""
    item = _session(pk)
    may_mark = trainings.may_mark(request.user, item)
    if request.method == "POST":
        if not may_mark:
            return roles.forbidden(request, roles.COORDINATOR)
        came = [pk for pk in map(to_id, request.POST.getlist("came")) if pk]
        try:
            granted = trainings.mark_attendance(item, attended=came, by=request.user)
        except Refused as refused:
            refuse_on_page(request, refused)
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance marked: %(count)s qualification granted.",
                    "Attendance marked: %(count)s qualifications granted.",
                    len(granted),
                )
                % {"count": len(granted)},
            )
        return redirect("volunteers:training_session", pk=item.pk)
    registrations = list(SessionRegistration.objects.filter(session=item).select_related("person"))
    return render(
        request,
        "volunteers/training_session.html",
        {
            "session": item,
            "registrations": registrations if may_mark else [],
            "taken": len(registrations),
            "left": max(0, item.capacity - len(registrations)),
            "mine": any(r.person_id == request.user.pk for r in registrations),
            "may_mark": may_mark,
            "started": item.starts_at <= timezone.now(),
            "marked": any(r.attendance != SessionRegistration.REGISTERED for r in registrations),
        },
    )


@require_POST
@volunteer_page
def register(request, pk):
    item = _session(pk)
    try:
        if request.POST.get("action") == "leave":
            trainings.unregister(item, request.user)
            messages.success(request, _("You are no longer registered for this session."))
        else:
            trainings.register(item, request.user)
            messages.success(request, _("You are registered for this session."))
    except Refused as refused:
        refuse_on_page(request, refused)
    return redirect("volunteers:training_session", pk=item.pk)


@require_POST
@volunteer_page
def confirm_shadow(request):
    """I, qualified, confirm that someone shadowed me today."""
    person = get_user_model().objects.filter(pk=to_id(request.POST.get("person"))).first()
    training = Training.objects.filter(pk=to_id(request.POST.get("training"))).first()
    if person is None or training is None:
        messages.error(request, _("Choose the person and the training."))
        return redirect("volunteers:trainings")
    try:
        trainings.confirm_shadow(person, training, by=request.user)
    except Refused as refused:
        refuse_on_page(request, refused)
    else:
        messages.success(
            request,
            _("Shadowed shift confirmed for %(name)s.")
            % {"name": person.get_full_name() or person.username},
        )
    return redirect("volunteers:trainings")
