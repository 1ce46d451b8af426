"""Accepted proposals turned into draft screenings in free slots, their checklists in
varied states: one ready and published, one published anyway by the commission, one whose
DCP key does not cover the screening, and one blocked from publication.

Runs after the proposals' and meetings' demos: it takes their accepted proposals not yet
scheduled, and proposes and accepts its own when there are too few. Safe to run again: a
proposal already scheduled is left as it is."""

import contextlib
import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from clef.accounting.models import FilmRightsHolder, RightsAgreement, RightsHolder
from clef.demo.accounting import TERMS, USUAL
from clef.lib import roles
from clef.programme.models import Film, Screening
from clef.programme.services import PublicationRefused
from clef.programming import checklists_services as service
from clef.programming import slots
from clef.programming.models import Checklist, Proposal
from clef.programming.proposals import change_status
from clef.programming.proposals_writing import propose

# Our own accepted proposals, when the proposals' demo left too few: (title, why), each
# of one of the demo's films.
OWN = [
    ("Ciné-concert : Le Cameraman", "Buster Keaton au piano, par l'atelier musique."),
    ("Nuit du documentaire", "Trois films, un débat, une soupe."),
    ("Rétrospective Agnès Varda", "Pour ceux qui ne l'ont jamais vue en salle."),
    ("Carte blanche aux lycéens", "L'atelier du lycée Henri-IV choisit et présente."),
]
NEEDED = 4


def load_checklists(venue, people, today):
    commission = people[roles.ADMINISTRATOR]
    accepted = list(
        Proposal.objects.filter(status=Proposal.Status.ACCEPTED, checklists__isnull=True)
        .select_related("proposer")
        .order_by("pk")
    )
    if Checklist.objects.filter(proposal__isnull=False).exists():
        return  # loaded before
    if len(accepted) < NEEDED:
        accepted += _own_proposals(venue, people, NEEDED - len(accepted))
    states = [_ready, _anyway, _key_too_short, _blocked]
    taken = 0
    for proposal, state in zip(accepted, states, strict=False):
        free = slots.free_slots(proposal, venue, limit=8)
        if len(free) <= taken:
            continue
        slot = free[min(taken * 2, len(free) - 1)]
        try:
            screening = slots.schedule(
                proposal, room=slot.room, starts_at=slot.starts_at, by=proposal.proposer
            )
        except slots.SlotRefused:
            continue
        taken += 1
        state(screening.checklist, commission)


def _own_proposals(venue, people, count):
    programmer = people[roles.PROGRAMMER]
    commission = people[roles.ADMINISTRATOR]
    films = list(Film.objects.order_by("pk")[: len(OWN)])
    made = []
    start = venue.local_date() + dt.timedelta(weeks=3)
    for (title, why), film in zip(OWN[:count], films, strict=False):
        proposal = Proposal.objects.filter(title=title).first() or propose(
            by=programmer,
            values={
                "title": title,
                "reason": why,
                "wished_from": start,
                "wished_to": start + dt.timedelta(weeks=4),
                "in_cinemas_now": False,
            },
            films=[film],
            submit=True,
        )
        for status in (Proposal.Status.ON_AGENDA, Proposal.Status.ACCEPTED):
            proposal.refresh_from_db()
            if proposal.status != Proposal.Status.ACCEPTED:
                change_status(proposal, status, by=commission)
        made.append(proposal)
    return made


def _texts(screening):
    title = screening.display_title
    Screening.objects.filter(pk=screening.pk).update(
        description=f"{title} : présenté par son programmateur, suivi d'une discussion.",
        description_en=f"{title}: introduced by its programmer, then a discussion.",
        updated_at=timezone.now(),
    )


def _agree(screening):
    """The accounts' agreement for each film, on the terms the accounts' demo gives that
    film, as the treasurer would record it (only for a screening then published: the
    demo's drafts have none, so that the accounts prefill them)."""
    for shown in screening.screening_films.select_related("film"):
        name, kind, rate, amount, note = TERMS.get(shown.film.slug, USUAL)
        link = FilmRightsHolder.objects.filter(film=shown.film).select_related("holder").first()
        holder = link.holder if link else RightsHolder.objects.filter(name=name).first()
        if holder is None:
            return
        RightsAgreement.objects.get_or_create(
            screening=screening,
            film=shown.film,
            defaults={
                "holder": holder,
                "kind": kind,
                "rate": Decimal(rate) if rate is not None else None,
                "amount": Decimal(amount) if amount is not None else None,
                "note": note,
            },
        )


def _copy(checklist, *, key_days=(2, 2)):
    day = checklist.screening.local_start.date()
    return {
        "rights_requested_on": day - dt.timedelta(days=40),
        "copy_format": Checklist.Format.DCP,
        "copy_received_on": day - dt.timedelta(days=5),
        "kdm_valid_from": day - dt.timedelta(days=key_days[0]),
        "kdm_valid_to": day + dt.timedelta(days=key_days[1]),
    }


def _ready(checklist, commission):
    """Every item done, published. Should the volunteers' shifts say its staff is short,
    all of it is undone (a draft keeps no agreement in the demo) and it stays a draft."""
    screening = checklist.screening
    values = {
        **_copy(checklist),
        "subtitles_language": "français",
        "subtitles_ready": True,
        "subtitles_by": "L'atelier de sous-titrage",
        "staff_ready": True,
        "poster_ready": True,
    }
    with contextlib.suppress(PublicationRefused), transaction.atomic():
        _agree(screening)
        _texts(screening)
        service.update_checklist(checklist, values, by=commission)
        service.publish(screening, by=commission)


def _anyway(checklist, commission):
    """Everything but the copy, which comes three days before: published now, so that
    people may book (its rights agreed, so the accounts' demo finds it complete)."""
    screening = checklist.screening
    _agree(screening)
    _texts(screening)
    day = screening.local_start.date()
    values = {
        "rights_requested_on": day - dt.timedelta(days=30),
        "copy_format": Checklist.Format.BLURAY,
        "poster_ready": True,
        "staff_ready": True,
    }
    service.update_checklist(checklist, values, by=commission)
    service.publish_anyway(
        screening,
        reason="La copie arrive trois jours avant, comme toujours : on ouvre les réservations.",
        by=commission,
    )


def _key_too_short(checklist, commission):
    values = {**_copy(checklist, key_days=(10, -1)), "guest_name": "La réalisatrice"}
    service.update_checklist(checklist, values, by=commission)


def _blocked(checklist, commission):
    day = checklist.screening.local_start.date()
    values = {"rights_requested_on": day - dt.timedelta(days=10), "credit": "commission"}
    service.update_checklist(checklist, values, by=commission)
