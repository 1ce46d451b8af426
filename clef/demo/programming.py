"""The demo's proposals: sixteen, by several trained members, in every state (drafts,
submitted, on an agenda, accepted, postponed, declined, withdrawn, screened), with
comments and followers, written on the demo's clock over the past months so that the
collective's figures have a year to show.

Everything goes through the proposals' services (`proposals_writing`, `change_status`);
the commission's decisions are the administrator's (who sits on it). Loaded after the
meetings' and checklists' demos, which make their own proposals: the waiting ones here
are left submitted or postponed, and those on an agenda join the coming meeting's.
Loaded once: a second run finds the first proposal and adds nothing."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone

from clef.demo.clock import demo_clock
from clef.lib import roles
from clef.lib.timezones import local_to_utc
from clef.programme.models import Film
from clef.programming.models import AgendaItem, Proposal
from clef.programming.proposals import change_status
from clef.programming.proposals_queries import next_meeting
from clef.programming.proposals_writing import comment, follow, propose
from clef.volunteers.qualifications_defaults import ensure_teams_and_trainings
from clef.volunteers.trainings import grant

S = Proposal.Status
K = Proposal.Kind
# Members who took the programming training (with the demo programmer).
TRAINED = ["membre01", "membre02", "membre03", "membre04"]
COMMENTERS = ["member", "membre05", "membre06", "membre07", "membre01", "programmer"]

# (title, proposer, kind, why, film slugs or a typed film, final state, days ago submitted)
PROPOSALS = [
    ("Killer of Sheep, copie restaurée", "programmer", K.SCREENING,
     "Le Watts de Charles Burnett, en 35 mm restauré : rare en salle.",
     ["killer-of-sheep"], S.SCREENED, 290),
    ("Sembène, La Noire de…", "membre01", K.DEBATE,
     "Le premier long métrage d'Afrique subsaharienne, avec une historienne du cinéma.",
     ["la-noire-de"], S.SCREENED, 250),
    ("Born in Flames", "membre02", K.DEBATE,
     "Un film féministe et punk, suivi d'une discussion avec un collectif du quartier.",
     ["born-in-flames"], S.ACCEPTED, 200),
    ("Cycle cinéma militant latino-américain", "membre03", K.CYCLE,
     "La Hora de los hornos et Salt of the Earth : deux films, une soirée-débat.",
     ["la-hora-de-los-hornos", "salt-of-the-earth"], S.ACCEPTED, 150),
    ("Daguerréotypes, la rue Daguerre", "membre04", K.SCREENING,
     "Varda filme ses voisins : un film de quartier pour notre quartier.",
     ["daguerreotypes"], S.POSTPONED, 120),
    ("Touki Bouki en plein air", "programmer", K.SCREENING,
     "Une projection d'été dans la cour, si la mairie l'accepte.",
     ["touki-bouki"], S.POSTPONED, 100),
    ("Intégrale Le fond de l'air est rouge", "membre01", K.SCREENING,
     "Trois heures de Marker : trop long pour un soir de semaine ?",
     ["le-fond-de-l-air-est-rouge"], S.DECLINED, 180),
    ("Blockbuster de la rentrée", "membre02", K.SCREENING,
     "Pour attirer un autre public, même s'il sort partout.",
     {"title": "Un film à grand succès", "directors": "Un grand studio", "year": 2026,
      "countries": "États-Unis", "runtime": 132, "formats": ["dcp"],
      "in_cinemas_now": True, "released_when": "ce mois-ci"}, S.DECLINED, 90),
    ("Carte blanche à l'atelier Studio 34", "membre03", K.CARTE_BLANCHE,
     "Les courts tournés au labo cette année, présentés par leurs auteurs.",
     {"title": "Courts du Studio 34", "directors": "Collectif", "year": 2026,
      "countries": "France", "runtime": 75, "formats": ["file"],
      "rights_contact": "studio34@example.org"}, S.WITHDRAWN, 80),
    ("Sambizanga", "membre04", K.DEBATE,
     "Sarah Maldoror et la guerre d'indépendance angolaise.",
     ["sambizanga"], S.ON_AGENDA, 40),
    ("Ciné-goûter : Le Roi et l'Oiseau", "programmer", K.CHILDREN,
     "Pour les enfants du quartier, le mercredi après-midi.",
     {"title": "Le Roi et l'Oiseau", "directors": "Paul Grimault", "year": 1980,
      "countries": "France", "runtime": 87, "languages": "français", "versions": "VF",
      "formats": ["dcp", "bluray"], "released_when": "1980, ressorti en 2013"},
     S.ON_AGENDA, 35),
    ("Jeanne Dielman, une journée entière", "membre01", K.SCREENING,
     "Le meilleur film de tous les temps selon Sight and Sound, à voir en salle.",
     ["jeanne-dielman"], S.SUBMITTED, 20),
    ("Sans soleil et La Jetée", "membre02", K.SCREENING,
     "Chris Marker en double programme, avec La Jetée en ouverture.",
     ["sans-soleil"], S.SUBMITTED, 12),
    ("Wanda, avec une critique invitée", "membre03", K.DEBATE,
     "Le seul film de Barbara Loden, présenté par une critique.",
     ["wanda"], S.SUBMITTED, 6),
    ("Nuit du cinéma d'animation", "membre04", K.CYCLE,
     "Jusqu'à minuit, avec l'école d'animation voisine.",
     {"title": "Courts d'animation", "directors": "Divers", "countries": "France, Japon",
      "runtime": 180, "formats": ["file", "dcp"]}, S.DRAFT, 4),
    ("Ciné-concert muet", "programmer", K.SCREENING,
     "Un muet accompagné au piano par l'atelier musique.",
     {"title": "Le Cameraman", "directors": "Buster Keaton, Edward Sedgwick", "year": 1928,
      "countries": "États-Unis", "runtime": 69, "languages": "muet",
      "formats": ["35mm"]}, S.DRAFT, 2),
]  # fmt: skip

# The way to each final state, from submitted.
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: [],
    S.ON_AGENDA: [S.ON_AGENDA],
    S.ACCEPTED: [S.ON_AGENDA, S.ACCEPTED],
    S.POSTPONED: [S.ON_AGENDA, S.POSTPONED],
    S.DECLINED: [S.ON_AGENDA, S.DECLINED],
    S.WITHDRAWN: [S.WITHDRAWN],
    S.SCREENED: [S.ON_AGENDA, S.ACCEPTED, S.SCREENED],
}
# Days after submission each step takes: on the agenda, decided, screened.
STEP_DAYS = {S.ON_AGENDA: 10, S.ACCEPTED: 14, S.POSTPONED: 14, S.DECLINED: 14,
             S.WITHDRAWN: 9, S.SCREENED: 60}  # fmt: skip
REASONS = {
    S.ACCEPTED: "Accepté par consentement à la réunion mensuelle.",
    S.POSTPONED: "Reporté : pas de créneau libre à la date souhaitée.",
    S.DECLINED: "Refusé : le film est à l'affiche ailleurs (règle du lieu).",
    S.WITHDRAWN: "Retiré : l'atelier préfère attendre la fin de l'année.",
}
COMMENTS = [
    "Oui ! Je l'ai vu au festival de Lussas, la salle était debout.",
    "Il existe une copie 35 mm à la Cinémathèque : je peux demander.",
    "Je peux aider pour les sous-titres.",
    "Attention à la durée : prévoir un entracte ?",
]


def load_proposals(venue, people, today):
    """The demo's proposals, once."""
    if Proposal.objects.filter(title=PROPOSALS[0][0]).exists():
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__in=_usernames())}
    users.update({"programmer": people[roles.PROGRAMMER], "member": people[roles.MEMBER]})
    commission = people[roles.ADMINISTRATOR]
    _train(users, commission, today)
    films = {f.slug: f for f in Film.objects.all()}
    steps = []
    for n, row in enumerate(PROPOSALS):
        steps.extend(_steps(n, row, venue, today))
    steps.sort(key=lambda step: (step[0], step[1]))
    made = {"coming": next_meeting()}
    with demo_clock() as clock:
        for at, n, action, detail in steps:
            clock(at)
            _do(action, detail, n, made, users, commission, films)


