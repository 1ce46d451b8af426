"""Booking with trust: the person is told what they already hold, cancelling asks first and
says what is refunded (on the page and by email), and the confirmation carries the tickets
and the screening for a calendar, with the time to come by when paying at the door."""

import datetime as dt
import io
from decimal import Decimal

import icalendar
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from clef.payments import services as payments
from clef.payments.models import Payment
from clef.tickets.booking import book
from clef.tickets.models import Ticket


def test_the_booking_form_says_how_many_seats_one_already_holds(client, on_sale, paid_member):
    book(on_sale, user=paid_member, prices=["5", "5"], method="door")
    client.force_login(paid_member)
    page = client.get(f"/seance/{on_sale.pk}/reserver/").content.decode()
    assert "You already hold 2 seats for this screening" in page or (
        "Vous avez déjà 2 places pour cette séance" in page
    )


def test_the_booking_form_says_nothing_to_someone_holding_no_seat(client, on_sale, paid_member):
    client.force_login(paid_member)
    page = client.get(f"/en/seance/{on_sale.pk}/reserver/").content.decode()
    assert "You already hold" not in page
    assert "data-booking-total" in page


def test_cancelling_asks_first_and_says_what_is_refunded(
    client, paid_ticket, paid_member, django_capture_on_commit_callbacks
):
    client.force_login(paid_member)
    address = f"/en/billet/{paid_ticket.code}/annuler/"
    page = client.get(address).content.decode()
    assert f"Cancel ticket {paid_ticket}?" in page
    assert "€7.50 will be refunded" in page
    paid_ticket.refresh_from_db()
    assert paid_ticket.status == Ticket.Status.PAID  # looking changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(address, follow=True)
    paid_ticket.refresh_from_db()
    assert paid_ticket.status == Ticket.Status.CANCELLED
    assert "€7.50 will be refunded" in response.content.decode()
    refund = Payment.objects.get(amount=Decimal("-7.50"))
    assert refund.status == Payment.Status.PAID
    [email] = [m for m in mail.outbox if str(paid_ticket) in m.subject]
    assert "7,50" in email.body  # the member's language: French
    assert email.body.startswith("Bonjour Mila,")


def test_cancelling_an_unpaid_ticket_says_nothing_is_refunded(
    client, held_ticket, django_capture_on_commit_callbacks
):
    client.force_login(held_ticket.booking.person)
    page = client.get(f"/en/billet/{held_ticket.code}/annuler/").content.decode()
    assert "there is nothing to refund" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/billet/{held_ticket.code}/annuler/")
    [email] = [m for m in mail.outbox if str(held_ticket) in m.subject]
    assert "rembourser" in email.body


def test_nobody_else_sees_the_cancel_page_of_a_ticket(client, paid_ticket, make_member):
    client.force_login(make_member("hugo"))
    assert client.get(f"/billet/{paid_ticket.code}/annuler/").status_code == 404
    assert client.post(f"/billet/{paid_ticket.code}/annuler/").status_code == 404
    paid_ticket.refresh_from_db()
    assert paid_ticket.status == Ticket.Status.PAID


def test_the_confirmation_carries_the_tickets_and_the_screening_for_a_calendar(
    on_sale, paid_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking, _ = book(on_sale, user=paid_member, prices=["5"], method="door")
    [email] = mail.outbox
    names = {name: (content, kind) for name, content, kind in email.attachments}
    pdf, kind = names[f"{booking.venue.slug}-{booking.code}.pdf"]
    assert kind == "application/pdf"
    ticket = booking.tickets.get()
    assert str(ticket) in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    ics, kind = names[f"{booking.venue.slug}-{on_sale.pk}.ics"]
    assert kind == "text/calendar"
    [event] = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert str(event["uid"]).startswith(f"screening-{on_sale.pk}@")
    assert event.decoded("dtstart") == on_sale.starts_at
    # To pay at the door: by when to come, in Paris time.
    held_until = on_sale.starts_at - dt.timedelta(minutes=booking.venue.door_hold_minutes)
    assert timezone.localtime(held_until).strftime("%H:%M") in email.body


def test_a_paid_booking_is_confirmed_with_its_attachments_too(
    on_sale, paid_member, django_capture_on_commit_callbacks
):
    booking, _ = book(on_sale, user=paid_member, prices=["4"], method="test")
    with django_capture_on_commit_callbacks(execute=True):
        payments.mark_paid(booking.payment)
    [email] = mail.outbox
    assert len(email.attachments) == 2
