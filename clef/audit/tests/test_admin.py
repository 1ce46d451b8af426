"""The action log in the back office: read-only for everyone, filtered, searched, and
listed on the page of each record it names."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clef.audit.models import Action
from clef.boxoffice import sales, sessions
from clef.boxoffice.models import Till
from clef.boxoffice.sales import Order
from clef.lib.actions import log_action

pytestmark = pytest.mark.django_db

LIST = "/en/gestion/audit/action/"


@pytest.fixture
def superuser(client, django_user_model):
    user = django_user_model.objects.create_superuser("ada", "ada@example.org", "x")
    client.force_login(user)
    return user


@pytest.fixture
def sale(venue, cashier, on_sale):
    till = Till.objects.create(venue=venue, name="Caisse du hall")
    session = sessions.open_session(till, cashier=cashier, opening_float="100")
    sale, _created = sales.sell(
        session, Order(screening=on_sale, prices=["6"]), method="cash", by=cashier
    )
    return sale


def history_rows(html):
    """The rows of the history table on a record's page, as lists of cell texts."""
    table = re.search(r'<table class="action-history">(.*?)</table>', html, re.S).group(1)
    body = table.split("<tbody>")[1]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_a_sales_page_lists_who_made_it(client, superuser, sale, cashier):
    Action.objects.update(at=dt.datetime(2026, 1, 14, 19, 5, 30, tzinfo=dt.UTC))

    response = client.get(f"/en/gestion/boxoffice/sale/{sale.pk}/change/")

    assert response.status_code == 200
    html = response.content.decode()
    assert ">History</h2>" in html
    assert history_rows(html) == [
        [
            "2026-01-14 20:05:30",
            "camille",
            "boxoffice.sale.made",
            f"sale={sale.code}, entry={sale.journal.get().sequence}, total=6.00, method=cash",
        ]
    ]


def test_a_record_without_actions_says_so(client, superuser, sale):
    Action.objects.all().delete()

    html = client.get(f"/en/gestion/boxoffice/sale/{sale.pk}/change/").content.decode()

    assert "Nothing logged on this record yet." in html


def test_a_screening_stays_editable_with_its_history_below(client, superuser, on_sale):
    log_action("programme.screening.cancelled", by=superuser, screening=on_sale.pk)

    change = client.get(f"/en/gestion/programme/screening/{on_sale.pk}/change/")
    add = client.get("/en/gestion/programme/screening/add/")

    assert change.status_code == 200
    assert 'name="_save"' in change.content.decode()
    assert [row[1:3] for row in history_rows(change.content.decode())] == [
        ["ada", "programme.screening.cancelled"]
    ]
    assert add.status_code == 200
    assert "action-history" not in add.content.decode()


def test_nobody_adds_changes_or_deletes_an_action(client, superuser, sale):
    action = Action.objects.get(name="boxoffice.sale.made")
    page = f"{LIST}{action.pk}/change/"

    shown = client.get(page)
    changed = client.post(page, {"name": "boxoffice.sale.undone"})
    deleted = client.post(f"{LIST}{action.pk}/delete/", {"post": "yes"})
    added = client.get(f"{LIST}add/")

    assert shown.status_code == 200
    assert 'name="_save"' not in shown.content.decode()
    assert "deletelink" not in shown.content.decode()
    assert (changed.status_code, deleted.status_code, added.status_code) == (403, 403, 403)
    action.refresh_from_db()
    assert action.name == "boxoffice.sale.made"
    assert Action.objects.filter(pk=action.pk).exists()
    assert client.get(LIST).context["has_add_permission"] is False


def test_the_list_shows_the_time_in_paris_and_who_by_link_or_id(
    client, superuser, treasurer, django_user_model
):
    gone = django_user_model.objects.create_user("gone", password="x")
    log_action("payments.payment.refunded", by=treasurer, payment=7, amount="4.00")
    log_action("payments.payment.paid", by=gone, payment=7)
    log_action("tickets.waiting_list.told", screening=3, count=2)
    Action.objects.update(at=dt.datetime(2026, 7, 14, 18, 0, tzinfo=dt.UTC))
    gone_pk = gone.pk
    gone.delete()

    response = client.get(LIST)

    rows = {
        row.name: (cl.when(row), str(cl.who(row)), cl.subject_display(row))
        for cl in [response.context["cl"].model_admin]
        for row in response.context["cl"].result_list
    }
    assert rows == {
        "payments.payment.refunded": (
            "2026-07-14 20:00:00",
            f'<a href="/en/gestion/auth/user/{treasurer.pk}/change/">theo</a>',
            "payments.payment 7",
        ),
        "payments.payment.paid": ("2026-07-14 20:00:00", f"#{gone_pk}", "payments.payment 7"),
        "tickets.waiting_list.told": ("2026-07-14 20:00:00", "system", "—"),
    }


def test_the_list_filters_by_what_was_done_and_finds_a_record_by_its_key(client, superuser, sale):
    log_action("tickets.ticket.cancelled", ticket="2026-000123", booking="B0K1NG")

    boxoffice = client.get(LIST, {"what": "boxoffice.sale"})
    tickets = client.get(LIST, {"what": "tickets"})
    found = client.get(LIST, {"q": sale.code})
    by_number = client.get(LIST, {"q": "2026-000123"})

    def names(response):
        return sorted(a.name for a in response.context["cl"].result_list)

    assert names(boxoffice) == ["boxoffice.sale.made"]
    assert names(tickets) == ["tickets.ticket.cancelled"]
    assert names(found) == ["boxoffice.sale.made"]
    assert names(by_number) == ["tickets.ticket.cancelled"]
    # Every app, kind of record and action logged, in order.
    prefixes = [value for value, _label in boxoffice.context["cl"].filter_specs[0].lookup_choices]
    assert prefixes == sorted(set(prefixes))
    assert {"boxoffice", "boxoffice.sale", "boxoffice.sale.made", "tickets.ticket"} <= set(prefixes)


def test_the_list_costs_the_same_queries_for_3_or_30_actions(client, superuser, treasurer):
    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(LIST).status_code == 200
        return len(context.captured_queries)

    for n in range(3):
        log_action("payments.payment.paid", by=treasurer, payment=n)
    few = count()
    for n in range(27):
        log_action("payments.payment.paid", by=treasurer, payment=n)

    assert count() == few


def test_the_treasurer_reads_the_log_and_a_cashier_does_not(client, sale, treasurer, cashier):
    client.force_login(treasurer)
    read = client.get(LIST)
    client.force_login(cashier)
    refused = client.get(LIST)

    assert read.status_code == 200
    assert "boxoffice.sale.made" in read.content.decode()
    assert refused.status_code in (302, 403)
    assert "boxoffice.sale.made" not in refused.content.decode()
