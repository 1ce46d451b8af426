"""The till keeps selling with the network cut (Playwright's ``set_offline``): sales kept
in the browser, the page reloaded offline, the block used up then refused, and
everything sent when the network is back: written once, numbered without a gap, the
journal whole."""

import datetime as dt
import io
import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from clef.boxoffice import journal, sessions
from clef.boxoffice.models import JournalEntry, Product, Sale, Till
from clef.tickets.models import Ticket
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def till(venue):
    venue.till_block_percent = 5  # 6 seats of the 120
    venue.save(update_fields=["till_block_percent"])
    return Till.objects.create(venue=venue, name="Caisse du hall", ticket_series="T1")


@pytest.fixture
def tonight(make_screening, venue):
    start = timezone.localtime(timezone.now() + dt.timedelta(minutes=30), venue.zone)
    return make_screening(start.date(), start.strftime("%H:%M"))


def until(page, script, timeout=10.0):
    """Wait until ``script`` is true in the page (``wait_for_function`` would evaluate a
    string, which the site's policy forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"still false: {script}"
        page.wait_for_timeout(100)


def sell(page, screening, prices="", drinks=0):
    page.check(f"#till-screening-{screening.pk}")
    page.fill("#till-prices", prices)
    if drinks:
        page.fill("[data-first-product]", str(drinks))
    page.press("#till-prices", "Enter")


def test_the_till_sells_offline_and_sends_everything_when_the_network_is_back(
    open_page, live_server, till, tonight, cashier, venue
):
    Product.objects.create(
        venue=venue, name="Limonade", price=Decimal("2.50"), vat_rate=Decimal("5.50")
    )
    session = sessions.open_session(till, cashier=cashier, opening_float="50")
    page = open_page(locale="en-GB")
    sign_in(page.context, live_server, cashier)
    with translation.override("en"):
        page.goto(reverse("boxoffice:till", args=[till.pk]))
    store = f"clef-till-{session.pk}"
    until(
        page,
        f"() => !!(JSON.parse(localStorage.getItem('{store}') || '{{}}').blocks || {{}})"
        f"[{tonight.pk}]",
    )
    until(page, "() => navigator.serviceWorker.controller !== null")
    until(page, "() => caches.match(location.pathname).then((found) => !!found)")

    page.context.set_offline(True)
    sell(page, tonight, "5")
    sell(page, tonight, "5 0")
    year = venue.local_date().year
    expect(page.locator("[data-offline-message]")).to_contain_text(
        f"Tickets: T1-{year}-000002, T1-{year}-000003"
    )
    sell(page, tonight, "", drinks=2)
    status = page.locator("[data-offline-status]")
    expect(status).to_contain_text("3 sales to send — 3 seats left in your block")

    page.reload()
    expect(status).to_contain_text("Offline since")
    expect(status).to_contain_text("3 sales to send")
    sell(page, tonight, "7 7 7")
    sell(page, tonight, "5")
    expect(page.locator("[data-offline-message]")).to_contain_text(
        "Every seat of your block for this screening is sold"
    )
    expect(status).to_contain_text("4 sales to send")
    # Chromium's emulated offline may still let a request of the page through and lose
    # its answer: the sales it carried are then written and answered "already done" on
    # the next sync, which is the case of a sync cut in the middle.
    assert Sale.objects.count() in (0, 3)

    page.context.set_offline(False)
    expect(status).to_be_hidden()
    assert Sale.objects.filter(session=session).count() == 4
    assert list(
        Ticket.objects.filter(till_series="T1").order_by("number").values_list("number", flat=True)
    ) == [1, 2, 3, 4, 5, 6]
    out = io.StringIO()
    call_command("journal", "verify", stdout=out)
    assert "OK" in out.getvalue().splitlines()[0]


def test_offline_a_member_is_found_in_the_copy_and_a_failed_post_is_kept(
    open_page, live_server, till, tonight, cashier, venue, make_member
):
    """The till copies the valid members while online; offline, the member search reads
    the copy (its age shown), a member is sold a ticket, a membership ended since the copy
    is refused; and a sale whose request fails while the browser thinks it is online is
    kept offline, then sent."""
    ada = make_member("ada")
    make_member("eve")
    session = sessions.open_session(till, cashier=cashier, opening_float="50")
    page = open_page(locale="en-GB")
    sign_in(page.context, live_server, cashier)
    till_url = reverse("boxoffice:till", args=[till.pk])
    with translation.override("en"):
        page.goto(till_url)
    store = f"clef-till-{session.pk}"
    state = f"JSON.parse(localStorage.getItem('{store}') || '{{}}')"
    until(page, f"() => !!({state}.blocks || {{}})[{tonight.pk}]")
    until(page, f"() => ({state}.members || {{members: []}}).members.length === 2")
    until(page, "() => navigator.serviceWorker.controller !== null")
    until(
        page,
        "() => caches.match(location.pathname, {ignoreVary: true}).then((found) => !!found)",
    )

    page.context.set_offline(True)
    until(page, f"() => !!{state}.offlineSince")  # the page has saved its state
    # Eve's membership ended since the copy was taken (the copy says so).
    page.evaluate(
        f"""() => {{
        const s = {state};
        s.members.members.forEach((m) => {{ if (m.name === 'Eve') m.ends_on = '2000-01-01'; }});
        localStorage.setItem('{store}', JSON.stringify(s));
    }}"""
    )
    page.reload()
    status = page.locator("[data-offline-status]")
    expect(status).to_contain_text("members as of")
    page.fill("#till-find-q", "eve")
    expect(page.locator("#till-members")).to_contain_text("Eve")
    sell(page, tonight, "5")
    expect(page.locator("[data-offline-message]")).to_contain_text(
        "Eve's membership ended on 01/01/2000: it is refused offline."
    )
    page.fill("#till-find-q", "ad")
    expect(page.locator("#till-members")).to_contain_text("Ada")
    expect(page.locator(f"#till-person-{ada.pk}")).to_be_checked()
    sell(page, tonight, "5")
    expect(page.locator("[data-offline-message]")).to_contain_text("kept offline")
    expect(status).to_contain_text("1 sale to send")

    page.context.set_offline(False)
    expect(status).to_be_hidden()
    sold = Sale.objects.get(session=session)
    assert sold.person_id == ada.pk
    assert Ticket.objects.filter(till_series="T1").count() == 1

    # The browser believes it is online, the sale's request fails: kept with the form's
    # own key, then sent by the sync (its journal entry says it was sold offline). The
    # route stays until the sync is done: removing it while the sync's request is held
    # by Playwright could fail that request too.
    sell_url = reverse("boxoffice:sell", args=[till.pk])
    page.route(
        f"**{sell_url}",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    key = page.input_value("[name=key]")
    sell(page, tonight, "5")
    # The queue is empty before the failed post is kept as well as after it is sent: wait
    # for the sale itself to reach the server, then for the page to have sent everything.
    deadline = time.monotonic() + 15
    while not Sale.objects.filter(idempotency_key=key).exists():
        assert time.monotonic() < deadline, "the failed sale was never sent by the sync"
        page.wait_for_timeout(100)
    until(page, f"() => ({state}.queue || []).length === 0 && !{state}.offlineSince")
    page.unroute(f"**{sell_url}")
    assert Sale.objects.filter(session=session).count() == 2
    late = Sale.objects.get(idempotency_key=key)
    entry = JournalEntry.objects.get(sale=late, kind=JournalEntry.Kind.SALE)
    assert journal.body_of(entry)["offline"]["sequence"] == 2
    assert list(
        Ticket.objects.filter(till_series="T1").order_by("number").values_list("number", flat=True)
    ) == [1, 2]


def test_a_refused_sale_is_posted_once_and_its_page_shown(
    open_page, live_server, till, tonight, cashier
):
    """The sale goes by the script (so that a failing network keeps it offline); a
    refusal's page is shown as the server answered, never posted again by the browser's
    own form, and the page shown sells as before."""
    session = sessions.open_session(till, cashier=cashier, opening_float="50")
    page = open_page(locale="en-GB")
    sign_in(page.context, live_server, cashier)
    posted = []
    sell_url = reverse("boxoffice:sell", args=[till.pk])
    page.on(
        "request",
        lambda request: (
            posted.append(request.url)
            if request.method == "POST" and request.url.endswith(sell_url)
            else None
        ),
    )
    with translation.override("en"):
        page.goto(reverse("boxoffice:till", args=[till.pk]))
    page.check(f"#till-screening-{tonight.pk}")
    page.fill("#till-prices", "5")
    page.fill("#till-tendered", "2")
    page.press("#till-prices", "Enter")
    refusal = page.locator("[data-error]")
    expect(refusal).to_have_text("€2.00 given is less than the total, €5.00.")
    expect(page.locator("#till-prices")).to_have_value("5")
    page.wait_for_timeout(1000)  # a second post would have left by now
    assert len(posted) == 1
    assert Sale.objects.count() == 0

    page.fill("#till-tendered", "10")
    page.press("#till-prices", "Enter")
    expect(page.locator("[data-last-sale]")).to_contain_text("€5.00")
    assert len(posted) == 2
    sale = Sale.objects.get(session=session)
    assert (sale.total, sale.change) == (Decimal("5.00"), Decimal("5.00"))
