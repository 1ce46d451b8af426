"""A member changes their own account: password, address, name and language; a forgotten
password; where they are signed in."""

from django.contrib import auth, messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from clef.accounts import changes, services, signins
from clef.accounts.forms import AddressForm, EmailForm, NameForm, NewPasswordForm, password_form
from clef.accounts.tokens import check_address_token, check_link_token, reset_tokens
from clef.accounts.views import BACKEND, _invalid_link, _next_url, sign_in_by_link
from clef.lib import throttle
from clef.lib.security import mask_email
from clef.members.services import person_of

# How recently an account with no password must have signed in to choose one, to move to
# a new address or to be erased.
RECENT_SIGN_IN = 15 * 60


def sign_in_again(request):
    """For an account with no password, whose changes cannot ask for one: unless this
    session signed in lately, the way to sign in again by a link sent to the address
    (then back here), since a session left open must not be enough to give the account
    a password or another address, or to erase it. None when the change may go on."""
    if request.user.has_usable_password() or signins.signed_in_within(request, RECENT_SIGN_IN):
        return None
    messages.info(
        request,
        _(
            "Your account has no password: to do this, sign in again with a link sent to "
            "your address."
        ),
    )
    return redirect(reverse("accounts:login_link") + "?" + urlencode({"next": request.path}))


def _still_signed_in(request, user, old_key):
    """After a new password: this session stays signed in (Django's own check would sign
    it out), under its new key."""
    update_session_auth_hash(request, user)
    signins.moved(old_key, request)


# --- the password ---------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def password(request):
    user = request.user
    if (again := sign_in_again(request)) is not None:
        return again
    form = password_form(user, request.POST or None, request=request)
    had_one = user.has_usable_password()
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/password.html", {"form": form}, status=400)
        old_key = request.session.session_key
        changes.set_password(user, form.cleaned_data["new_password1"], keep=old_key)
        _still_signed_in(request, user, old_key)
        if had_one:
            messages.success(
                request, _("Your password is changed. You are signed out everywhere else.")
            )
        else:
            messages.success(request, _("Your password is set: sign in with it from now on."))
        return redirect(_next_url(request) or "accounts:home")
    return render(request, "accounts/password.html", {"form": form, "next": _next_url(request)})


@require_http_methods(["GET", "POST"])
def reset(request):
    """Ask for a link to choose a new password; the same answer for any address."""
    form = EmailForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/reset.html", {"form": form}, status=400)
        email = services.normalise_email(form.cleaned_data["email"])
        # The throttle (clef/lib/throttle.py): a few emails an hour per address and client.
        if throttle.may_send_email(request, email, kind="reset"):
            changes.send_reset_link(email, language=translation.get_language())
        context = {"email": email, "resetting": True, "hours": services.link_hours()}
        return render(request, "accounts/link_sent.html", context)
    return render(request, "accounts/reset.html", {"form": form})


@require_http_methods(["GET", "POST"])
def reset_confirm(request, token):
    user = check_link_token(reset_tokens, token)
    if user is None or not (user.is_active or services.awaiting_confirmation(user)):
        return _invalid_link(request, reset=True)
    form = NewPasswordForm(user, request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/reset_confirm.html", {"form": form}, status=400)
        changes.reset_password(user, form.cleaned_data["new_password1"])
        auth.login(request, user, backend=BACKEND)
        messages.success(
            request, _("Your new password is set. You are signed in here and out everywhere else.")
        )
        return redirect("accounts:home")
    return render(request, "accounts/reset_confirm.html", {"form": form})


# --- name, language, address ----------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": person_of(user).language,
    }
    form = NameForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/profile.html", {"form": form}, status=400)
        changes.change_name_and_language(user, **form.cleaned_data)
        messages.success(request, _("Your name and language are saved."))
        return redirect("accounts:home")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def address(request):
    user = request.user
    if (again := sign_in_again(request)) is not None:
        return again
    form = AddressForm(user, request.POST or None, request=request)
    if request.method == "POST":
        if form.is_valid():
            email = form.cleaned_data["email"]
            # The throttle (clef/lib/throttle.py): a few emails an hour per address and client.
            if throttle.may_send_email(request, email, kind="address"):
                changes.ask_address_change(user, email)
            # The same page whether the new address has an account or not.
            context = {"email": email, "hours": services.link_hours()}
            return render(request, "accounts/address_sent.html", context)
        return render(request, "accounts/address.html", {"form": form}, status=400)
    return render(request, "accounts/address.html", {"form": form})


@require_http_methods(["GET", "POST"])
def address_confirm(request, token):
    """The link that moves an account to a new address: opening it (GET) says what it
    will do, the button (POST) does it, so a mail scanner that fetches the link moves
    nothing and signs nobody out."""
    found = check_address_token(token)
    if found is None:
        return _invalid_link(request)
    user, new_email = found
    if request.method == "GET":
        context = {"old_email": mask_email(user.email), "new_email": new_email}
        return render(request, "accounts/address_confirm.html", context)
    try:
        changes.change_address(user, new_email)
    except services.AccountRefused as refused:
        return render(
            request, "accounts/address_refused.html", {"message": refused.message}, status=400
        )
    sign_in_by_link(request, user)
    messages.success(
        request,
        _("Your address is now %(email)s. You are signed out everywhere else.")
        % {"email": new_email},
    )
    return redirect("accounts:home")


# --- where one is signed in -------------------------------------------------------------------
@login_required
def sessions(request):
    rows = signins.sessions_of(request.user, request.session.session_key)
    context = {"sessions": rows, "api_tokens": signins.api_tokens_of(request.user)}
    return render(request, "accounts/sessions.html", context)


@login_required
@require_POST
def end_sessions(request):
    """Sign out on the other devices; with ``everywhere``, here too; with ``session``,
    on that one only."""
    user = request.user
    current = request.session.session_key
    if "session" in request.POST:
        raw = request.POST["session"]
        # A row's id as the page wrote it: ASCII digits, never a 30-digit number.
        mine = raw.isascii() and raw.isdigit() and len(raw) < 19
        if mine and signins.end_session(user, int(raw), keep=current):
            messages.success(request, _("That device is signed out."))
        return redirect("accounts:sessions")
    ended, revoked = signins.sign_out_everywhere(user, keep=current)
    if revoked:
        messages.success(
            request,
            ngettext(
                "%(count)s API token is revoked: its program needs a new one.",
                "%(count)s API tokens are revoked: their programs need new ones.",
                revoked,
            )
            % {"count": revoked},
        )
    if "everywhere" in request.POST:
        auth.logout(request)
        messages.success(request, _("You are signed out everywhere."))
        return redirect("site:home")
    if ended:
        messages.success(request, _("You are signed out everywhere else."))
    elif not revoked:
        messages.info(request, _("You were signed in nowhere else."))
    return redirect("accounts:sessions")
