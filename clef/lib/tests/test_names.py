"""Countries and languages typed in French or English, shown in the reader's language."""

import pytest
from django.utils import translation

from clef.lib.names import countries, languages


@pytest.mark.parametrize(
    ("typed", "english", "french"),
    [
        ("Sénégal", "Senegal", "Sénégal"),
        ("Senegal", "Senegal", "Sénégal"),
        ("Côte d'Ivoire", "Côte d’Ivoire", "Côte d’Ivoire"),
        ("cote d’ivoire", "Côte d’Ivoire", "Côte d’Ivoire"),
        ("Corée du Sud", "South Korea", "Corée du Sud"),
        ("Royaume-Uni", "United Kingdom", "Royaume-Uni"),
        ("royaume uni", "United Kingdom", "Royaume-Uni"),
        ("États-Unis", "United States", "États-Unis"),
        ("SN", "Senegal", "Sénégal"),
    ],
)
def test_it_names_a_country_in_each_language(typed, english, french):
    with translation.override("en"):
        assert countries(typed) == english
    with translation.override("fr"):
        assert countries(typed) == french


def test_it_keeps_the_separators_and_each_country_in_its_place():
    with translation.override("en"):
        assert countries("France, Sénégal / Corée du Sud") == "France, Senegal / South Korea"


def test_it_keeps_a_country_it_does_not_know_as_typed():
    with translation.override("en"):
        assert countries("Atlantide, Sénégal") == "Atlantide, Senegal"
        assert countries("Yougoslavie") == "Yougoslavie"


def test_it_names_languages_in_each_language():
    with translation.override("en"):
        assert languages("wolof, français") == "Wolof, French"
        assert languages("English") == "English"
        assert languages("wo") == "Wolof"
    with translation.override("fr"):
        assert languages("Wolof, French") == "wolof, français"
        assert languages("bambara") == "bambara"


def test_it_keeps_a_language_it_does_not_know_and_empty_text():
    with translation.override("en"):
        assert languages("sans dialogue") == "sans dialogue"
        assert languages("") == ""
        assert countries("") == ""


def test_it_keeps_a_very_long_text_as_typed():
    typed = "x" * 5000
    with translation.override("en"):
        assert countries(typed) == typed
