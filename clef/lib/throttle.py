"""The throttle: wrong passwords, wrong API tokens and emails asked for, counted on
Django's cache (the ``throttle`` alias, shared by the server's workers).

The rules (``settings.CLEF_THROTTLE``):

- **Passwords**, wherever Django's ``authenticate()`` checks one (the site's sign-in, the
  back office's): so many wrong ones in the window for one account from one client pause
  password sign-in for that pair for the lock's time, and the account's owner gets one
  email per pause; more from one client across accounts pause that client; more on one
  account from anywhere pause that account. A paused attempt is refused before any
  hashing, with a message saying so; a link by email still signs in.
- **API tokens**: so many unknown bearer tokens from one client pause its tokens.
- **Emails on demand** (sign-in links, confirmations, the waiting list): so many per
  address, and per client, per hour; past that nothing is sent and the page answers the
  same words.

Accounts and addresses are keys as digests (no address is written to the cache's files);
a client is its IP address (an IPv6 client its /64 network). Counts are a window from the
first failure; two workers counting at the same instant may lose one count (the cache
has no atomic increment on files), which an attacker cannot turn into more than a few
tries. Only signing in, a bearer token and an email asked for touch the throttle: a page
read pays nothing, a bearer request one cache read.
"""

import hashlib
import ipaddress
import logging
import time
import unicodedata

from django.conf import settings
from django.contrib import admin
from django.contrib.admin import forms as admin_forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.views import PasswordChangeView
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clef.lib.mail import send_mail

logger = logging.getLogger("clef.throttle")

# Set on the request when the throttle refused a password: the form says why.
PAUSED = "clef_sign_in_paused"


def _cache():
    return caches["throttle"]


class ThrottleCache(FileBasedCache):
    """Django's file cache (the ``throttle`` alias), whose full folder first loses its
    expired entries. Django's deletes a third of a full folder at random on each write,
    and keeps expired files until they are read again, which a client or an address seen
    once never is: a folder filled by them would end pauses at random."""

    def _cull(self):
        if len(self._list_cache_files()) >= self._max_entries:
            for name in self._list_cache_files():
                try:
                    with open(name, "rb") as entry:
                        self._is_expired(entry)  # deletes it when expired
                except FileNotFoundError:
                    pass
        super()._cull()


def _rule(name):
    return settings.CLEF_THROTTLE[name]


def _seconds(name):
    return _rule(name) * 60


def digest(text):
    """An account's or an address's key: the same for "Ana@X.org " and "ana@x.org", and
    for "ana@ｘ.org" in wide letters (mail reaches x.org: NFKC, as IDNA reads a domain)."""
    text = unicodedata.normalize("NFKC", str(text))
    return hashlib.sha256(text.strip().casefold().encode()).hexdigest()[:32]


def client_of(request):
    """Who is asking: the client's IP address (the last one of ``CLEF_CLIENT_IP_HEADER``
    when a proxy writes it), an IPv6 client by its /64 network (one machine holds a whole
    /64)."""
    raw = ""
    if header := settings.CLEF_CLIENT_IP_HEADER:
        name = "HTTP_" + header.upper().replace("-", "_")
        raw = request.META.get(name, "").split(",")[-1].strip()
    raw = raw or request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _count(key, window):
    """Add one to the count under ``key`` in a window of ``window`` seconds from its
    first count; the new count."""
    cache, now = _cache(), time.time()
    count, until = cache.get(key) or (0, now + window)
    if until <= now:
        count, until = 0, now + window
    count += 1
    cache.set(key, (count, until), timeout=max(1, int(until - now) + 1))
    return count


def _lock(key, seconds):
    """Lock ``key`` for ``seconds``; True when it was not locked yet."""
    return _cache().add(key, time.time() + seconds, timeout=seconds)


# --- passwords ----------------------------------------------------------------------------
class SignIn:
    """One attempt to sign in with a password: ``username`` from ``request``'s client."""

    def __init__(self, request, username):
        self.account, self.client = digest(username), client_of(request)
        self.username = username
        self.locks = [
            f"signin:lock:pair:{self.account}:{self.client}",
            f"signin:lock:client:{self.client}",
            f"signin:lock:account:{self.account}",
        ]

    def paused(self):
        """Whether password sign-in is paused for this attempt: one cache read."""
        return bool(_cache().get_many(self.locks))

    def failed(self):
        """Count a wrong password; True when it paused this attempt's sign-in."""
        window, lock = _seconds("window_minutes"), _seconds("lock_minutes")
        counts = [
            (f"signin:fail:pair:{self.account}:{self.client}", "failures_per_account_and_client"),
            (f"signin:fail:client:{self.client}", "failures_per_client"),
            (f"signin:fail:account:{self.account}", "failures_per_account"),
        ]
        paused = False
        for (key, rule), lock_key in zip(counts, self.locks, strict=True):
            if _count(key, window) >= _rule(rule):
                _cache().delete(key)
                if _lock(lock_key, lock):
                    logger.warning(
                        "password sign-in paused (%s) for account %s from client %s",
                        rule,
                        self.account[:12],
                        self.client,
                    )
                paused = True
        if paused and _cache().add(f"signin:told:{self.account}", 1, timeout=lock):
            _tell_owner(self.username)
        return paused

    def succeeded(self):
        _cache().delete(f"signin:fail:pair:{self.account}:{self.client}")