def _usernames():
    return set(TRAINED) | {"membre05", "membre06", "membre07"}


def _train(users, coordinator, today):
    trainings = ensure_teams_and_trainings()[1]
    for username in TRAINED:
        if username in users:
            grant(users[username], trainings["programming"], on=today - dt.timedelta(days=365),
                  by=coordinator)  # fmt: skip


def _moment(venue, today, days_ago, hour=18):
    day = today - dt.timedelta(days=days_ago)
    return local_to_utc(day, dt.time(hour, 0), venue.timezone)


def _steps(n, row, venue, today):
    """Each proposal's story as (moment, index, action, detail), never in the future."""
    _title, _who, _kind, _why, _films, state, days_ago = row
    now = timezone.now()
    steps = [(_moment(venue, today, days_ago + 1), n, "propose", state != S.DRAFT)]
    if state == S.DRAFT:
        return steps
    for i, _text in enumerate(COMMENTS[: 1 + n % len(COMMENTS)]):
        steps.append((_moment(venue, today, days_ago, hour=19 + i), n, "comment", i))
    for status in PATHS[state]:
        at = _moment(venue, today, max(days_ago - STEP_DAYS[status], 0), hour=21)
        steps.append((min(at, now), n, "status", status))
    return steps


def _do(action, detail, n, made, users, commission, films):
    title, who, kind, why, chosen, _state, _days = PROPOSALS[n]
    if action == "propose":
        values = {"title": title, "kind": kind, "reason": why, "wished_from": None,
                  "wished_to": None, "wished_room": None, "in_cinemas_now": False,
                  "released_when": ""}  # fmt: skip
        typed = []
        if isinstance(chosen, dict):
            typed_film = dict(chosen)
            values["in_cinemas_now"] = typed_film.pop("in_cinemas_now", False)
            values["released_when"] = typed_film.pop("released_when", "")
            typed = [typed_film]
            chosen = []
        made[n] = propose(
            by=users[who],
            values=values,
            films=[films[slug] for slug in chosen if slug in films],
            typed=typed,
            submit=detail,
        )
    elif action == "comment":
        author = users[COMMENTERS[(n + detail) % len(COMMENTERS)]]
        if author.pk == made[n].proposer_id:
            author = users["member"]
        comment(made[n], by=author, text=COMMENTS[detail])
        if detail == 0:
            follow(made[n], by=author, choice="weekly" if n % 2 else "each")
    else:
        by = users[who] if detail in (S.SCREENED, S.WITHDRAWN) else commission
        if detail == S.ON_AGENDA and PROPOSALS[n][5] == S.ON_AGENDA:
            _on_agenda(made["coming"], made[n])
        made[n] = change_status(made[n], detail, by=by, reason=REASONS.get(detail, ""))


def _on_agenda(meeting, proposal):
    """A proposal still waiting goes on the coming meeting's agenda (the meetings' demo
    made it), after what is there."""
    if meeting is not None:
        last = meeting.items.aggregate(last=Max("position"))["last"] or 0
        AgendaItem.objects.create(meeting=meeting, proposal=proposal, position=last + 1)
