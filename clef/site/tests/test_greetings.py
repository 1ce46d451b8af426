"""Every email greets its reader by name when clef knows it, in one place: the ``hello``
tag of the ``clef`` template library."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]


def greet(person, language="fr"):
    with translation.override(language):
        return Template("{% load clef %}{% hello person %}").render(Context({"person": person}))


def test_it_greets_a_person_by_first_name_in_their_language(db):
    camille = get_user_model()(username="c", first_name="Camille")
    assert greet(camille) == "Bonjour Camille,"
    assert greet(camille, "en") == "Hello Camille,"


def test_it_greets_a_typed_name_and_nobody_plainly(db):
    assert greet("Léa Martin") == "Bonjour Léa Martin,"
    assert greet(None) == "Bonjour,"
    assert greet(get_user_model()(username="x", first_name="  ")) == "Bonjour,"


def test_every_email_opens_with_the_greeting_tag():
    bodies = sorted(ROOT.glob("*/templates/*/emails/*_body.txt"))
    assert len(bodies) > 15
    without = [
        str(path.relative_to(ROOT))
        for path in bodies
        if "{% hello " not in path.read_text(encoding="utf-8").split("\n", 1)[0]
    ]
    assert not without, "emails not greeting by name: " + ", ".join(without)
