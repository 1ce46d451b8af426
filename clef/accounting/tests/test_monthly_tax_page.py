"""The month's page (/tresorerie/mois/2026-11/): the weeks the month covers by law and
why, the weeks under two screenings, the threshold and what to pay, in the reader's
language; a fixed number of queries however many screenings."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from clef.lib.timezones import local_to_utc

pytestmark = pytest.mark.django_db

D = Decimal
TODAY = local_to_utc(dt.date(2027, 2, 10), dt.time(12, 0), "Europe/Paris")


@pytest.fixture(autouse=True)
def _february():
    with time_machine.travel(TODAY, tick=False):
        yield


def url(month, language="fr"):
    with translation.override(language):
        return reverse("accounting:monthly_tax", args=[month])


@pytest.fixture
def winter(make_screening, sell):
    """Friday 27 November (10 €) alone in its week; 740 € on Thursday 3 December and
    10 € on Saturday 5 (tax 79.33 + 1.07); New Year's Eve (10 €) and 1 January (5 €)."""
    sell(make_screening(dt.date(2026, 11, 27), "20:00"), "10")
    sell(make_screening(dt.date(2026, 12, 3), "20:00"), *["10"] * 74)
    sell(make_screening(dt.date(2026, 12, 5), "16:00"), "10")
    sell(make_screening(dt.date(2026, 12, 31), "23:30"), "10")
    sell(make_screening(dt.date(2027, 1, 1), "00:30"), "5")


def row_of(page, start):
    """The table row of the week beginning ``start``."""
    begin = page.index(f'<tr data-week="{start}">')
    return page[begin : page.index("</tr>", begin)]


def test_december_shows_its_weeks_why_and_what_to_pay(signed_in, winter):
    response = signed_in.get(url("2026-12", language="en"))
    assert response.status_code == 200
    tax = response.context["tax"]
    # the lonely week of 25 November is untaxed; 79.33 + 1.07; 1.07 on New Year's Eve
    assert (tax.tsa, tax.due) == (D("81.47"), D("81.47"))
    page = response.content.decode()
    assert "from Wednesday 25 November 2026 to Thursday 31 December 2026" in page
    assert "Ended on Tuesday 1 December" in row_of(page, "2026-11-25")
    assert "no: under 2 screenings" in row_of(page, "2026-11-25")
    assert "Ended on Tuesday 8 December" in row_of(page, "2026-12-02")
    new_year = row_of(page, "2026-12-30")
    assert "Split at the new year: its days up to 31 December" in new_year
    assert "€1.07" in new_year
    assert 'data-figure="due">€81.47<' in page
    assert 'data-figure="threshold-amount">€80.00<' in page
    assert 'data-figure="threshold"' not in page
    assert "Weeks under 2 screenings, not taxed:" in page
    assert "10.72% of €760.00 of taxed takings: €81.47" in page
    assert 'data-figure="weeks-tsa">€81.47<' in page


def test_the_french_page_gives_the_figures_as_french_readers_write_them(signed_in, winter):
    page = signed_in.get(url("2026-12")).content.decode()
    assert 'data-figure="due">81,47 €<' in page
    assert "1,07 €" in row_of(page, "2026-12-30")


def test_january_starts_on_the_first_in_english(signed_in, winter):
    response = signed_in.get(url("2027-01", language="en"))
    tax = response.context["tax"]
    assert (tax.receipts, tax.tsa, tax.due) == (D("5.00"), D("0.54"), D("0.00"))
    page = response.content.decode()
    assert "Split at the new year: its days from 1 January" in row_of(page, "2026-12-30")
    assert 'data-figure="threshold"' in page  # under 80 €: nothing due
    assert 'data-figure="due">€0.00<' in page


def test_the_page_takes_the_same_queries_however_many_screenings(
    signed_in, winter, make_screening, sell, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as few:
        signed_in.get(url("2026-12"))
    for n in range(10):
        sell(make_screening(dt.date(2026, 12, 9 + n), "18:00"), "4", str(n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = signed_in.get(url("2026-12"))
    assert response.context["tax"].weeks[2].screenings == 7


def test_the_week_across_the_new_year_links_both_months(signed_in, winter):
    with translation.override("en"):
        page = signed_in.get(reverse("accounting:declaration", args=["2026-12-30"]))
    html = page.content.decode()
    assert url("2026-12", language="en") in html
    assert url("2027-01", language="en") in html
