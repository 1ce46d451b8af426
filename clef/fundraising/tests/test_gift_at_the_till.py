"""The till's gift input: a gift typed on the till's screen is sold as a line of its
own, recorded as a gift, refused with the till's message when it cannot be read."""

from decimal import Decimal

import pytest

from clef.boxoffice import sessions
from clef.boxoffice.models import Sale, SaleLine, Till
from clef.boxoffice.tests.till_pages import said, sale_form, url
from clef.fundraising.models import Gift

pytestmark = pytest.mark.usefixtures("campaign")


@pytest.fixture
def till(venue):
    return Till.objects.create(venue=venue, name="Caisse du hall")


@pytest.fixture
def till_session(till, cashier):
    return sessions.open_session(till, cashier=cashier, opening_float="100")


def test_the_till_shows_the_gift_input(client, cashier, till, till_session):
    client.force_login(cashier)
    page = client.get(url("till", till.pk)).content.decode()
    assert 'name="gift"' in page and 'name="gift_address"' in page


def test_a_gift_typed_at_the_till_is_sold_and_recorded(client, cashier, till, till_session):
    client.force_login(cashier)
    form = sale_form(
        till_session,
        None,
        gift="15,50",
        gift_name="Jeanne Durand",
        gift_address="12 rue des Écoles, 75005 Paris",
        tendered="20",
    )
    assert client.post(url("sell", till.pk), form).status_code == 303
    sale = Sale.objects.get()
    assert (sale.total, sale.change) == (Decimal("15.50"), Decimal("4.50"))
    assert sale.lines.get().kind == SaleLine.Kind.GIFT
    gift = Gift.objects.get()
    assert (gift.amount, gift.donor_name, gift.receipts.count()) == (
        Decimal("15.50"),
        "Jeanne Durand",
        1,
    )


@pytest.mark.parametrize("typed", ["٣", "²", "x" * 5000])
def test_the_till_refuses_a_gift_it_cannot_read(client, cashier, till, till_session, typed):
    client.force_login(cashier)
    response = client.post(url("sell", till.pk), sale_form(till_session, None, gift=typed))
    assert response.status_code == 422
    assert said("Type an amount in euros, like 10 or 7.50.") in response.content.decode()
    assert not Sale.objects.exists() and not Gift.objects.exists()


def test_the_till_refuses_a_gift_above_the_ceiling(client, cashier, till, till_session):
    client.force_login(cashier)
    response = client.post(url("sell", till.pk), sale_form(till_session, None, gift="1" * 25))
    assert response.status_code == 422
    assert not Sale.objects.exists() and not Gift.objects.exists()
