"""A campaign's page on a phone, in a real Chromium: the total, the sources' progress,
the countdown, the counterparts, nothing wider than the screen, and no serious
accessibility problem; then the small page other sites frame."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clef.fundraising.models import Campaign, Counterpart, Gift, LegalBody, Loan
from tests.browser.conftest import PHONE, assert_accessible, fits_the_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def works(venue):
    fund = LegalBody.objects.create(
        kind="endowment_fund", name="Cinéma Revival", address="34 rue Daubenton, Paris"
    )
    now = timezone.now()
    campaign = Campaign.objects.create(
        slug="travaux", title="Les travaux de La Clef", title_en="La Clef's works",
        text="Le cinéma est à nous.", uses="Des fauteuils neufs.", goal=Decimal("600000"),
        patronage_goal=Decimal("200000"), crowdfunding_goal=Decimal("400000"),
        opens_on=timezone.localdate(now) - dt.timedelta(days=3),
        deadline=now + dt.timedelta(days=20, hours=3), body=fund,
    )  # fmt: skip
    Loan.objects.create(
        campaign=campaign, lender="Banque coopérative", amount=Decimal("100000"),
        rate=Decimal("3.9"), years=20, guaranteed_share=Decimal("50"), guarantor="IFCIC",
        starts_on=dt.date(2026, 7, 5),
    )  # fmt: skip
    Counterpart.objects.create(
        campaign=campaign, name="Une affiche sérigraphiée", minimum_gift=Decimal("40"),
        stock=200, declared_value=Decimal("10"),
    )  # fmt: skip
    Gift.objects.create(
        campaign=campaign, body=fund, amount=Decimal("50"), method="online",
        status="paid", paid_at=now, show_name=True, donor_name="Ada Lovelace",
    )  # fmt: skip
    return campaign


def test_the_campaign_page_on_a_phone(open_page, live_server, works):
    page = open_page(PHONE)
    page.goto("/soutenir/travaux/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Les travaux de La Clef")
    expect(page.locator(".campaign-total")).to_contain_text("100\u202f050,00\u00a0€")
    expect(page.locator("progress")).to_have_count(4)  # the total, each source
    expect(page.locator(".campaign-countdown time")).to_contain_text("20")
    expect(page.locator(".campaign-counterparts")).to_contain_text("Une affiche sérigraphiée")
    expect(page.locator(".campaign-named")).to_contain_text("Ada Lovelace")
    assert fits_the_width(page)
    assert_accessible(page)

    page.goto("/en/soutenir/travaux/")
    expect(page.get_by_role("heading", level=1)).to_have_text("La Clef's works")
    expect(page.locator(".campaign-total")).to_contain_text("€100,050.00 of €600,000.00")
    assert fits_the_width(page)
    assert_accessible(page)


def test_the_embed_fits_a_small_frame(open_page, live_server, works):
    page = open_page({"viewport": {"width": 320, "height": 240}})
    page.goto("/soutenir/travaux/integrer/")
    expect(page.locator(".campaign-total")).to_contain_text("600\u202f000,00\u00a0€")
    assert fits_the_width(page)
    assert_accessible(page)
