"""What keeps a production server honest: the Content-Security-Policy on every answer,
the deploy checks that fail (`clef check --deploy`) on a demo's settings, the warning
`clef serve` prints at start, links built from a request's path that stay on the site, a
request holding a NUL character refused before any view, and an address shown masked.

The policy is a small middleware rather than django-csp: it is one fixed header
(``settings.CLEF_CSP``), no page needs a nonce since no page has an inline script, and a
dependency would bring settings for features clef does not use.
"""

import logging
import os
import re
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

logger = logging.getLogger("clef.security")


class ContentSecurityPolicyMiddleware:
    """Add ``settings.CLEF_CSP`` to every answer that has no policy of its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CLEF_CSP

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


# --- deploy checks: errors, so that `clef check --deploy` fails ---------------------------
def stand_in_payment_problems():
    if settings.CLEF_ONLINE_PAYMENT == "test" and not settings.DEBUG:
        return [
            checks.Error(
                "The stand-in payment provider is on (CLEF_ONLINE_PAYMENT=test) with DEBUG "
                "off: anyone gets paid tickets and memberships for nothing, counted as "
                "takings.",
                hint="Unset CLEF_ONLINE_PAYMENT (paying at the door only) or name a real "
                "provider; the stand-in is for the demo and the tests.",
                id="clef.E001",
            )
        ]
    return []


def secret_key_problems():
    if settings.SECRET_KEY == settings.CLEF_DEMO_SECRET_KEY:
        return [
            checks.Error(
                "SECRET_KEY is the demo's public key (SECRET_KEY is unset): anyone can "
                "forge sessions, sign-in links and password resets.",
                hint="Set SECRET_KEY to a long random value kept secret, for example the "
                "output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
                id="clef.E002",
            )
        ]
    return []


def journal_key_problems():
    path = Path(settings.CLEF_JOURNAL_KEY_FILE or "")
    if str(path) in ("", ".") or not path.is_file() or not os.access(path, os.R_OK):
        return [
            checks.Error(
                f"The journal's signing key is missing or unreadable "
                f"(CLEF_JOURNAL_KEY_FILE={settings.CLEF_JOURNAL_KEY_FILE!r}): the till, "
                "the door and online payments refuse to take money.",
                hint="Make it with `clef journal keygen`, keep a copy off the server, and "
                "point CLEF_JOURNAL_KEY_FILE at it.",
                id="clef.E003",
            )
        ]
    return []


PROBLEMS = (stand_in_payment_problems, secret_key_problems, journal_key_problems)


@checks.register(checks.Tags.security, deploy=True)
def deploy_check(app_configs=None, **kwargs):
    return [problem for find in PROBLEMS for problem in find()]


def warn_at_start():
    """Log, loudly, each deploy problem of this server's settings (`clef serve` calls
    it): a server on the demo's key starts, but never silently. The messages."""
    problems = deploy_check()
    for problem in problems:
        logger.critical("NOT FIT FOR PRODUCTION (%s): %s %s", problem.id, problem.msg, problem.hint)
    return [problem.msg for problem in problems]


# --- links built from the request's path ---------------------------------------------------
def local_path(path):
    """``path`` made a path of this site: ``//evil.example/x`` (a link to another site
    in a browser's eyes) or ``/\\evil.example`` becomes ``/evil.example/x``."""
    return "/" + path.lstrip("/\\")


# --- a NUL character in a request ------------------------------------------------------------
# A JSON string's escape of NUL (\u0000), not preceded by an escaped backslash ("\\u0000"
# is a backslash and the text "u0000").
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def holds_nul(request):
    """Whether the request's path, a name or value of its query or form, or a JSON body
    holds a NUL character (U+0000), which no address, code or form of clef has any use
    for and PostgreSQL cannot take in a string."""
    if "\x00" in request.path_info:
        return True
    # The query as sent: "%00" is the one way to write NUL in it ("%2500" is "%00" as
    # text), so it is not parsed for a page that never reads it (a cached page).
    query = request.META.get("QUERY_STRING", "")
    if "%00" in query or "\x00" in query:
        return True
    if request.method == "POST":
        for key, values in request.POST.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    if request.method == "POST" and any(
        "\x00" in (upload.name or "") for upload in request.FILES.values()
    ):
        return True
    if request.content_type == "application/json":
        body = request.body
        return b"\x00" in body or _JSON_NUL.search(body) is not None
    return False


NUL_REFUSED = gettext_noop("The address or the form holds a character that cannot be read (NUL).")


class NulCharacterMiddleware:
    """Answer 400, before any view, a request holding a NUL character (``holds_nul``):
    a page in the site's look and the request's language, or the API's JSON error.
    Placed after ``LocaleMiddleware``, which chose the language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if holds_nul(request):
            logger.warning(
                "Refused a request holding NUL: %s", request.path_info.replace("\x00", "%00")
            )
            if request.path_info.startswith("/api/"):
                # The API speaks the caller's language (``Accept-Language``), as its views do.
                with translation.override(translation.get_language_from_request(request)):
                    message = _(NUL_REFUSED)
                return JsonResponse({"code": "bad_request", "message": message}, status=400)
            return render(request, "site/400.html", {"message": _(NUL_REFUSED)}, status=400)
        return self.get_response(request)


# --- an address shown to someone who need not read it -----------------------------------------
MASK = "\u2022\u2022\u2022"


def mask_email(email):
    """``ana@example.org`` as ``a•••@example.org``: enough to recognise one's own
    address, not enough to write to it."""
    local, at, domain = (email or "").rpartition("@")
    if not at:
        return f"{email[:1]}{MASK}" if email else ""
    return f"{local[:1]}{MASK}@{domain}"
