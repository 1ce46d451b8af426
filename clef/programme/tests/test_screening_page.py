"""A screening's page, a film's page, a cycle's page, and the JSON-LD they carry."""

import datetime as dt
import json
import re

import pytest

from clef.programme.models import Cycle, Screening, ScreeningFilm
from clef.programme.tests.conftest import html

pytestmark = pytest.mark.usefixtures("frozen")


def jsonld(response):
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html(response), re.S)
    assert len(found) == 1
    return json.loads(found[0])


@pytest.fixture
def shorts(make_screening, make_film, small_room):
    cycle = Cycle.objects.create(
        title="Carte blanche", title_en="Carte blanche", slug="carte-blanche"
    )
    films = [
        make_film(
            "Meshes of the Afternoon",
            directors="Maya Deren, Alexander Hammid",
            year=1943,
            runtime=14,
            countries="États-Unis",
            languages="sans dialogue",
        ),
        make_film(
            "Borom Sarret",
            directors="Ousmane Sembène",
            year=1963,
            runtime=20,
            countries="Sénégal",
            languages="wolof, français",
        ),
    ]
    screening = make_screening(
        dt.date(2026, 11, 21),
        "15:00",
        room=small_room,
        films=films,
        cycle=cycle,
        title="Courts métrages : regards insoumis",
        title_en="Short films: unruly eyes",
        guests="Nicole Brenez",
        kind=Screening.Kind.DEBATE,
        sdh=True,
        pricing=Screening.Pricing.FREE,
    )
    ScreeningFilm.objects.filter(film=films[1]).update(subtitles="anglais")
    return screening


def test_a_programme_of_shorts_shows_each_film_in_english(client, shorts):
    page = html(client.get(f"/en/seance/{shorts.pk}/"))
    assert "<h1>Short films: unruly eyes</h1>" in page
    assert page.index("Meshes of the Afternoon") < page.index("Borom Sarret")
    assert "<dd>Maya Deren, Alexander Hammid</dd>" in page
    assert "<dd>1963</dd>" in page
    assert "<dd>Senegal</dd>" in page
    assert "<dd>20&nbsp;min</dd>" in page
    assert "<dd>Wolof, French</dd>" in page
    assert "Original version, subtitles: English" in page
    assert "<dd>Nicole Brenez</dd>" in page
    assert "<dd>Free entry</dd>" in page
    assert "Subtitles for the deaf and hard of hearing · Wheelchair access" in page
    assert "Saturday 21 November 2026, 15:00" in page
    assert "Petite salle, La Clef" in page
    assert 'href="/en/cycle/carte-blanche/">Carte blanche</a>' in page


def test_the_same_page_in_french(client, shorts):
    page = html(client.get(f"/seance/{shorts.pk}/"))
    assert "<h1>Courts métrages : regards insoumis</h1>" in page
    assert "samedi 21 novembre 2026, 15:00" in page
    assert "<dd>Entrée gratuite</dd>" in page


def test_a_pay_what_you_want_screening_says_so(client, make_screening):
    screening = make_screening(dt.date(2026, 11, 22), "20:00")
    page = html(client.get(f"/en/seance/{screening.pk}/"))
    assert "<dd>Pay what you want (€0 allowed), after a yearly membership</dd>" in page


