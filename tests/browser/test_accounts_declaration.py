"""The treasurer reads last week's declaration: the figures per programme and for the
week, the links to each screening's statement and to the files (CSV, PDF, JSON), which
download; the page passes the axe check."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from clef.accounting import access
from clef.lib.weeks import months_counting
from tests.browser.conftest import assert_accessible, french, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def address(name, *args):
    with translation.override("fr"):
        return reverse(f"accounting:{name}", args=args)


@pytest.fixture
def last_week(venue, make_film, make_screening, small_room, sell, agree):
    """Last cinema week: Wanda on its first day (10 + 0 + 5 €) and its third (10 €),
    Le Sel de la terre on its fourth in the small room (8 + 8 €, flat fee 30 €)."""
    week = access.last_week(venue)
    wanda = make_film("Wanda", visa_number="36912")
    salt = make_film("Le Sel de la terre", visa_number="14785", runtime=94)
    first = make_screening(week.start, "20:00", films=[wanda])
    second = make_screening(week.start + dt.timedelta(days=2), "18:00", films=[wanda])
    third = make_screening(
        week.start + dt.timedelta(days=3), "16:00", room=small_room, films=[salt]
    )
    sell(first, "10", "0", "5")
    sell(second, "10")
    sell(third, "8", "8")
    agree(first)
    agree(second)
    agree(third, kind="flat_fee", amount="30")
    return week, (first, second, third)


def test_the_treasurer_reads_last_weeks_declaration(
    page, live_server, treasurer, last_week, screenshot
):
    week, (first, _second, third) = last_week
    sign_in(page.context, live_server, treasurer)
    # Any day of the week leads to its first day.
    page.goto(address("declaration", (week.start + dt.timedelta(days=4)).isoformat()))
    assert page.url.endswith(address("declaration", week.start.isoformat()))

    figures = page.locator(".overview-figures")
    expect(figures.locator("[data-figure=takings]")).to_have_text("41,00\u00a0€")
    expect(figures.locator("[data-figure=tsa]")).to_have_text("4,40\u00a0€")  # 1.61+1.07+1.72
    expect(figures.locator("[data-figure=rights]")).to_have_text("40,52\u00a0€")  # 10.52+30

    big, small = page.locator(".declaration-room").all()
    expect(big.get_by_role("heading", level=2)).to_have_text("Grande salle")
    expect(big.locator("tfoot")).to_contain_text("25,00\u00a0€")
    expect(big).to_contain_text("36912")
    expect(small.locator("tfoot")).to_contain_text("16,00\u00a0€")
    expect(small).to_contain_text("30,00\u00a0€")
    expect(page.get_by_role("link", name="Survivance").first).to_have_attribute(
        "href",
        address(
            "distributor_statement", first.rights_agreements.get().holder.pk, week.start.isoformat()
        ),
    )
    statement = small.locator(f'a[href="{address("screening", third.pk)}"]')
    expect(statement).to_have_text("16:00")
    screenshot(page, "declaration")
    assert_accessible(page)

    for name, kind in (
        ("declaration_csv", "text/csv"),
        ("declaration_pdf", "application/pdf"),
        ("declaration_json", "application/json"),
    ):
        link = page.locator(f'a[href="{address(name, week.start.isoformat())}"]')
        expect(link).to_have_count(1)
        response = page.request.get(link.get_attribute("href"))
        assert response.status == 200
        assert response.headers["content-type"].startswith(kind)
    csv_text = page.request.get(address("declaration_csv", week.start.isoformat())).text()
    assert "41,00" in csv_text and "Wanda" in csv_text  # a French spreadsheet's decimal comma

    expect(page.get_by_role("link", name=french("Previous week"), exact=False)).to_have_count(1)
    # The month whose tax counts the week: the one it ends in (December too across the
    # new year).
    year, month = months_counting(week)[0]
    first_month = f"{year:04d}-{month:02d}"
    page.locator(f'a[href="{address("monthly_tax", first_month)}"]').click()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("table.ledger")).to_contain_text(str(week.start.day))
    screenshot(page, "monthly-tax")
