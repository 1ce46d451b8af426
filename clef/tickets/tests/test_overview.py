"""A screening's seats and bookings, for the staff: exact figures, and a page whose number
of queries does not grow with the bookings."""

import datetime as dt
import html as htmllib
import re
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from clef.tickets.models import Booking, Registration, Ticket, WaitingListEntry
from clef.tickets.queries import screening_counts

S = Ticket.Status
B = Booking.Status
# Saturday 21 November 2026, noon in Paris.
NOW = dt.datetime(2026, 11, 21, 11, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def make_booking(screening, status, tickets, *, person=None, email=""):
    """A booking with its tickets, each ``(price, ticket status)``, as booking wrote them."""
    booking = Booking.objects.create(
        venue=screening.room.venue,
        screening=screening,
        person=person,
        email=email or (person.email if person else ""),
        status=status,
    )
    for price, ticket_status in tickets:
        make_ticket(screening, price, ticket_status, booking=booking)
    return booking


def make_ticket(screening, price, status, *, booking=None):
    return Ticket.objects.create(
        venue=screening.room.venue,
        screening=screening,
        booking=booking,
        series=2026,
        number=Ticket.objects.count() + 1,
        price=Decimal(price),
        status=status,
        online=booking is not None,
        checked_in_at=NOW if status == S.CHECKED_IN else None,
    )


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def figures(response):
    block = re.search(r'<dl class="overview-figures">.*?</dl>', response.content.decode(), re.S)
    return {
        dt: htmllib.unescape(dd) for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block[0])
    }


@pytest.fixture
def mixed(on_sale, make_screening, venue):
    """Tickets in every state for ``on_sale`` (120 seats, 84 online), and others elsewhere."""
    on_sale.online_quota = 10
    on_sale.save()
    users = get_user_model().objects
    ada = users.create_user("ada", "ada@example.org", first_name="Ada", last_name="Lovelace")
    make_booking(on_sale, B.CONFIRMED, [("5.00", S.PAID), ("0.00", S.PAID)], person=ada)
    make_booking(on_sale, B.HELD, [("7.50", S.BOOKED), ("3.00", S.BOOKED)], email="bo@example.org")
    make_booking(on_sale, B.AWAITING_PAYMENT, [("6.00", S.BOOKED)], email="cy@example.org")
    make_booking(on_sale, B.CONFIRMED, [("10.00", S.CHECKED_IN), ("4.00", S.CANCELLED)])
    make_booking(on_sale, B.CANCELLED, [("8.00", S.CANCELLED)], email="di@example.org")
    make_ticket(on_sale, "4.00", S.PAID)  # sold at the door
    make_ticket(on_sale, "2.00", S.CHECKED_IN)  # sold at the door, in
    for n in range(3):
        WaitingListEntry.objects.create(screening=on_sale, email=f"w{n}@example.org")
    elsewhere = make_screening(on_sale.local_start.date(), "16:00")
    make_booking(elsewhere, B.CONFIRMED, [("9.00", S.CHECKED_IN)], email="else@example.org")
    make_booking(elsewhere, B.HELD, [("9.00", S.BOOKED)], email="else2@example.org")
    WaitingListEntry.objects.create(screening=elsewhere, email="w@example.org")
    return on_sale


