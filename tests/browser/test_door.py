"""The door on a phone, as a cashier uses it: the keyboard alone (type a number, Enter,
the next one), green then red for the same ticket, amber for a ticket to pay, taken into
the cashier's own till session once opened from the door, the same without JavaScript,
and the camera reading a ticket's QR code."""

import datetime as dt

import pytest
import segno
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from clef.boxoffice.models import Sale, Till
from clef.payments.services import mark_paid
from clef.tickets.booking import book
from clef.tickets.models import Ticket
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    assert_accessible,
    french,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def door_of(screening):
    with translation.override("fr"):
        return reverse("boxoffice:door_check_in", args=[screening.pk])


@pytest.fixture
def tickets(on_sale, paid_member, make_member):
    """A ticket paid online (7.50 €) and one to pay at the door (5 €)."""
    paid, _ = book(on_sale, user=paid_member, prices=["7.50"], method="test")
    mark_paid(paid.payment)
    held, _ = book(on_sale, user=make_member("hugo"), prices=["5"], method="door")
    return paid.tickets.get(), held.tickets.get()


def field(page):
    return page.get_by_label(french("Ticket number or code"))


def result(page):
    return page.locator("#door-result")


DEVICES = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


@pytest.mark.parametrize("device", DEVICES)
def test_the_cashier_checks_tickets_in_with_the_keyboard_alone(
    open_page, live_server, on_sale, tickets, cashier, screenshot, device
):
    paid, held = tickets
    Till.objects.create(venue=on_sale.room.venue, name="Porte")
    page = open_page(device)
    sign_in(page.context, live_server, cashier)
    page.goto(door_of(on_sale))
    expect(field(page)).to_be_focused()
    expect(page.get_by_role("status")).to_be_empty()
    assert_accessible(page)

    # A number, Enter: whose ticket it is, to check; nobody is let in yet.
    page.keyboard.type(str(paid))
    page.keyboard.press("Enter")
    expect(result(page).locator(".door-panel-ask")).to_be_visible()
    expect(result(page).locator(".door-holder")).to_have_text("Mila")
    expect(field(page)).to_be_focused()
    screenshot(page, "0-check")
    assert_accessible(page)
    assert Ticket.objects.get(pk=paid.pk).status == Ticket.Status.PAID

    # Tab from the field: its button, the camera's button, then "It is theirs: let in";
    # Enter: green. The field is empty again and keeps the cursor.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(result(page).get_by_role("button")).to_be_focused()
    page.keyboard.press("Enter")
    expect(result(page).locator(".door-panel-ok")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(french("OK", "door"))
    expect(page.get_by_role("status")).to_contain_text(
        french("Welcome: ticket %(ticket)s.") % {"ticket": paid}
    )
    expect(field(page)).to_have_value("")
    expect(field(page)).to_be_focused()
    expect(page.locator("#door-counters dd").first).to_have_text("1")
    screenshot(page, "1-green")
    assert_accessible(page)

    # The same number again: red, with the time of the first entry.
    page.keyboard.type(str(paid.number))
    page.keyboard.press("Enter")
    expect(result(page).locator(".door-panel-no")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(french("NO", "door"))
    first = Ticket.objects.get(pk=paid.pk).checked_in_at
    at = dt.datetime.fromtimestamp(first.timestamp(), on_sale.zone).strftime("%H:%M")
    expect(page.get_by_role("status")).to_contain_text(
        french("Already in, at %(time)s.") % {"time": at}
    )
    expect(field(page)).to_be_focused()
    screenshot(page, "2-red")
    assert_accessible(page)

    # A ticket to pay at the door, typed: whose it is and the amount; without a till
    # session of one's own, no money is taken.
    page.keyboard.type(str(held))
    page.keyboard.press("Enter")
    expect(result(page).locator(".door-panel-ask")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("5,00\u00a0€")
    expect(page.get_by_role("status")).to_contain_text(
        french("Open your till session (above) to take this money.")
    )
    expect(result(page).get_by_role("button")).to_have_count(0)
    screenshot(page, "3-amber-no-session")
    assert_accessible(page)

    # The float counted, Enter: the session is open, the page says where the money goes.
    page.get_by_label(french("Float counted (€)")).focus()
    page.keyboard.type("50")
    page.keyboard.press("Enter")
    expect(page.locator("[data-door-session]")).to_contain_text("Porte")
    expect(field(page)).to_be_focused()

    # Its QR code this time: amber; Tab from the field: its button, the camera's
    # button, then "Paid in cash, let in".
    page.keyboard.type(held.code)
    page.keyboard.press("Enter")
    expect(result(page).locator(".door-panel-pay")).to_be_visible()
    screenshot(page, "3-amber")
    assert_accessible(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    collect = result(page).get_by_role("button").first
    expect(collect).to_be_focused()
    expect(collect).to_contain_text("5,00\u00a0€")
    page.keyboard.press("Enter")
    expect(result(page).locator(".door-panel-ok")).to_be_visible()
    expect(field(page)).to_be_focused()
    expect(page.locator("#door-counters dd").first).to_have_text("2")
    assert Ticket.objects.get(pk=held.pk).status == Ticket.Status.CHECKED_IN
    sale = Sale.objects.get()
    assert (sale.channel, sale.method, sale.total, sale.session.till.name) == (
        "door",
        "cash",
        held.price,
        "Porte",
    )


def test_the_door_works_without_javascript(browser, live_server, on_sale, tickets, cashier):
    paid, _held = tickets
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False, **PHONE
    )
    try:
        sign_in(context, live_server, cashier)
        page = context.new_page()
        page.goto(door_of(on_sale))
        expect(page.locator("[data-scan]")).to_be_hidden()
        expect(field(page)).to_be_focused()
        page.keyboard.type(str(paid))
        page.keyboard.press("Enter")
        expect(page.locator(".door-panel-ask")).to_be_visible()
        page.get_by_role("button", name=french("It is theirs: let in")).click()
        expect(page.locator(".door-panel-ok")).to_be_visible()
        expect(field(page)).to_have_value("")
        expect(field(page)).to_be_focused()
    finally:
        context.close()


def fake_camera_video(path, text, width=640, height=480):
    """A Y4M video of a ticket's QR code, as Chromium's fake camera plays it."""
    matrix = segno.make(text, error="m").matrix
    scale = 10
    size = (len(matrix) + 8) * scale  # with its quiet zone
    left, top = (width - size) // 2, (height - size) // 2
    luma = bytearray(b"\xff" * (width * height))
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            if not dark:
                continue
            for y in range(top + (row + 4) * scale, top + (row + 5) * scale):
                start = y * width + left + (column + 4) * scale
                luma[start : start + scale] = b"\x00" * scale
    chroma = b"\x80" * (width * height // 4)
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    header = f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + frame * 3)
    return path


def test_the_camera_reads_a_tickets_qr_code(
    browser, live_server, on_sale, tickets, cashier, tmp_path, screenshot
):
    paid, _held = tickets
    video = fake_camera_video(tmp_path / "ticket.y4m", paid.code)
    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera_browser.new_context(base_url=live_server.url, locale="fr-FR", **PHONE)
        context.grant_permissions(["camera"])
        context.set_default_timeout(15_000)
        sign_in(context, live_server, cashier)
        page = context.new_page()
        page.goto(door_of(on_sale))
        scan = page.get_by_role("button", name=french("Scan a QR code"))
        expect(scan).to_be_visible()
        scan.tap()
        expect(page.locator("[data-camera] video")).to_be_visible()
        expect(result(page).locator(".door-panel-ok")).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text(
            french("Welcome: ticket %(ticket)s.") % {"ticket": paid}
        )
        screenshot(page, "camera")
        # Chromium on Linux has no BarcodeDetector: the vendored jsQR read the code.
        decoder = page.evaluate("'BarcodeDetector' in window ? 'detector' : typeof window.jsQR")
        assert decoder in ("detector", "function")
        # The ticket stays in front of the camera: it is not sent a second time.
        page.wait_for_timeout(1000)
        expect(result(page).locator(".door-panel-ok")).to_be_visible()
        page.get_by_role("button", name=french("Stop the camera")).tap()
        expect(page.locator("[data-camera]")).to_be_hidden()
        expect(scan).to_be_visible()
        assert Ticket.objects.get(pk=paid.pk).status == Ticket.Status.CHECKED_IN
    finally:
        camera_browser.close()


def test_the_door_list_and_the_overview_read_well_on_a_phone(
    open_page, live_server, on_sale, tickets, cashier, screenshot
):
    paid, held = tickets
    page = open_page(PHONE)
    sign_in(page.context, live_server, cashier)
    with translation.override("fr"):
        page.goto(reverse("tickets:door"))
    link = page.get_by_role("link", name=french("Check tickets in"))
    expect(link).to_have_count(1)
    screenshot(page, "1-door")
    assert_accessible(page)

    page.get_by_role("link", name=french("Seats and bookings")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(on_sale.display_title)
    expect(page.locator(".overview-booking")).to_have_count(2)
    expect(page.locator(".overview-number")).to_have_text(sorted([str(paid), str(held)])[::-1])
    screenshot(page, "2-overview")
    assert_accessible(page)
