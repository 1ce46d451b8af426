"""Reads shared by the programmer's page, a checklist's page and the late-items command:
screenings with their checklists and what each lacks, in a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from clef.programme.models import Screening, ScreeningFilm
from clef.programming import checklists
from clef.programming.models import Checklist, Proposal


@dataclass
class Row:
    screening: Screening
    checklist: Checklist | None
    items: list

    @property
    def missing(self):
        return [item for item in self.items if not item.done]

    @property
    def late(self):
        return [item for item in self.items if item.late]

    @property
    def next_due(self):
        dues = [item.due_on for item in self.missing]
        return min(dues) if dues else None


def with_checklists(screenings):
    """``screenings`` with all an item reads, fetched at once."""
    return screenings.select_related("room__venue", "checklist").prefetch_related(
        Prefetch(
            "screening_films",
            queryset=ScreeningFilm.objects.select_related("film").order_by("position"),
        ),
        "rights_agreements",
    )


def row_of(screening, *, today=None):
    checklist = getattr(screening, "checklist", None)
    if checklist is None:
        return Row(screening, None, [])
    checklist.screening = screening
    agreed = {a.film_id for a in screening.rights_agreements.all()}
    return Row(screening, checklist, checklists.items(checklist, today=today, agreed=agreed))


def coming_screenings_of(user, *, now=None):
    """The screenings ``user`` programs, from yesterday on, not cancelled, each a row."""
    since = (now or timezone.now()) - dt.timedelta(days=1)
    screenings = with_checklists(
        Screening.objects.filter(programmer=user, starts_at__gte=since)
        .exclude(status=Screening.Status.CANCELLED)
        .order_by("starts_at")
    )
    return [row_of(screening) for screening in screenings]


def proposals_of(user):
    """The person's proposals, newest first, with how many screenings came of each."""
    return list(
        Proposal.objects.filter(proposer=user)
        .exclude(status=Proposal.Status.WITHDRAWN)
        .prefetch_related(
            Prefetch(
                "checklists",
                queryset=Checklist.objects.select_related("screening__room__venue").order_by(
                    "screening__starts_at"
                ),
            )
        )
        .order_by("-created_at", "-pk")
    )


def coming_checklists(*, now=None):
    """Every checklist of a screening still to come, not cancelled, each a row."""
    screenings = with_checklists(
        Screening.objects.filter(starts_at__gte=now or timezone.now(), checklist__isnull=False)
        .exclude(status=Screening.Status.CANCELLED)
        .select_related("programmer__person")
        .order_by("starts_at")
    )
    return [row_of(screening) for screening in screenings]
