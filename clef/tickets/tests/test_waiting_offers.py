"""The fair waiting list: a seat that comes back is held for the first in line, taken by
booking it in time, passed on to the next when the hold ends; nobody else, online or at
the door, takes it meanwhile."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from clef.programme.models import Screening
from clef.tickets import seats, waitinglist
from clef.tickets.booking import BookingRefused, book, cancel_ticket
from clef.tickets.models import Booking, WaitingListEntry


@pytest.fixture
def full(on_sale, make_member):
    """Two seats online, both booked by Ahmed; then three people wait, Ana first."""
    Screening.objects.filter(pk=on_sale.pk).update(online_quota=2)
    on_sale.refresh_from_db()
    booking, _ = book(on_sale, user=make_member("ahmed"), prices=["5", "5"])
    ana, bo, cy = make_member("ana"), make_member("bo"), make_member("cy")
    for person in (ana, bo, cy):
        waitinglist.join(on_sale, email=person.email, user=person, language="en")
    return on_sale, booking, (ana, bo, cy)


def _give_one_back(booking, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cancel_ticket(booking.tickets.order_by("number").first(), by=booking.person)
    mail.outbox.clear()


def offer_url(entry, language="en"):
    with translation.override(language):
        return reverse(
            "tickets:waiting_offer", args=[entry.screening_id, waitinglist.offer_token(entry)]
        )


def test_a_seat_back_is_held_for_the_first_in_line_and_nobody_else_takes_it(
    full, django_capture_on_commit_callbacks, make_member
):
    screening, booking, (ana, bo, _cy) = full
    with django_capture_on_commit_callbacks(execute=True):
        cancel_ticket(booking.tickets.order_by("number").first(), by=booking.person)

    offered = WaitingListEntry.objects.get(person=ana)
    assert offered.state() == WaitingListEntry.State.OFFERED
    assert offered.offer_ends_at - offered.offered_at == dt.timedelta(hours=2)
    assert [m.to for m in mail.outbox if m.to != [booking.email]] == [[ana.email]]
    # Bo, next in line, and someone not on the list, are refused: the seat is Ana's.
    for other in (bo, make_member("dan")):
        with pytest.raises(BookingRefused) as refused:
            book(screening, user=other, prices=["5"])
        assert refused.value.code == "sold_out"
    # The door does not sell it either (120 seats, 1 taken, 1 held).
    assert seats.count(screening).door_left == 118
    assert seats.count(screening, person=ana).online_left == 1

    made, _ = book(screening, user=ana, prices=["6"])

    assert made.status == Booking.Status.HELD
    offered.refresh_from_db()
    assert offered.state() == WaitingListEntry.State.BOOKED
    assert seats.count(screening).online_left == 0
    # Bo is now first in line.
    assert waitinglist.entry_of(screening, bo).place == 1


def test_an_offer_not_taken_in_time_goes_to_the_next_in_line_once(
    full, django_capture_on_commit_callbacks, time_machine
):
    screening, booking, (ana, bo, cy) = full
    _give_one_back(booking, django_capture_on_commit_callbacks)
    first = WaitingListEntry.objects.get(person=ana)

    time_machine.move_to(first.offer_ends_at + dt.timedelta(seconds=1))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("release_bookings", stdout=out)
        call_command("release_bookings", stdout=io.StringIO())  # twice: nothing more

    assert "1 seat(s) offered to the waiting lists" in out.getvalue()
    assert [m.to for m in mail.outbox] == [[bo.email]]
    first.refresh_from_db()
    assert first.state() == WaitingListEntry.State.PASSED
    assert WaitingListEntry.objects.get(person=bo).state() == WaitingListEntry.State.OFFERED
    assert WaitingListEntry.objects.get(person=cy).state() == WaitingListEntry.State.WAITING
    with pytest.raises(BookingRefused) as refused:
        book(screening, user=ana, prices=["5"])
    assert refused.value.code == "sold_out"
    # Ana joins again: at the end of the line, after Cy.
    again, created = waitinglist.join(screening, email=ana.email, user=ana)
    assert created and again.state() == WaitingListEntry.State.WAITING
    assert waitinglist.entry_of(screening, cy).place == 1
    assert waitinglist.entry_of(screening, ana).place == 2


def test_leaving_with_a_seat_held_passes_it_on_at_once(full, django_capture_on_commit_callbacks):
    _screening, booking, (ana, bo, _cy) = full
    _give_one_back(booking, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        waitinglist.leave(WaitingListEntry.objects.get(person=ana), by=ana)

    assert [m.to for m in mail.outbox] == [[bo.email]]
    assert WaitingListEntry.objects.get(person=bo).state() == WaitingListEntry.State.OFFERED


def test_the_offers_link_takes_the_person_to_the_booking_form(
    client, full, django_capture_on_commit_callbacks
):
    screening, booking, (ana, _bo, _cy) = full
    _give_one_back(booking, django_capture_on_commit_callbacks)
    entry = WaitingListEntry.objects.get(person=ana)
    client.force_login(ana)

    page = client.get(offer_url(entry))
    assert page.status_code == 200
    assert "A seat is held for you" in page.text
    assert "Book this seat" in page.text
    taken = client.post(offer_url(entry))
    assert taken.status_code == 302
    assert taken["Location"] == f"/en/seance/{screening.pk}/reserver/"
    form = client.get(taken["Location"])
    local_end = timezone.localtime(entry.offer_ends_at)
    assert f"A seat from the waiting list is held for you until {local_end:%H:%M}." in form.text
    assert "1 seat left online" in form.text


def test_an_offer_made_to_an_address_typed_signed_out_is_claimed_by_the_link(
    client, on_sale, make_member, django_capture_on_commit_callbacks
):
    Screening.objects.filter(pk=on_sale.pk).update(online_quota=1)
    on_sale.refresh_from_db()
    booking, _ = book(on_sale, user=make_member("ahmed"), prices=["5"])
    waitinglist.join(on_sale, email="Zoe.Other@example.org")
    _give_one_back(booking, django_capture_on_commit_callbacks)
    entry = WaitingListEntry.objects.get()
    assert entry.person is None  # no account has that address
    zoe = make_member("zoe")
    client.force_login(zoe)

    assert client.post(offer_url(entry)).status_code == 302

    entry.refresh_from_db()
    assert entry.person == zoe
    made, _ = book(on_sale, user=zoe, prices=["5"])
    assert made.tickets.count() == 1


def test_another_persons_offer_and_a_tampered_link_change_nothing(
    client, full, django_capture_on_commit_callbacks
):
    screening, booking, (ana, bo, _cy) = full
    _give_one_back(booking, django_capture_on_commit_callbacks)
    entry = WaitingListEntry.objects.get(person=ana)
    client.force_login(bo)

    refused = client.post(offer_url(entry))
    assert refused.status_code == 403
    assert "This seat is held for someone else" in refused.text
    token = waitinglist.offer_token(entry)
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "1", "x" * 5000, "٣:abc"):
        with translation.override("en"):
            url = reverse("tickets:waiting_offer", args=[screening.pk, bad])
        answer = client.post(url)
        assert answer.status_code == 404
        assert "This link is not valid" in answer.text
    entry.refresh_from_db()
    assert entry.person == ana
    with pytest.raises(BookingRefused):
        book(screening, user=bo, prices=["5"])


def test_an_ended_offer_says_so_and_cannot_be_taken(
    client, full, django_capture_on_commit_callbacks, time_machine
):
    _screening, booking, (ana, _bo, _cy) = full
    _give_one_back(booking, django_capture_on_commit_callbacks)
    entry = WaitingListEntry.objects.get(person=ana)
    time_machine.move_to(entry.offer_ends_at + dt.timedelta(minutes=1))
    client.force_login(ana)

    late = client.post(offer_url(entry))

    assert late.status_code == 409
    assert "This offer has ended" in late.text
    assert "Join the waiting list" in late.text


def test_my_waiting_lists_show_the_seat_held_and_its_link(
    client, full, django_capture_on_commit_callbacks
):
    _screening, booking, (ana, _bo, cy) = full
    _give_one_back(booking, django_capture_on_commit_callbacks)
    entry = WaitingListEntry.objects.get(person=ana)
    client.force_login(ana)
    with translation.override("en"):
        mine = client.get(reverse("accounts:waiting"))
    local_end = timezone.localtime(entry.offer_ends_at)
    assert f"a seat is held for you until {local_end:%A} {local_end.day} {local_end:%B, %H:%M}" in (
        mine.text
    )
    assert offer_url(entry) in mine.text
    client.force_login(cy)
    with translation.override("en"):
        theirs = client.get(reverse("accounts:waiting"))
    assert "number 2 in line" in theirs.text


def test_no_offer_is_made_too_near_the_start(
    full, django_capture_on_commit_callbacks, time_machine
):
    screening, _booking, (_ana, _bo, _cy) = full
    time_machine.move_to(screening.starts_at - dt.timedelta(minutes=9))
    assert waitinglist.offer_ends(screening, timezone.now()) is None


def test_an_address_typed_signed_out_is_taken_off_the_line_when_its_account_books(
    on_sale, make_member
):
    ana = make_member("ana")
    entry, _ = waitinglist.join(on_sale, email=ana.email.upper())
    assert entry.person == ana
    assert seats.count(on_sale, offered_to=ana.pk).waiting == 1

    book(on_sale, user=ana, prices=["5"])

    entry.refresh_from_db()
    assert entry.state() == WaitingListEntry.State.BOOKED
    assert seats.count(on_sale, offered_to=ana.pk).waiting == 0
