"""A newcomer signs up, opens the link of the confirmation email and lands on the
membership page, signed in; a member signs in, reads their own page, cancels a ticket
and finds the page that erases their account. On a desktop and on a phone."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from clef.members.models import Person
from clef.tickets.booking import book
from clef.tickets.models import Ticket
from conftest import PASSWORD
from tests.browser.conftest import (
    DEVICES,
    assert_accessible,
    fits_the_width,
    french,
    press,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def account_menu(page):
    return page.get_by_role("navigation", name=french("Your account"))


def link_in(message):
    [url] = re.findall(r"https?://\S+", message.body)
    return urlsplit(url).path


@pytest.mark.parametrize("device", DEVICES)
def test_a_newcomer_signs_up_confirms_and_lands_on_the_membership_page(
    open_page, live_server, venue, screenshot, device
):
    page = open_page(device)
    page.goto("/histoire/")

    # From the masthead to the form.
    press(account_menu(page).get_by_role("link", name=french("Sign in"), exact=True), device)
    expect(page).to_have_url(live_server.url + "/compte/connexion/?next=/histoire/")
    press(page.get_by_role("link", name=french("Create an account"), exact=True), device)
    expect(page.get_by_role("heading", level=1)).to_have_text(french("Create an account"))
    expect(page.get_by_label("Français", exact=True)).to_be_checked()
    screenshot(page, "1-signup")
    assert_accessible(page)
    assert fits_the_width(page)

    # A password Django refuses: said on the field, nothing written.
    page.get_by_label(french("First name"), exact=True).fill("Lou")
    page.get_by_label(french("Last name"), exact=True).fill("Durand")
    page.get_by_label(french("Email"), exact=True).fill("Lou.Durand@example.org")
    page.get_by_label(french("Password"), exact=True).fill("12345678")
    press(page.get_by_role("button", name=french("Create my account")), device)
    password = page.get_by_label(french("Password"), exact=True)
    expect(password).to_have_attribute("aria-invalid", "true")
    assert not Person.objects.exists()
    screenshot(page, "2-refused")

    password.fill("un-film-par-semaine")
    press(page.get_by_role("button", name=french("Create my account")), device)
    expect(page.get_by_role("heading", level=1)).to_have_text(french("Check your inbox"))
    expect(page.get_by_text("lou.durand@example.org")).to_be_visible()
    screenshot(page, "3-check-inbox")

    # The link of the email, opened in the same browser.
    [message] = mail.outbox
    assert message.to == ["lou.durand@example.org"]
    page.goto(link_in(message))

    expect(page).to_have_url(live_server.url + "/adhesion/")
    expect(account_menu(page).get_by_role("link", name=french("My account"))).to_be_visible()
    expect(account_menu(page).get_by_role("button", name=french("Sign out"))).to_be_visible()
    expect(page.get_by_text(french("Your address is confirmed: welcome!"))).to_be_visible()
    screenshot(page, "4-join")
    assert fits_the_width(page)

    # The same link again, from the same browser: already done, to the person's page.
    page.goto(link_in(message))
    expect(page).to_have_url(live_server.url + "/compte/")
    expect(page.get_by_text(french("Your address is already confirmed."))).to_be_visible()


@pytest.mark.parametrize("device", DEVICES)
def test_a_member_reads_their_page_and_cancels_a_ticket(
    open_page, live_server, paid_member, on_sale, screenshot, device
):
    booking, _created = book(on_sale, user=paid_member, prices=["0", "7.50"], method="door")
    first, second = booking.tickets.order_by("number")
    page = open_page(device)

    # Signing in with the address and the password, from the masthead.
    page.goto("/")
    press(account_menu(page).get_by_role("link", name=french("Sign in"), exact=True), device)
    screenshot(page, "1-login")
    assert_accessible(page)
    page.get_by_label(french("Email"), exact=True).fill("mila@example.org")
    page.get_by_label(french("Password"), exact=True).fill(PASSWORD)
    press(page.get_by_role("button", name=french("Sign in"), exact=True), device)
    expect(page).to_have_url(live_server.url + "/")
    press(account_menu(page).get_by_role("link", name=french("My account")), device)

    expect(page).to_have_url(live_server.url + "/compte/")
    expect(page.get_by_role("link", name=french("My membership card"))).to_be_visible()
    expect(page.get_by_role("heading", level=3)).to_have_text("Wanda")
    screenshot(page, "2-my-page")
    assert_accessible(page)
    assert fits_the_width(page)

    # Back on the same page once the ticket's own page has cancelled it.
    cancel = french("Cancel ticket %(number)s") % {"number": second}
    press(page.get_by_role("link", name=cancel), device)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        french("Cancel ticket %(number)s?") % {"number": second}
    )
    press(page.get_by_role("button", name=french("Yes, cancel this ticket")), device)
    expect(page.locator(".account-cancel")).to_have_count(1)
    expect(page).to_have_url(live_server.url + "/compte/")
    second.refresh_from_db()
    first.refresh_from_db()
    # Only the 0 € ticket is left: nothing to pay at the door any more.
    assert (first.status, second.status) == (Ticket.Status.PAID, Ticket.Status.CANCELLED)
    screenshot(page, "3-cancelled")

    press(page.get_by_role("link", name=french("Delete my account")), device)
    expect(page.get_by_role("heading", level=1)).to_have_text(french("Delete my account"))
    screenshot(page, "4-delete")
    assert_accessible(page)
    assert fits_the_width(page)


@pytest.mark.parametrize("device", DEVICES)
def test_the_pages_to_sign_in_by_link_read_well(open_page, venue, screenshot, device):
    page = open_page(device)
    page.goto("/en/compte/connexion/lien/")
    screenshot(page, "1-ask")
    assert_accessible(page)
    page.get_by_label("Email").fill("nobody@example.org")
    press(page.get_by_role("button", name="Send me a link"), device)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    screenshot(page, "2-sent")
    assert mail.outbox == []

    response = page.goto("/en/compte/connexion/lien/MQ.abc-123/")
    assert response.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    screenshot(page, "3-invalid")
    assert_accessible(page)
    assert fits_the_width(page)


@pytest.mark.parametrize("device", DEVICES[-1:])
def test_a_sign_in_link_opens_a_page_whose_button_signs_in(
    open_page, live_server, paid_member, screenshot, device
):
    page = open_page(device)
    page.goto("/en/compte/connexion/lien/")
    page.get_by_label("Email").fill(paid_member.email)
    press(page.get_by_role("button", name="Send me a link"), device)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    [message] = mail.outbox

    # Opened (as a mail scanner would): whose link it is, and nothing done yet. The link
    # is in Mila's language, French.
    page.goto(link_in(message))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        french("Sign in as %(email)s") % {"email": "m•••@example.org"}
    )
    paid_member.refresh_from_db()
    assert paid_member.last_login is None
    screenshot(page, "1-sign-in-by-link")
    assert_accessible(page)
    assert fits_the_width(page)

    press(page.get_by_role("button", name=french("Sign in"), exact=True), device)
    expect(page).to_have_url(live_server.url + "/compte/")
    paid_member.refresh_from_db()
    assert paid_member.last_login is not None
