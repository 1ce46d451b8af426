"""French writes the first of a month "1er": in templates, emails and PDFs alike."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from clef.lib import pdf
from clef.lib.dates import first_of_month


def render(source, **context):
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("day", "french", "english"),
    [
        (dt.date(2026, 3, 1), "1er mars", "1 March"),
        (dt.date(2026, 3, 11), "11 mars", "11 March"),
        (dt.date(2026, 3, 21), "21 mars", "21 March"),
        (dt.date(2026, 8, 31), "31 août", "31 August"),
    ],
)
def test_every_template_writes_the_first_of_a_month_as_french_does(day, french, english):
    with translation.override("fr"):
        assert render('{{ day|date:"j F" }}', day=day) == french
    with translation.override("en"):
        assert render('{{ day|date:"j F" }}', day=day) == english


def test_numbers_that_are_not_a_day_before_a_month_are_left_alone():
    assert first_of_month("1/3/2026", "fr") == "1/3/2026"
    assert first_of_month("le 1er mars", "fr") == "le 1er mars"
    assert first_of_month("1 mars", "en") == "1 mars"


def test_a_datetime_is_shown_in_paris_time(settings):
    moment = dt.datetime(2026, 2, 28, 23, 30, tzinfo=dt.UTC)  # 1 March, 00:30 in Paris
    with translation.override("fr"):
        assert render('{{ m|date:"l j F Y, H:i" }}', m=moment) == "dimanche 1er mars 2026, 00:30"


def test_pdfs_write_it_too():
    with translation.override("fr"):
        assert pdf.long_date(dt.date(2026, 11, 1)) == "dimanche 1er novembre 2026"
        assert pdf.short_date(dt.date(2026, 11, 1)) == "1er novembre 2026"
