"""A donor gives 50 € with a counterpart and gets the receipt's PDF; a treasurer types a
cheque, issues the year's receipts and cancels one; axe checks on each page."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from clef.fundraising.models import Campaign, Counterpart, Gift, LegalBody, Receipt
from tests.browser.conftest import PHONE, assert_accessible, french, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def works(venue):
    fund = LegalBody.objects.create(
        kind=LegalBody.Kind.ENDOWMENT_FUND,
        name="Cinéma Revival",
        address="34 rue Daubenton\n75005 Paris",
        siren="889000000",
        object="Acquérir le bâtiment du cinéma La Clef.",
        article="200, 238 bis et 978 du code général des impôts",
        signer_name="Camille Durand",
        signer_role="Présidente",
    )
    campaign = Campaign.objects.create(
        slug="travaux",
        title="Les travaux",
        goal=Decimal("600000"),
        opens_on=timezone.localdate() - dt.timedelta(days=5),
        deadline=timezone.now() + dt.timedelta(days=60),
        body=fund,
    )
    Counterpart.objects.create(
        campaign=campaign,
        name="Une affiche sérigraphiée",
        minimum_gift=Decimal("40"),
        stock=3,
        declared_value=Decimal("10"),
    )
    return campaign


def test_a_donor_gives_50_euros_with_a_counterpart_and_gets_the_receipt(
    open_page, live_server, works, member, screenshot
):
    page = open_page(PHONE)
    sign_in(page, live_server, member)
    page.goto("/soutenir/travaux/donner/")
    expect(page.get_by_role("heading", level=1)).to_have_text(french("Give"))
    assert_accessible(page)
    page.get_by_label(french("Amount (€)")).fill("50")
    page.get_by_label(french("Thank-you gift")).select_option(index=1)
    page.get_by_label(french("Name (a company's name)")).fill("Marin Membre")
    page.get_by_label(french("Postal address")).fill("12 rue des Écoles\n75005 Paris")
    page.get_by_role("button", name=french("See what it costs me")).tap()
    expect(page.locator(".gift-estimate")).to_contain_text("17,00\u00a0€")
    screenshot(page, "1-estimate")
    page.get_by_role("button", name=french("Give and pay")).tap()

    expect(page).to_have_url(re.compile(r"/paiement/test/[\w-]+/$"))
    page.get_by_role("button", name=re.compile(r"50,00")).tap()

    expect(page).to_have_url(re.compile(r"/compte/dons/$"))
    gift = Gift.objects.get()
    assert (gift.status, gift.amount, gift.counterpart.name) == (
        "paid",
        Decimal("50.00"),
        "Une affiche sérigraphiée",
    )
    receipt = gift.receipts.get()
    link = page.get_by_role("link", name=re.compile(re.escape(receipt.numbered)))
    expect(link).to_be_visible()
    screenshot(page, "2-my-gifts")
    assert_accessible(page)
    response = page.request.get(link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.body())).pages[0].extract_text()
    assert "Marin Membre" in text and "***50,00\u00a0€***" in text


def test_a_treasurer_types_a_cheque_issues_the_years_receipts_and_cancels_one(
    open_page, live_server, works, treasurer, screenshot
):
    fund = works.body
    last_year = timezone.localdate().year - 1
    Gift.objects.create(
        body=fund,
        amount=Decimal("30"),
        method="transfer",
        status="paid",
        paid_at=timezone.make_aware(dt.datetime(last_year, 6, 1, 12)),
        donor_name="Paul Martin",
        donor_address="1 rue Monge\n75005 Paris",
        receipt_when="yearly",
    )
    page = open_page()
    sign_in(page, live_server, treasurer)

    page.goto("/tresorerie/dons/")
    assert_accessible(page)
    page.get_by_label(french("Legal body")).select_option(label="Cinéma Revival")
    page.get_by_label(french("Amount (€)")).fill("120")
    page.get_by_label(french("Method")).select_option("cheque")
    page.get_by_label(french("Cheque number or transfer reference")).fill("0004512")
    page.get_by_label(french("Name (a company's name)")).fill("Jeanne Durand")
    page.get_by_label(french("Postal address")).fill("5 rue Broca\n75005 Paris")
    page.get_by_role("button", name=french("Record the gift")).click()
    expect(page.get_by_role("cell", name="Jeanne Durand")).to_be_visible()
    screenshot(page, "1-cheque")
    assert Receipt.objects.get().donor_name == "Jeanne Durand"

    page.goto("/tresorerie/recus/")
    assert_accessible(page)
    page.locator("#id_year").fill(str(last_year))
    page.get_by_role("button", name=french("Issue the receipts")).click()
    expect(page.get_by_role("cell", name="Paul Martin")).to_be_visible()
    yearly = Receipt.objects.get(donor_name="Paul Martin")
    assert (yearly.kind, yearly.amount, yearly.number) == ("yearly", Decimal("30.00"), 1)

    page.get_by_role("link", name=french("Cancel and replace")).first.click()
    assert_accessible(page)
    page.get_by_label(french("Why it is cancelled")).fill("Adresse fausse")
    page.get_by_role("button", name=french("Cancel and issue the replacement")).click()
    expect(page).to_have_url(re.compile(r"/tresorerie/recus/"))
    screenshot(page, "2-cancelled")
    assert Receipt.objects.filter(status="cancelled").count() == 1
    assert Receipt.objects.filter(replaces__isnull=False).count() == 1