def _tell_owner(username):
    """Email the account's owner, once per pause, that their password sign-in is paused."""
    User = get_user_model()
    try:
        user = User._default_manager.get_by_natural_key(username)
    except User.DoesNotExist:
        return
    if not user.email:
        return
    # The person's language (members.Person, by its reverse name: lib imports no app).
    language = getattr(getattr(user, "person", None), "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        link = reverse("accounts:login_link")
    try:
        send_mail(
            "site/emails/sign_in_paused",
            {"user": user, "minutes": _rule("lock_minutes"), "link": link},
            to=user.email,
            language=language,
        )
    except Exception:
        # The pause holds whether the mail leaves or not; the log says it did not.
        logger.exception("could not tell user %s that their sign-in is paused", user.pk)


def paused_message():
    minutes = _rule("lock_minutes")
    return ngettext(
        "Too many wrong passwords: signing in with a password is paused for %(minutes)s "
        "minute. You can still sign in with a link sent by email.",
        "Too many wrong passwords: signing in with a password is paused for %(minutes)s "
        "minutes. You can still sign in with a link sent by email.",
        minutes,
    ) % {"minutes": minutes}


def sign_in_paused(request):
    """Whether the throttle refused the password ``request`` just tried."""
    return getattr(request, PAUSED, False)


class ThrottledModelBackend(ModelBackend):
    """Django's check of a password, behind the throttle. A refused or wrong password
    ends the attempt here (``PermissionDenied``): no other backend hashes it again."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if request is None or username is None or password is None:
            return None
        attempt = SignIn(request, username)
        if attempt.paused():
            setattr(request, PAUSED, True)
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            if attempt.failed():
                setattr(request, PAUSED, True)
            raise PermissionDenied
        attempt.succeeded()
        return user


class AdminSignInForm(AdminAuthenticationForm):
    """The back office's sign-in, saying when the throttle paused it."""

    def get_invalid_login_error(self):
        if sign_in_paused(self.request):
            return ValidationError(paused_message(), code="throttled")
        return super().get_invalid_login_error()


class AdminPasswordChangeForm(admin_forms.AdminPasswordChangeForm):
    """The back office's change of one's own password: the current one checked by
    ``authenticate()``, so that wrong ones count as at the sign-in, and even the right one
    is refused while paused."""

    def __init__(self, user, *args, request, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        password = self.cleaned_data["old_password"]
        found = authenticate(self.request, username=self.user.get_username(), password=password)
        if found is None and sign_in_paused(self.request):
            raise ValidationError(paused_message(), code="throttled")
        if found is None or found.pk != self.user.pk:
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return password


class _AdminPasswordChange(PasswordChangeView):
    """Django's back-office page (``AdminSite.password_change``) with the form above."""

    form_class = AdminPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def get_success_url(self):
        return reverse("admin:password_change_done")

    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}


def admin_password_change(request):
    """The back office's password change (routed before the back office's own URLs)."""
    return admin.site.admin_view(_AdminPasswordChange.as_view())(request)


# --- API tokens ---------------------------------------------------------------------------
def _tokens_lock(request):
    return f"token:lock:{client_of(request)}"


def tokens_paused(request):
    """Whether this client's bearer tokens are refused for now: one cache read."""
    return _cache().get(_tokens_lock(request)) is not None


def token_failed(request):
    """Count an unknown token from this client; past the rule, pause its tokens."""
    key = f"token:fail:{client_of(request)}"
    if _count(key, _seconds("window_minutes")) >= _rule("failed_tokens_per_client"):
        _cache().delete(key)
        if _lock(_tokens_lock(request), _seconds("lock_minutes")):
            logger.warning("API tokens paused for client %s", client_of(request))


def tokens_paused_message():
    minutes = _rule("lock_minutes")
    return ngettext(
        "Too many unknown tokens from this address: try again in %(minutes)s minute.",
        "Too many unknown tokens from this address: try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}


# --- emails on demand -----------------------------------------------------------------------
def may_send_email(request, address, *, kind):
    """Count one email of ``kind`` asked for ``address`` from this client: True if it may
    be sent; False past ``emails_per_address`` or ``emails_per_client`` in the hour (then
    send nothing, and answer as if it were sent)."""
    cache, hour = _cache(), 60 * 60
    keys = {
        f"mail:{kind}:address:{digest(address)}": _rule("emails_per_address"),
        f"mail:{kind}:client:{client_of(request)}": _rule("emails_per_client"),
    }
    now = time.time()
    counts = cache.get_many(list(keys))
    for key, limit in keys.items():
        count, until = counts.get(key, (0, now))
        if until > now and count >= limit:
            logger.info("email %s not sent: limit reached (%s)", kind, key.split(":")[2])
            return False
    for key in keys:
        _count(key, hour)
    return True


def emails_paused_message():
    return _("Too many requests for this address, or from your connection: try again in an hour.")
