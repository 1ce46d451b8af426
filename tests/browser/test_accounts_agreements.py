"""A programmer records the agreement of a screening's film with the keyboard alone, on a
desktop and on a phone, then reads the statement it gives."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from clef.accounting.models import RightsAgreement
from clef.tickets.models import Ticket
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, french, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def held(make_screening, venue):
    screening = make_screening(venue.local_date() - dt.timedelta(days=1), "20:00")
    Ticket.objects.bulk_create(
        Ticket(venue=venue, screening=screening, series=2026, number=n, price=price)
        for n, price in enumerate(["10.00", "10.00", "0.00"], start=1)
    )
    return screening


@pytest.mark.parametrize(
    "device", [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]
)
def test_a_programmer_records_an_agreement_with_the_keyboard(
    open_page, live_server, programmer, held, screenshot, device
):
    page = open_page(device)
    sign_in(page.context, live_server, programmer)
    with translation.override("fr"):
        url = reverse("accounting:agreements", args=[held.pk])
    page.goto(live_server.url + url)
    assert_accessible(page)
    page.get_by_label(french("New rights holder")).focus()
    page.keyboard.type("Les Films du Losange")
    page.keyboard.press("Tab")
    page.keyboard.type("compta@example.org")
    # The terms: a percentage is chosen already; tab to the percentage and type it.
    page.locator("input[name$='-rate']").focus()
    page.keyboard.type("37,5")
    page.get_by_label(french("Visa number")).focus()
    page.keyboard.type("146728")
    screenshot(page, "filled")
    page.get_by_role("button", name=french("Record the agreements")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(french("Agreements recorded."))).to_be_visible()
    agreement = RightsAgreement.objects.get(screening=held)
    assert str(agreement.rate) == "37.50"
    assert agreement.film.visa_number == "146728"
    # 20.00 taken: base 16.82, 37.5 % of it = 6.3075 → 6.31.
    expect(page.locator(".split-table")).to_contain_text("6,31\u00a0€")
    expect(page.locator(".split-table")).to_contain_text("Les Films du Losange")
    screenshot(page, "statement")
    assert_accessible(page)


def test_a_bad_percentage_is_refused_on_the_page(open_page, live_server, treasurer, held):
    page = open_page(DESKTOP)
    sign_in(page.context, live_server, treasurer)
    with translation.override("fr"):
        url = reverse("accounting:agreements", args=[held.pk])
    page.goto(live_server.url + url)
    page.get_by_label(french("New rights holder")).fill("Survivance")
    page.locator("input[name$='-rate']").fill("150")
    page.get_by_role("button", name=french("Record the agreements")).click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert not RightsAgreement.objects.exists()
