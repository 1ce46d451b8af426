"""La Clef's teams and trainings, as a new venue starts with them (the coordinator edits
them afterwards in the back office). Safe to run again: what exists is left as it is."""

from django.db import transaction

from clef.volunteers.models import Team, Training

# code, French name, English name
TEAMS = [
    ("till", "Caisse", "Till"),
    ("door", "Porte", "Door"),
    ("welcome", "Accueil", "Welcome"),
    ("projection", "Projection", "Projection"),
    ("safety", "Sécurité du public", "Audience safety"),
    ("bar", "Bar", "Bar"),
]

# code, French name, English name, teams, months valid (None: for good), shifts to shadow
TRAININGS = [
    ("till", "Tenir la caisse", "Holding the till", ["till"], None, 1),
    ("door", "Porte et accueil", "Door and welcome", ["door", "welcome"], None, 0),
    ("projection", "Projeter", "Projecting", ["projection"], None, 2),
    ("safety", "Sécurité du public", "Audience safety", ["safety"], 24, 0),
    ("bar", "Tenir le bar", "Running the bar", ["bar"], None, 0),
    ("programming", "Obtenir les droits d'une copie", "Getting a print's rights", [], None, 0),
]


@transaction.atomic
def ensure_teams_and_trainings():
    """The teams and trainings above, created when missing; returns them by code."""
    teams = {}
    for position, (code, name, name_en) in enumerate(TEAMS, start=1):
        teams[code], _created = Team.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "position": position}
        )
    trainings = {}
    for position, (code, name, name_en, codes, months, shadows) in enumerate(TRAININGS, start=1):
        training, created = Training.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "valid_months": months,
                "shadow_shifts": shadows,
                "position": position,
            },
        )
        if created:
            training.teams.set([teams[c] for c in codes])
        trainings[code] = training
    return teams, trainings
