"""Cancelling a screening with tickets sold, in one step: online tickets refunded
through the provider, tickets paid at the till or the door refunded from the operator's
own session, every seat given back, every holder told in their language; a screening
already started cannot be cancelled."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation

from clef.boxoffice import cancellation, door_sales, sales, sessions
from clef.boxoffice.cancellation import CancellationRefused
from clef.boxoffice.models import JournalEntry, Sale
from clef.boxoffice.sales import Order, SaleRefused
from clef.lib import roles
from clef.members.models import Person
from clef.payments.models import Payment
from clef.payments.services import mark_paid
from clef.programme.models import Screening
from clef.tickets import seats, waitinglist
from clef.tickets.booking import book
from clef.tickets.models import Booking, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def evening(tonight, make_member, till_session, cashier):
    """Tonight's screening with: two tickets paid online (12.50 €, an English reader),
    a booking to pay at the door not paid yet (6 €), a booking paid at the door (8 €,
    cash), two tickets sold at the till (5 € and 0 €, cash, nobody named) and one to a
    member (4 €, card)."""
    anna = make_member("anna", language="en")
    online, _ = book(tonight, user=anna, prices=["7.50", "5"], method="test", language="en")
    mark_paid(online.payment)
    held, _ = book(tonight, user=make_member("bruno"), prices=["6"], method="door")
    collected, _ = book(tonight, user=make_member("chloe"), prices=["8"], method="door")
    _result, door_sale = door_sales.collect(
        till_session, tonight, collected.tickets.get().code, method="cash", by=cashier
    )
    till_sale, _ = sales.sell(
        till_session, Order(screening=tonight, prices=["5", "0"]), method="cash", by=cashier
    )
    dora = make_member("dora")
    card_sale, _ = sales.sell(
        till_session,
        Order(screening=tonight, prices=["4"], person=dora),
        method="card",
        by=cashier,
    )
    return {
        "online": online,
        "held": held,
        "collected": collected,
        "door_sale": door_sale,
        "till_sale": till_sale,
        "card_sale": card_sale,
    }


def test_the_plan_says_what_will_be_refunded(evening, tonight):
    plan = cancellation.plan(tonight)
    assert len(plan.tickets) == 7
    assert plan.online_total == Decimal("12.50")
    assert plan.till_total == Decimal("17.00")
    assert sorted(r.sale.code for r in plan.till) == sorted(
        evening[k].code for k in ("door_sale", "till_sale", "card_sale")
    )
    assert sorted(plan.holders) == [
        "anna@example.org",
        "bruno@example.org",
        "chloe@example.org",
        "dora@example.org",
    ]


def test_cancelling_refunds_everything_frees_every_seat_and_tells_everyone(
    evening, tonight, till_session, cashier, django_capture_on_commit_callbacks
):
    waitinglist.join(tonight, email="lea@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        done = cancellation.cancel_screening(tonight, by=cashier, session=till_session)

    assert (done.tickets, done.online, done.till, done.told) == (
        7,
        Decimal("12.50"),
        Decimal("17.00"),
        4,
    )
    tonight.refresh_from_db()
    assert tonight.status == Screening.Status.CANCELLED
    assert set(Ticket.objects.values_list("status", flat=True)) == {Ticket.Status.CANCELLED}
    assert seats.count(tonight).taken == 0
    assert set(Booking.objects.values_list("status", flat=True)) == {Booking.Status.CANCELLED}
    # Online: the provider gives 12.50 € back, and the journal has it.
    payment = evening["online"].payment
    assert list(Payment.objects.filter(refund_of=payment).values_list("amount", flat=True)) == [
        Decimal("-12.50")
    ]
    assert JournalEntry.objects.filter(kind=JournalEntry.Kind.ONLINE_REFUND).count() == 1
    # The till: one refund sale per sale, from the operator's session, in the journal.
    back = Sale.objects.exclude(reason="").order_by("pk")
    assert sorted((s.total, s.method) for s in back) == [
        (Decimal("-8.00"), "cash"),
        (Decimal("-5.00"), "cash"),
        (Decimal("-4.00"), "card"),
    ]
    assert {s.session_id for s in back} == {till_session.pk}
    refund_entries = JournalEntry.objects.filter(kind=JournalEntry.Kind.REFUND)
    assert sorted(json.loads(e.body)["refunds"] for e in refund_entries) == sorted(
        evening[k].code for k in ("door_sale", "till_sale", "card_sale")
    )
    assert sessions.expected_cash(till_session) == Decimal("100.00")
    # Everyone holding a ticket is told, in their language; the waiting list is not
    # told of seats nobody will sit in.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@example.org",
        "bruno@example.org",
        "chloe@example.org",
        "dora@example.org",
    ]
    letters = {m.to[0]: m for m in mail.outbox}
    with translation.override("en"):
        english_day = formats.date_format(tonight.local_start, "j F")
    with translation.override("fr"):
        french_day = formats.date_format(tonight.local_start, "j F")
    assert letters["anna@example.org"].subject.endswith(english_day)
    assert letters["bruno@example.org"].subject.endswith(french_day)
    assert "€12.50 paid online is given back" in letters["anna@example.org"].body


def test_a_screening_already_started_cannot_be_cancelled(
    evening, tonight, till_session, cashier, written
):
    before = written()
    started = tonight.starts_at + dt.timedelta(minutes=1)
    with translation.override("en"), pytest.raises(CancellationRefused) as refused:
        cancellation.cancel_screening(tonight, by=cashier, session=till_session, now=started)
    assert (refused.value.code, refused.value.message) == (
        "already_held",
        "This screening has started or been held: it cannot be cancelled any more.",
    )
    assert written() == before
    tonight.refresh_from_db()
    assert tonight.status == Screening.Status.PUBLISHED


def test_tickets_paid_at_the_till_need_the_operators_own_session(
    evening, tonight, cashier, written
):
    before = written()
    with pytest.raises(SaleRefused) as refused:
        cancellation.cancel_screening(tonight, by=cashier, session=None)
    assert refused.value.code == "no_session"
    assert written() == before


def test_a_screening_sold_only_online_needs_no_till_session(tonight, make_member, cashier):
    booking, _ = book(tonight, user=make_member("anna"), prices=["9"], method="test")
    mark_paid(booking.payment)
    done = cancellation.cancel_screening(tonight, by=cashier)
    assert (done.online, done.till) == (Decimal("9.00"), Decimal("0.00"))
    assert Payment.objects.get(refund_of=booking.payment).amount == Decimal("-9.00")


# --- the page and the back office -----------------------------------------------------
@pytest.fixture
def administrator(db):
    user = get_user_model().objects.create_user(
        username="ada", email="ada@example.org", is_staff=True
    )
    user.groups.add(roles.ensure_roles()[roles.ADMINISTRATOR])
    Person.objects.create(user=user)
    return user


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def test_the_page_shows_what_will_be_refunded_then_cancels_on_confirmation(
    client, evening, tonight, administrator, till
):
    from clef.boxoffice import sessions

    session = sessions.open_session(
        type(till).objects.create(venue=till.venue, name="Bureau"),
        cashier=administrator,
        opening_float="200",
    )
    client.force_login(administrator)
    page = client.get(en("boxoffice:cancel_screening", tonight.pk)).content.decode()
    assert "<dd data-cancel-tickets>7</dd>" in page
    assert "<dd data-cancel-online>€12.50</dd>" in page
    assert "<dd data-cancel-till>€17.00</dd>" in page
    assert "<dd data-cancel-told>4</dd>" in page
    response = client.post(en("boxoffice:cancel_screening", tonight.pk))
    assert response.status_code == 303
    tonight.refresh_from_db()
    assert tonight.status == Screening.Status.CANCELLED
    assert sessions.expected_cash(session) == Decimal("187.00")


def test_the_page_refuses_people_who_do_not_run_the_programme(client, tonight, cashier):
    client.force_login(cashier)
    assert client.get(en("boxoffice:cancel_screening", tonight.pk)).status_code == 403


def test_the_back_offices_cancel_refuses_a_held_screening_and_points_to_the_page(
    client, administrator, make_screening, venue, tonight, make_member
):
    past = timezone.localtime(timezone.now() - dt.timedelta(days=1), venue.zone)
    held = make_screening(past.date(), past.strftime("%H:%M"), title="Hier")
    book(tonight, user=make_member("anna"), prices=["0"])
    empty = make_screening(venue.local_date() + dt.timedelta(days=3), "18:00", title="Vide")
    client.force_login(administrator)
    changelist = en("admin:programme_screening_changelist")
    response = client.post(
        changelist,
        {"action": "cancel", "_selected_action": [held.pk, tonight.pk, empty.pk]},
        follow=True,
    )
    page = response.content.decode()
    statuses = dict(Screening.objects.values_list("title", "status"))
    assert statuses["Hier"] == Screening.Status.PUBLISHED
    assert Screening.objects.get(pk=tonight.pk).status == Screening.Status.PUBLISHED
    assert statuses["Vide"] == Screening.Status.CANCELLED
    assert "has started or been held: it cannot be cancelled" in page
    assert en("boxoffice:cancel_screening", tonight.pk) in page
