"""A sale's receipt and tickets printed on the till's 80 mm roll, in a browser: Print is
shown on screen and left off the paper, the printed page is 80 mm wide with no A4
margins, and the page runs no inline script."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from clef.boxoffice import sessions
from clef.boxoffice.models import Product, Till
from clef.boxoffice.sales import Order, sell
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MM = 72 / 25.4  # PDF points in a millimetre
CSS_MM = 96 / 25.4  # CSS pixels in a millimetre


def address(name, *args):
    with translation.override("fr"):
        return reverse(f"boxoffice:{name}", args=args)


@pytest.fixture
def sale(venue, make_screening, cashier):
    till = Till.objects.create(venue=venue, name="Caisse du hall")
    session = sessions.open_session(till, cashier=cashier, opening_float="100")
    drink = Product.objects.create(
        venue=venue, name="Limonade", price=Decimal("2.50"), vat_rate=Decimal("5.50")
    )
    start = timezone.localtime(timezone.now() + dt.timedelta(minutes=30), venue.zone)
    screening = make_screening(start.date(), start.strftime("%H:%M"))
    made, _ = sell(
        session,
        Order(screening=screening, prices=["6", "0"], products={drink: 1}),
        method="card",
        by=cashier,
    )
    return made


def test_the_receipt_prints_on_80_mm_without_the_print_button(
    page, live_server, cashier, sale, screenshot
):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server, cashier)
    page.goto(address("receipt", sale.code))
    button = page.locator("[data-print80]")
    assert button.is_visible()  # shown by the page's own script: the policy allows it
    screenshot(page, "screen")
    assert_accessible(page)

    page.emulate_media(media="print")
    assert not button.is_visible()
    sheet = page.locator(".paper80-sheet").first
    # 80 mm less the page's 4 mm margins on each side.
    assert round(sheet.bounding_box()["width"] / CSS_MM) == 72
    screenshot(page, "print")
    assert page.locator(".paper80-foot").get_by_text(sale.code).is_visible()

    printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    # One page, 80 mm wide, as long as the receipt (not a 297 mm roll's length).
    assert len(printed.pages) == 1
    assert round(float(printed.pages[0].mediabox.width) / MM) == 80
    assert 80 < float(printed.pages[0].mediabox.height) / MM < 200
    assert errors == []


def test_the_tickets_print_on_80_mm_one_page_each(page, live_server, cashier, sale, screenshot):
    sign_in(page, live_server, cashier)
    page.goto(address("sale_tickets_80", sale.code))
    assert page.locator(".paper80-ticket").count() == 2
    assert page.locator(".paper80-ticket svg").count() == 2  # each with its QR code
    assert_accessible(page)
    page.emulate_media(media="print")
    screenshot(page, "print")
    printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert len(printed.pages) == 2
    assert {round(float(p.mediabox.width) / MM) for p in printed.pages} == {80}
    text = printed.pages[0].extract_text()
    assert "La Clef" in text
    assert "Paris" in text
