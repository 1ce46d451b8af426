"""Closings cover every euro: the till's screen, the door and the online provider, split
by channel and by method, in the day's totals, the month's and the perpetual grand
total; the session's (Z) report says where its money was taken, its VAT, and where
the journal stood when it closed. Worked examples to the cent."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from clef.boxoffice import (
    closings,
    documents,
    door_sales,
    keys,
    refunds,
    reports,
    sales,
    sessions,
    statements,
    totals,
    verify,
)
from clef.boxoffice.models import Closing, JournalEntry, Till
from clef.boxoffice.sales import Order
from clef.boxoffice.tests.journals import at
from clef.boxoffice.totals import ClosingRefused
from clef.members import services as members
from clef.payments import services as payments
from clef.tickets.booking import book, cancel_ticket

pytestmark = pytest.mark.django_db

D = Decimal
DAY = dt.date(2025, 3, 11)


@pytest.fixture
def clock():
    with time_machine.travel(at(DAY, "09:00"), tick=False) as traveller:
        yield traveller


class Evening:
    """Tuesday 11 March 2025, a screening at 20:00.

    Online in the morning: Mila pays 6 + 8.50 € for two tickets (test provider), books
    a 7 € ticket to pay at the door, Nils pays a 12 € membership; at 11:00 Mila cancels
    her 6 € ticket (refunded online). At the till in the evening: a 5 € ticket and a
    lemonade (2.50 €, 5.5 %) in cash, a beer by card (4 €, 20 %); at the door, the 7 €
    ticket paid in cash. Total 39 €: till 11.50, door 7, online 20.50."""

    def __init__(
        self, *, clock, venue, cashier, make_member, make_screening, drink, beer, late=None
    ):
        self.clock, self.venue, self.cashier = clock, venue, cashier
        self.screening = make_screening(DAY, "20:00")
        self.mila = make_member("mila")
        self.nils = make_member("nils")
        clock.move_to(at(DAY, "10:00"))
        self.booking, _ = book(self.screening, user=self.mila, prices=["6", "8.50"], method="test")
        clock.move_to(at(DAY, "10:05"))
        payments.mark_paid(self.booking.payment, reference="TEST-A", by=self.mila)
        clock.move_to(at(DAY, "10:10"))
        self.at_door, _ = book(self.screening, user=self.mila, prices=["7"], method="door")
        clock.move_to(at(DAY, "10:20"))
        self.membership = members.start_membership(self.nils, venue, amount=D("12"), method="test")
        payments.mark_paid(self.membership.payment, by=self.nils)
        clock.move_to(at(DAY, "11:00"))
        cancel_ticket(self.booking.tickets.get(price=D("6.00")), by=self.mila)

        clock.move_to(at(DAY, "19:00"))
        till = Till.objects.create(venue=venue, name="Caisse du hall")
        self.session = sessions.open_session(till, cashier=cashier, opening_float="50")
        clock.move_to(at(DAY, "19:10"))
        order = Order(screening=self.screening, prices=["5"], products={drink: 1})
        self.first_sale, _ = sales.sell(self.session, order, method="cash", by=cashier)
        clock.move_to(at(DAY, "19:20"))
        sales.sell(self.session, Order(products={beer: 1}), method="card", by=cashier)
        clock.move_to(at(DAY, "19:30"))
        ticket = self.at_door.tickets.get()
        result, self.door_sale = door_sales.collect(
            self.session, self.screening, str(ticket), method="cash", by=cashier
        )
        assert result.ok and self.door_sale.channel == "door"
        if late is not None:
            clock.move_to(at(DAY, "22:30"))
            late(self)
        clock.move_to(at(DAY, "23:00"))
        sessions.close_session(self.session, counts={"20.00": "3"}, by=cashier)

    def close(self):
        self.clock.move_to(at(DAY + dt.timedelta(days=1), "04:00"))
        return closings.close_day(self.venue, DAY)


@pytest.fixture
def make_evening(clock, venue, cashier, make_member, make_screening, drink, beer):
    def make(late=None):
        return Evening(
            clock=clock,
            venue=venue,
            cashier=cashier,
            make_member=make_member,
            make_screening=make_screening,
            drink=drink,
            beer=beer,
            late=late,
        )

    return make


@pytest.fixture
def evening(make_evening):
    return make_evening()


def spilt_lemonade(evening):
    """At 22:30 the lemonade of the first sale is given back in cash: a refund."""
    line = evening.first_sale.lines.get(kind="product")
    refunds.refund(evening.session, [line], reason="Verre renversé", by=evening.cashier)


def test_a_days_closing_covers_the_till_the_door_and_online(evening, venue):
    closing = evening.close()

    assert closing.total == D("39.00")
    assert closing.cumulative == D("39.00")
    totals = closing.totals
    assert totals["channels"] == {"till": "11.50", "door": "7.00", "online": "20.50"}
    assert totals["methods"] == {"cash": "14.50", "card": "4.00", "free": "0.00", "test": "20.50"}
    assert totals["kinds"] == {
        "ticket": "13.50",  # 5 at the till, 14.50 - 6 online
        "presale": "7.00",
        "membership": "12.00",
        "product": "6.50",
        "gift": "0.00",
    }
    assert totals["vat"] == {
        "0.00": {"gross": "12.00", "net": "12.00", "vat": "0.00"},
        "5.50": {"gross": "23.00", "net": "21.80", "vat": "1.20"},
        "20.00": {"gross": "4.00", "net": "3.33", "vat": "0.67"},
    }
    assert totals["sales"] == {"count": 3, "total": "18.50"}
    assert totals["online_payments"] == {"count": 2, "total": "26.50"}
    assert totals["online_refunds"] == {"count": 1, "total": "-6.00"}
    assert totals["reversals"] == totals["refunds"] == {"count": 0, "total": "0.00"}
    # Three online entries, the session opened and closed, three sales.
    assert totals["entries"] == 8
    assert totals["grand_total_channels"] == {"till": "11.50", "door": "7.00", "online": "20.50"}
    for part in ("channels", "methods", "kinds"):
        assert sum(D(v) for v in totals[part].values()) == closing.total
    entry = json.loads(closing.entry.body)
    assert entry["channels"] == totals["channels"]
    assert verify.verify(venue).ok


def test_the_grand_total_carries_online_money_into_the_month(evening, venue, clock, make_screening):
    evening.close()
    clock.move_to(at(dt.date(2025, 3, 20), "10:00"))
    screening = make_screening(dt.date(2025, 3, 21), "20:00")
    later, _created = book(screening, user=evening.mila, prices=["9"], method="test")
    payments.mark_paid(later.payment, by=evening.mila)

    clock.move_to(at(dt.date(2025, 4, 1), "04:00"))
    day, month = closings.close_due(venue)

    assert (day.period_start, day.total, day.cumulative) == (
        dt.date(2025, 3, 20),
        D("9.00"),
        D("48.00"),
    )
    assert day.totals["channels"] == {"till": "0.00", "door": "0.00", "online": "9.00"}
    assert day.totals["grand_total_channels"] == {
        "till": "11.50",
        "door": "7.00",
        "online": "29.50",
    }
    assert (month.total, month.cumulative) == (D("48.00"), D("48.00"))
    assert month.totals["channels"] == {"till": "11.50", "door": "7.00", "online": "29.50"}
    assert month.totals["methods"]["test"] == "29.50"
    assert month.totals["online_payments"] == {"count": 3, "total": "35.50"}
    assert verify.verify(venue).ok


def test_it_refuses_a_day_whose_online_entry_no_payment_matches(evening, venue):
    refund = evening.booking.payment.refunds.get()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE payments_payment SET amount = -5 WHERE id = %s", [refund.pk])
    before = (Closing.objects.count(), JournalEntry.objects.count())

    with pytest.raises(ClosingRefused) as refused:
        evening.close()

    assert refused.value.code == "mismatch"
    assert refund.code in refused.value.message
    assert (Closing.objects.count(), JournalEntry.objects.count()) == before


def test_it_refuses_a_grand_total_the_door_sales_do_not_match(evening, venue):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE boxoffice_sale SET channel = 'till' WHERE id = %s", [evening.door_sale.pk]
        )
    with pytest.raises(ClosingRefused) as refused:
        evening.close()
    assert refused.value.code == "mismatch"
    assert Closing.objects.count() == 0


def test_the_session_report_splits_its_money_and_says_where_the_journal_stood(evening, venue):
    report = reports.session_report(reports.session_for_report(evening.session.pk))

    assert report.total == D("18.50")
    assert [(c.channel, c.count, c.amount) for c in report.channels] == [
        ("till", 2, D("11.50")),
        ("door", 1, D("7.00")),
    ]
    assert report.sales_count == 3 == report.methods[0].count + report.methods[1].count
    assert [(v.rate, v.gross, v.net, v.vat) for v in report.vat] == [
        (D("5.50"), D("14.50"), D("13.74"), D("0.76")),
        (D("20.00"), D("4.00"), D("3.33"), D("0.67")),
    ]
    # Every euro recorded until the session closed, the online money of the morning too.
    assert report.grand_total == D("39.00")
    with translation.override("en"):
        assert [(str(label), amount) for label, amount in report.grand_total_channels] == [
            ("Till", D("11.50")),
            ("Door", D("7.00")),
            ("Online", D("20.50")),
        ]
    closed = JournalEntry.objects.get(session=evening.session, kind="session_closed")
    assert (report.last_entry.sequence, report.last_entry.hash) == (closed.sequence, closed.hash)
    assert report.key.fingerprint == keys.fingerprint(keys.public_key())
    # Once the day is closed, the grand total read from its closing is the same.
    closing = evening.close()
    assert closing.last_sequence == closed.sequence
    again = reports.session_report(reports.session_for_report(evening.session.pk))
    assert again.grand_total == D("39.00")


def test_the_report_and_the_closing_count_the_same_sales(evening):
    closing = evening.close()
    report = reports.session_report(reports.session_for_report(evening.session.pk))
    assert totals.presented(closing).sales == report.sales_count == 3


def test_a_refund_at_the_till_is_money_given_back_not_a_sale(make_evening, venue):
    evening = make_evening(late=spilt_lemonade)
    report = reports.session_report(reports.session_for_report(evening.session.pk))
    closing = evening.close()

    assert closing.total == D("36.50")
    assert closing.totals["refunds"] == {"count": 1, "total": "-2.50"}
    assert closing.totals["sales"] == {"count": 3, "total": "18.50"}
    assert closing.totals["channels"]["till"] == "9.00"
    assert closing.totals["methods"]["cash"] == "12.00"
    assert closing.totals["kinds"]["product"] == "4.00"
    assert totals.presented(closing).sales == report.sales_count == 3
    assert [(r.total, r.reason) for r in report.refunds] == [(D("-2.50"), "Verre renversé")]
    assert report.reversals == []
    assert report.total == D("16.00")
    assert [(c.channel, c.count, c.amount) for c in report.channels] == [
        ("till", 2, D("9.00")),
        ("door", 1, D("7.00")),
    ]
    cash = next(m for m in report.methods if m.method == "cash")
    assert (cash.count, cash.amount) == (2, D("12.00"))
    assert verify.verify(venue).ok


def test_the_report_pdf_prints_the_channels_vat_and_the_key(evening):
    report = reports.session_report(reports.session_for_report(evening.session.pk))
    content = documents.session_report_pdf(report, language="en")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Door 1 €7.00" in text
    assert "Grand total at the close €39.00" in text
    assert keys.fingerprint(keys.public_key()) in text
    assert report.last_entry.hash in text


def test_the_closing_page_and_pdf_show_the_channels_and_the_key(evening, client, treasurer):
    closing = evening.close()
    client.force_login(treasurer)
    with translation.override("en"):
        url = reverse("boxoffice:closing", args=[closing.pk])
    page = client.get(url).content.decode()
    assert "By channel" in page and "Online (test provider)" in page
    assert "€20.50" in page and "€39.00" in page
    assert keys.fingerprint(keys.public_key()) in page
    assert "its signature of this closing holds" in page
    with translation.override("en"):
        pdf_url = reverse("boxoffice:closing_pdf", args=[closing.pk])
    assert pdf_url in page
    response = client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="closing-day-2025-03-11.pdf"'
    served = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Online €20.50" in served

    with translation.override("en"):
        shown = totals.presented(closing)
        assert [(str(label), amount) for label, amount in shown.channels] == [
            ("Till", D("11.50")),
            ("Door", D("7.00")),
            ("Online", D("20.50")),
        ]
    content = documents.closing_pdf(shown, [], language="en")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Online €20.50" in text and "Grand total €39.00" in text
    assert keys.fingerprint(keys.public_key()) in text
    assert closing.entry.hash in text


def test_the_ticket_statement_counts_online_and_door_tickets_with_their_takings(evening):
    figures = statements.statement_rows(evening.screening)
    assert [(r.price, r.issued, r.presales, r.cancelled, r.takings) for r in figures.rows] == [
        (D("5.00"), 1, 0, 0, D("5.00")),  # sold at the till
        (D("6.00"), 0, 0, 1, D("0.00")),  # paid online, cancelled and refunded
        (D("7.00"), 0, 1, 0, D("7.00")),  # booked online, paid at the door
        (D("8.50"), 0, 1, 0, D("8.50")),  # paid online
    ]
    # The screening's tickets in the journal: 5 at the till, 7 at the door, 8.50 online.
    assert figures.takings == D("20.50")


def test_the_nightly_command_says_each_closing_by_channel(evening, clock, capsys):
    clock.move_to(at(DAY + dt.timedelta(days=1), "04:00"))
    with translation.override("en"):
        call_command("closings")
    out = capsys.readouterr().out
    assert "total €39.00 (Till €11.50, Door €7.00, Online €20.50), grand total €39.00" in out
