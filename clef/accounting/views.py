"""The treasurer's desk, a screening's statement and the form of its agreements.

Who may see: treasurers and administrators read everything; programmers record the
agreements of screenings and read their statements. The week's declaration, the
statements to rights holders and the statistics have their own modules
(``declaration_views``, ``statement_views``, ``statistics_views``).
"""

import datetime as dt

from django.contrib import messages
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clef.accounting import access, figures
from clef.accounting.agreements import record_agreements
from clef.accounting.forms import ScopeForm, agreement_forms, programme_error
from clef.accounting.models import DistributorStatement
from clef.lib import roles
from clef.programme.models import Screening
from clef.venues.queries import current_venue

# The desk lists the screenings of this many past days still waiting for an agreement.
TODO_DAYS = 60
RECENT_WEEKS = 8


def _reads_or_edits(user):
    return roles.can_read_accounts(user) or roles.can_edit_agreements(user)


reads_statements = access.guard(_reads_or_edits, role=(roles.PROGRAMMER, roles.TREASURER))


@reads_statements
def index(request):
    venue = current_venue()
    now = timezone.now()
    today = venue.local_date(now)
    waiting = (
        Screening.objects.published()
        .filter(
            room__venue=venue,
            starts_at__lte=now,
            starts_at__gte=now - dt.timedelta(days=TODO_DAYS),
        )
        .annotate(
            films_count=Count("screening_films", distinct=True),
            agreed=Count("rights_agreements", distinct=True),
        )
        .filter(films_count__gt=0)
        .exclude(films_count=F("agreed"))
        .select_related("room")
        .order_by("-starts_at")
    )
    context = {
        "section": "index",
        "waiting": waiting,
        "reads": roles.can_read_accounts(request.user),
    }
    if context["reads"]:
        this_week = venue.week_of(today)
        weeks = [this_week]
        for _n in range(RECENT_WEEKS - 1):
            weeks.append(weeks[-1].previous)
        sent = set(
            DistributorStatement.objects.filter(
                venue=venue, week_start__gte=weeks[-1].start
            ).values_list("week_start", "holder_id")
        )
        last = access.last_week(venue, now=now)
        context.update(
            weeks=weeks,
            this_week=this_week,
            months=_recent_months(today),
            last_week=last,
            holders=_holders_of(venue, last, sent, now),
        )
    return render(request, "accounting/index.html", context)


def _recent_months(today, count=3):
    months = []
    year, month = today.year, today.month
    for _n in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def _holders_of(venue, week, sent, now):
    """The rights holders owed something for ``week``, and whether it was sent."""
    screenings = figures.held_screenings(venue, week.start, week.end, now=now)
    holders = {}
    for statement in figures.statements_for(screenings).values():
        for line in statement.films:
            if line.holder is not None:
                entry = holders.setdefault(line.holder.pk, {"holder": line.holder, "owed": 0})
                entry["owed"] += line.owed
    for entry in holders.values():
        entry["sent"] = (week.start, entry["holder"].pk) in sent
    return sorted(holders.values(), key=lambda e: e["holder"].name.lower())


@access.reads_accounts
def last_declaration(request):
    """The declaration of the last complete cinema week."""
    week = access.last_week(current_venue())
    return redirect("accounting:declaration", day=week.start.isoformat())


@reads_statements
def screening(request, pk):
    item = get_object_or_404(Screening.objects.select_related("room__venue"), pk=pk)
    statement = figures.statement_of(item)
    item = statement.screening  # with its films
    year = item.local_start.year
    return render(
        request,
        "accounting/screening.html",
        {
            "section": "index",
            "screening": item,
            "statement": statement,
            "hundred_percent": figures.format_percent(figures.HUNDRED_PERCENT),
            "warnings": [
                w
                for line in statement.films
                if line.agreement
                for w in line.agreement.warnings(year)
            ],
            "may_edit": roles.can_edit_agreements(request.user),
            "reads": roles.can_read_accounts(request.user),
            "week": item.room.venue.week_of(item.local_start.date()),
        },
    )


@access.edits_agreements
def agreements(request, pk):
    item = get_object_or_404(Screening.objects.select_related("room__venue"), pk=pk)
    if item.status == Screening.Status.CANCELLED:
        raise figures.AccountingRefused(
            "cancelled", _("This screening was cancelled: it owes nothing to anyone.")
        )
    posted = request.POST if request.method == "POST" else None
    forms_ = agreement_forms(item, posted)
    scope = ScopeForm(posted, screening=item)
    error = None
    if posted is not None and all([scope.is_valid(), *(f.is_valid() for f in forms_)]):
        error = programme_error(forms_)
        if error is None:
            recorded = record_agreements(
                item,
                forms_,
                by=request.user,
                scope=scope.cleaned_data["scope"],
                first=scope.cleaned_data.get("first"),
                last=scope.cleaned_data.get("last"),
            )
            _say_recorded(request, item, recorded)
            if figures.is_held(item):
                return redirect("accounting:screening", pk=item.pk)
            return redirect("accounting:agreements", pk=item.pk)
    return render(
        request,
        "accounting/agreements.html",
        {
            "section": "index",
            "screening": item,
            "forms": forms_,
            "scope": scope,
            "programme_error": error,
            "held": figures.is_held(item),
        },
        status=400 if posted is not None else 200,
    )


def _say_recorded(request, screening, recorded):
    """The confirmation, each agreement's warnings, and the declared weeks touched."""
    count = len(recorded.screenings)
    if count <= 1:
        messages.success(request, _("Agreements recorded."))
    else:
        messages.success(
            request,
            ngettext(
                "Agreements recorded for %(count)s screening.",
                "Agreements recorded for %(count)s screenings.",
                count,
            )
            % {"count": count},
        )
    year = screening.local_start.year
    for agreement in recorded.of(screening):
        for warning in agreement.warnings(year):
            messages.warning(request, f"{agreement.film.title}: {warning}")
    for week in recorded.declared_weeks:
        messages.warning(
            request,
            _(
                "The cinema week from %(start)s to %(end)s was already declared: its "
                "declaration will need a new version with these terms."
            )
            % {
                "start": formats.date_format(week.start, "j F"),
                "end": formats.date_format(week.end, "j F Y"),
            },
        )
