"""The till with as few keys as a queue allows, counted by pressing them: a one-ticket
cash sale for a screening that is not the first, a member found with two tickets and a
drink, the screening kept after a sale, the cursor after Alt+digit, undo that asks; and
a whole sale in sight on a 1024×768 tablet, the change in sight on a phone."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from clef.boxoffice import sessions
from clef.boxoffice.models import Product, Sale, Till
from clef.tickets.models import Ticket
from tests.browser.conftest import SCREENSHOTS, french, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"viewport": {"width": 1024, "height": 768}, "has_touch": True}
SMALL_PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True}


class Keys:
    """The page's keyboard, counting every key pressed: a shortcut (Alt+2) is one key,
    typed text one key per character."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def press(self, key):
        self.count += 1
        self.page.keyboard.press(key)

    def type(self, text):
        self.count += len(text)
        self.page.keyboard.type(text)


def address(name, *args):
    with translation.override("fr"):
        return reverse(f"boxoffice:{name}", args=args)


def euros(text):
    return text.replace(" ", "\u00a0")


@pytest.fixture
def till(venue):
    return Till.objects.create(venue=venue, name="Caisse du hall")


@pytest.fixture
def lemonade(venue):
    return Product.objects.create(
        venue=venue,
        name="Limonade",
        name_en="Lemonade",
        price=Decimal("2.50"),
        vat_rate=Decimal("5.50"),
        position=1,
    )


@pytest.fixture
def evening(make_screening, make_film, venue, small_room):
    """Three screenings to come, 30, 90 and 150 minutes from now, the second in the small
    room."""
    made = []
    for minutes, title, room in (
        (30, "Nosferatu", None),
        (90, "Wanda", small_room),
        (150, "Playtime", None),
    ):
        start = timezone.localtime(timezone.now() + dt.timedelta(minutes=minutes), venue.zone)
        made.append(
            make_screening(
                start.date(), start.strftime("%H:%M"), room=room, films=[make_film(title)]
            )
        )
    return made


@pytest.fixture
def at_the_till(open_page, live_server, till, cashier):
    def open_(device=TABLET):
        sessions.open_session(till, cashier=cashier, opening_float="50")
        page = open_page(device)
        sign_in(page.context, live_server, cashier)
        page.goto(address("till", till.pk))
        expect(page.locator("#till-prices")).to_be_focused()
        return page

    return open_


def test_a_one_ticket_cash_sale_for_the_second_screening_takes_three_keys(
    at_the_till, evening, screenshot
):
    page = at_the_till()
    keys = Keys(page)
    second = evening[1]
    keys.press("Alt+2")
    expect(page.locator(f"#till-screening-{second.pk}")).to_be_checked()
    # The cursor is in the prices: the next key typed is a price, not lost.
    expect(page.locator("#till-prices")).to_be_focused()
    keys.type("7")
    keys.press("Enter")
    last = page.locator("#till-last")
    expect(last).to_be_visible()
    assert keys.count == 3
    ticket = Ticket.objects.get(online=False)
    assert (ticket.screening, ticket.price) == (second, Decimal("7.00"))
    # The sale done names the film, its time and its room.
    start = timezone.localtime(second.starts_at, second.room.venue.zone).strftime("%H:%M")
    expect(last.locator("[data-last-screening]")).to_have_text(
        (
            french("For <strong>%(title)s</strong> at %(time)s, %(room)s")
            % {"title": "Wanda", "time": start, "room": second.room.name}
        )
        .replace("<strong>", "")
        .replace("</strong>", "")
    )
    screenshot(page, "sold")

    # The screening is kept: the next sale for it is two keys.
    expect(page.locator(f"#till-screening-{second.pk}")).to_be_checked()
    expect(page.locator("#till-checkin-screening")).to_have_value(str(second.pk))
    expect(page.locator("#till-prices")).to_be_focused()
    keys.type("5")
    keys.press("Enter")
    expect(last.locator(".till-figures")).to_contain_text(euros("5,00 €"))
    assert keys.count == 5
    assert list(Ticket.objects.filter(online=False).values_list("screening", flat=True)) == [
        second.pk,
        second.pk,
    ]


def test_a_member_found_two_tickets_and_a_drink_take_twelve_keys(
    at_the_till, evening, lemonade, paid_member
):
    page = at_the_till()
    keys = Keys(page)
    keys.type("6 ")
    keys.press("Alt+3")  # a screening chosen after a price: the price stays
    keys.type("6")
    keys.press("Alt+F")
    keys.type("mila")
    # The only person found is picked.
    expect(page.locator(f"#till-person-{paid_member.pk}")).to_be_checked()
    keys.press("Alt+B")
    keys.type("1")
    keys.press("Enter")
    expect(page.locator("#till-last")).to_be_visible()
    assert keys.count == 12
    sale = Sale.objects.get()
    assert (sale.person, sale.total) == (paid_member, Decimal("14.50"))
    assert {t.screening for t in Ticket.objects.filter(online=False)} == {evening[2]}


