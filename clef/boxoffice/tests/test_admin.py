"""The till in the back office: the treasurer keeps the bar's catalogue; what touched money
is shown and never changed, not even by an administrator."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clef.boxoffice import sales, sessions
from clef.boxoffice.models import Closing, JournalEntry, Product, Sale, SaleLine, Till
from clef.boxoffice.sales import Order

pytestmark = pytest.mark.django_db

BASE = "/en/gestion/boxoffice"
NO_VAT_RATE_MESSAGE = "Choose the VAT rate from the list: the till sells nothing without one."


@pytest.fixture
def treasurer_client(client, treasurer):
    client.force_login(treasurer)
    return client


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("ada", "ada@example.org", "x")
    client.force_login(user)
    return client


def product_form(venue, **fields):
    return {
        "venue": venue.pk,
        "name": "Café",
        "name_en": "Coffee",
        "price": "1.50",
        "vat_rate": "10.00",
        "active": "on",
        "position": "1",
        **fields,
    }


def sell_a_few(session, screening, drink, cashier, count):
    made = []
    for _ in range(count):
        order = Order(screening=screening, prices=["5", "0"], products={drink: 1})
        sale, _created = sales.sell(session, order, method="cash", tendered="20", by=cashier)
        made.append(sale)
    return made


# --- the catalogue ----------------------------------------------------------------------
def test_a_treasurer_adds_a_product_to_the_bar(treasurer_client, venue):
    response = treasurer_client.post(f"{BASE}/product/add/", product_form(venue))

    assert response.status_code == 302
    product = Product.objects.get()
    assert (product.venue, product.name, product.name_en) == (venue, "Café", "Coffee")
    assert (product.price, product.vat_rate, product.active, product.position) == (
        Decimal("1.50"),
        Decimal("10.00"),
        True,
        1,
    )


def test_the_add_form_proposes_the_venue(treasurer_client, venue):
    response = treasurer_client.get(f"{BASE}/product/add/")

    assert response.status_code == 200
    assert response.context["adminform"].form.initial["venue"] == venue.pk


def test_a_treasurer_changes_a_price_and_takes_a_product_off_sale(treasurer_client, venue, drink):
    response = treasurer_client.post(
        f"{BASE}/product/{drink.pk}/change/",
        product_form(venue, name="Limonade", name_en="Lemonade", price="3", active=""),
    )

    assert response.status_code == 302
    drink.refresh_from_db()
    assert (drink.price, drink.vat_rate, drink.active) == (Decimal("3.00"), Decimal("10.00"), False)


def test_it_refuses_a_product_without_a_vat_rate(treasurer_client, venue):
    response = treasurer_client.post(f"{BASE}/product/add/", product_form(venue, vat_rate=""))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"vat_rate": [NO_VAT_RATE_MESSAGE]}
    assert NO_VAT_RATE_MESSAGE in response.content.decode()
    assert not Product.objects.exists()


def test_it_refuses_a_vat_rate_not_in_the_list(treasurer_client, venue):
    response = treasurer_client.post(f"{BASE}/product/add/", product_form(venue, vat_rate="7.00"))

    assert response.context["adminform"].form.errors == {"vat_rate": [NO_VAT_RATE_MESSAGE]}
    assert not Product.objects.exists()


def test_it_refuses_a_negative_price(treasurer_client, venue, drink):
    response = treasurer_client.post(
        f"{BASE}/product/{drink.pk}/change/",
        product_form(venue, name="Limonade", price="-1.00"),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"price": ["A price cannot be below 0."]}
    drink.refresh_from_db()
    assert (drink.name_en, drink.price) == ("Lemonade", Decimal("2.50"))


def test_it_refuses_a_second_product_of_the_same_name(treasurer_client, venue, drink):
    response = treasurer_client.post(f"{BASE}/product/add/", product_form(venue, name="Limonade"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Product.objects.count() == 1


def changelist_post(products, **changes):
    data = {
        "form-TOTAL_FORMS": str(len(products)),
        "form-INITIAL_FORMS": str(len(products)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for i, product in enumerate(products):
        row = {
            "id": product.pk,
            "price": str(product.price),
            "vat_rate": f"{product.vat_rate:.2f}",
            "active": "on" if product.active else "",
            "position": str(product.position),
            **changes.get(product.name, {}),
        }
        data.update({f"form-{i}-{key}": value for key, value in row.items() if value != ""})
    return data


def test_prices_and_positions_are_edited_in_the_list(treasurer_client, drink, beer):
    products = list(Product.objects.order_by("position", "name"))
    response = treasurer_client.post(
        f"{BASE}/product/",
        changelist_post(products, **{"Bière": {"price": "4.50", "position": "1"}}),
    )

    assert response.status_code == 302
    beer.refresh_from_db()
    drink.refresh_from_db()
    assert (beer.price, beer.position) == (Decimal("4.50"), 1)
    assert (drink.price, drink.position) == (Decimal("2.50"), 0)


def test_the_list_refuses_to_clear_a_vat_rate(treasurer_client, drink, beer):
    products = list(Product.objects.order_by("position", "name"))
    response = treasurer_client.post(
        f"{BASE}/product/",
        changelist_post(products, **{"Bière": {"vat_rate": "", "price": "9"}}),
    )

    assert response.status_code == 200
    errors = [form.errors for form in response.context["cl"].formset.forms]
    assert {"vat_rate": [NO_VAT_RATE_MESSAGE]} in errors
    beer.refresh_from_db()
    assert (beer.price, beer.vat_rate) == (Decimal("4.00"), Decimal("20.00"))


def test_actions_put_products_on_and_off_sale(treasurer_client, drink, beer):
    off = treasurer_client.post(
        f"{BASE}/product/",
        {"action": "take_off_sale", "_selected_action": [drink.pk, beer.pk]},
    )
    assert off.status_code == 302
    assert list(Product.objects.filter(active=True)) == []

    on = treasurer_client.post(
        f"{BASE}/product/", {"action": "put_on_sale", "_selected_action": [beer.pk]}, follow=True
    )
    assert "1 product put on sale." in on.content.decode()
    assert list(Product.objects.filter(active=True)) == [beer]


def test_products_are_found_by_name_and_filtered_by_vat_rate(treasurer_client, drink, beer):
    found = treasurer_client.get(f"{BASE}/product/", {"q": "lemon"})
    at_twenty = treasurer_client.get(f"{BASE}/product/", {"vat_rate__exact": "20.00"})
    off_sale = treasurer_client.get(f"{BASE}/product/", {"active__exact": "0"})

    assert list(found.context["cl"].result_list) == [drink]
    assert list(at_twenty.context["cl"].result_list) == [beer]
    assert list(off_sale.context["cl"].result_list) == []


def test_a_cashier_cannot_change_the_catalogue(client, cashier, venue, drink):
    client.force_login(cashier)

    response = client.post(f"{BASE}/product/add/", product_form(venue, name="Thé"))

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Product.objects.count() == 1


def test_a_treasurer_adds_a_till(treasurer_client, venue):
    response = treasurer_client.post(
        f"{BASE}/till/add/", {"venue": venue.pk, "name": "Bar", "active": "on"}
    )

    assert response.status_code == 302
    assert list(Till.objects.values_list("name", "active")) == [("Bar", True)]


def test_a_till_that_took_money_cannot_be_deleted(superuser_client, till_session):
    till = till_session.till

    response = superuser_client.post(f"{BASE}/till/{till.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert Till.objects.filter(pk=till.pk).exists()


# --- what touched money: shown, never changed -------------------------------------------
@pytest.fixture
def closing(till_session, record_closing):
    """The day closed after its session was opened (entry 1)."""
    return record_closing(1)


@pytest.mark.parametrize("who", ["superuser_client", "treasurer_client"])
def test_nobody_changes_or_deletes_a_sale_an_entry_or_a_closing(
    request, who, till_session, tonight, drink, cashier, closing
):
    browser = request.getfixturevalue(who)
    (sale,) = sell_a_few(till_session, tonight, drink, cashier, 1)
    entry = sale.journal.get()
    before = (Sale.objects.count(), SaleLine.objects.count(), JournalEntry.objects.count())

    for model, obj in [("sale", sale), ("journalentry", entry), ("closing", closing)]:
        page = browser.get(f"{BASE}/{model}/{obj.pk}/change/")
        assert page.status_code == 200, model
        assert 'name="_save"' not in page.content.decode(), model
        assert browser.get(f"{BASE}/{model}/add/").status_code == 403, model
        assert browser.post(f"{BASE}/{model}/{obj.pk}/delete/", {"post": "yes"}).status_code == (
            403
        ), model
        # A forged change form changes nothing either.
        assert browser.post(f"{BASE}/{model}/{obj.pk}/change/", {"total": "0"}).status_code == 403
    assert browser.post(
        f"{BASE}/sale/", {"action": "delete_selected", "_selected_action": [sale.pk]}
    ).status_code in (200, 302)

    sale.refresh_from_db()
    assert sale.total == Decimal("7.50")
    assert (Sale.objects.count(), SaleLine.objects.count(), JournalEntry.objects.count()) == before
    assert Closing.objects.count() == 1


def test_a_sale_shows_its_lines(superuser_client, till_session, tonight, drink, cashier):
    (sale,) = sell_a_few(till_session, tonight, drink, cashier, 1)

    response = superuser_client.get(f"{BASE}/sale/{sale.pk}/change/")

    formset = response.context["inline_admin_formsets"][0].formset
    assert [line.kind for line in formset.queryset] == ["ticket", "ticket", "product"]
    assert "Limonade" in response.content.decode()


def test_till_sessions_are_read_only_with_a_link_to_their_report(
    superuser_client, till_session, cashier
):
    sessions.close_session(till_session, counts={"50.00": "2"}, by=cashier)

    listing = superuser_client.get(f"{BASE}/tillsession/")
    page = superuser_client.get(f"{BASE}/tillsession/{till_session.pk}/change/")

    text = listing.content.decode()
    assert list(listing.context["cl"].result_list) == [till_session]
    assert f'href="/en/caisse/session/{till_session.pk}/"' in text
    assert "€100.00" in text  # the float, expected and counted
    assert 'name="_save"' not in page.content.decode()
    assert superuser_client.get(f"{BASE}/tillsession/add/").status_code == 403


def test_journal_entries_are_found_by_sequence_and_by_the_start_of_their_hash(
    superuser_client, till_session, tonight, drink, cashier
):
    sell_a_few(till_session, tonight, drink, cashier, 2)
    second = JournalEntry.objects.get(sequence=2)

    by_sequence = superuser_client.get(f"{BASE}/journalentry/", {"q": "2"})
    by_hash = superuser_client.get(f"{BASE}/journalentry/", {"q": second.hash[:10]})
    too_short = superuser_client.get(f"{BASE}/journalentry/", {"q": "abc"})

    assert list(by_sequence.context["cl"].result_list) == [second]
    assert list(by_hash.context["cl"].result_list) == [second]
    assert list(too_short.context["cl"].result_list) == []
    text = by_hash.content.decode()
    assert f"{second.hash[:12]}…" in text
    assert "€7.50" in text  # the sale's total, read from the entry's body
    assert "Caisse du hall" in text


def queries_for(browser, url):
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    "model", ["product", "till", "tillsession", "sale", "journalentry", "closing"]
)
def test_the_lists_render_in_as_many_queries_for_few_rows_as_for_more(
    superuser_client, model, till_session, tonight, drink, beer, cashier, closing
):
    sell_a_few(till_session, tonight, drink, cashier, 2)
    few = queries_for(superuser_client, f"{BASE}/{model}/")

    sell_a_few(till_session, tonight, drink, cashier, 4)
    sessions.close_session(till_session, counts={}, by=cashier)
    bar = Till.objects.create(venue=till_session.venue, name="Bar")
    sessions.open_session(bar, cashier=cashier, opening_float="50")
    Product.objects.create(venue=till_session.venue, name="Thé", price=1, vat_rate=10)
    more = queries_for(superuser_client, f"{BASE}/{model}/")

    assert more == few
    assert few <= 12


def test_the_sale_page_renders_in_a_bounded_number_of_queries(
    superuser_client, till_session, tonight, drink, cashier
):
    (sale,) = sell_a_few(till_session, tonight, drink, cashier, 1)

    assert queries_for(superuser_client, f"{BASE}/sale/{sale.pk}/change/") <= 15
