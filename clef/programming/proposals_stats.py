"""The collective's figures for a calendar year: proposals per month and the share
accepted, the time from proposal to screening, screenings per programmer, first-time
programmers, films by country and continent of production.

Definitions (the page says them too): a proposal counts in the month it was submitted;
the share accepted is over the proposals decided in the year (accepted, declined, or
screened since), a postponed one is not decided yet; the time to screening runs from
submission to the day it was marked screened; a programmer's screenings are the
published screenings held in the year naming them; a first-time programmer is one whose
first held screening ever falls in that month; the films counted are those of the year's
held screenings, each once, each of its countries once.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Min
from django.utils import timezone

from clef.programme.models import Film, Screening
from clef.programming.models import Proposal, ProposalEvent
from clef.programming.proposals_continents import continent_of, split_countries

Status = Proposal.Status
ACCEPTED = {Status.ACCEPTED, Status.SCREENED}


@dataclass
class Month:
    first: dt.date
    submitted: int = 0
    decided: int = 0
    accepted: int = 0
    first_timers: int = 0


@dataclass
class Figures:
    year: int
    months: list
    waits: list = field(default_factory=list)  # (title, submitted day, screened day, days)
    programmers: list = field(default_factory=list)  # (name, screenings)
    countries: list = field(default_factory=list)  # (country, films)
    continents: list = field(default_factory=list)  # (continent key, films)

    @property
    def submitted(self):
        return sum(m.submitted for m in self.months)

    @property
    def decided(self):
        return sum(m.decided for m in self.months)

    @property
    def accepted(self):
        return sum(m.accepted for m in self.months)

    @property
    def first_timers(self):
        return sum(m.first_timers for m in self.months)


def _local_day(moment):
    return timezone.localtime(moment).date()


def _year_bounds(year):
    zone = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=zone)
    return start, dt.datetime(year + 1, 1, 1, tzinfo=zone)


def collective_figures(year):
    """Every figure of ``year``, in a fixed number of queries."""
    start, end = _year_bounds(year)
    months = [Month(dt.date(year, m, 1)) for m in range(1, 13)]
    for moment in Proposal.objects.filter(
        submitted_at__gte=start, submitted_at__lt=end
    ).values_list("submitted_at", flat=True):
        months[_local_day(moment).month - 1].submitted += 1
    # Each proposal's first decision (accepted or declined) in the year.
    decisions = (
        ProposalEvent.objects.filter(
            kind=ProposalEvent.Kind.STATUS,
            to_status__in=[Status.ACCEPTED, Status.DECLINED],
            at__gte=start,
            at__lt=end,
        )
        .values("proposal_id", "to_status", "at")
        .order_by("at", "pk")
    )
    seen = set()
    for row in decisions:
        if row["proposal_id"] in seen:
            continue
        seen.add(row["proposal_id"])
        month = months[_local_day(row["at"]).month - 1]
        month.decided += 1
        month.accepted += row["to_status"] == Status.ACCEPTED
    figures = Figures(year=year, months=months)
    figures.waits = _waits(start, end)
    figures.programmers = _programmers(start, end)
    _first_timers(months, start, end)
    figures.countries, figures.continents = _films(start, end)
    return figures


def _waits(start, end):
    rows = (
        ProposalEvent.objects.filter(
            kind=ProposalEvent.Kind.STATUS, to_status=Status.SCREENED, at__gte=start, at__lt=end
        )
        .exclude(proposal__submitted_at=None)
        .select_related("proposal")
        .order_by("at", "pk")
    )
    waits = []
    for event in rows:
        submitted = _local_day(event.proposal.submitted_at)
        screened = _local_day(event.at)
        waits.append((event.proposal.title, submitted, screened, (screened - submitted).days))
    return waits


def _held(start, end):
    return Screening.objects.filter(
        status=Screening.Status.PUBLISHED,
        starts_at__gte=start,
        starts_at__lt=min(end, timezone.now()),
    )


def _name(first, last, username):
    return " ".join(part for part in (first, last) if part) or username


def _programmers(start, end):
    rows = (
        _held(start, end)
        .exclude(programmer=None)
        .values("programmer__first_name", "programmer__last_name", "programmer__username")
        .annotate(count=Count("pk"))
        .order_by("-count", "programmer__username")
    )
    return [
        (
            _name(
                r["programmer__first_name"], r["programmer__last_name"], r["programmer__username"]
            ),
            r["count"],
        )
        for r in rows
    ]


def _first_timers(months, start, end):
    firsts = (
        Screening.objects.filter(
            status=Screening.Status.PUBLISHED, starts_at__lt=min(end, timezone.now())
        )
        .exclude(programmer=None)
        .values("programmer")
        .annotate(first=Min("starts_at"))
        .filter(first__gte=start)
    )
    for row in firsts:
        months[_local_day(row["first"]).month - 1].first_timers += 1


def _films(start, end):
    films = Film.objects.filter(screenings__in=_held(start, end)).distinct()
    countries = Counter()
    continents = Counter()
    for _pk, text in films.values_list("pk", "countries"):
        names = list(dict.fromkeys(split_countries(text)))
        countries.update(names)
        continents.update({continent_of(name) for name in names})
    return (
        sorted(countries.items(), key=lambda item: (-item[1], item[0])),
        sorted(continents.items(), key=lambda item: (-item[1], item[0])),
    )
