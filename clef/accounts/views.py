"""A person's own space: signing up and in, their page, their data, erasing it."""

import json

from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clef.accounts import services
from clef.accounts.forms import DeleteForm, EmailForm, LoginForm, SignUpForm
from clef.accounts.tokens import check_link_token, confirm_tokens, login_tokens, user_of_token
from clef.lib import roles, throttle
from clef.lib.actions import log_action
from clef.members.services import current_membership
from clef.tickets.booking import can_cancel
from clef.tickets.models import Booking, Registration, Ticket
from clef.venues.queries import current_venue

# The past bookings listed on a person's page; the export has them all.
PAST_SHOWN = 20

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next_url(request):
    """Where to go after signing in, if the address asked for is on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _landing(user):
    """After confirming: to the membership for someone without one, else their page."""
    if current_membership(user, current_venue()) is None:
        return reverse("members:join")
    return reverse("accounts:home")


def _invalid_link(request):
    """A link that is wrong, spent or too old. A link sent by email carries its
    reader's language, so the page speaks it."""
    return render(request, "accounts/link_invalid.html", {}, status=400)


# --- signing up -------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                user = services.sign_up(**form.cleaned_data)
            except services.AccountRefused as refused:
                form.add_error("email", refused.message)
            else:
                return render(request, "accounts/check_inbox.html", {"email": user.email})
        return render(request, "accounts/signup.html", {"form": form}, status=400)
    return render(request, "accounts/signup.html", {"form": form})


def confirm(request, token):
    user = check_link_token(confirm_tokens, token)
    if user is None:
        named = user_of_token(token)
        if named is not None and named.is_active and named.pk == request.user.pk:
            # Opened again from the browser it was confirmed in: nothing to do.
            messages.info(request, _("Your address is already confirmed."))
            return redirect("accounts:home")
        return _invalid_link(request)
    try:
        services.confirm_email(user)
    except services.AccountRefused:
        return _invalid_link(request)
    auth.login(request, user, backend=BACKEND)
    messages.success(request, _("Your address is confirmed: welcome!"))
    return redirect(_landing(user))


# --- signing in and out -----------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def login(request):
    next_url = _next_url(request)
    if request.method == "POST" and "resend" in request.POST:
        return _resend_confirmation(request)
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_url or "accounts:home")
    form = LoginForm(request, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            auth.login(request, form.user)
            return redirect(next_url or "accounts:home")
        context = {"form": form, "next": next_url, "unconfirmed": form.unconfirmed}
        return render(request, "accounts/login.html", context, status=400)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def _resend_confirmation(request):
    form = EmailForm(request.POST)
    if not form.is_valid():
        return redirect("accounts:login")
    email = services.normalise_email(form.cleaned_data["email"])
    user = services.find_user(email)
    # The throttle (clef/lib/throttle.py): a few emails an hour per address and client.
    allowed = throttle.may_send_email(request, email, kind="link")
    if allowed and user is not None and services.awaiting_confirmation(user):
        services.send_confirmation(user)
    # The same answer whether the address waits for confirmation or not.
    context = {"email": email, "confirming": True, "hours": services.link_hours()}
    return render(request, "accounts/link_sent.html", context)


@require_http_methods(["GET", "POST"])
def login_link(request):
    next_url = _next_url(request)
    form = EmailForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            email = services.normalise_email(form.cleaned_data["email"])
            # The throttle (clef/lib/throttle.py): a few emails an hour per address and client.
            if throttle.may_send_email(request, email, kind="link"):
                services.send_login_link(
                    email, language=translation.get_language(), next_url=next_url
                )
            # The same answer whether the address has an account or not.
            context = {"email": email, "hours": services.link_hours()}
            return render(request, "accounts/link_sent.html", context)
        context = {"form": form, "next": next_url}
        return render(request, "accounts/login_link.html", context, status=400)
    return render(request, "accounts/login_link.html", {"form": form, "next": next_url})


def login_by_link(request, token):
    user = check_link_token(login_tokens, token)
    if user is None:
        return _invalid_link(request)
    try:
        services.confirm_email(user)
    except services.AccountRefused:
        return _invalid_link(request)
    auth.login(request, user, backend=BACKEND)
    return redirect(_next_url(request) or "accounts:home")


@require_POST
def logout(request):
    auth.logout(request)
    messages.success(request, _("You are signed out. See you soon!"))
    return redirect("site:home")


# --- the person's page ----------------------------------------------------------------------
def _bookings_of(user, now):
    """The person's bookings still to come (those that hold seats) and past, each with
    its screening and tickets, every ticket told whether it can still be cancelled."""
    bookings = (
        Booking.objects.filter(person=user)
        .select_related("venue")
        .prefetch_related(
            Prefetch("screening", queryset=services.screenings_with_titles()),
            Prefetch("tickets", queryset=Ticket.objects.order_by("series", "number")),
        )
    )
    upcoming, past = [], []
    for booking in bookings:
        for ticket in booking.tickets.all():
            # can_cancel reads the screening and the venue: give it the ones at hand.
            ticket.screening, ticket.venue = booking.screening, booking.venue
            ticket.cancellable = can_cancel(ticket, now)
        if booking.screening.ends_at <= now:
            past.append(booking)
        elif booking.is_active:
            upcoming.append(booking)
    upcoming.sort(key=lambda b: (b.screening.starts_at, b.pk))
    past.sort(key=lambda b: (b.screening.starts_at, b.pk), reverse=True)
    return upcoming, past


@login_required
def home(request):
    user = request.user
    upcoming, past = _bookings_of(user, timezone.now())
    registrations = (
        Registration.objects.filter(person=user)
        .prefetch_related(Prefetch("screening", queryset=services.screenings_with_titles()))
        .order_by("-created_at")
    )
    return render(
        request,
        "accounts/home.html",
        {
            "membership": current_membership(user, current_venue()),
            "upcoming": upcoming,
            "past": past[:PAST_SHOWN],
            "past_hidden": max(0, len(past) - PAST_SHOWN),
            "registrations": registrations,
            "work": _work_of(user),
        },
    )


def _work_of(user):
    """The volunteer's tools this person may open: the door, the till, the accounts, the
    back office."""
    return {
        "door": roles.can_check_in(user),
        "till": roles.can_use_till(user),
        "accounts": roles.can_read_accounts(user) or roles.can_edit_agreements(user),
        "back_office": user.is_staff,
    }


@login_required
def export(request):
    data = services.export_person(request.user)
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
    user = request.user
    form = DeleteForm(user, request.POST or None)
    context = {"form": form, "word": DeleteForm.confirmation_word()}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/delete.html", context, status=400)
        services.erase_person(user)
        auth.logout(request)
        messages.success(
            request,
            _("Your account is erased. Your tickets stay in the accounts, with no name on them."),
        )
        return redirect("site:home")
    return render(request, "accounts/delete.html", context)
