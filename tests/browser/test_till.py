"""The till as a cashier uses it: with the keyboard alone on a tablet (open with a float,
sell a membership + two tickets + a drink paid cash, undo a sale, check a booking in,
close with 50 cents missing), by touch on a phone, and the axe check of the screen."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from clef.boxoffice.models import Product, Sale, Till, TillSession
from clef.payments.services import mark_paid
from clef.tickets.booking import book
from clef.tickets.models import Ticket
from tests.browser.conftest import PHONE, assert_accessible, fits_the_width, french, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"viewport": {"width": 1024, "height": 768}, "has_touch": True}
TABLET_PORTRAIT = {"viewport": {"width": 768, "height": 1024}, "has_touch": True}


def address(name, *args):
    with translation.override("fr"):
        return reverse(f"boxoffice:{name}", args=args)


@pytest.fixture
def till(venue):
    return Till.objects.create(venue=venue, name="Caisse du hall")


@pytest.fixture
def drink(venue):
    Product.objects.create(
        venue=venue,
        name="Bière",
        name_en="Beer",
        price=Decimal("4.00"),
        vat_rate=Decimal("20.00"),
        position=2,
    )
    return Product.objects.create(
        venue=venue,
        name="Limonade",
        name_en="Lemonade",
        price=Decimal("2.50"),
        vat_rate=Decimal("5.50"),
        position=1,
    )


@pytest.fixture
def tonight(make_screening, venue):
    start = timezone.localtime(timezone.now() + dt.timedelta(minutes=30), venue.zone)
    return make_screening(start.date(), start.strftime("%H:%M"))


@pytest.fixture
def booked(tonight, paid_member):
    booking, _ = book(tonight, user=paid_member, prices=["7.50"], method="test")
    mark_paid(booking.payment)
    return booking.tickets.get()


def ready(page):
    """Wait until the page just shown has run its deferred scripts (they run before its
    load event): a shortcut pressed before that would do nothing. What a test expects to
    see shows as soon as the page's HTML is parsed, sooner than that."""
    page.wait_for_load_state("load")


def euros(text):
    """ "1,50 €" as the French pages write it."""
    return text.replace(" ", "\u00a0")