def test_undo_asks_enter_confirms_and_escape_keeps_the_sale(at_the_till, evening):
    page = at_the_till()
    page.keyboard.press("Alt+2")
    page.keyboard.type("6")
    page.keyboard.press("Enter")
    expect(page.locator("#till-last")).to_be_visible()
    sale = Sale.objects.get()

    page.keyboard.press("Alt+Z")
    dialog = page.locator("[data-undo-dialog]")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-undo-confirm]")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#till-prices")).to_be_focused()
    assert not Sale.objects.filter(reverses=sale).exists()

    page.keyboard.press("Alt+Z")
    expect(dialog.locator("[data-undo-confirm]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text(
        french("Sale undone: give back %(amount)s.") % {"amount": euros("6,00 €")}
    )
    assert Sale.objects.filter(reverses=sale).exists()
    # Undone, the till still sells for the screening chosen.
    expect(page.locator(f"#till-screening-{evening[1].pk}")).to_be_checked()


def test_the_sale_page_asks_before_undoing_as_the_screen_does(at_the_till, evening):
    page = at_the_till()
    page.keyboard.press("Alt+2")
    page.keyboard.type("6")
    page.keyboard.press("Enter")
    expect(page.locator("#till-last")).to_be_visible()
    sale = Sale.objects.get()
    page.goto(address("sale", sale.code))

    # The button asks in the till's dialog; Escape keeps the sale.
    page.locator("[data-undo-ask]").click()
    dialog = page.locator("[data-undo-dialog]")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-undo-confirm]")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert not Sale.objects.filter(reverses=sale).exists()

    # Alt+Z asks too; Enter undoes.
    page.keyboard.press("Alt+Z")
    expect(dialog.locator("[data-undo-confirm]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text(
        french("Sale undone: give back %(amount)s.") % {"amount": euros("6,00 €")}
    )
    assert Sale.objects.filter(reverses=sale).exists()


def test_a_short_payment_shows_what_is_missing_in_red(at_the_till, evening):
    page = at_the_till()
    page.keyboard.type("8 8")
    page.keyboard.press("Alt+E")
    page.keyboard.type("10")
    change = page.locator("[data-change]")
    # {% translate %} looks a message with "%" up with it doubled ("missing %%s").
    missing = french("missing %%s").replace("%%", "%")
    expect(change).to_have_text(missing.replace("%s", euros("6,00 €")))
    assert (
        change.evaluate("e => getComputedStyle(e).color") == "rgb(177, 20, 28)"
    )  # the red of the site, --accent
    page.keyboard.press("Enter")
    expect(page.locator("[data-error]")).to_contain_text(
        french("%(given)s given is less than the total, %(total)s.")
        % {"given": euros("10,00 €"), "total": euros("16,00 €")}
    )
    assert not Sale.objects.exists()


def in_view(page, selector):
    """Whether the element is wholly inside the viewport and nothing covers its middle."""
    box = page.locator(selector).bounding_box()
    viewport = page.viewport_size
    if box is None or box["y"] < 0 or box["y"] + box["height"] > viewport["height"]:
        return False
    return page.locator(selector).evaluate(
        """e => { const r = e.getBoundingClientRect();
                  const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                  return e === top || e.contains(top) || (top && top.contains(e)) ||
                         (e.labels && [...e.labels].some(l => l.contains(top))); }"""
    )


def test_a_whole_sale_fits_a_tablet_without_scrolling(at_the_till, evening, lemonade, screenshot):
    page = at_the_till(TABLET)
    page.keyboard.press("Alt+2")
    page.keyboard.type("6 6")
    page.keyboard.press("Alt+E")
    page.keyboard.type("20")
    page.screenshot(path=SCREENSHOTS / "till-keys--tablet-viewport.png")
    assert page.evaluate("window.scrollY") == 0
    for selector in (
        f"label[for='till-screening-{evening[1].pk}']",
        "#till-prices",
        "#till-method-cash",
        "#till-tendered",
        "[data-change]",
        "[data-sell]",
    ):
        assert in_view(page, selector), selector
    screenshot(page, "typed")

    # Sold, with the sale done beside it: the next sale fits the same screen.
    page.keyboard.press("Enter")
    expect(page.locator("#till-last")).to_be_visible()
    page.keyboard.type("5")
    page.keyboard.press("Alt+E")
    page.keyboard.type("10")
    page.screenshot(path=SCREENSHOTS / "till-keys--tablet-after-a-sale.png")
    assert page.evaluate("window.scrollY") == 0
    for selector in (
        f"label[for='till-screening-{evening[1].pk}']",
        "#till-prices",
        "#till-tendered",
        "[data-change]",
        "[data-sell]",
        "#till-last .till-change dd",
    ):
        assert in_view(page, selector), selector


def test_on_a_phone_the_change_to_give_stays_in_view(at_the_till, evening, screenshot):
    page = at_the_till(SMALL_PHONE)
    page.keyboard.type("6")
    page.locator("#till-tendered").fill("10")
    assert in_view(page, "[data-change]")
    page.screenshot(path=SCREENSHOTS / "till-keys--phone-typed.png")
    page.locator("[data-sell]").tap()
    expect(page.locator("#till-last")).to_be_visible()
    # After the sale, whatever the scroll, the change to give is on screen.
    expect(page.locator("#till-last .till-change dd")).to_have_text(euros("4,00 €"))
    bar = page.locator("[data-change-bar]")
    expect(bar).to_contain_text(euros("4,00 €"))
    page.screenshot(path=SCREENSHOTS / "till-keys--phone-sold.png")
    assert in_view(page, "[data-change-bar]")
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)
    assert page.evaluate("window.scrollY") > 0
    assert in_view(page, "[data-change-bar]")
    page.screenshot(path=SCREENSHOTS / "till-keys--phone-scrolled.png")


def test_a_second_membership_is_confirmed_by_a_box_shown_at_once(at_the_till, evening, paid_member):
    from clef.members.models import Membership

    page = at_the_till()
    page.keyboard.press("Alt+F")
    page.keyboard.type("mila")
    expect(page.locator(f"#till-person-{paid_member.pk}")).to_be_checked()
    again = page.locator("[data-again]")
    expect(again).to_be_hidden()
    page.keyboard.press("Alt+M")
    page.keyboard.type("10")
    expect(again).to_be_visible()
    again.click()
    page.keyboard.press("Alt+M")
    page.keyboard.press("Enter")
    expect(page.locator("#till-last")).to_be_visible()
    assert Membership.objects.filter(person=paid_member).count() == 2
