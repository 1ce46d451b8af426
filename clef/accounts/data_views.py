"""A person's data: downloaded whole, or erased; and what the association keeps after."""

import json

from django.contrib import auth
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods

from clef.accounts.erasure_links import (
    ERASE_LINK_SECONDS,
    erase_by_link,
    plan_for,
    send_erase_link,
    user_of_erase_link,
)
from clef.accounts.forms import DeleteForm
from clef.accounts.personal_data import export_person
from clef.accounts.views import _invalid_link
from clef.lib import throttle
from clef.lib.actions import log_action


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


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    """What erasing does; a button that sends the link to erase to the account's address
    (the proof that the address is the person's: a session left open is not enough)."""
    user = request.user
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if user.email and throttle.may_send_email(request, user.email, kind="erase"):
            send_erase_link(user, language=translation.get_language())
        context = {"email": user.email, "hours": ERASE_LINK_SECONDS // 3600}
        return render(request, "accounts/delete_sent.html", context)
    context = {"form": form, "plan": plan_for(user)}
    return render(request, "accounts/delete.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def delete_confirm(request, token):
    """The link sent by email: what will happen, then the last button."""
    user = user_of_erase_link(token)
    if user is None:
        return _invalid_link(request)
    if request.method == "GET":
        context = {"plan": plan_for(user), "erased": user, "form": DeleteForm()}
        return render(request, "accounts/delete_confirm.html", context)
    form = DeleteForm(request.POST)
    if not form.is_valid():
        return _invalid_link(request)
    signed_in_here = request.user.is_authenticated and request.user.pk == user.pk
    plan = erase_by_link(token)
    if plan is None:  # spent meanwhile (a double click)
        return _invalid_link(request)
    if signed_in_here:
        auth.logout(request)
    return render(request, "accounts/delete_done.html", {"plan": plan})


def kept(request):
    """What the association keeps after an account is erased, and why."""
    return render(request, "accounts/kept.html")
