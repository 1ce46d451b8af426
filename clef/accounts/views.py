"""A person's own space: signing up, signing in (by password or by a link), their page.

Changing the account is in ``account_views.py``, their data and erasing it in
``data_views.py``.
"""

from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clef.accounts import services, signins
from clef.accounts.forms import EmailForm, LoginForm, SignUpForm
from clef.accounts.personal_data import screenings_with_titles
from clef.accounts.tokens import check_link_token, confirm_tokens, login_tokens, user_of_token
from clef.lib import journey, roles, throttle
from clef.lib.security import mask_email
from clef.members.services import current_membership
from clef.programme.models import Screening
from clef.tickets.booking import can_cancel
from clef.tickets.models import Booking, Registration, Ticket
from clef.venues.queries import current_venue
from clef.volunteers import access

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


def _landing(request, user):
    """After confirming: to the membership for someone without one (then where they were
    going), else where they were going, else their page."""
    going_to = journey.going_to(request)
    if current_membership(user, current_venue()) is None:
        join = reverse("members:join")
        return f"{join}?{urlencode({'next': going_to})}" if going_to else join
    if going_to:
        journey.arrived(request)
        return going_to
    return reverse("accounts:home")


def _booking_form(next_url):
    """The screening a ``next`` address books, or None: the sign-in page then says what
    booking needs."""
    try:
        match = resolve(next_url.split("?", 1)[0])
    except Resolver404:
        return None
    if match.view_name != "tickets:book":
        return None
    return Screening.objects.filter(pk=match.kwargs.get("pk")).select_related("room").first()


def sign_in_by_link(request, user):
    """Sign ``user`` in here, who opened a link sent to their address, and out
    everywhere else (a link is the proof that the address is theirs, now)."""
    auth.login(request, user, backend=BACKEND)
    signins.end_sessions(user, keep=request.session.session_key, reason="link")


def _opened_by_link(request, user, landing):
    """An account opened by a link: with the password typed when signing up in this
    browser, to ``landing``; without, to choose one first."""
    if user.has_usable_password():
        messages.success(request, _("Your address is confirmed: welcome!"))
        return redirect(landing)
    messages.success(
        request,
        _(
            "Your address is confirmed: welcome! Choose a password to sign in with it, or "
            "go on and sign in with a link sent by email each time."
        ),
    )
    return redirect(reverse("accounts:password") + "?" + urlencode({"next": landing}))


def _invalid_link(request, *, reset=False):
    """A link that is wrong, spent or too old. A link sent by email carries its
    reader's language, so the page speaks it. ``reset``: a link to choose a password."""
    return render(request, "accounts/link_invalid.html", {"reset": reset}, status=400)


# --- signing up -------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:home")
    if _booking_form(next_url := _next_url(request)) is not None:
        journey.remember(request, next_url)
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            # The throttle (clef/lib/throttle.py): past a few emails an hour for this
            # address or client, the same page, and nothing made or sent.
            if throttle.may_send_email(request, data["email"], kind="link"):
                # The password waits in this browser for the link (services' docstring).
                services.hold_password(request.session, data["email"], data["password"])
                services.sign_up(
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    language=data["language"],
                )
            # The same page, word for word, whether the address had an account or not.
            return render(request, "accounts/check_inbox.html", {"email": data["email"]})
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
        services.confirm_email(user, password=services.held_password(request.session, user))
    except services.AccountRefused:
        return _invalid_link(request)
    sign_in_by_link(request, user)
    return _opened_by_link(request, user, _landing(request, user))


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
    booking = _booking_form(next_url)
    if booking is not None:  # on the way to a screening: kept through sign-up and joining
        journey.remember(request, next_url)
    context = {"form": form, "next": next_url, "booking": booking}
    return render(request, "accounts/login.html", context)


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


@require_http_methods(["GET", "POST"])
def login_by_link(request, token):
    """A sign-in link: opening it (GET) shows whose it is and one button; only the
    button (POST, with the CSRF token) signs in and spends it. A mail scanner that
    fetches every link of a message thus neither signs in nor spends the link."""
    user = check_link_token(login_tokens, token)
    if user is None or not (user.is_active or services.awaiting_confirmation(user)):
        return _invalid_link(request)
    if request.method == "GET":
        return _sign_in_page(request, user, next_url=_next_url(request))
    try:
        opened = services.confirm_email(
            user, password=services.held_password(request.session, user)
        )
    except services.AccountRefused:
        return _invalid_link(request)
    sign_in_by_link(request, user)
    landing = _next_url(request) or reverse("accounts:home")
    if opened:
        return _opened_by_link(request, user, landing)
    return redirect(landing)


def _sign_in_page(request, user, *, next_url):
    """The page a sign-in link opens: the address it signs in to, masked (the link may
    have been forwarded), and the button that signs in."""
    context = {"email": mask_email(user.email), "next": next_url}
    return render(request, "accounts/link_sign_in.html", context)


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
            Prefetch("screening", queryset=screenings_with_titles()),
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
        .prefetch_related(Prefetch("screening", queryset=screenings_with_titles()))
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
        # A volunteer on a door or till shift now opens them too (volunteers.access).
        "door": access.can_open_door_list(user),
        "till": access.can_use_till(user),
        "accounts": roles.can_read_accounts(user) or roles.can_edit_agreements(user),
        "back_office": user.is_staff,
    }