def test_the_cashier_works_a_whole_evening_with_the_keyboard_alone(
    open_page, live_server, till, drink, tonight, booked, cashier, screenshot
):
    page = open_page(TABLET)
    sign_in(page.context, live_server, cashier)
    page.goto(address("till", till.pk))

    # Open with the float counted: the field has the cursor.
    float_field = page.get_by_label(french("Float counted (€)"))
    expect(float_field).to_be_focused()
    screenshot(page, "1-closed")
    page.keyboard.type("100")
    page.keyboard.press("Enter")
    prices = page.locator("#till-prices")
    expect(prices).to_be_focused()
    assert TillSession.objects.get().opening_float == Decimal("100.00")
    screenshot(page, "2-open")
    assert_accessible(page)
    ready(page)

    # A membership for a new person, two tickets at 0 and 6 €, a lemonade, 20 € given.
    page.keyboard.press("Alt+1")
    expect(page.locator(f"#till-screening-{tonight.pk}")).to_be_checked()
    page.keyboard.press("Alt+T")
    expect(prices).to_be_focused()
    page.keyboard.type("0 6")
    page.keyboard.press("Alt+M")
    page.keyboard.type("10")
    for _ in range(3):  # the search field, its button, the first name
        page.keyboard.press("Tab")
    expect(page.locator("#till-first-name")).to_be_focused()
    page.keyboard.type("Nina")
    page.keyboard.press("Tab")
    page.keyboard.type("Vidal")
    page.keyboard.press("Alt+B")
    expect(page.locator(f"#till-product-{drink.pk}")).to_be_focused()
    page.keyboard.type("1")
    page.keyboard.press("Alt+C")
    expect(page.locator("#till-method-cash")).to_be_checked()
    expect(page.locator("#till-tendered")).to_be_focused()
    page.keyboard.type("20")
    expect(page.locator("[data-total]")).to_have_text(euros("18,50 €"))
    expect(page.locator("[data-change]")).to_have_text(euros("1,50 €"))
    screenshot(page, "3-typed")
    page.keyboard.press("Enter")

    last = page.locator("#till-last")
    expect(last).to_be_visible()
    expect(last.locator(".till-change dd")).to_have_text(euros("1,50 €"))
    sale = Sale.objects.get()
    assert sale.total == Decimal("18.50") and sale.change == Decimal("1.50")
    tickets = list(Ticket.objects.filter(online=False).order_by("number"))
    assert [t.price for t in tickets] == [Decimal("0.00"), Decimal("6.00")]
    for ticket in tickets:
        expect(last).to_contain_text(str(ticket))
    expect(prices).to_be_focused()
    expect(prices).to_have_value("")
    screenshot(page, "4-sold")
    assert_accessible(page)
    ready(page)

    # Another sale, by card; then undone with Alt+Z.
    page.keyboard.press("Alt+T")
    page.keyboard.type("5")
    page.keyboard.press("Alt+K")
    expect(page.locator("#till-method-card")).to_be_checked()
    expect(page.locator("[data-sell]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(last.locator(".till-figures")).to_contain_text(euros("5,00 €"))
    ready(page)
    second = Sale.objects.order_by("-pk").first()
    page.keyboard.press("Alt+Z")
    expect(page.locator("[data-undo-confirm]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text(french("Sale undone."))
    ready(page)
    assert Sale.objects.filter(reverses=second).exists()
    assert Ticket.objects.filter(status=Ticket.Status.CANCELLED).count() == 1

    # A booking checked in: Alt+N, its number, Enter: whose it is, and the button that
    # lets in has the cursor; Enter again.
    page.keyboard.press("Alt+N")
    expect(page.locator("#till-raw")).to_be_focused()
    page.keyboard.type(str(booked.number))
    page.keyboard.press("Enter")
    result = page.locator("#till-checkin-result")
    expect(result.locator(".door-panel-ask")).to_be_visible()
    expect(result.locator(".door-holder")).to_have_text("Mila")
    let_in = result.get_by_role("button", name=french("It is theirs: let in"))
    expect(let_in).to_be_focused()
    assert Ticket.objects.get(pk=booked.pk).status != Ticket.Status.CHECKED_IN
    page.keyboard.press("Enter")
    expect(result.locator(".door-panel-ok")).to_be_visible()
    expect(result).to_contain_text(french("OK", "door"))
    expect(page.locator("#till-raw")).to_be_focused()
    assert Ticket.objects.get(pk=booked.pk).status == Ticket.Status.CHECKED_IN
    screenshot(page, "5-checked-in")

    # Close, counting blind: 118.50 € expected (the float and the cash sale); 118 € counted.
    page.keyboard.press("Alt+X")
    expect(page.locator("[data-blind-count]")).to_be_visible()
    first = page.locator("[data-denomination]").first
    expect(first).to_be_focused()
    typed = {"100.00": "1", "10.00": "1", "5.00": "1", "2.00": "1", "1.00": "1"}
    for key in ("500.00", "200.00", "100.00", "50.00", "20.00", "10.00", "5.00", "2.00", "1.00"):
        if key in typed:
            page.keyboard.type(typed[key])
        page.keyboard.press("Tab")
    expect(page.locator("[data-counted]")).to_have_text(euros("118,00 €"))
    screenshot(page, "6-count")
    assert_accessible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{address('session_report', TillSession.objects.get().pk)}")
    session = TillSession.objects.get()
    assert not session.is_open
    assert session.expected == Decimal("118.50")
    assert session.counted == Decimal("118.00")
    assert session.difference == Decimal("-0.50")


@pytest.mark.parametrize(
    "device", [pytest.param(PHONE, id="phone"), pytest.param(TABLET_PORTRAIT, id="portrait")]
)
def test_a_sale_by_touch_to_a_member_found_by_name(
    open_page, live_server, till, drink, tonight, cashier, paid_member, screenshot, device
):
    from clef.boxoffice import sessions

    sessions.open_session(till, cashier=cashier, opening_float="50")
    page = open_page(device)
    sign_in(page.context, live_server, cashier)
    page.goto(address("till", till.pk))
    assert fits_the_width(page)
    screenshot(page, "1-screen")

    page.locator("[data-add-price='5']").tap()
    page.locator("[data-add-price='2']").tap()
    expect(page.locator("#till-prices")).to_have_value("5 2")
    page.locator("#till-membership").fill("10")
    page.locator("#till-find-q").fill("mila")
    member = page.locator(f"label[for='till-person-{paid_member.pk}']")
    expect(member).to_be_visible()
    member.tap()
    expect(page.locator(f"#till-person-{paid_member.pk}")).to_be_checked()
    page.locator(f"[data-plus='till-product-{drink.pk}']").tap()
    page.locator(f"[data-plus='till-product-{drink.pk}']").tap()
    page.locator("label[for='till-method-cash']").tap()
    page.locator("#till-tendered").fill("30")
    expect(page.locator("[data-total]")).to_have_text(euros("22,00 €"))
    expect(page.locator("[data-change]")).to_have_text(euros("8,00 €"))
    screenshot(page, "2-typed")
    for control in page.locator(
        ".till button:visible, .till-screening, .till-method, .till-member"
    ).all():
        box = control.bounding_box()
        assert box["height"] >= 44, control.evaluate("e => e.outerHTML.slice(0, 80)")
    page.locator("[data-sell]").tap()
    # Mila's membership is still valid: a second one is sold once confirmed.
    expect(page.locator("[data-error]")).to_contain_text("Mila")
    assert not Sale.objects.exists()
    page.locator("label[for='till-second-membership']").tap()
    page.locator("[data-sell]").tap()
    expect(page.locator("#till-last .till-change dd")).to_have_text(euros("8,00 €"))
    sale = Sale.objects.get()
    assert sale.person == paid_member and sale.total == Decimal("22.00")
    assert fits_the_width(page)
    screenshot(page, "3-sold")


def test_the_sale_page_prints_the_tickets(
    open_page, live_server, till, tonight, cashier, screenshot
):
    from clef.boxoffice import sales, sessions

    session = sessions.open_session(till, cashier=cashier, opening_float="50")
    sale, _ = sales.sell(
        session,
        sales.Order(screening=tonight, prices=["0", "6"]),
        method="cash",
        tendered="10",
        by=cashier,
    )
    page = open_page(TABLET)
    sign_in(page.context, live_server, cashier)
    page.goto(address("sale", sale.code))
    expect(page.locator(".till-change dd")).to_have_text(euros("4,00 €"))
    expect(page.get_by_role("link", name=french("Print the tickets"))).to_be_visible()
    assert page.locator(".till-tickets .ticket").count() == 2
    screenshot(page, "screen")
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.locator(".masthead")).to_be_hidden()
    expect(page.locator(".till-figures")).to_be_hidden()
    expect(page.locator(".till-tickets")).to_be_visible()
    screenshot(page, "print")


def test_a_line_of_an_earlier_sale_is_refunded_with_the_keyboard_alone(
    open_page, live_server, till, drink, tonight, cashier, screenshot
):
    from clef.boxoffice import sales, sessions

    session = sessions.open_session(till, cashier=cashier, opening_float="50")
    sale, _ = sales.sell(
        session,
        sales.Order(screening=tonight, prices=["6"], products={drink: 1}),
        method="cash",
        by=cashier,
    )
    page = open_page(TABLET)
    sign_in(page.context, live_server, cashier)
    page.goto(address("till", till.pk))
    page.get_by_role("link", name=french("Refund a sale")).focus()
    page.keyboard.press("Enter")

    # The search field has the cursor: the sale's code, Enter.
    search = page.get_by_label(french("Sale code, or a ticket's number"))
    expect(search).to_be_focused()
    page.keyboard.type(sale.code)
    page.keyboard.press("Enter")
    ticket_line = page.get_by_role("checkbox").first
    expect(ticket_line).to_be_focused()
    screenshot(page, "1-found")
    assert_accessible(page)

    # Space ticks the ticket; Tab past its amount (all of it), the drink and its amount,
    # to the reason; Enter refunds.
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("Tab")
    expect(
        page.get_by_label(
            french("Why (required, %(max_reason)s characters at most)") % {"max_reason": 200}
        )
    ).to_be_focused()
    page.keyboard.type("Parti avant le film")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name=french("Refund made"))).to_be_visible()
    screenshot(page, "2-refunded")
    assert_accessible(page)
    refund = Sale.objects.get(reason="Parti avant le film")
    assert (refund.total, refund.session_id) == (Decimal("-6.00"), session.pk)
    assert refund.lines.get().refunds.sale == sale
    assert Ticket.objects.get().status == Ticket.Status.CANCELLED
