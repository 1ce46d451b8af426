"""Who calls the API: a program with a bearer token, or the site's own pages with the
person's session (and Django's CSRF token, since a browser sends the cookie by itself)."""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from clef.api.errors import ApiError
from clef.api.models import ApiToken, hash_key

# How stale ``ApiToken.last_used_at`` may get: writing it on every request would cost a
# write per booking.
LAST_USED_EVERY = dt.timedelta(hours=1)


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        if not token:
            return None
        api_token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(token)).first()
        if api_token is None or not api_token.user.is_active:
            return None
        _note_use(api_token)
        request.user = api_token.user
        return api_token.user


def _note_use(api_token):
    now = timezone.now()
    if api_token.last_used_at is not None and now - api_token.last_used_at < LAST_USED_EVERY:
        return
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY),
        pk=api_token.pk,
    ).update(last_used_at=now)
    api_token.last_used_at = now


class Session(APIKeyCookie):
    """Django's session, CSRF enforced, as ninja's ``SessionAuth(csrf=True)``; but a
    request without a signed-in session is simply not authenticated by it (401), and
    is not asked for a CSRF token it has no reason to carry."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise ApiError(
                403,
                "forbidden",
                _("The CSRF check failed: send the “X-CSRFToken” header with the session."),
            )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


bearer = BearerToken()
session = Session(csrf=True)
# Tried in this order: a program's token, then the site's session.
SIGNED_IN = [bearer, session]
