"""The data migration that turns the rights holders typed on films into the accounts'
``RightsHolder``: each distinct name matched (trimmed, whatever its case) to a holder
already known, else created, and every film linked to it."""

import importlib

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

migration = importlib.import_module("clef.accounting.migrations.0003_film_rights_holders")

BEFORE_REMOVAL = [("programme", "0002_film_no_visa"), ("accounting", "0003_film_rights_holders")]


@pytest.fixture
def old_apps(transactional_db):
    """The models as they were when the migration ran: films still with their typed
    rights holder (the programme's migration that removes it is undone for the test)."""
    call_command("migrate", "programme", "0002_film_no_visa", verbosity=0)
    yield MigrationExecutor(connection).loader.project_state(BEFORE_REMOVAL).apps
    call_command("migrate", verbosity=0)


def films(apps, *typed):
    Film = apps.get_model("programme", "Film")
    return [
        Film.objects.create(
            title=f"Film {n}",
            slug=f"film-{n}",
            directors="Agnès Varda",
            year=1962,
            countries="France",
            runtime=90,
            rights_holder=name,
        )
        for n, name in enumerate(typed)
    ]


def test_it_links_every_typed_name_to_a_rights_holder(old_apps):
    RightsHolder = old_apps.get_model("accounting", "RightsHolder")
    FilmRightsHolder = old_apps.get_model("accounting", "FilmRightsHolder")
    carlotta = RightsHolder.objects.create(name="Carlotta Films", email="c@example.org")
    losange = RightsHolder.objects.create(name="Les Films du Losange")
    made = films(
        old_apps,
        "  carlotta   FILMS ",
        "LES FILMS DU LOSANGE",
        "Ciné-Archives",
        "CINÉ-ARCHIVES ",
        "Survivance",
        "",
        "   ",
    )
    migration.link_typed_holders(old_apps, None)
    linked = {
        link.film_id: link.holder.name for link in FilmRightsHolder.objects.select_related("holder")
    }
    assert linked == {
        made[0].pk: "Carlotta Films",
        made[1].pk: "Les Films du Losange",
        made[2].pk: "Ciné-Archives",
        made[3].pk: "Ciné-Archives",
        made[4].pk: "Survivance",
    }
    assert sorted(RightsHolder.objects.values_list("name", flat=True)) == [
        "Carlotta Films",
        "Ciné-Archives",
        "Les Films du Losange",
        "Survivance",
    ]
    assert FilmRightsHolder.objects.get(film_id=made[0].pk).holder_id == carlotta.pk
    assert FilmRightsHolder.objects.get(film_id=made[1].pk).holder_id == losange.pk
    # Run again: nothing doubles.
    migration.link_typed_holders(old_apps, None)
    assert FilmRightsHolder.objects.count() == 5
    assert RightsHolder.objects.count() == 4


def test_undoing_it_writes_the_holders_names_back(old_apps):
    Film = old_apps.get_model("programme", "Film")
    (film,) = films(old_apps, " survivance")
    migration.link_typed_holders(old_apps, None)
    Film.objects.filter(pk=film.pk).update(rights_holder="")
    migration.write_names_back(old_apps, None)
    assert Film.objects.get(pk=film.pk).rights_holder == "survivance"
