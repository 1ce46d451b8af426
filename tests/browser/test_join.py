"""A signed-in person joins on a phone: types an amount, pays on the test provider's page
and sees their numbered card, whose QR code reads back as the membership's code."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from clef.members.models import Membership
from tests.browser.conftest import (
    PHONE,
    assert_accessible,
    french,
    read_qr,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_joins_at_7_50_through_the_test_provider_and_sees_their_card(
    open_page, live_server, venue, member, screenshot
):
    page = open_page(PHONE)
    sign_in(page, live_server, member)

    page.goto("/adhesion/")
    expect(page.get_by_role("heading", level=1)).to_have_text(french("Become a member"))
    screenshot(page, "1-join")
    assert_accessible(page)

    # An amount below the scale is refused, on the field, and nothing is written.
    amount = page.get_by_label(french("Or type your amount (€)"))
    amount.fill("4")
    page.get_by_role("button", name=french("Join", "membership"), exact=True).tap()
    expect(amount).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#other-error")).to_be_visible()
    assert Membership.objects.count() == 0
    screenshot(page, "2-refused")

    page.get_by_label(french("Or type your amount (€)")).fill("7,50")
    page.get_by_role("button", name=french("Join", "membership"), exact=True).tap()

    # The test provider says what it is, the amount and what it pays.
    expect(page).to_have_url(re.compile(r"/paiement/test/[\w-]+/$"))
    expect(page.get_by_text(french("Test payment provider"))).to_be_visible()
    expect(page.locator(".testpay-amount")).to_have_text("7,50\u00a0€")
    screenshot(page, "3-test-provider")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"7,50")).tap()

    # The card, numbered, with a QR code that reads back as the membership's code.
    expect(page).to_have_url(re.compile(r"/adhesion/carte/[\w-]+/$"))
    membership = Membership.objects.get()
    assert page.url == live_server.url + membership.get_absolute_url()
    assert (membership.status, membership.amount, membership.number) == ("paid", Decimal("7.50"), 1)
    expect(page.locator(".membercard-number")).to_contain_text(str(membership))
    expect(page.locator(".membercard")).to_contain_text("7,50\u00a0€")
    screenshot(page, "4-card")
    assert_accessible(page)
    assert read_qr(page.locator(".membercard-qr")) == [membership.code]