def test_the_counts_are_exact_for_a_mix_of_statuses(mixed, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = screening_counts(mixed)
    assert (
        counts.seats,
        counts.online_capacity,
        counts.booked_online,
        counts.held,
        counts.awaiting_payment,
        counts.sold_at_door,
        counts.checked_in,
        counts.cancelled,
        counts.takings,
    ) == (120, 10, 6, 2, 1, 2, 2, 2, Decimal("21.00"))
    assert (counts.taken, counts.online_left, counts.left) == (8, 4, 112)


def test_the_counts_of_a_screening_without_tickets_are_zero(on_sale):
    counts = screening_counts(on_sale)
    assert (counts.booked_online, counts.held, counts.checked_in, counts.takings) == (
        0,
        0,
        0,
        Decimal("0.00"),
    )
    assert (counts.online_left, counts.left) == (84, 120)


def test_the_page_shows_the_figures_and_the_waiting_list(client, cashier, mixed):
    client.force_login(cashier)
    response = client.get(en("tickets:screening_overview", mixed.pk))
    assert response.status_code == 200
    assert figures(response) == {
        "Seats in the room": "120",
        "Online quota": "10",
        "Booked online": "6",
        "Held, to pay at the door": "2",
        "Waiting for an online payment": "1",
        "Sold at the door": "2",
        "Left online": "4",
        "Left for the door": "112",
        "Checked in": "2",
        "Cancelled tickets": "2",
        "Waiting list": "3",
        "Takings from tickets": "€21.00",
    }


def test_the_page_lists_each_booking_with_its_person_tickets_prices_and_statuses(
    client, treasurer, mixed
):
    client.force_login(treasurer)
    page = client.get(en("tickets:screening_overview", mixed.pk)).content.decode()
    items = re.findall(r'<li class="overview-booking">(.*?)</ul>\s*</li>', page, re.S)
    text = [" ".join(re.sub(r"<[^>]+>", " ", htmllib.unescape(i)).split()) for i in items]
    # Newest first.
    assert text == [
        "d•••@example.org Cancelled Booked on 21 November 12:00 2026-000008 €8.00 Cancelled",
        "Anonymised person Confirmed Booked on 21 November 12:00"
        " 2026-000006 €10.00 Checked in 12:00 2026-000007 €4.00 Cancelled",
        "c•••@example.org Waiting for payment Booked on 21 November 12:00 2026-000005 €6.00 Booked",
        "b•••@example.org To pay at the door Booked on 21 November 12:00"
        " 2026-000003 €7.50 Booked 2026-000004 €3.00 Booked",
        "Ada Lovelace Confirmed Booked on 21 November 12:00"
        " 2026-000001 €5.00 Paid 2026-000002 €0.00 Paid",
    ]
    assert "else@example.org" not in page
    assert "4 bookings" not in page and "5 bookings" in page
    # The door reads names, and never a booker's whole address.
    for address in ("bo@example.org", "cy@example.org", "di@example.org"):
        assert address not in page


def test_a_booker_without_a_name_is_shown_by_their_address_masked(client, cashier, on_sale):
    sam = get_user_model().objects.create_user("sam@example.org", "sam@example.org")
    make_booking(on_sale, B.CONFIRMED, [("5.00", S.PAID)], person=sam)
    client.force_login(cashier)

    page = client.get(en("tickets:screening_overview", on_sale.pk)).content.decode()

    assert '<p class="overview-who"><strong>s•••@example.org</strong>' in page
    assert "sam@example.org" not in page


def grow(screening, count):
    """``count`` more bookings of one paid ticket, written in bulk."""
    venue = screening.room.venue
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"p{n}", email=f"p{n}@example.org", first_name=f"P{n}")
        for n in range(Booking.objects.count(), Booking.objects.count() + count)
    )
    bookings = Booking.objects.bulk_create(
        Booking(venue=venue, screening=screening, person=user, email=user.email, status=B.CONFIRMED)
        for user in users
    )
    first = Ticket.objects.count() + 1
    Ticket.objects.bulk_create(
        Ticket(
            venue=venue,
            screening=screening,
            booking=booking,
            series=2026,
            number=first + i,
            price=Decimal("5.00"),
            status=S.PAID,
            online=True,
        )
        for i, booking in enumerate(bookings)
    )


def test_the_pages_queries_do_not_grow_with_the_bookings(
    client, programmer, on_sale, django_assert_max_num_queries
):
    client.force_login(programmer)
    url = en("tickets:screening_overview", on_sale.pk)
    grow(on_sale, 5)
    with django_assert_max_num_queries(14) as few:
        assert client.get(url).status_code == 200
    grow(on_sale, 295)
    with django_assert_max_num_queries(14) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    assert figures(response)["Booked online"] == "300"


