"""A film's countries, languages and subtitles in the reader's language on the pages."""

import datetime as dt
import json
import re

import pytest

from clef.programme.models import ScreeningFilm
from clef.programme.tests.conftest import html

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def borom_sarret(make_screening, make_film):
    film = make_film(
        "Borom Sarret",
        directors="Ousmane Sembène",
        year=1963,
        runtime=20,
        countries="Sénégal, Côte d'Ivoire",
        languages="wolof, français",
    )
    screening = make_screening(dt.date(2026, 11, 21), "15:00", films=[film])
    ScreeningFilm.objects.filter(film=film).update(subtitles="anglais")
    return screening


def test_the_english_screening_page_names_countries_languages_and_subtitles_in_english(
    client, borom_sarret
):
    page = html(client.get(f"/en/seance/{borom_sarret.pk}/"))
    assert "<dd>Senegal, Côte d’Ivoire</dd>" in page
    assert "<dd>Wolof, French</dd>" in page
    assert "Original version, subtitles: English" in page
    assert "Sénégal" not in page


def test_the_french_screening_page_keeps_them_in_french(client, borom_sarret):
    page = html(client.get(f"/seance/{borom_sarret.pk}/"))
    assert "<dd>Sénégal, Côte d’Ivoire</dd>" in page
    assert "<dd>wolof, français</dd>" in page
    assert "Version originale sous-titrée en anglais" in page


def test_the_english_film_page_and_its_json_ld_say_them_in_english(client, borom_sarret):
    film = borom_sarret.screening_films.get().film
    page = html(client.get(f"/en/film/{film.slug}/"))
    assert "Ousmane Sembène · Senegal, Côte d’Ivoire · 1963 · 20" in page
    assert "· Wolof, French</p>" in page
    found = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>',
        html(client.get(f"/en/seance/{borom_sarret.pk}/")),
        re.S,
    )
    event = json.loads(found[0])
    movie = event["workPresented"][0]
    assert [c["name"] for c in movie["countryOfOrigin"]] == ["Senegal", "Côte d’Ivoire"]
    assert movie["inLanguage"] == "Wolof, French"
    assert event["subtitleLanguage"] == "English"