def test_its_json_ld_is_a_screening_event_at_the_movie_theater(client, shorts):
    data = jsonld(client.get(f"/en/seance/{shorts.pk}/"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ScreeningEvent"
    assert data["name"] == "Short films: unruly eyes"
    assert data["startDate"] == "2026-11-21T15:00:00+01:00"
    assert data["endDate"] == "2026-11-21T15:49:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["isAccessibleForFree"] is True
    assert data["url"] == f"http://testserver/en/seance/{shorts.pk}/"
    assert data["location"] == {
        "@type": "MovieTheater",
        "name": "La Clef",
        "screenCount": 2,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "34 rue Daubenton",
            "postalCode": "75005",
            "addressLocality": "Paris",
            "addressCountry": "France",
        },
    }
    assert [m["@type"] for m in data["workPresented"]] == ["Movie", "Movie"]
    meshes, borom = data["workPresented"]
    assert meshes["name"] == "Meshes of the Afternoon"
    assert meshes["director"] == [
        {"@type": "Person", "name": "Maya Deren"},
        {"@type": "Person", "name": "Alexander Hammid"},
    ]
    assert meshes["duration"] == "PT14M"
    assert borom["dateCreated"] == "1963"
    assert data["subtitleLanguage"] == "English"


def test_a_past_screening_says_it_has_taken_place(client, make_screening):
    held = make_screening(dt.date(2026, 11, 20), "20:00")
    coming = make_screening(dt.date(2026, 11, 22), "20:00")
    assert "This screening has already taken place." in html(client.get(f"/en/seance/{held.pk}/"))
    assert "already taken place" not in html(client.get(f"/en/seance/{coming.pk}/"))
    assert "Cette séance a déjà eu lieu." in html(client.get(f"/seance/{held.pk}/"))


def test_a_cancelled_screening_says_so_to_people_and_machines(client, make_screening):
    screening = make_screening(dt.date(2026, 11, 22), "20:00", status=Screening.Status.CANCELLED)
    response = client.get(f"/en/seance/{screening.pk}/")
    assert "This screening is cancelled." in html(response)
    assert jsonld(response)["eventStatus"] == "https://schema.org/EventCancelled"


@pytest.mark.parametrize(
    ("day", "time", "shown", "offset", "utc"),
    [
        # 25 October 2026: clocks go back at 03:00; 02:30 is taken in summer time.
        (
            dt.date(2026, 10, 25),
            "02:30",
            "02:30",
            "+02:00",
            dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC),
        ),
        # 28 March 2027: clocks go forward at 02:00; 02:30 is read before the jump.
        (
            dt.date(2027, 3, 28),
            "02:30",
            "03:30",
            "+02:00",
            dt.datetime(2027, 3, 28, 1, 30, tzinfo=dt.UTC),
        ),
    ],
)
def test_a_screening_on_the_night_the_clocks_change(
    client, make_screening, day, time, shown, offset, utc
):
    screening = make_screening(day, time, duration=90)
    assert screening.starts_at == utc
    page = html(client.get(f"/en/seance/{screening.pk}/"))
    assert f", {shown}</time>" in page
    assert jsonld(client.get(f"/en/seance/{screening.pk}/"))["startDate"].endswith(
        f"T{shown}:00{offset}"
    )


@pytest.mark.parametrize("status", [Screening.Status.DRAFT])
def test_a_draft_is_not_public(client, make_screening, status):
    screening = make_screening(dt.date(2026, 11, 22), "20:00", status=status)
    assert client.get(f"/en/seance/{screening.pk}/").status_code == 404
    assert client.get("/en/seance/999999/").status_code == 404


def test_a_film_page_lists_its_public_screenings(client, make_screening, make_film):
    film = make_film(
        "Wanda", synopsis="Une femme quitte tout.", synopsis_en="A woman leaves everything."
    )
    make_screening(dt.date(2026, 11, 20), "20:00", films=[film])
    make_screening(dt.date(2026, 11, 27), "18:00", films=[film])
    make_screening(dt.date(2026, 11, 28), "18:00", films=[film], status=Screening.Status.DRAFT)
    english = html(client.get(f"/en/film/{film.slug}/"))
    assert "A woman leaves everything." in english
    coming = english[english.index('id="coming-title"') : english.index('id="past-title"')]
    past = english[english.index('id="past-title"') :]
    assert "Friday 27 November" in coming and coming.count('class="card-title"') == 1
    assert "Friday 20 November" in past and past.count('class="card-title"') == 1
    assert "Barbara Loden · United States · 1970 · 102&nbsp;min" in english
    assert "Une femme quitte tout." in html(client.get(f"/film/{film.slug}/"))
    assert client.get("/en/film/no-such-film/").status_code == 404


def test_a_cycle_page_lists_its_screenings_in_both_languages(client, make_screening):
    cycle = Cycle.objects.create(
        title="Enfance",
        title_en="Childhood",
        slug="enfance",
        description="Pour les enfants.",
        description_en="For children.",
        for_children=True,
    )
    make_screening(dt.date(2026, 11, 22), "15:00", cycle=cycle)
    english = html(client.get("/en/cycle/enfance/"))
    assert "<h1>Childhood</h1>" in english
    assert "For children." in english
    assert english.count('class="card-title"') == 1
    french = html(client.get("/cycle/enfance/"))
    assert "<h1>Enfance</h1>" in french
    assert "Pour les enfants." in french
