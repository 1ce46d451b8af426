"""Who may read the accounts, and how a refused request is answered: shared by every view
of the app.

Who may: ``lib.roles.role_required`` (visitors sent to sign in, others the 403 page
naming the role). A request the accounts cannot answer (a week to come, a screening not
held, a malformed date, a date out of range) gets a page saying why, in the reader's
language, with status 400, and nothing is written. Days and months are read by
``lib.forms`` (ASCII digits, years 1900 to 2999).
"""

from functools import wraps

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.accounting.figures import AccountingRefused
from clef.lib import forms, roles
from clef.lib.weeks import CinemaWeek


def guard(allowed, role=roles.TREASURER):
    """A view decorator: ``lib.roles.role_required(allowed, role=role)``, and the
    accounts' refusals answered with their page (400)."""

    def decorator(view):
        @wraps(view)
        def answering(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except AccountingRefused as refused:
                return refusal(request, refused)

        return roles.role_required(allowed, role=role)(answering)

    return decorator


reads_accounts = guard(roles.can_read_accounts)
sends_statements = guard(roles.can_send_statements)
edits_agreements = guard(roles.can_edit_agreements, role=(roles.PROGRAMMER, roles.TREASURER))


def refusal(request, refused, status=400):
    return render(request, "accounting/refused.html", {"refused": refused}, status=status)


def parse_day(text):
    try:
        return forms.parse_date(text)
    except forms.BadInput as bad:
        raise AccountingRefused(bad.code, bad.message) from None


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
        first = forms.parse_month(text)
    except forms.BadInput as bad:
        raise AccountingRefused(bad.code, bad.message) from None
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
