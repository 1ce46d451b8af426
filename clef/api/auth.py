"""Who calls the API: a program with a bearer token, or the site's own pages with the
person's session (and Django's CSRF token, since a browser sends the cookie by itself)."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from clef.api.errors import ApiError
from clef.api.models import ApiToken, hash_key
from clef.lib import throttle

# How stale ``ApiToken.last_used_at`` may get: writing it on every request would cost a
# write per booking.
LAST_USED_EVERY = dt.timedelta(hours=1)


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        if not token:
            return None
        # The throttle: a client sending unknown tokens is paused (one cache read).
        if throttle.tokens_paused(request):
            raise ApiError(429, "throttled", throttle.tokens_paused_message())
        found = _token_user(hash_key(token))
        if found is None:
            throttle.token_failed(request)
            return None
        token_pk, stale, user = found
        if not user.is_active:
            return None
        if stale:
            _note_use(token_pk)
        request.user = user
        return user


def _token_user(key_hash):
    """``(token id, whether its last use is to be noted, user)`` for a token's hash, or
    None: one query on a plain cursor, the user built from the row as the ORM would
    (every booking of a rush starts here; the ORM's join costs more than the query)."""
    reader = _user_reader()
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            reader.sql,
            [connection.ops.adapt_datetimefield_value(now - LAST_USED_EVERY), key_hash],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return row[0], bool(row[1]), reader.user(row[2:])


def _note_use(token_pk):
    """Write the token's ``last_used_at``, unless another request just did.

    On PostgreSQL, outside a transaction, the write's commit does not wait for the disk
    (``synchronous_commit`` off for it alone): a crash of the database could forget the
    last few notes of use, but nothing else, and a request does not wait milliseconds
    for a flush of a mark that is an hour wide anyway."""
    now = timezone.now()
    table = connection.ops.quote_name(ApiToken._meta.db_table)
    quick = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute(
            (
                "WITH quick AS (SELECT set_config('synchronous_commit', 'off', true)) "
                f"UPDATE {table} SET last_used_at = %s FROM quick"
                if quick
                else f"UPDATE {table} SET last_used_at = %s"
            )
            # Conditional, as two requests of one token may race to note it.
            + " WHERE id = %s AND (last_used_at IS NULL OR last_used_at < %s)",
            [
                connection.ops.adapt_datetimefield_value(now),
                token_pk,
                connection.ops.adapt_datetimefield_value(now - LAST_USED_EVERY),
            ],
        )


class _UserReader:
    """The token lookup's SQL, and how to make a user of the row's end, for one kind of
    database: the user's every column, converted by the ORM's own converters."""

    def __init__(self, db):
        User = get_user_model()
        quote = db.ops.quote_name
        tokens, users = quote(ApiToken._meta.db_table), quote(User._meta.db_table)
        self.fields = User._meta.concrete_fields
        self.model, self.alias = User, db.alias
        columns = ", ".join(f"u.{quote(field.column)}" for field in self.fields)
        self.sql = (
            f"SELECT t.id, (t.last_used_at IS NULL OR t.last_used_at < %s), {columns} "
            f"FROM {tokens} t INNER JOIN {users} u ON u.{quote(User._meta.pk.column)} = t.user_id "
            "WHERE t.key_hash = %s"
        )
        self.converters = []
        for position, field in enumerate(self.fields):
            column = field.get_col(User._meta.db_table)
            found = db.ops.get_db_converters(column) + column.get_db_converters(db)
            if found:
                self.converters.append((position, column, found))

    def user(self, values):
        values = list(values)
        for position, column, converters in self.converters:
            for converter in converters:
                values[position] = converter(values[position], column, connection)
        return self.model.from_db(self.alias, None, values)


_readers = {}


def _user_reader():
    key = (connection.alias, connection.vendor)
    if (reader := _readers.get(key)) is None:
        reader = _readers[key] = _UserReader(connection)
    return reader


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
