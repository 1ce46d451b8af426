"""The fair waiting list tried as an attacker would: other people's links, links kept after
the place is gone, a screening cancelled under an offer, the holder asking more than is
held, the door and a till beside a hold, the line jumped by joining again, and the
timer on a big programme."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from clef.audit.models import Action
from clef.programme.models import Screening
from clef.tickets import blocks, seats, waitinglist
from clef.tickets.booking import BookingRefused, book, cancel_booking, cancel_ticket
from clef.tickets.models import Ticket, WaitingListEntry


@pytest.fixture
def full(on_sale, make_member):
    """One seat online, booked by Ahmed; Ana then Bo wait."""
    Screening.objects.filter(pk=on_sale.pk).update(online_quota=1)
    on_sale.refresh_from_db()
    booking, _ = book(on_sale, user=make_member("ahmed"), prices=["5"])
    ana, bo = make_member("ana"), make_member("bo")
    for person in (ana, bo):
        waitinglist.join(on_sale, email=person.email, user=person, language="en")
    return on_sale, booking, ana, bo


@pytest.fixture
def held(full, django_capture_on_commit_callbacks):
    """Ahmed gave his seat back: it is held for Ana."""
    screening, booking, ana, bo = full
    with django_capture_on_commit_callbacks(execute=True):
        cancel_ticket(booking.tickets.get(), by=booking.person)
    mail.outbox.clear()
    entry = WaitingListEntry.objects.get(person=ana)
    assert entry.state() == WaitingListEntry.State.OFFERED
    return screening, entry, ana, bo


def offer_url(screening_pk, entry):
    with translation.override("en"):
        return reverse("tickets:waiting_offer", args=[screening_pk, waitinglist.offer_token(entry)])


def test_it_refuses_an_offers_link_once_the_place_is_left_or_on_another_screening(
    client, held, make_screening, venue, django_capture_on_commit_callbacks
):
    screening, entry, ana, _bo = held
    other = make_screening(venue.local_date() + dt.timedelta(days=6))
    client.force_login(ana)

    elsewhere = client.post(offer_url(other.pk, entry))
    assert elsewhere.status_code == 404
    assert "This link is not valid" in elsewhere.text
    with django_capture_on_commit_callbacks(execute=True):
        waitinglist.leave(entry, by=ana)
    gone = client.post(offer_url(screening.pk, entry))
    assert gone.status_code == 404
    assert "This link is not valid" in gone.text
    assert not WaitingListEntry.objects.filter(person=ana).exists()
    with pytest.raises(BookingRefused) as refused:
        book(screening, user=ana, prices=["5"])
    assert refused.value.code == "sold_out"


def test_it_sends_a_signed_out_visitor_to_sign_in_and_writes_nothing(client, held):
    screening, entry, _ana, _bo = held

    for answer in (
        client.get(offer_url(screening.pk, entry)),
        client.post(offer_url(screening.pk, entry)),
    ):
        assert answer.status_code == 302
        assert answer["Location"].startswith("/en/compte/connexion/?next=")
    assert not Action.objects.filter(name="tickets.waiting_list.claimed").exists()


def test_it_finds_no_screening_for_an_id_past_the_largest_nor_a_place_in_other_digits(client, held):
    _screening, entry, ana, _bo = held
    client.force_login(ana)

    far = client.get(offer_url(10**30, entry))
    assert far.status_code == 404
    with translation.override("en"):
        left = client.post(reverse("accounts:waiting"), {"entry": "١" * len(str(entry.pk))})
    assert left.status_code == 404
    assert WaitingListEntry.objects.filter(pk=entry.pk).exists()


def test_a_double_click_on_book_this_seat_claims_the_seat_once(
    client, on_sale, make_member, django_capture_on_commit_callbacks
):
    Screening.objects.filter(pk=on_sale.pk).update(online_quota=1)
    on_sale.refresh_from_db()
    booking, _ = book(on_sale, user=make_member("ahmed"), prices=["5"])
    waitinglist.join(on_sale, email="zoe@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        cancel_ticket(booking.tickets.get(), by=booking.person)
    entry = WaitingListEntry.objects.get()
    client.force_login(make_member("zoe"))

    first = client.post(offer_url(on_sale.pk, entry))
    second = client.post(offer_url(on_sale.pk, entry))

    assert first["Location"] == second["Location"] == f"/en/seance/{on_sale.pk}/reserver/"
    assert Action.objects.filter(name="tickets.waiting_list.claimed").count() == 1


def test_the_holder_asking_four_seats_is_told_one_is_left(held):
    screening, entry, ana, _bo = held

    with translation.override("en"), pytest.raises(BookingRefused) as refused:
        book(screening, user=ana, prices=["5", "5", "5", "5"])

    assert refused.value.code == "not_enough_seats"
    assert refused.value.message == "Only 1 seat is left online."
    entry.refresh_from_db()
    assert entry.state() == WaitingListEntry.State.OFFERED
    assert not Ticket.objects.filter(booking__person=ana).exists()


def test_a_person_on_the_list_books_the_seat_held_without_the_link(held):
    screening, entry, ana, bo = held

    made, created = book(screening, user=ana, prices=["6"])

    assert created and made.tickets.count() == 1
    entry.refresh_from_db()
    assert entry.state() == WaitingListEntry.State.BOOKED
    assert waitinglist.entry_of(screening, bo).place == 1
    assert seats.count(screening).online_left == 0


def test_a_held_seat_for_an_address_whose_account_came_later_is_booked_from_the_link(
    client, on_sale, make_member, django_capture_on_commit_callbacks
):
    Screening.objects.filter(pk=on_sale.pk).update(online_quota=1)
    on_sale.refresh_from_db()
    booking, _ = book(on_sale, user=make_member("ahmed"), prices=["5"])
    waitinglist.join(on_sale, email="zoe@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        cancel_ticket(booking.tickets.get(), by=booking.person)
    entry = WaitingListEntry.objects.get()
    assert entry.person is None
    client.force_login(make_member("zoe"))  # her account, opened after the offer

    with translation.override("en"):
        page = client.get(reverse("tickets:book", args=[on_sale.pk]))

    # The seat is not hers until she follows the link: the page leads there, not back
    # to itself.
    assert "A seat came back and is held for you" in page.text
    assert f'href="{offer_url(on_sale.pk, entry)}">Book it</a>' in page.text


def test_an_offer_on_a_cancelled_screening_cannot_be_taken(client, held):
    screening, entry, ana, _bo = held
    Screening.objects.filter(pk=screening.pk).update(status=Screening.Status.CANCELLED)
    client.force_login(ana)

    page = client.get(offer_url(screening.pk, entry))
    taken = client.post(offer_url(screening.pk, entry))

    assert page.status_code == 200
    assert "This screening is cancelled." in page.text
    assert "Book this seat" not in page.text
    assert taken.status_code == 409
    assert "This screening is cancelled." in taken.text


def test_a_seat_held_near_the_start_is_the_doors_at_the_start(
    on_sale, make_member, sell, django_capture_on_commit_callbacks, time_machine
):
    Screening.objects.filter(pk=on_sale.pk).update(online_quota=1)
    on_sale.refresh_from_db()
    sold = sell(on_sale, "5", online=True)
    ana = make_member("ana")
    waitinglist.join(on_sale, email=ana.email, user=ana)
    # Half an hour before the start, past the members' cut-off, the sale is undone.
    time_machine.move_to(on_sale.starts_at - dt.timedelta(minutes=30), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        seats.undo_sale_of(sold)
    entry = WaitingListEntry.objects.get()

    assert entry.offer_ends_at == on_sale.starts_at - dt.timedelta(minutes=15)
    assert seats.count(on_sale).door_left == 119
    time_machine.move_to(entry.offer_ends_at + dt.timedelta(seconds=1))
    assert waitinglist.pass_on() == 0
    assert seats.count(on_sale).door_left == 120


def test_the_door_and_a_tills_block_leave_the_seat_held_alone(
    on_sale, make_member, django_capture_on_commit_callbacks
):
    # 10 seats in the room, 2 online: Ahmed books both, gives one back, held for Ana.
    on_sale.room.seats = 10
    on_sale.room.save()
    Screening.objects.filter(pk=on_sale.pk).update(online_quota=2)
    on_sale.refresh_from_db()
    booking, _ = book(on_sale, user=make_member("ahmed"), prices=["5", "5"])
    ana = make_member("ana")
    waitinglist.join(on_sale, email=ana.email, user=ana)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_ticket(booking.tickets.order_by("number").first(), by=booking.person)
    # 1 sold, 1 held: 8 seats for the door; a till holds half the unsold, beyond the
    # seat held.
    block = blocks.hold(on_sale, "T1", 50)
    assert block.seats == 4

    with transaction.atomic():
        sold = seats.issue(
            on_sale, ["5"] * 4, online=False, status=Ticket.Status.PAID, till_series="T1"
        )
    assert len(sold) == 4
    with transaction.atomic():
        seats.issue(on_sale, ["5"] * 4, online=False, status=Ticket.Status.PAID)
    with (
        translation.override("en"),
        pytest.raises(BookingRefused) as refused,
        transaction.atomic(),
    ):
        seats.issue(on_sale, ["5"], online=False, status=Ticket.Status.PAID)
    assert refused.value.message == "No seats are left in the room."
    assert seats.count(on_sale, person=ana).online_left == 1
    made, _ = book(on_sale, user=ana, prices=["5"])
    assert made.tickets.count() == 1


def test_joining_again_keeps_ones_place_and_never_jumps_the_line(
    held, make_member, django_capture_on_commit_callbacks
):
    screening, entry, ana, bo = held
    cy = make_member("cy")
    waitinglist.join(screening, email=cy.email, user=cy)

    # Bo, waiting, joins again in capitals: the same place; Ana, held for, keeps her hold.
    again, created = waitinglist.join(screening, email=bo.email.upper(), user=bo)
    assert not created and again == WaitingListEntry.objects.get(person=bo)
    assert waitinglist.entry_of(screening, bo).place == 1
    _same, created = waitinglist.join(screening, email=ana.email, user=ana)
    assert not created
    assert WaitingListEntry.objects.get(pk=entry.pk).offer_ends_at == entry.offer_ends_at
    assert waitinglist.entry_of(screening, cy).place == 2


def test_a_person_who_booked_and_gave_back_joins_again_at_the_end(
    held, make_member, django_capture_on_commit_callbacks
):
    screening, _entry, ana, bo = held
    made, _ = book(screening, user=ana, prices=["5"])
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(made, by=ana)
    assert WaitingListEntry.objects.get(person=bo).state() == WaitingListEntry.State.OFFERED

    again, created = waitinglist.join(screening, email=ana.email, user=ana)

    # Told she is on the list: she is, last, and the next seat back is offered to her.
    assert created
    assert again.state() == WaitingListEntry.State.WAITING
    assert waitinglist.entry_of(screening, ana).place == 1
    assert waitinglist.offer(screening) == []  # no seat free: Bo's is held


def test_the_timer_counts_a_big_programme_together_and_locks_only_what_it_offers(
    venue, make_screening, make_member, make_film, django_assert_max_num_queries
):
    film = make_film()
    ana = make_member("ana")
    day = venue.local_date() + dt.timedelta(days=3)
    full = []
    for i in range(30):
        screening = make_screening(
            day, f"{10 + i // 4}:{(i % 4) * 15:02}", films=[film], online_quota=0
        )
        WaitingListEntry.objects.create(screening=screening, email=f"w{i}@example.org")
        full.append(screening)
    free = make_screening(day, "22:00", films=[film], online_quota=1)
    waitinglist.join(free, email=ana.email, user=ana)

    with django_assert_max_num_queries(12):
        assert waitinglist.pass_on() == 1

    assert WaitingListEntry.objects.get(person=ana).state() == WaitingListEntry.State.OFFERED
    assert WaitingListEntry.objects.filter(offered_at__isnull=False).count() == 1


def test_the_listing_says_a_held_seat_is_taken_in_each_language_and_forgets_an_unpublished_one(
    client, held, settings, time_machine
):
    screening, _entry, _ana, _bo = held
    settings.CLEF_LISTING_PLACES_SECONDS = 5
    time_machine.move_to(timezone.now(), tick=False)

    def places(language):
        return client.get(f"/{language}/seances/places/?ids={screening.pk}").text

    english, french = places("en"), places("fr")
    assert "Sold out online: at the door only" in english
    assert "Sold out online" not in french
    assert places("en") == english  # kept, in its own language
    # Back to draft: gone once the few seconds the answer is kept are over.
    Screening.objects.filter(pk=screening.pk).update(status=Screening.Status.DRAFT)
    time_machine.shift(dt.timedelta(seconds=6))
    assert f"places-{screening.pk}" not in places("en")
    assert f"places-{screening.pk}" not in places("fr")


def test_a_place_whose_offer_ended_cannot_join_again_to_hold_a_free_seat_once_more(
    client, on_sale, make_member, django_capture_on_commit_callbacks, time_machine
):
    Screening.objects.filter(pk=on_sale.pk).update(online_quota=1)
    on_sale.refresh_from_db()
    booking, _ = book(on_sale, user=make_member("ahmed"), prices=["5"])
    ana = make_member("ana")
    waitinglist.join(on_sale, email=ana.email, user=ana)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_ticket(booking.tickets.get(), by=booking.person)
    entry = WaitingListEntry.objects.get()
    time_machine.move_to(entry.offer_ends_at + dt.timedelta(minutes=1))
    assert waitinglist.pass_on() == 0  # nobody else waits: the seat is free online
    client.force_login(ana)

    with translation.override("en"):
        answer = client.post(reverse("tickets:waiting_list", args=[on_sale.pk]), follow=True)

    assert "Seats are free online again: book one instead of waiting." in answer.text
    entry.refresh_from_db()
    assert entry.state() == WaitingListEntry.State.PASSED
    assert waitinglist.pass_on() == 0
    assert seats.count(on_sale).online_left == 1
