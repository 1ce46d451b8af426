"""Where a person is signed in, and ending it.

Each session signed in to an account has a ``SignIn`` row, written when the person signs
in (Django's ``user_logged_in``, so the back office's sign-in counts too) and moved
forward by ``SignInMiddleware`` at most every ``SEEN_EVERY`` seconds: a page read in
between costs no query. Ending a session deletes it from Django's session store and
its row; a session whose row is gone is signed out at its next check.

A session signed in before clef kept these rows has none: it is adopted at its next
request, unless the person has ended their sessions since (``Person.sessions_ended_at``),
in which case it is one of those and is signed out.
"""

import datetime as dt
import re
from importlib import import_module

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.accounts.models import SignIn
from clef.lib.actions import log_action
from clef.members.models import Person

# The session's own note of when its row was last moved forward (seconds since 1970).
SEEN = "clef_seen"
SEEN_EVERY = 300
USER_AGENT_LENGTH = SignIn._meta.get_field("user_agent").max_length


def _store(session_key):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


def _user_agent(request):
    return request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH]


def record(request, user):
    """The person has just signed in with this request's session."""
    session = request.session
    if session.session_key is None:
        session.save()
    now = timezone.now()
    SignIn.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "user_agent": _user_agent(request),
            "signed_in_at": now,
            "last_seen_at": now,
        },
    )
    session[SEEN] = int(now.timestamp())


def forget(request):
    """The person signs out of this session."""
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        SignIn.objects.filter(session_key=key).delete()


def moved(old_key, request):
    """The session got a new key (a new password keeps the person signed in here)."""
    new_key = request.session.session_key
    if old_key and new_key and old_key != new_key:
        SignIn.objects.filter(session_key=old_key).update(session_key=new_key)


def check(request):
    """Called on each request that carries a session cookie: move this session's row
    forward every few minutes, adopt a session older than the rows, sign out a session
    that was ended elsewhere."""
    session = request.session
    user_id = session.get(SESSION_KEY)
    if user_id is None:
        return
    now = timezone.now()
    seen = session.get(SEEN)
    if isinstance(seen, int) and now.timestamp() - seen < SEEN_EVERY:
        return
    key = session.session_key
    if SignIn.objects.filter(session_key=key, user_id=user_id).update(last_seen_at=now):
        session[SEEN] = int(now.timestamp())
        return
    user = request.user
    if seen is None and user.is_authenticated and not _ended_since_records(user):
        # When it signed in is not known: no later than the person's last sign-in (not
        # now, which would make a session left open long ago look fresh).
        SignIn.objects.create(
            user=user,
            session_key=key,
            user_agent=_user_agent(request),
            signed_in_at=min(user.last_login or now, now),
        )
        session[SEEN] = int(now.timestamp())
        return
    auth.logout(request)


def signed_in_within(request, seconds):
    """Whether this request's session was signed in less than ``seconds`` ago (its row
    says when): one query."""
    at = (
        SignIn.objects.filter(session_key=request.session.session_key, user_id=request.user.pk)
        .values_list("signed_in_at", flat=True)
        .first()
    )
    return at is not None and timezone.now() - at < dt.timedelta(seconds=seconds)


def _ended_since_records(user):
    return Person.objects.filter(user=user, sessions_ended_at__isnull=False).exists()


def sessions_of(user, current_key=None):
    """The sessions ``user`` is signed in with, the newest seen first, each with its
    device told from its browser and whether it is ``current``; rows whose session has
    expired are forgotten on the way."""
    rows, gone = [], []
    for row in SignIn.objects.filter(user=user):
        if row.session_key != current_key and not _store(row.session_key).exists(row.session_key):
            gone.append(row.pk)
            continue
        row.current = row.session_key == current_key
        row.device = device(row.user_agent)
        rows.append(row)
    if gone:
        SignIn.objects.filter(pk__in=gone).delete()
    rows.sort(key=lambda row: (not row.current, -row.last_seen_at.timestamp()))
    return rows


def end_sessions(user, *, keep=None, by=None, reason):
    """End every session of ``user`` but the one whose key is ``keep``; the number
    ended."""
    with transaction.atomic():
        ended = forget_all(user, keep=keep)
        log_action(
            "accounts.sessions.ended", by=by or user, user=user.pk, ended=ended, reason=reason
        )
    return ended


def sign_out_everywhere(user, *, keep=None):
    """The person asked to be signed out everywhere (but ``keep``, this session, unless
    None): every other session ends, and every API token of theirs is revoked, since a
    program holding one is signed in too. ``(sessions ended, tokens revoked)``.

    The tokens are reached by the user's reverse relation, ``user.api_tokens``, as the
    export reads them: the API's app sits beside this one, not below it."""
    with transaction.atomic():
        ended = forget_all(user, keep=keep)
        revoked, _by_model = user.api_tokens.all().delete()
        log_action(
            "accounts.sessions.ended",
            by=user,
            user=user.pk,
            ended=ended,
            api_tokens_revoked=revoked,
            reason="asked",
        )
    return ended, revoked


def api_tokens_of(user):
    """How many API tokens let programs act for ``user``."""
    return user.api_tokens.count()


def forget_all(user, *, keep=None):
    """End the sessions of ``user`` but ``keep`` without a word in the log (erasing
    says it). The store's deletions are not undone by a rollback: ending a session is
    never wrong."""
    rows = list(SignIn.objects.filter(user=user).exclude(session_key=keep or ""))
    for row in rows:
        _store(row.session_key).delete(row.session_key)
    SignIn.objects.filter(pk__in=[row.pk for row in rows]).delete()
    Person.objects.filter(user=user).update(sessions_ended_at=timezone.now())
    return len(rows)


def end_session(user, pk, *, keep=None, by=None):
    """End one session of ``user`` (by its row's id), not ``keep``; False when it is
    not theirs."""
    with transaction.atomic():
        row = SignIn.objects.filter(user=user, pk=pk).exclude(session_key=keep or "").first()
        if row is None:
            return False
        _store(row.session_key).delete(row.session_key)
        row.delete()
        log_action("accounts.sessions.ended", by=by or user, user=user.pk, ended=1, reason="one")
    return True


# --- the device, as a person recognises it ----------------------------------------------
# The first that matches names the browser or the system (order matters: Edge and Opera
# say "Chrome" too, Chrome says "Safari", Android says "Linux").
BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
]


def device(user_agent):
    """ "Firefox on Linux", told from a browser's User-Agent header."""
    text = user_agent or ""
    browser = next((name for marker, name in BROWSERS if marker in text), None)
    system = next((name for marker, name in SYSTEMS if re.search(marker, text)), None)
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    if browser or system:
        return browser or system
    return _("An unknown browser")
