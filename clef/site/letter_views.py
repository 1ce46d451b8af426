"""Asking for the week's programme by email, confirming the address, unsubscribing."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from clef.lib import throttle
from clef.lib.security import mask_email
from clef.site import letter


class LetterForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your email"), max_length=254)


@require_http_methods(["GET", "POST"])
def ask(request):
    form = LetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        # The same answer whether the address reads the letter already or not.
        if throttle.may_send_email(request, email, kind="letter"):
            letter.ask(email, language=get_language())
        messages.success(
            request,
            _(
                "If %(email)s is not receiving the letter yet, a link to confirm it is on its "
                "way: open it within three days."
            )
            % {"email": email},
        )
        return redirect("site:letter")
    return render(request, "site/letter.html", {"form": form}, status=400 if form.errors else 200)


def _broken(request):
    return render(request, "site/letter_link.html", {"broken": True}, status=400)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The confirmation link: its page (GET) shows the address and a button; the button
    (POST, with the CSRF token) confirms."""
    if request.method == "GET":
        reader = letter.to_confirm(token)
        if reader is None:
            return _broken(request)
        if reader.is_reading:
            return render(request, "site/letter_link.html", {"confirmed": reader})
        context = {"to_confirm": reader, "email": mask_email(reader.email)}
        return render(request, "site/letter_link.html", context)
    reader = letter.confirm(token)
    if reader is None:
        return _broken(request)
    return render(request, "site/letter_link.html", {"confirmed": reader})


# The mail program's unsubscribe button posts here without the site's cookie (RFC 8058):
# the signed token is the proof, so no CSRF token is asked of a POST. A GET (the link
# opened, or fetched by a mail scanner) only shows the page and its button.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def leave(request, token):
    if request.method == "GET":
        reader = letter.to_leave(token)
        if reader is None:
            return _broken(request)
        if reader.left_at is not None:
            return render(request, "site/letter_link.html", {"left": reader})
        context = {"to_leave": reader, "email": mask_email(reader.email)}
        return render(request, "site/letter_link.html", context)
    reader = letter.leave(token)
    if reader is None:
        return _broken(request)
    return render(request, "site/letter_link.html", {"left": reader})
