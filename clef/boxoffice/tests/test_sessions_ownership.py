"""A till session belongs to its cashier: another cashier cannot sell into it, undo its
sales, take money into it or close it (403, with the reason, nothing written); handing
over is closing, then opening one's own. An administrator closes an abandoned session,
and the journal says so."""

import json
import logging
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from clef.boxoffice import door_sales, reversals, sales, sessions
from clef.boxoffice.sales import Order
from clef.lib import roles
from clef.lib.refusals import Forbidden
from clef.tickets.booking import book
from clef.tickets.models import Ticket

pytestmark = pytest.mark.django_db

NOT_YOURS = (
    "This till session is camille's: only they may sell, undo, take money or close in it. "
    "To take over, they count the cash and close, then you open your own session."
)


def url(name, *args):
    with translation.override("en"):
        return reverse(f"boxoffice:{name}", args=args)


def person(username, role=None, **fields):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", **fields
    )
    if role:
        user.groups.add(roles.ensure_roles()[role])
    return user


@pytest.fixture
def administrator(db):
    return person("ada", roles.ADMINISTRATOR, first_name="Ada", last_name="Lovelace")


# --- the services ---------------------------------------------------------------------
def test_another_cashier_cannot_sell_undo_collect_or_close(
    till_session, tonight, cashier, other_cashier, paid_member, written
):
    sale, _ = sales.sell(
        till_session, Order(screening=tonight, prices=["5"]), method="cash", by=cashier
    )
    booking, _ = book(tonight, user=paid_member, prices=["6"], method="door")
    held = booking.tickets.get()
    before = written()
    attempts = [
        lambda: sales.sell(
            till_session, Order(screening=tonight, prices=["5"]), method="cash", by=other_cashier
        ),
        lambda: reversals.undo(sale, by=other_cashier),
        lambda: door_sales.collect(
            till_session, tonight, held.code, method="cash", by=other_cashier
        ),
        lambda: sessions.close_session(till_session, counts={}, by=other_cashier),
    ]
    for attempt in attempts:
        with translation.override("en"), pytest.raises(Forbidden) as refused:
            attempt()
        assert (refused.value.code, refused.value.message) == ("not_your_session", NOT_YOURS)
    assert written() == before
    held.refresh_from_db()
    assert held.status == Ticket.Status.BOOKED


def test_handing_over_is_closing_then_opening_ones_own(
    till, till_session, tonight, cashier, other_cashier
):
    sessions.close_session(till_session, counts={"100.00": "1"}, by=cashier)
    mine = sessions.open_session(till, cashier=other_cashier, opening_float="100")
    sale, _ = sales.sell(
        mine, Order(screening=tonight, prices=["5"]), method="cash", by=other_cashier
    )
    assert (sale.session, sale.cashier) == (mine, other_cashier)
    assert sessions.expected_cash(mine) == Decimal("105.00")


def test_an_administrator_closes_an_abandoned_session_and_the_journal_says_so(
    till_session, tonight, cashier, administrator, caplog
):
    sales.sell(till_session, Order(screening=tonight, prices=["8"]), method="cash", by=cashier)
    with caplog.at_level(logging.INFO, logger="clef.actions"):
        closed = sessions.close_session(
            till_session, counts={"100.00": "1"}, by=administrator, comment="Parti sans fermer"
        )
    assert (closed.closed_by, closed.expected, closed.counted, closed.difference) == (
        administrator,
        Decimal("108.00"),
        Decimal("100.00"),
        Decimal("-8.00"),
    )
    body = json.loads(closed.journal.get(kind="session_closed").body)
    assert (body["cashier"], body["closed_by"], body["abandoned"]) == (
        "camille",
        "Ada Lovelace",
        True,
    )
    assert any(
        "boxoffice.session.closed_abandoned by=ada" in message and "cashier=camille" in message
        for message in caplog.messages
    )


def test_a_superuser_may_close_an_abandoned_session_too(till_session, db):
    root = person("root", is_superuser=True)
    closed = sessions.close_session(till_session, counts={}, by=root)
    assert json.loads(closed.journal.get(kind="session_closed").body)["abandoned"] is True


def test_a_session_closed_by_its_cashier_does_not_say_abandoned(till_session, cashier):
    closed = sessions.close_session(till_session, counts={}, by=cashier)
    body = json.loads(closed.journal.get(kind="session_closed").body)
    assert "abandoned" not in body and "closed_by" not in body
    assert body["cashier"] == "camille"


# --- the pages ------------------------------------------------------------------------
def test_another_cashier_sees_whose_till_it_is_and_no_sale_form(
    client, till, till_session, other_cashier
):
    client.force_login(other_cashier)
    page = client.get(url("till", till.pk)).content.decode()
    assert "This till is camille's" in page
    assert 'name="prices"' not in page
    assert url("close", till.pk) not in page


def test_another_cashiers_sell_undo_checkin_and_close_are_403_on_the_pages(
    client, till, till_session, tonight, cashier, other_cashier, paid_member, written
):
    sale, _ = sales.sell(
        till_session, Order(screening=tonight, prices=["5"]), method="cash", by=cashier
    )
    booking, _ = book(tonight, user=paid_member, prices=["6"], method="door")
    held = booking.tickets.get()
    client.force_login(other_cashier)
    before = written()
    responses = [
        client.post(
            url("sell", till.pk),
            {"key": "k1", "session": till_session.pk, "screening": tonight.pk, "prices": "5"},
        ),
        client.post(url("undo", sale.code)),
        client.post(
            url("checkin", till.pk),
            {"screening": tonight.pk, "raw": held.code, "collect": "cash", "key": "k2"},
        ),
        client.get(url("close", till.pk)),
        client.post(url("close", till.pk), {"100.00": "1"}),
    ]
    for response in responses:
        assert response.status_code == 403
        assert escape(NOT_YOURS) in response.content.decode()
    assert written() == before


def test_an_administrator_closes_an_abandoned_session_from_the_page(
    client, till, till_session, administrator
):
    client.force_login(administrator)
    screen = client.get(url("till", till.pk)).content.decode()
    assert url("close", till.pk) in screen
    page = client.get(url("close", till.pk)).content.decode()
    assert "You are closing camille's session as abandoned" in page
    response = client.post(url("close", till.pk), {"50.00": "2"})
    assert response.status_code == 303
    till_session.refresh_from_db()
    assert (till_session.closed_by, till_session.counted) == (administrator, Decimal("100.00"))
