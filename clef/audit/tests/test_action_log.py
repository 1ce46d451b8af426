"""Every logged action is a row, written in the caller's transaction: who by id, when in
UTC, what, on which object, and the details as JSON."""

import datetime as dt
import logging
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction

from clef.audit.models import Action
from clef.boxoffice import sales, sessions
from clef.boxoffice.models import Till
from clef.boxoffice.sales import Order
from clef.lib.actions import actions_on, log_action
from clef.members.services import start_membership
from clef.payments import services as payments
from clef.tickets import booking as bookings

pytestmark = pytest.mark.django_db


class Undone(Exception):
    """Raised to roll a transaction back."""


@pytest.fixture
def till_session(venue, cashier):
    till = Till.objects.create(venue=venue, name="Caisse du hall")
    return sessions.open_session(till, cashier=cashier, opening_float="100")


def test_a_sale_writes_its_action_with_the_cashier_and_the_sale(till_session, cashier, on_sale):
    sale, _created = sales.sell(
        till_session, Order(screening=on_sale, prices=["6"]), method="cash", by=cashier
    )

    action = Action.objects.get(name="boxoffice.sale.made")
    assert (action.by_id, action.subject_type, action.subject_key) == (
        cashier.pk,
        "boxoffice.sale",
        sale.code,
    )
    assert action.data == {
        "sale": sale.code,
        "entry": sale.journal.get().sequence,
        "total": "6.00",
        "method": "cash",
    }


def test_a_sale_rolled_back_leaves_no_action(till_session, cashier, on_sale):
    with pytest.raises(Undone), transaction.atomic():
        sales.sell(till_session, Order(screening=on_sale, prices=["6"]), method="cash", by=cashier)
        assert Action.objects.filter(name="boxoffice.sale.made").count() == 1
        raise Undone

    assert not Action.objects.filter(name="boxoffice.sale.made").exists()


def test_a_booking_writes_its_action_in_its_transaction(on_sale, paid_member):
    with pytest.raises(Undone), transaction.atomic():
        booking, _created = bookings.book(on_sale, user=paid_member, prices=["5"])
        inside = list(
            Action.objects.filter(name="tickets.booking.created").values_list(
                "by_id", "subject_type", "subject_key"
            )
        )
        raise Undone

    assert inside == [(paid_member.pk, "tickets.booking", booking.code)]
    assert not Action.objects.filter(name="tickets.booking.created").exists()

    booking, _created = bookings.book(on_sale, user=paid_member, prices=["5"])
    action = Action.objects.get(name="tickets.booking.created")
    assert action.subject_key == booking.code
    assert action.data["total"] == "5.00"
    assert action.data["screening"] == on_sale.pk


def test_a_refund_is_listed_on_the_payment_it_gives_back(venue, member, treasurer):
    membership = start_membership(member, venue, amount=Decimal("10.00"), method="test")
    payment = payments.mark_paid(membership.payment, reference="TEST-1")

    with pytest.raises(Undone), transaction.atomic():
        payments.refund(payment, Decimal("4.00"), by=treasurer)
        assert Action.objects.filter(name="payments.payment.refunded").count() == 1
        raise Undone
    assert not Action.objects.filter(name="payments.payment.refunded").exists()

    back = payments.refund(payment, Decimal("4.00"), by=treasurer)

    history = [(a.name, a.who) for a in actions_on(payment)]
    # Newest first: who refunded it, then (among others) who paid.
    assert history[0] == ("payments.payment.refunded", "theo")
    assert history[-1] == ("payments.payment.created", "marin")
    refunded = Action.objects.get(name="payments.payment.refunded")
    assert refunded.data == {"payment": payment.pk, "refund": back.pk, "amount": "4.00"}


@time_machine.travel(dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC), tick=False)
def test_an_action_keeps_the_time_in_utc_and_dates_and_amounts_as_text(treasurer):
    log_action(
        "accounting.statement.sent",
        by=treasurer,
        holder=3,
        week=dt.date(2026, 3, 25),
        total=Decimal("116.86"),
        at=dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC),
    )

    action = Action.objects.get()
    assert action.at == dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)
    assert action.data == {
        "holder": 3,
        "week": "2026-03-25",
        "total": "116.86",
        "at": "2026-03-29T00:30:00Z",
    }
    # No "statement" detail: the action names no single statement.
    assert (action.subject_type, action.subject_key) == ("", "")


def test_an_action_names_its_object_from_its_name_and_details(venue):
    log_action("tickets.ticket.cancelled", ticket="2026-000123", booking="B0K1NG")
    log_action("tickets.booking.cancelled", tickets="2026-000124,2026-000125", bookings="B0K2")
    log_action("boxoffice.session.opened", session=7, till="Caisse du hall")
    log_action("boxoffice.screening.cancelled", screening=4, tickets=3)
    log_action("programme.screening.published", screenings="4,5")
    log_action("programme.screening.cancelled", screenings="6")
    log_action("members.membership.not_paid", payment=12, memberships=0)
    log_action("boxoffice.door.collected", sale="K7F2Q", ticket="2026-000126")
    log_action("boxoffice.product.changed", obj=venue, product=3)

    assert list(
        Action.objects.order_by("pk").values_list("name", "subject_type", "subject_key", "by_id")
    ) == [
        ("tickets.ticket.cancelled", "tickets.ticket", "2026-000123", None),
        ("tickets.booking.cancelled", "tickets.booking", "B0K2", None),
        ("boxoffice.session.opened", "boxoffice.tillsession", "7", None),
        ("boxoffice.screening.cancelled", "programme.screening", "4", None),
        ("programme.screening.published", "", "", None),
        ("programme.screening.cancelled", "programme.screening", "6", None),
        ("members.membership.not_paid", "", "", None),
        ("boxoffice.door.collected", "", "", None),
        ("boxoffice.product.changed", "venues.venue", str(venue.pk), None),
    ]


def test_logging_an_action_costs_one_insert(treasurer, django_assert_num_queries):
    log_action("payments.payment.paid", by=treasurer, payment=1)  # warm up
    with django_assert_num_queries(1) as context:
        log_action("payments.payment.paid", by=treasurer, payment=2, note="")
    assert context.captured_queries[0]["sql"].startswith("INSERT INTO")


def test_the_log_still_gets_its_line(treasurer, caplog):
    with caplog.at_level(logging.INFO, logger="clef.actions"):
        log_action("payments.payment.refunded", by=treasurer, payment=3, amount=Decimal("4.00"))

    assert [r.getMessage() for r in caplog.records] == [
        "payments.payment.refunded by=theo amount=4.00 payment=3"
    ]
