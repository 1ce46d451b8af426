"""A person's data: downloaded whole, or erased; and what the association keeps after."""

import datetime as dt
import json

from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clef.accounts.account_views import sign_in_again
from clef.accounts.erasure import erase_person
from clef.accounts.forms import DeleteForm
from clef.accounts.personal_data import export_person, screenings_with_titles
from clef.lib.actions import log_action
from clef.tickets.models import Ticket

# Longer than any screening: those that started earlier are over.
LONGEST = dt.timedelta(hours=24)


@login_required
def export(request):
    data = export_person(request.user)
    log_action("accounts.person.exported", by=None, user=request.user.pk)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"clef-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def upcoming_tickets(user, now):
    """The person's tickets still standing for screenings not over yet, soonest first."""
    tickets = (
        Ticket.objects.filter(booking__person=user, screening__starts_at__gt=now - LONGEST)
        .exclude(status=Ticket.Status.CANCELLED)
        .select_related("booking")
        .prefetch_related(Prefetch("screening", queryset=screenings_with_titles()))
        .order_by("screening__starts_at", "series", "number")
    )
    return [ticket for ticket in tickets if ticket.screening.ends_at > now]


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    user = request.user
    if (again := sign_in_again(request)) is not None:
        return again
    form = DeleteForm(user, request.POST or None, request=request)
    context = {"form": form, "tickets": upcoming_tickets(user, timezone.now())}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/delete.html", context, status=400)
        erase_person(user)
        auth.logout(request)
        messages.success(
            request,
            _("Your account is erased. Your tickets stay in the accounts, with no name on them."),
        )
        return redirect("site:home")
    return render(request, "accounts/delete.html", context)


def kept(request):
    """What the association keeps after an account is erased, and why."""
    return render(request, "accounts/kept.html")
