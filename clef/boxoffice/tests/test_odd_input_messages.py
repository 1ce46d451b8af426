"""What odd input gets on the till, the door, the treasurer's pages and the back office:
a clear message in the reader's language and nothing written (the property test,
``test_odd_input.py``, checks that no field answers 500)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.html import escape

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_cashier(cashier):
    client = Client()
    client.force_login(cashier)
    return client


@pytest.fixture
def as_treasurer(treasurer, venue):
    client = Client()
    client.force_login(treasurer)
    return client


def error_of(response):
    """The message the till's screen shows at its top (``role="alert"``)."""
    error = response.context["error"]
    assert f'role="alert" tabindex="-1" data-error><p>{escape(error)}</p>' in (
        response.content.decode()
    )
    return error


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"membership": "10", "person": "²"}, "This person is not known: search again."),
        ({"membership": "10", "person": "9" * 30}, "This person is not known: search again."),
        (
            {"prices": "٣", "screening": "{screening}"},
            "“٣” is not a price: type euros, like 5 or 7.50.",
        ),
        (
            {"prices": "5", "screening": "²"},
            "This screening is not one the till sells now: choose one in the list.",
        ),
        ({"product-{drink}": "٣"}, "A quantity is a whole number, like 1 or 2."),
        ({"membership": "١٠", "first_name": "Ana"}, "Type an amount in euros, like 10 or 7.50."),
        (
            {"prices": "5", "screening": "{screening}", "method": "cash", "tendered": "٢٠"},
            "Type the cash given in euros, like 20 or 12.50.",
        ),
    ],
)
def test_an_odd_number_in_the_sale_form_is_refused_and_nothing_sold(
    as_cashier, till, till_session, tonight, drink, written, form, message
):
    data = {
        key.format(drink=drink.pk): value.format(screening=tonight.pk)
        for key, value in form.items()
    }
    before = written()
    response = as_cashier.post(f"/en/caisse/{till.pk}/vente/", data)
    assert response.status_code == 422
    assert error_of(response) == message
    assert written() == before


def test_an_odd_count_at_closing_is_refused_and_the_session_stays_open(
    as_cashier, till, till_session, written
):
    before = written()
    response = as_cashier.post(f"/en/caisse/{till.pk}/fermer/", {"50.00": "²", "0.01": "1"})
    assert response.status_code == 422
    assert error_of(response) == "Count of €50.00: type a whole number of pieces, like 0 or 12."
    assert written() == before


def test_an_odd_count_at_closing_is_said_in_french(as_cashier, till, till_session):
    response = as_cashier.post(f"/caisse/{till.pk}/fermer/", {"50.00": "٣"})
    assert response.status_code == 422
    assert error_of(response) == (
        "Nombre de 50,00\u00a0€ : tapez un nombre entier de pièces ou billets, comme 0 ou 12."
    )


def test_an_odd_person_searched_at_the_till_finds_nobody(as_cashier, till, till_session):
    response = as_cashier.get(f"/en/caisse/{till.pk}/", {"q": "²", "person": "²"})
    assert response.status_code == 200
    assert response.context["found"] == []
    assert response.context["picked"] is None


def test_an_odd_ticket_number_to_refund_finds_no_sale(as_cashier, till, till_session):
    response = as_cashier.get(f"/en/caisse/{till.pk}/rembourser/", {"vente": "2026-٣"})
    assert response.status_code == 404
    assert error_of(response) == "No sale has this code or ticket number."


def test_an_odd_session_at_the_door_takes_no_money(
    as_cashier, on_sale, held_ticket, till_session, written
):
    before = written()
    response = as_cashier.post(
        f"/en/porte/{on_sale.pk}/",
        {"raw": held_ticket.code, "collect": "cash", "session": "²"},
    )
    assert response.status_code == 422
    assert "Open your till session first" in response.content.decode()
    assert written() == before


def test_an_odd_till_to_open_at_the_door_is_refused(as_cashier, on_sale, till, written):
    before = written()
    response = as_cashier.post(f"/en/porte/{on_sale.pk}/ouvrir/", {"till": "٣", "float": "50"})
    assert response.status_code == 422
    assert "Choose a till to open." in response.content.decode()
    assert written() == before


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (
            "/en/tresorerie/semaine/0001-01-01/",
            "0001-01-01 is out of range: give a date from 1900-01-01 to 2999-12-31.",
        ),
        (
            "/en/tresorerie/semaine/9999-12-31/declaration.csv",
            "9999-12-31 is out of range: give a date from 1900-01-01 to 2999-12-31.",
        ),
        (
            "/en/tresorerie/mois/0001-01/",
            "0001-01-01 is out of range: give a date from 1900-01-01 to 2999-12-31.",
        ),
        (
            "/en/tresorerie/mois/9999-12/",
            "9999-12-01 is out of range: give a date from 1900-01-01 to 2999-12-31.",
        ),
        (
            "/en/tresorerie/semaine/٢٠٢٦-١١-١٨/",
            "“٢٠٢٦-١١-١٨” is not a date: write it as 2026-11-18.",
        ),
        (
            "/en/tresorerie/distributeur/{holder}/0001-01-01/",
            "0001-01-01 is out of range: give a date from 1900-01-01 to 2999-12-31.",
        ),
        (
            "/en/tresorerie/distributeur/{holder}/9999-12-31/releve.pdf",
            "9999-12-31 is out of range: give a date from 1900-01-01 to 2999-12-31.",
        ),
        ("/en/tresorerie/statistiques/?year=٢٠٢٦", "“٢٠٢٦” is not a year: write it as 2026."),
    ],
)
def test_the_treasurers_pages_refuse_year_1_and_9999_with_a_400(
    as_treasurer, make_holder, address, message
):
    response = as_treasurer.get(address.format(holder=make_holder().pk))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_treasurers_page_says_the_range_in_french(as_treasurer):
    response = as_treasurer.get("/tresorerie/semaine/0001-01-01/")
    assert response.status_code == 400
    assert (
        "0001-01-01 est hors limites : donnez une date du 1900-01-01 au 2999-12-31."
        in response.content.decode()
    )


@pytest.fixture
def as_admin(db):
    client = Client()
    client.force_login(
        get_user_model().objects.create_superuser("ada", "ada@example.org", "a-test-password-1")
    )
    return client


def test_an_odd_sequence_searched_in_the_journal_finds_nothing(as_admin, entries):
    response = as_admin.get("/en/gestion/boxoffice/journalentry/", {"q": "²"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0
    found = as_admin.get("/en/gestion/boxoffice/journalentry/", {"q": "3"})
    assert [e.sequence for e in found.context["cl"].result_list] == [3]


@pytest.mark.parametrize(
    "query",
    [
        {"created_at__year": "9" * 30},
        {"created_at__year": "9999", "created_at__month": "12"},
        {"created_at__year": "9999"},
        {"created_at__year": "1", "created_at__month": "1", "created_at__day": "1"},
        {"created_at__year": "٢٠٢٦"},
    ],
)
def test_a_date_filter_out_of_the_calendar_is_a_wrong_filter(as_admin, query):
    response = as_admin.get("/en/gestion/boxoffice/sale/", query)
    assert (response.status_code, response["Location"]) == (302, "/en/gestion/boxoffice/sale/?e=1")
