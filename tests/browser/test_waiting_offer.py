"""The fair waiting list in a browser, on a phone: a seat given back is held for the first
in line, who follows the emailed link, books it and is shown their ticket; the next
offer is not taken in time, its link then says it has ended, and the seat goes to the
one after."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from playwright.sync_api import expect

from clef.programme.models import Screening
from clef.tickets import waitinglist
from clef.tickets.booking import book, cancel_ticket
from clef.tickets.models import Booking, WaitingListEntry
from tests.browser.conftest import PHONE, assert_accessible, french, press, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def link_in(message):
    """The offer's link in its email, as a path."""
    return re.search(r"https?://[^/\s]+(/\S*/offre/\S+/)", message.body).group(1)


def test_an_offer_is_taken_from_the_email_and_the_next_one_ends_unused(
    open_page, live_server, on_sale, make_member, screenshot
):
    Screening.objects.filter(pk=on_sale.pk).update(online_quota=2)
    on_sale.refresh_from_db()
    ahmed = make_member("ahmed")
    booking, _ = book(on_sale, user=ahmed, prices=["5", "5"])
    ana, bo, cy = make_member("ana"), make_member("bo"), make_member("cy")
    for person in (ana, bo, cy):
        waitinglist.join(on_sale, email=person.email, user=person)
    first, second = booking.tickets.order_by("number")
    mail.outbox.clear()

    # Ahmed gives one seat back: Ana, first in line, is written to; nobody else.
    cancel_ticket(first, by=ahmed)
    [offer] = [m for m in mail.outbox if m.to == [ana.email]]
    assert [m.to for m in mail.outbox if m.to != [ahmed.email]] == [[ana.email]]

    page = open_page(PHONE)
    sign_in(page, live_server, ana)
    page.goto(link_in(offer))
    expect(page.get_by_role("heading", name=french("A seat is held for you"))).to_be_visible()
    screenshot(page, "1-offer")
    assert_accessible(page)
    press(page.get_by_role("button", name=french("Book this seat")), PHONE)
    expect(page).to_have_url(re.compile(rf"/seance/{on_sale.pk}/reserver/$"))
    until = timezone.localtime(WaitingListEntry.objects.get(person=ana).offer_ends_at)
    held = french("A seat from the waiting list is held for you until %(until)s.") % {
        "until": f"{until:%H:%M}"
    }
    expect(page.get_by_text(held)).to_be_visible()
    page.get_by_role(
        "group", name=french("Seat %(number)s: your price") % {"number": 1}
    ).get_by_label(french("Other amount for seat %(number)s (€)") % {"number": 1}).fill("6")
    press(page.get_by_label(re.compile(french("Pay at the door"))), PHONE)
    screenshot(page, "2-form")
    with translation.override("fr"):
        book_one = translation.ngettext("Book %(counter)s seat", "Book %(counter)s seats", 1)
    press(page.get_by_role("button", name=book_one % {"counter": 1}), PHONE)
    expect(page).to_have_url(re.compile(r"/reservation/[\w-]+/$"))
    taken = Booking.objects.get(person=ana)
    assert [str(t.price) for t in taken.tickets.all()] == ["6.00"]
    assert WaitingListEntry.objects.get(person=ana).state() == WaitingListEntry.State.BOOKED

    # Ahmed gives his other seat back: Bo's turn, but Bo does not answer in time.
    mail.outbox.clear()
    cancel_ticket(second, by=ahmed)
    [to_bo] = [m for m in mail.outbox if m.to == [bo.email]]
    entry = WaitingListEntry.objects.get(person=bo)
    WaitingListEntry.objects.filter(pk=entry.pk).update(
        offer_ends_at=timezone.now() - dt.timedelta(minutes=1)
    )
    call_command("release_bookings", stdout=io.StringIO())
    assert [m.to for m in mail.outbox if m.to not in ([ahmed.email], [bo.email])] == [[cy.email]]

    late = open_page(PHONE)
    sign_in(late, live_server, bo)
    late.goto(link_in(to_bo))
    expect(late.get_by_role("heading", name=french("This offer has ended"))).to_be_visible()
    expect(late.get_by_role("button", name=french("Join the waiting list"))).to_be_visible()
    screenshot(late, "3-ended")
    assert_accessible(late)
    # Bo's page of waiting lists says the seat went on, and offers to join again.
    late.goto("/compte/attente/")
    expect(late.get_by_role("link", name=french("Join the list again"))).to_be_visible()
    assert WaitingListEntry.objects.get(person=cy).state() == WaitingListEntry.State.OFFERED
