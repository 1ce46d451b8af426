"""The programming meetings of the demo: last month's, held, with its minutes and a
decision of each kind (consent, consent kept open by an objection, majority accepted and
declined, a ranking of five proposals for three slots); next month's with its agenda
(what the last one left undecided, and what was submitted since); an online poll open.

Runs after the proposals' demo, through the meetings' own services. Its own proposals
are made by the demo's programmer. Safe to run again: a meeting already there is kept."""

import datetime as dt

from django.utils import timezone

from clef.lib import roles
from clef.lib.timezones import local_to_utc
from clef.members.models import Membership
from clef.programme.models import Film
from clef.programming import meetings, meetings_run, votes
from clef.programming.models import Meeting, Poll
from clef.programming.proposals_writing import propose

PAST_PLACE = "Petite salle, La Clef"
NEXT_PLACE = "Grande salle, La Clef (après la séance de 18 h)"
POLL_QUESTION = "Un cycle Agnès Varda en mars, avec les ateliers ?"

# (title, why): decided by consent, consent with an objection, majority for and against.
SINGLE = [
    ("Wanda, de Barbara Loden", "Un premier film libre, jamais assez montré."),
    ("Soirée courts-métrages de l'atelier", "Les films des adhérents, avec débat."),
    ("Jeanne Dielman", "Trois heures et vingt minutes : une expérience à vivre en salle."),
    ("Blockbuster de l'été", "Pour faire venir un autre public."),
]
# Five proposals for three slots, ranked.
RANKED = [
    ("Ciné-goûter : Kirikou", "Pour les enfants du quartier, le mercredi."),
    ("La Jetée et Sans soleil", "Chris Marker en double programme."),
    ("Nuit du court d'animation", "Jusqu'à minuit, avec l'école voisine."),
    ("Le Bonheur, d'Agnès Varda", "Restauré en 4K, en prélude au cycle."),
    ("Documentaire sur la Goutte d'Or", "La réalisatrice vient en débat."),
]
# Each voter's order of the five, by their index in RANKED.
RANKINGS = [
    [3, 0, 1, 4, 2],
    [0, 3, 4, 1, 2],
    [3, 1, 0, 2, 4],
    [1, 3, 0, 4, 2],
    [0, 4, 3, 2, 1],
    [3, 0, 2, 1, 4],
    [4, 3, 0, 1, 2],
]


def load_meetings(venue, people, today):
    commission = people[roles.ADMINISTRATOR]
    voters = _voters(today)
    if len(voters) < 5:
        return
    if not Meeting.objects.filter(place=PAST_PLACE).exists():
        _past_meeting(venue, people, commission, voters, today)
    if not Meeting.objects.filter(place=NEXT_PLACE).exists():
        _next_meeting(venue, people, commission, today)
    if not Poll.objects.filter(question=POLL_QUESTION).exists():
        votes.create_poll(
            question=POLL_QUESTION,
            kind=Poll.Kind.MAJORITY,
            closes_at=timezone.now() + dt.timedelta(days=5),
            results_after_vote=True,
            by=commission,
        )


def _voters(today):
    """The members whose membership is valid today, the demo member first."""
    rows = Membership.objects.valid_on(today).select_related("person").order_by("person__username")
    users = {m.person_id: m.person for m in rows}
    return sorted(users.values(), key=lambda u: (u.username != "member", u.username))[:9]


def _proposals(programmer, rows, films):
    return [
        propose(
            by=programmer,
            values={"title": title, "reason": why, "in_cinemas_now": False},
            films=[film],
            submit=True,
        )
        for (title, why), film in zip(rows, films, strict=False)
    ]


def _past_meeting(venue, people, commission, voters, today):
    starts_at = local_to_utc(today - dt.timedelta(days=21), dt.time(19, 30), venue.timezone)
    before = starts_at - dt.timedelta(days=10)
    films = list(Film.objects.order_by("pk")[: len(SINGLE) + len(RANKED)])
    single = _proposals(people[roles.PROGRAMMER], SINGLE, films)
    ranked = _proposals(people[roles.PROGRAMMER], RANKED, films[len(SINGLE) :])
    meeting = meetings.schedule_meeting(
        starts_at=starts_at, place=PAST_PLACE, facilitator=commission, by=commission, now=before
    )
    items = meetings.build_agenda(meeting, by=commission)
    by_title = {item.proposal.title: item for item in items}
    present, away = voters[:-1], voters[-1]
    for voter in present:
        meetings.answer(meeting, voter, coming=True, now=before)
    meetings.give_proxy(meeting, away, holder_name=present[0].username, now=before)
    meetings_run.open_meeting(meeting, by=commission)
    for voter in present:
        meetings_run.mark_present(meeting, voter, present=True, by=commission)
    everyone = [*present, away]

    def vote(title, kind, answers, **extra):
        poll = meetings_run.open_vote(
            meeting, kind=kind, item=by_title[title], by=commission, **extra
        )
        for voter, answer in zip(everyone, answers, strict=False):
            holder = present[0] if voter == away else voter
            reason = (
                "Déjà programmé au cinéma voisin le mois dernier." if answer == "object" else ""
            )
            votes.cast_vote(poll, voter=voter, by=holder, answer=answer, reason=reason)
        return meetings_run.close_vote(poll, by=commission)

    titles = [p.title for p in single]
    vote(titles[0], Poll.Kind.CONSENT, ["consent"] * len(everyone))
    vote(titles[1], Poll.Kind.CONSENT, ["consent", "object"] + ["consent"] * 6)
    vote(titles[2], Poll.Kind.MAJORITY, ["for", "for", "for", "against", "for", "abstain", "for"])
    vote(titles[3], Poll.Kind.MAJORITY, ["against"] * 5 + ["for", "for"], secret=True)
    ranking = meetings_run.open_vote(
        meeting,
        kind=Poll.Kind.RANKING,
        items=[by_title[p.title] for p in ranked],
        winners=3,
        by=commission,
    )
    choices = list(ranking.choices.order_by("position").values_list("pk", flat=True))
    for voter, order in zip(present, RANKINGS, strict=False):
        votes.cast_vote(
            ranking, voter=voter, by=voter, answer="", ranking=[choices[i] for i in order]
        )
    meetings_run.close_vote(ranking, by=commission)
    meetings_run.write_minutes(
        meeting,
        text=(
            "Tour de table : la fréquentation du mois est en hausse.\n"
            "La commission rappelle que chacun peut proposer un film après la formation.\n"
            "Prochaine réunion le mois prochain, même heure."
        ),
        by=commission,
    )
    meetings_run.close_meeting(meeting, by=commission)
    meetings_run.publish_minutes(meeting, by=commission)
    return meeting


def _next_meeting(venue, people, commission, today):
    starts_at = local_to_utc(today + dt.timedelta(days=9), dt.time(19, 30), venue.timezone)
    meeting = meetings.schedule_meeting(
        starts_at=starts_at, place=NEXT_PLACE, facilitator=people[roles.MEMBER], by=commission
    )
    meetings.build_agenda(meeting, by=commission)
    return meeting