def test_the_bookings_come_fifty_a_page(client, cashier, on_sale):
    client.force_login(cashier)
    grow(on_sale, 120)
    url = en("tickets:screening_overview", on_sale.pk)
    first = client.get(url).content.decode()
    last = client.get(url + "?page=3").content.decode()
    assert (first.count('class="overview-booking"'), last.count('class="overview-booking"')) == (
        50,
        20,
    )
    assert "120 bookings · page 1 of 3" in first
    assert 'href="?page=2" rel="next"' in first
    assert 'href="?page=2" rel="prev"' in last
    assert 'rel="next"' not in last


def test_a_screening_without_bookings_says_so(client, cashier, on_sale):
    client.force_login(cashier)
    page = client.get(en("tickets:screening_overview", on_sale.pk)).content.decode()
    assert '<li class="day-note">No booking yet.</li>' in page


def test_the_overview_of_an_unknown_screening_is_a_404(client, cashier, venue):
    client.force_login(cashier)
    assert client.get(en("tickets:screening_overview", 999999)).status_code == 404


def test_only_the_doors_staff_get_the_link_to_check_in(client, cashier, treasurer, on_sale):
    url = en("tickets:screening_overview", on_sale.pk)
    door = en("boxoffice:door_check_in", on_sale.pk)
    client.force_login(cashier)
    assert f'href="{door}"' in client.get(url).content.decode()
    client.force_login(treasurer)
    assert f'href="{door}"' not in client.get(url).content.decode()


# --- the back office ---------------------------------------------------------------------------
def test_bookings_show_in_the_back_office_with_their_tickets_and_stay_read_only(
    client, treasurer, mixed
):
    client.force_login(treasurer)
    booking = Booking.objects.get(email="bo@example.org")
    assert client.get(en("admin:tickets_booking_changelist")).status_code == 200
    page = client.get(en("admin:tickets_booking_change", booking.pk))
    assert page.status_code == 200
    assert "2026-000003" in page.content.decode() and "2026-000004" in page.content.decode()
    assert client.get(en("admin:tickets_booking_add")).status_code == 403
    change = client.post(en("admin:tickets_booking_change", booking.pk), {"status": "cancelled"})
    assert change.status_code == 403
    booking.refresh_from_db()
    assert booking.status == B.HELD


def test_staff_may_take_an_address_off_a_waiting_list_and_correct_a_registration(
    admin_client, mixed
):
    entry = WaitingListEntry.objects.filter(screening=mixed).first()
    assert admin_client.get(en("admin:tickets_waitinglistentry_changelist")).status_code == 200
    assert admin_client.get(en("admin:tickets_waitinglistentry_add")).status_code == 403
    assert admin_client.get(en("admin:tickets_registration_changelist")).status_code == 200
    assert admin_client.get(en("admin:tickets_registration_add")).status_code == 403
    delete = en("admin:tickets_waitinglistentry_delete", entry.pk)
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not WaitingListEntry.objects.filter(pk=entry.pk).exists()

    registration = Registration.objects.create(
        screening=mixed,
        status=Registration.Status.REGISTERED,
        child_first_name="Lou",
        child_age=8,
        guardian_name="Sam Martin",
        guardian_phone="01 00 00 00 00",
        guardian_email="sam@example.org",
    )
    fields = {
        "child_first_name": "Lou",
        "child_age": "9",
        "person": "",
        "guardian_name": "Sam Martin",
        "guardian_phone": "06 12 34 56 78",
        "guardian_email": "sam@example.org",
        "photo_consent": "on",
        "language": "fr",
        "status": Registration.Status.CANCELLED,  # read only: not changed here
    }
    edit = admin_client.post(en("admin:tickets_registration_change", registration.pk), fields)
    assert edit.status_code == 302
    registration.refresh_from_db()
    assert (
        registration.guardian_phone,
        registration.child_age,
        registration.photo_consent,
        registration.status,
    ) == ("06 12 34 56 78", 9, True, Registration.Status.REGISTERED)
