"""The treasurer reads a year's statistics, charts and figures; a visitor on a phone reads
where the last season's money went. In a real Chromium, with screenshots."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction
from playwright.sync_api import expect

from clef.accounting.models import RightsAgreement, RightsHolder
from clef.tickets.models import Ticket
from clef.venues.numbering import take_numbers
from tests.browser.conftest import (
    DEVICES,
    PHONE,
    assert_accessible,
    fits_the_width,
    french,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The stylesheet's rules for these pages, while they wait to join clef.css.
EXTRA_CSS = Path(__file__).resolve().parents[2] / "locale-work" / "css-statistics.css"


def with_extra_css(page):
    if EXTRA_CSS.exists() and ".stats-chart" not in page.content():
        page.add_style_tag(path=str(EXTRA_CSS))


@pytest.fixture
def held(venue, small_room, make_screening, make_film):
    """Three screenings held 40, 100 and 200 days ago, with tickets and agreements: all
    in the last season, the first one in the statistics' year."""
    today = venue.local_date()
    holder = RightsHolder.objects.create(name="Survivance", email="prog@example.org")
    days = [today - dt.timedelta(days=n) for n in (40, 100, 200)]
    prices = [("10", "10", "5", "0", "2", "8"), ("0", "0", "5", "15"), ("8", "8", "10")]
    for i, (day, paid) in enumerate(zip(days, prices, strict=True)):
        film = make_film(f"Film {i + 1}")
        screening = make_screening(day, "20:00", room=small_room if i else None, films=[film])
        with transaction.atomic():
            first = take_numbers(venue, "ticket", day.year, len(paid))
        Ticket.objects.bulk_create(
            Ticket(venue=venue, screening=screening, series=day.year, number=first + n,
                   price=Decimal(p), status=Ticket.Status.PAID)
            for n, p in enumerate(paid)
        )  # fmt: skip
        RightsAgreement.objects.create(
            screening=screening, film=film, holder=holder, kind="percentage", rate=Decimal("50")
        )
    return days[0].year


@pytest.mark.parametrize("device", DEVICES)
def test_the_treasurer_reads_the_years_charts_and_their_figures(
    open_page, live_server, treasurer, held, screenshot, device
):
    page = open_page(device)
    sign_in(page, live_server, treasurer)
    page.goto(f"/tresorerie/statistiques/?year={held}")
    with_extra_css(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(str(held))
    charts = page.locator(".stats-chart svg[role=img]")
    expect(charts).to_have_count(8)
    expect(charts.first).to_be_visible()
    expect(page.get_by_role("img", name=french("The most-seen films"))).to_be_visible()
    screenshot(page, "1-statistics")

    # The figures of a chart, folded under it.
    films = page.locator(".stats-chart").filter(has=page.locator("#chart-films"))
    films.get_by_text(french("The figures")).click()
    expect(films.get_by_role("table").get_by_role("cell", name="Film 1")).to_be_visible()
    link = films.get_by_role("link", name=french("These figures as CSV"))
    expect(link).to_have_attribute("href", f"/tresorerie/statistiques/films.csv?year={held}")
    assert fits_the_width(page)
    assert_accessible(page)
    screenshot(page, "2-figures")


def test_a_visitor_on_a_phone_sees_where_the_seasons_money_went(
    open_page, live_server, held, screenshot
):
    page = open_page(PHONE)
    page.goto("/ou-va-l-argent/")
    with_extra_css(page)
    season = page.locator("section.season")
    expect(season.get_by_role("heading", level=2)).to_have_text(
        french("Last season, from our accounts")
    )
    expect(season.locator(".overview-figures dd").nth(1)).to_have_text("13")  # admissions
    table = season.get_by_role("table")
    expect(table.locator("tfoot")).to_contain_text("1,00\u00a0€")
    expect(table.locator("tbody tr")).to_have_count(5)
    assert fits_the_width(page)
    assert_accessible(page)
    season.scroll_into_view_if_needed()
    screenshot(page, "1-money")
