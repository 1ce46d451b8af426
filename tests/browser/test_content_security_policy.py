"""Under the site's Content-Security-Policy every page still works in Chromium, with no
console error and no violation: the home, the programme, a screening, booking (the price
field's script), the till (opened, its script and htmx), the door and the back office."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from clef.boxoffice.models import Till
from tests.browser.conftest import french, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def address(name, *args):
    with translation.override("fr"):
        return reverse(name, args=args)


@pytest.fixture
def watched(open_page):
    """A page, and the list of its console errors, uncaught errors and policy violations."""
    page = open_page()
    problems = []
    page.on(
        "console",
        lambda message: message.type == "error" and problems.append(f"console: {message.text}"),
    )
    page.on("pageerror", lambda error: problems.append(f"error: {error}"))
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and problems.append(f"{response.status}: {response.url}")
        ),
    )
    return page, problems


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert "default-src 'self'" in response.headers["content-security-policy"]
    # Every script and the htmx requests it makes have run.
    page.wait_for_load_state("networkidle")


def test_the_public_pages_and_booking_run_under_the_policy(
    watched, live_server, programme, paid_member
):
    page, problems = watched
    screening = programme.screenings.wanda

    for url in ("/", "/programme/", f"/seance/{screening.pk}/"):
        visit(page, url)

    sign_in(page, live_server, paid_member)
    visit(page, f"/seance/{screening.pk}/reserver/")
    # htmx redraws the form for two seats; the form's script ticks "other amount".
    page.get_by_label(french("Number of seats")).select_option("2")
    expect(page).to_have_url(re.compile(r"\?places=2$"))
    seat = page.get_by_role("group", name=french("Seat %(number)s: your price") % {"number": 1})
    seat.locator("input[data-other-for]").type("3")
    expect(seat.get_by_role("radio", name=french("Other amount"))).to_be_checked()
    # Choosing a suggested amount clears the typed one.
    seat.get_by_role("radio").first.check()
    expect(seat.locator("input[data-other-for]")).to_have_value("")

    assert problems == []


def test_the_till_door_and_back_office_run_under_the_policy(
    watched, live_server, programme, cashier, programmer
):
    page, problems = watched
    till = Till.objects.create(venue=programme.venue, name="Caisse du hall")
    sign_in(page, live_server, cashier)

    visit(page, address("boxoffice:till", till.pk))
    page.get_by_label(french("Float counted (€)")).fill("100")
    page.keyboard.press("Enter")
    expect(page.locator("#till-prices")).to_be_focused()
    visit(page, address("boxoffice:door_check_in", programme.screenings.wanda.pk))

    sign_in(page, live_server, programmer)
    for url in (
        "/gestion/",
        "/gestion/programme/screening/",
        f"/gestion/programme/screening/{programme.screenings.wanda.pk}/change/",
        "/gestion/programme/film/add/",
    ):
        visit(page, url)

    assert problems == []
    assert till.sessions.get().opening_float == Decimal("100.00")
