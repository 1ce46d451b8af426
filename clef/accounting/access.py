"""Who may read the accounts, and how a refused request is answered: shared by every view
of the app.

Visitors are sent to sign in; signed-in people without the right get a 403. A request
the accounts cannot answer (a week to come, a screening not held, a malformed date) gets
a page saying why, in the reader's language, with status 400, and nothing is written.
"""

import datetime as dt
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.accounting.figures import AccountingRefused
from clef.lib import roles
from clef.lib.weeks import CinemaWeek


def guard(allowed):
    """A view decorator: sign in first, then ``allowed(user)`` or 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                raise PermissionDenied
            try:
                return view(request, *args, **kwargs)
            except AccountingRefused as refused:
                return refusal(request, refused)

        return wrapped

    return decorator


reads_accounts = guard(roles.can_read_accounts)
sends_statements = guard(roles.can_send_statements)
edits_agreements = guard(roles.can_edit_agreements)


def refusal(request, refused, status=400):
    return render(request, "accounting/refused.html", {"refused": refused}, status=status)


def parse_day(text):
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise AccountingRefused(
            "bad_date",
            _("“%(text)s” is not a date: write it as 2026-11-18.") % {"text": text},
        ) from None


def week_of(venue, text, *, now=None):
    """The cinema week named by ``text`` (any of its days, ISO format); refused if it has
    not begun yet."""
    week = venue.week_of(parse_day(text))
    today = venue.local_date(now or timezone.now())
    if week.start > today:
        raise AccountingRefused(
            "future_week",
            _("The week of %(day)s has not begun: there is nothing to declare yet.")
            % {"day": week.start.isoformat()},
        )
    return week


def is_complete(venue, week, *, now=None):
    """Whether the whole week is over."""
    return week.end < venue.local_date(now or timezone.now())


def month_of(venue, text, *, now=None):
    """(year, month) from "2026-11"; refused if malformed or still to come."""
    try:
        year, month = (int(part) for part in text.split("-"))
        first = dt.date(year, month, 1)
    except (AttributeError, TypeError, ValueError):
        raise AccountingRefused(
            "bad_month",
            _("“%(text)s” is not a month: write it as 2026-11.") % {"text": text},
        ) from None
    today = venue.local_date(now or timezone.now())
    if first > today:
        raise AccountingRefused(
            "future_month",
            _("%(month)s has not begun: there is nothing to declare yet.") % {"month": text},
        )
    return first.year, first.month


def last_week(venue, *, now=None):
    """The last complete cinema week."""
    today = venue.local_date(now or timezone.now())
    return CinemaWeek.containing(today, venue.week_start).previous
