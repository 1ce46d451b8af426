"""A member books as a person would, on a desktop and on a phone: from the screening page
to the booking form, two seats at 0 € and 7.50 € to pay at the door, the booking's page
with both tickets and their QR codes, then one ticket cancelled. And a visitor registers
a child for a workshop on a phone, and confirms their address by the link emailed."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import expect

from clef.programme.models import Screening
from clef.tickets.models import Booking, Registration, Ticket
from tests.browser.conftest import (
    DEVICES,
    PHONE,
    assert_accessible,
    french,
    press,
    read_qr,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def french_plural(singular, plural, count):
    with translation.override("fr"):
        return translation.ngettext(singular, plural, count) % {"counter": count}


def euros(text):
    """An amount as the French pages write it, spaces as the accessible name has them."""
    return re.compile(rf"^{re.escape(text)}\s€$")


@pytest.mark.parametrize("device", DEVICES)
def test_a_member_books_two_seats_sees_them_and_cancels_one(
    open_page, live_server, on_sale, paid_member, screenshot, device
):
    page = open_page(device)
    sign_in(page, live_server, paid_member)
    year = on_sale.room.venue.local_date().year

    # The screening page loads the seats left, and leads to the form.
    page.goto(f"/seance/{on_sale.pk}/")
    box = page.locator("#bookbox")
    seats_left = french_plural("%(counter)s seat left online", "%(counter)s seats left online", 84)
    expect(box.get_by_text(seats_left)).to_be_visible()
    screenshot(page, "1-screening")
    press(box.get_by_role("link", name=french("Book a seat")), device)
    expect(page).to_have_url(re.compile(rf"/seance/{on_sale.pk}/reserver/$"))

    # Two seats: the select fetches the form again with two price fields (htmx).
    page.get_by_label(french("Number of seats")).select_option("2")
    expect(page).to_have_url(re.compile(r"\?places=2$"))
    first = page.get_by_role("group", name=french("Seat %(number)s: your price") % {"number": 1})
    second = page.get_by_role("group", name=french("Seat %(number)s: your price") % {"number": 2})
    expect(second).to_be_visible()
    press(first.get_by_label(euros("0,00")), device)
    other = second.get_by_label(french("Other amount for seat %(number)s (€)") % {"number": 2})
    other.fill("7,50")
    # Typing an amount chooses "other amount" for that seat.
    expect(second.get_by_label(french("Other amount"), exact=True)).to_be_checked()
    press(page.get_by_label(re.compile(french("Pay at the door"))), device)
    screenshot(page, "2-form")
    assert_accessible(page)

    book = french_plural("Book %(counter)s seat", "Book %(counter)s seats", 2)
    press(page.get_by_role("button", name=book), device)

    # The booking's page: both tickets, numbered, with their prices and QR codes.
    expect(page).to_have_url(re.compile(r"/reservation/[\w-]+/$"))
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.HELD
    tickets = page.locator(".ticket")
    expect(tickets).to_have_count(2)
    number = french("Ticket %(number)s")
    expect(tickets.get_by_role("heading", level=3)).to_have_text(
        [number % {"number": f"{year}-000001"}, number % {"number": f"{year}-000002"}]
    )
    expect(tickets.nth(0).locator("dd").nth(3)).to_have_text(euros("0,00"))
    expect(tickets.nth(1).locator("dd").nth(3)).to_have_text(euros("7,50"))
    qr = tickets.nth(1).get_by_role("img")
    expect(qr).to_be_visible()
    assert read_qr(qr) == [booking.tickets.get(number=2).code]
    screenshot(page, "3-booking")
    assert_accessible(page)

    # Cancel the second ticket: it stays listed, cancelled, and the first one stands.
    cancel = re.compile(rf"^{re.escape(french('Cancel this ticket'))} {year}-000002$")
    press(page.get_by_role("link", name=cancel), device)
    # It asks first, saying what comes back.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        french("Cancel ticket %(number)s?") % {"number": f"{year}-000002"}
    )
    # Paid at the door, so nothing was paid yet: nothing to refund, and it says so.
    expect(page.locator("main")).to_contain_text(
        french(
            "Its seat goes back on sale. Nothing has been paid for it: there is nothing to refund."
        )
    )
    assert_accessible(page)
    press(page.get_by_role("button", name=french("Yes, cancel this ticket")), device)
    expect(page.locator(".message")).to_contain_text(
        french("Ticket %(number)s is cancelled: its seat is back on sale.")
        % {"number": f"{year}-000002"}
    )
    expect(page.locator(".ticket.is-cancelled")).to_have_count(1)
    expect(page.get_by_role("link", name=re.compile(french("Cancel this ticket")))).to_have_count(1)
    # The 0 € ticket left owes nothing at the door: it stands as paid.
    assert list(booking.tickets.order_by("number").values_list("status", flat=True)) == [
        Ticket.Status.PAID,
        Ticket.Status.CANCELLED,
    ]
    screenshot(page, "4-cancelled")
    assert_accessible(page)


def test_a_visitor_registers_a_child_for_a_workshop_on_a_phone(
    open_page, make_screening, venue, screenshot
):
    workshop = make_screening(
        venue.local_date() + dt.timedelta(days=5),
        "14:00",
        kind=Screening.Kind.WORKSHOP,
        pricing=Screening.Pricing.FREE,
        online_quota=12,
        age_min=6,
        age_max=10,
    )
    page = open_page(PHONE)
    page.goto(f"/seance/{workshop.pk}/")
    box = page.locator("#bookbox")
    places = french_plural("%(counter)s place left", "%(counter)s places left", 12)
    expect(box.get_by_text(places)).to_be_visible()
    box.get_by_role("link", name=french("Register a child")).tap()

    page.get_by_label(french("Child's first name")).fill("Lina")
    page.get_by_label(french("Child's age")).fill("11")
    page.get_by_label(french("Your name")).fill("Nadia Benali")
    page.get_by_label(french("Your phone number")).fill("06 12 34 56 78")
    page.get_by_label(french("Your email")).fill("nadia@example.org")
    page.get_by_label(french("No photos, please")).check()
    page.get_by_role("button", name=french("Register"), exact=True).tap()

    # Too old for this workshop: said beside the age, and nothing is written.
    age = page.get_by_label(french("Child's age"))
    expect(age).to_have_attribute("aria-invalid", "true")
    assert Registration.objects.count() == 0
    screenshot(page, "1-refused")
    assert_accessible(page)

    age.fill("8")
    page.get_by_role("button", name=french("Register"), exact=True).tap()
    expect(page).to_have_url(re.compile(r"/inscription/[\w-]+/$"))
    registration = Registration.objects.get()
    assert (registration.child_age, registration.photo_consent) == (8, False)
    expect(page.get_by_role("button", name=french("Cancel the registration"))).to_be_visible()
    screenshot(page, "2-registered")
    assert_accessible(page)

    # The place is held until the guardian opens the link sent to their address.
    assert registration.awaits_confirmation
    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/\S+/confirmer/\S+/)", message.body).group(1)
    page.goto(link)
    expect(page).to_have_url(re.compile(rf"/inscription/{registration.code}/$"))
    confirmed = french("Your address is confirmed: %(child)s's registration stands.")
    expect(page.get_by_text(confirmed % {"child": "Lina"})).to_be_visible()
    registration.refresh_from_db()
    assert not registration.awaits_confirmation
    screenshot(page, "3-confirmed")
    assert_accessible(page)
