"""A rights holder's statement PDF never cuts a word: a film's long title, a holder's
long name and the columns' titles wrap, and every word is read back whole."""

import datetime as dt
import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from clef.accounting import statement_exports as exports
from clef.accounting.statements import statement_content

WEDNESDAY = dt.date(2026, 11, 18)
TITLE = (
    "Les Très Riches Heures d'une Cinémathèque Ambulante qui traversait les Campagnes "
    "Oubliées avec ses Projecteurs, ses Bobines et ses Spectateurs Ravis !"
)
HOLDER = (
    "Société Coopérative Internationale de Distribution des Films Indépendants et du "
    "Patrimoine Cinématographique"
)


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 27, 11, 0, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def content(venue, make_film, make_screening, sell, agree, make_holder):
    assert len(TITLE) == 150
    holder = make_holder(HOLDER)
    film = make_film(TITLE, visa_number="123456")
    screening = make_screening(WEDNESDAY, films=[film])
    sell(screening, "10", "5", "0")
    agree(screening, kind="minimum_guarantee", rate="35", amount="100", holder=holder)
    return statement_content(venue, holder, venue.week_of(WEDNESDAY))


def words_read_back(document):
    reader = PdfReader(io.BytesIO(document))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text, text.split()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_word_is_cut_in_the_statement_pdf(content, language):
    with translation.override(language):
        text, words = words_read_back(exports.pdf(content))
        columns = [label for label, _width, _align in exports._columns()]
    assert "…" not in text
    for word in TITLE.split() + HOLDER.split():
        assert word in words, word
    for label in columns:
        for word in label.split():
            assert word in words, (label, word)


def test_the_columns_name_one_thing_each(content):
    for language in ("fr", "en"):
        with translation.override(language):
            labels = [label for label, _width, _align in exports._columns()]
        assert len(labels) == len(set(labels))
        assert sum(width for _label, width, _align in exports._columns()) == 273
