"""Booking through the pages, as a member does with a browser: the seats left, the form,
the refusals that write nothing, the booking's page with its tickets, cancelling, and
the confirmation email in both languages."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from clef.payments.models import Payment
from clef.programme.models import Screening
from clef.tickets.booking import BookingRefused, book, parse_price
from clef.tickets.models import Booking, Ticket
from clef.tickets.tests.pages import french_day, page

KEY = "k" * 32


def counts():
    return Booking.objects.count(), Ticket.objects.count(), Payment.objects.count()


def french(message):
    """A UI string as the French pages show it (the msgid while the catalogue lacks it)."""
    with translation.override("fr"):
        return translation.gettext(message)


def book_url(screening, language="en"):
    with translation.override(language):
        return reverse("tickets:book", args=[screening.pk])


def booking_url(booking, language="en"):
    with translation.override(language):
        return reverse("tickets:booking", args=[booking.code])


def prices_form(*prices, payment="door", key=KEY):
    """The fields the booking form sends: each price typed as an "other amount"."""
    data = {"places": str(len(prices)), "key": key, "payment": payment}
    for n, price in enumerate(prices, start=1):
        data[f"price_{n}"] = "other"
        data[f"price_{n}_other"] = price
    return data


@pytest.fixture
def signed_in(client, paid_member):
    client.force_login(paid_member)
    return client


def number(ticket_number, venue):
    return f"{venue.local_date().year}-{ticket_number:06d}"


# --- the form ------------------------------------------------------------------------------
def test_it_asks_a_visitor_to_sign_in_first(client, on_sale):
    response = client.get(book_url(on_sale))
    assert response.status_code == 302
    assert response["Location"] == f"/en/compte/connexion/?next=/en/seance/{on_sale.pk}/reserver/"


def test_the_form_shows_one_price_per_seat_with_the_suggested_amounts(signed_in, on_sale):
    response = signed_in.get(book_url(on_sale) + "?places=3")
    assert response.status_code == 200
    body = page(response)
    assert re.findall(r'name="(price_\d)_other"', body) == ["price_1", "price_2", "price_3"]
    for amount in ("0.00", "4.00", "7.50", "10.00"):
        assert body.count(f'value="{amount}"') == 3
    assert "<span>€7.50</span>" in body
    assert "€0 is allowed, up to €200.00" in body
    assert '<option value="3" selected>3</option>' in body
    assert '<input type="hidden" name="places" value="3">' in body
    assert re.search(r'<input type="hidden" name="key" value="[\w-]{32}"', body)
    assert "Pay now, online" in body
    assert "Pay at the door" in body
    assert "84 seats left online" in body
    ids = re.findall(r' id="([^"]+)"', body)
    assert len(ids) == len(set(ids))


def test_the_number_of_seats_stays_within_the_venues_limit(signed_in, on_sale):
    four = page(signed_in.get(book_url(on_sale) + "?places=9"))
    assert re.findall(r'name="price_(\d)_other"', four) == ["1", "2", "3", "4"]
    one = page(signed_in.get(book_url(on_sale) + "?places=deux"))
    assert re.findall(r'name="price_(\d)_other"', one) == ["1"]


def test_each_rendering_of_the_form_has_its_own_key(signed_in, on_sale):
    keys = {
        re.search(r'name="key" value="([\w-]+)"', page(signed_in.get(book_url(on_sale))))[1]
        for _ in range(2)
    }
    assert len(keys) == 2


def test_a_free_screening_fixes_the_prices_at_zero(signed_in, make_screening, venue):
    free = make_screening(venue.local_date() + dt.timedelta(days=5), pricing=Screening.Pricing.FREE)
    body = page(signed_in.get(book_url(free) + "?places=2"))
    assert "This screening is free: your 2 tickets are €0." in body
    assert 'name="price_1' not in body
    assert 'name="payment"' not in body
    response = signed_in.post(book_url(free), {"places": "2", "key": KEY})
    made = Booking.objects.get()
    assert response["Location"] == booking_url(made)
    assert made.status == Booking.Status.CONFIRMED
    assert list(made.tickets.values_list("price", flat=True)) == [Decimal("0.00")] * 2


def test_a_member_without_a_membership_is_sent_to_join(client, member, on_sale):
    client.force_login(member)
    body = page(client.get(book_url(on_sale)))
    assert f'href="/en/adhesion/?next=/en/seance/{on_sale.pk}/reserver/"' in body
    assert "Become a member" in body
    assert 'name="price_1' not in body
    before = counts()
    response = client.post(book_url(on_sale), prices_form("5"))
    assert response.status_code == 400
    assert "Booking needs a membership" not in page(response)  # the page explains instead
    assert 'href="/en/adhesion/?next=' in page(response)
    assert counts() == before


# --- booking ----------------------------------------------------------------------------------
def test_a_member_books_two_seats_at_0_and_7_50_and_sees_both_tickets(signed_in, on_sale, venue):
    data = {
        "places": "2",
        "key": KEY,
        "price_1": "0.00",  # a suggested amount
        "price_2": "other",
        "price_2_other": "7,50",  # typed, with a French comma
        "payment": "door",
    }
    response = signed_in.post(book_url(on_sale), data)
    made = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == booking_url(made)
    assert made.status == Booking.Status.HELD
    assert made.language == "en"

    body = page(signed_in.get(response["Location"]))
    assert "Your seats are booked: here are your tickets." in body
    first, second = made.tickets.order_by("number")
    assert f"Ticket {number(1, venue)}</h3>" in body
    assert f"Ticket {number(2, venue)}</h3>" in body
    assert body.count("<dd>€0.00</dd>") == 1
    assert body.count("<dd>€7.50</dd>") == 1
    assert body.count("<dd>Wanda</dd>") == 2
    assert body.count("<dd>Grande salle</dd>") == 2
    local = on_sale.local_start
    assert body.count(f"{local:%A} {local.day} {local:%B %Y}, 20:00") == 3  # summary + 2
    for ticket in (first, second):
        assert f'src="/en/billet/{ticket.code}/qr.svg"' in body
        assert f'href="/en/billet/{ticket.code}/annuler/?next=' in body
    held_until = (on_sale.starts_at - dt.timedelta(minutes=15)).astimezone(on_sale.zone)
    assert f"To pay at the door: €7.50. Your seats are held until {held_until:%H:%M}" in body
    assert f'href="/en/reservation/{made.code}/billets.pdf"' in body


def test_the_french_page_writes_prices_and_dates_the_french_way(signed_in, on_sale):
    signed_in.post(book_url(on_sale, "fr"), prices_form("0", "7.50"))
    made = Booking.objects.get()
    assert made.language == "fr"
    body = page(signed_in.get(booking_url(made, "fr")))
    assert body.count("<dd>7,50\u00a0€</dd>") == 1
    assert body.count("<dd>0,00\u00a0€</dd>") == 1
    local = on_sale.local_start
    assert f"{french_day(local)}, 20:00" in body


def test_a_double_click_books_once(signed_in, on_sale):
    first = signed_in.post(book_url(on_sale), prices_form("5", "5"))
    second = signed_in.post(book_url(on_sale), prices_form("5", "5"))
    made = Booking.objects.get()
    assert first["Location"] == second["Location"] == booking_url(made)
    assert Ticket.objects.count() == 2
    body = page(signed_in.get(second["Location"]))
    assert "This booking was made already: here it is." in body


def test_paying_online_sends_the_member_to_the_provider(signed_in, on_sale):
    response = signed_in.post(book_url(on_sale), prices_form("6", payment="test"))
    made = Booking.objects.get()
    assert made.status == Booking.Status.AWAITING_PAYMENT
    with translation.override("en"):
        assert response["Location"] == reverse("payments:test_provider", args=[made.payment.code])


def test_nothing_to_pay_needs_no_payment(signed_in, on_sale):
    response = signed_in.post(book_url(on_sale), prices_form("0", "0", payment="test"))
    made = Booking.objects.get()
    assert response["Location"] == booking_url(made)
    assert made.status == Booking.Status.CONFIRMED
    assert made.payment is None


# --- refusals that write nothing --------------------------------------------------------------
def _refusal(price, venue):
    with translation.override("en"), pytest.raises(BookingRefused) as refused:
        parse_price(price, venue)
    return refused.value


@pytest.mark.parametrize(
    ("price", "code"),
    [
        ("-1", "price_negative"),
        ("7.555", "price_decimals"),
        ("sept", "price_invalid"),
        ("200.01", "price_ceiling"),
        # Other scripts' digits are not read as prices ("٣" would be 3, "²" 2).
        ("٣", "price_invalid"),
        ("1²", "price_invalid"),
        ("1e1", "price_invalid"),
    ],
)
def test_a_bad_price_is_refused_beside_its_field(signed_in, on_sale, venue, price, code):
    venue.refresh_from_db()  # the price ceiling as stored: 200.00
    refusal = _refusal(price, venue)
    assert refusal.code == code
    response = signed_in.post(book_url(on_sale), prices_form("5", price))
    assert response.status_code == 400
    assert counts() == (0, 0, 0)
    body = page(response)
    assert (
        f'<ul class="errorlist" id="id_price_2_error"><li>{html.escape(refusal.message)}</li></ul>'
    ) in body
    assert 'id="id_price_1_error"' not in body
    # What was typed stays, and the same key is kept for the corrected form.
    assert f'value="{html.escape(price)}"' in body
    assert f'name="key" value="{KEY}"' in body


def test_a_seat_without_a_price_is_refused(signed_in, on_sale):
    data = prices_form("5", "")
    response = signed_in.post(book_url(on_sale), data)
    assert response.status_code == 400
    assert "Choose a price for this seat (€0 is allowed)." in page(response)
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"status": Screening.Status.DRAFT}, "This screening is not on the programme yet."),
        ({"status": Screening.Status.CANCELLED}, "This screening is cancelled."),
        ({"starts_at": dt.datetime(2020, 1, 8, 19, tzinfo=dt.UTC)}, "booking is closed"),
    ],
)
def test_a_screening_not_on_sale_is_refused_with_the_reason(signed_in, on_sale, change, reason):
    Screening.objects.filter(pk=on_sale.pk).update(**change)
    response = signed_in.post(book_url(on_sale), prices_form("5"))
    assert response.status_code == 400
    assert reason in page(response)
    assert 'name="price_1' not in page(response)
    assert counts() == (0, 0, 0)


def test_a_screening_sold_out_online_is_refused_with_the_reason(signed_in, on_sale, make_member):
    Screening.objects.filter(pk=on_sale.pk).update(online_quota=1)
    book(on_sale, user=make_member("ahmed"), prices=["5"])
    before = counts()
    response = signed_in.post(book_url(on_sale), prices_form("5"))
    assert response.status_code == 400
    assert "No seats are left online. Join the waiting list, or come to the door" in page(response)
    assert counts() == before
    # Asked again, the page offers the waiting list and the door instead of the form.
    body = page(signed_in.get(book_url(on_sale)))
    assert "Sold out online: join the waiting list or come to the door (119 seats" in body
    assert f'action="/en/seance/{on_sale.pk}/liste-d-attente/"' in body
    assert 'name="price_1' not in body


def test_a_workshop_is_booked_by_registering(signed_in, on_sale):
    Screening.objects.filter(pk=on_sale.pk).update(kind=Screening.Kind.WORKSHOP)
    response = signed_in.get(book_url(on_sale))
    assert response["Location"] == f"/en/seance/{on_sale.pk}/inscription/"


# --- the booking's page, its QR codes, its PDF, and cancelling --------------------------------
@pytest.fixture
def booked(on_sale, paid_member):
    made, _ = book(on_sale, user=paid_member, prices=["0", "7.50"], language="en")
    return made


def test_another_persons_booking_is_not_found(client, booked, outsider):
    client.force_login(outsider)
    assert client.get(booking_url(booked)).status_code == 404
    ticket = booked.tickets.first()
    assert client.get(f"/en/billet/{ticket.code}/qr.svg").status_code == 404
    assert client.get(f"/en/reservation/{booked.code}/billets.pdf").status_code == 404
    assert client.post(f"/en/billet/{ticket.code}/annuler/").status_code == 404
    assert booked.tickets.filter(status=Ticket.Status.CANCELLED).count() == 0


def test_staff_who_may_see_tickets_see_the_booking_but_cannot_cancel_it(client, booked, treasurer):
    client.force_login(treasurer)
    response = client.get(booking_url(booked))
    assert response.status_code == 200
    assert "/annuler/" not in page(response)
    ticket = booked.tickets.first()
    assert client.post(f"/en/billet/{ticket.code}/annuler/").status_code == 404


def test_the_qr_code_and_the_pdf_are_the_owners(signed_in, booked):
    ticket = booked.tickets.first()
    qr = signed_in.get(f"/en/billet/{ticket.code}/qr.svg")
    assert qr.status_code == 200
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content
    pdf = signed_in.get(f"/en/reservation/{booked.code}/billets.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_member_cancels_one_ticket_and_keeps_the_other(signed_in, booked):
    first, second = booked.tickets.order_by("number")
    response = signed_in.post(f"/en/billet/{second.code}/annuler/", {"next": booking_url(booked)})
    assert response.status_code == 302
    assert response["Location"] == booking_url(booked)
    second.refresh_from_db()
    first.refresh_from_db()
    # The 0 € ticket left owes nothing at the door: it stands as paid.
    assert (first.price, first.status, second.status) == (0, Ticket.Status.PAID, "cancelled")
    body = page(signed_in.get(booking_url(booked)))
    assert f"Ticket {second} is cancelled: its seat is back on sale." in body
    assert f'href="/en/billet/{first.code}/annuler/?next=' in body
    assert f"/en/billet/{second.code}/annuler/" not in body
    assert f'src="/en/billet/{second.code}/qr.svg"' not in body
    assert "<dd>Cancelled</dd>" in body


def test_cancelling_asks_first_then_is_a_post_and_goes_back_only_to_this_site(signed_in, booked):
    ticket = booked.tickets.first()
    asked = signed_in.get(
        f"/en/billet/{ticket.code}/annuler/", {"next": "https://elsewhere.example/"}
    )
    assert asked.status_code == 200
    assert 'name="next" value="https://elsewhere.example/"' not in page(asked)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.BOOKED  # asking changes nothing
    response = signed_in.post(
        f"/en/billet/{ticket.code}/annuler/", {"next": "https://elsewhere.example/"}
    )
    assert response["Location"] == booking_url(booked)


def test_cancelling_too_late_says_why(signed_in, booked, time_machine):
    time_machine.move_to(booked.screening.starts_at - dt.timedelta(minutes=30))
    ticket = booked.tickets.first()
    response = signed_in.post(f"/en/billet/{ticket.code}/annuler/", follow=True)
    assert "Cancelling closes 60 minutes before the start." in page(response)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.BOOKED
    assert "/annuler/" not in page(response)  # no button once too late


# --- the seats left, loaded by the cached screening page --------------------------------------
def test_the_screening_page_loads_the_seats_and_keeps_a_plain_link(client, on_sale):
    body = page(client.get(f"/en/seance/{on_sale.pk}/"))
    assert f'hx-get="/en/seance/{on_sale.pk}/places/"' in body
    assert 'hx-trigger="load"' in body
    assert f'<a class="button" href="/en/seance/{on_sale.pk}/reserver/">Book a seat</a>' in body
    assert "left online" not in body


def test_the_cached_screening_page_shows_no_live_number(client, on_sale, paid_member):
    before = page(client.get(f"/en/seance/{on_sale.pk}/"))
    book(on_sale, user=paid_member, prices=["5"])
    assert page(client.get(f"/en/seance/{on_sale.pk}/")) == before
    assert "83 seats left online" in page(client.get(f"/en/seance/{on_sale.pk}/places/"))


def test_the_seats_fragment_offers_to_book(client, on_sale):
    response = client.get(f"/en/seance/{on_sale.pk}/places/")
    assert "no-cache" in response["Cache-Control"]
    body = page(response)
    assert "84 seats left online" in body
    assert f'href="/en/seance/{on_sale.pk}/reserver/"' in body


def test_the_seats_fragment_says_sold_out_online_and_offers_the_waiting_list(
    client, on_sale, make_member
):
    Screening.objects.filter(pk=on_sale.pk).update(online_quota=2)
    book(on_sale, user=make_member("ahmed"), prices=["5", "5"])
    body = page(client.get(f"/en/seance/{on_sale.pk}/places/"))
    assert (
        "Sold out online: join the waiting list or come to the door (118 seats kept for the door)."
    ) in body
    assert f'action="/en/seance/{on_sale.pk}/liste-d-attente/"' in body
    assert 'name="email"' in body  # a visitor types an address
    assert "/reserver/" not in body


@pytest.mark.parametrize(
    "change",
    [
        {"status": Screening.Status.DRAFT},
        {"status": Screening.Status.CANCELLED},
        {"starts_at": dt.datetime(2020, 1, 8, 19, tzinfo=dt.UTC)},
    ],
)
def test_the_seats_fragment_is_empty_when_there_is_nothing_to_book(client, on_sale, change):
    Screening.objects.filter(pk=on_sale.pk).update(**change)
    response = client.get(f"/en/seance/{on_sale.pk}/places/")
    assert response.status_code == 200
    assert page(response).strip() == ""


# --- the confirmation email --------------------------------------------------------------------
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_confirmation_email_is_in_the_language_of_the_page(
    signed_in, on_sale, venue, language, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(book_url(on_sale, language), prices_form("0", "7.50"))
    made = Booking.objects.get()
    (message,) = mail.outbox
    with translation.override(language):
        subject = translation.gettext("Your booking: %(title)s") % {"title": "Wanda"}
        link = reverse("tickets:booking", args=[made.code])
    assert message.subject == subject.strip()
    assert f"http://127.0.0.1:8000{link}" in message.body
    assert number(1, venue) in message.body and number(2, venue) in message.body
    local = on_sale.local_start
    if language == "en":
        assert link.startswith("/en/")
        assert f"{local:%A} {local.day} {local:%B %Y}, 20:00" in message.body
        assert ": €0.00\n" in message.body and ": €7.50\n" in message.body
        held_until = (on_sale.starts_at - dt.timedelta(minutes=15)).astimezone(on_sale.zone)
        assert (
            f"To pay at the door: €7.50. Come by {held_until:%H:%M} (15 minutes before the start)"
            in message.body
        )
    else:
        assert not link.startswith("/en/")
        assert f"{french_day(local)}, 20:00" in message.body
        assert ": 0,00\u00a0€\n" in message.body and ": 7,50\u00a0€\n" in message.body
        door = french(
            "To pay at the door: %(total)s. Come by %(time)s (%(minutes)s minutes before the "
            "start) to pay, or the seats go back on sale."
        )
        held_until = (on_sale.starts_at - dt.timedelta(minutes=15)).astimezone(on_sale.zone)
        values = {"total": "7,50\u00a0€", "time": f"{held_until:%H:%M}", "minutes": 15}
        assert door % values in message.body
