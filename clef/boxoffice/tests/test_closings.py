"""Daily, monthly and yearly closings: worked examples to the cent, the order they are
made in, what is refused, the journal they are written to, and the nightly command."""

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from clef.boxoffice import closings, reversals, sales, sessions
from clef.boxoffice.journal import chain_hash, utc_text
from clef.boxoffice.models import Closing, JournalEntry
from clef.boxoffice.sales import MembershipLine, Order
from clef.boxoffice.tests.journals import at
from clef.boxoffice.totals import ClosingRefused

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def clock():
    """The clock, stopped; ``clock.move_to(instant)`` moves it (forward only here)."""
    with time_machine.travel(at(dt.date(2025, 3, 1), "10:00"), tick=False) as traveller:
        yield traveller


class Day:
    """A day at the till: a session opened at 19:00, a screening at 20:00."""

    def __init__(self, day, *, till, cashier, make_screening, clock):
        self.day, self.cashier, self.clock = day, cashier, clock
        clock.move_to(at(day, "19:00"))
        self.screening = make_screening(day, "20:00")
        self.session = sessions.open_session(till, cashier=cashier, opening_float="50")

    def sell(self, time, *, prices=(), products=None, membership=None, method="cash"):
        self.clock.move_to(at(self.day, time))
        order = Order(
            screening=self.screening if prices else None,
            prices=list(prices),
            products=products or {},
            membership=membership,
        )
        sale, _created = sales.sell(self.session, order, method=method, by=self.cashier)
        return sale

    def undo(self, time, sale):
        self.clock.move_to(at(self.day, time))
        return reversals.undo(sale, by=self.cashier)

    def close(self, time="23:00"):
        self.clock.move_to(at(self.day, time))
        sessions.close_session(self.session, counts={}, by=self.cashier)


@pytest.fixture
def open_day(till, cashier, make_screening, clock):
    def make(day):
        return Day(day, till=till, cashier=cashier, make_screening=make_screening, clock=clock)

    return make


@pytest.fixture
def worked_day(open_day, drink, beer):
    """Tuesday 11 March 2025: tickets at 0, 6 and 7.50 €, a lemonade (5.5 %), a beer
    (20 %), a 10 € membership (no VAT), and two lemonades sold then undone."""
    day = open_day(dt.date(2025, 3, 11))
    day.sell(
        "19:10",
        prices=["0", "6"],
        products={drink: 1},
        membership=MembershipLine(amount="10", first_name="Nina", last_name="Vidal"),
    )
    day.sell("19:20", prices=["7.50"], products={beer: 1}, method="card")
    mistake = day.sell("19:30", products={drink: 2})
    day.undo("19:31", mistake)
    day.close()
    return day


def test_a_days_closing_sums_its_entries_by_rate_kind_and_method(worked_day, venue, clock):
    clock.move_to(at(dt.date(2025, 3, 12), "04:00"))
    closing = closings.close_day(venue, dt.date(2025, 3, 11))

    assert closing.kind == "day"
    assert closing.period_start == closing.period_end == dt.date(2025, 3, 11)
    assert closing.total == D("30.00")
    assert closing.cumulative == D("30.00")
    assert closing.totals["vat"] == {
        "0.00": {"gross": "10.00", "net": "10.00", "vat": "0.00"},
        "5.50": {"gross": "16.00", "net": "15.17", "vat": "0.83"},
        "20.00": {"gross": "4.00", "net": "3.33", "vat": "0.67"},
    }
    assert closing.totals["kinds"] == {
        "ticket": "13.50",
        "presale": "0.00",
        "membership": "10.00",
        "product": "6.50",
        "gift": "0.00",
    }
    assert closing.totals["methods"] == {"cash": "18.50", "card": "11.50", "free": "0.00"}
    assert closing.totals["sales"] == {"count": 3, "total": "35.00"}
    assert closing.totals["reversals"] == {"count": 1, "total": "-5.00"}
    # Session opened, three sales, one reversal, session closed.
    assert closing.totals["entries"] == 6
    entries = JournalEntry.objects.exclude(kind="closing").order_by("sequence")
    assert (closing.first_sequence, closing.last_sequence) == (
        entries.first().sequence,
        entries.last().sequence,
    )


def test_month_is_the_sum_of_its_days_and_year_of_its_months(worked_day, open_day, venue, clock):
    later = open_day(dt.date(2025, 3, 20))
    later.sell("19:30", prices=["5"], method="card")
    later.close()
    april = open_day(dt.date(2025, 4, 2))
    april.sell("19:30", prices=["8"])
    april.close()

    clock.move_to(at(dt.date(2025, 5, 1), "04:00"))
    made = closings.close_due(venue)

    assert [(c.kind, c.period_start.isoformat(), c.total, c.cumulative) for c in made] == [
        ("day", "2025-03-11", D("30.00"), D("30.00")),
        ("day", "2025-03-20", D("5.00"), D("35.00")),
        ("day", "2025-04-02", D("8.00"), D("43.00")),
        ("month", "2025-03-01", D("35.00"), D("35.00")),
        ("month", "2025-04-01", D("8.00"), D("43.00")),
    ]
    march = made[3]
    days = made[:2]
    assert march.period_end == dt.date(2025, 3, 31)
    assert march.total == sum(d.total for d in days)
    for part in ("kinds", "methods"):
        for key, amount in march.totals[part].items():
            assert D(amount) == sum(D(d.totals[part][key]) for d in days)
    assert march.totals["vat"]["5.50"]["gross"] == "21.00"  # 16.00 + 5.00
    assert march.totals["sales"] == {"count": 4, "total": "40.00"}
    assert (march.first_sequence, march.last_sequence) == (
        days[0].first_sequence,
        days[1].last_sequence,
    )

    clock.move_to(at(dt.date(2026, 1, 2), "04:00"))
    (year,) = closings.close_due(venue)
    assert (year.kind, year.period_start, year.period_end) == (
        "year",
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )
    assert year.total == D("43.00") == made[3].total + made[4].total
    assert year.cumulative == D("43.00")
    assert year.totals["methods"] == {"cash": "26.50", "card": "16.50", "free": "0.00"}


def test_the_grand_total_carries_over_to_the_next_year(open_day, venue, clock):
    first = open_day(dt.date(2024, 12, 30))
    first.sell("19:30", prices=["6"])
    first.close()
    second = open_day(dt.date(2025, 1, 3))
    second.sell("19:30", prices=["4"], method="card")
    second.close()
    clock.move_to(at(dt.date(2026, 1, 2), "04:00"))
    made = closings.close_due(venue)
    by_kind = {(c.kind, c.period_start.year): c for c in made if c.kind == "year"}
    assert by_kind[("year", 2024)].cumulative == D("6.00")
    assert by_kind[("year", 2025)].total == D("4.00")
    assert by_kind[("year", 2025)].cumulative == D("10.00")
    days = [c for c in made if c.kind == "day"]
    assert [c.cumulative for c in days] == [D("6.00"), D("10.00")]


def test_close_due_twice_closes_nothing_more(worked_day, venue, clock, written):
    clock.move_to(at(dt.date(2025, 4, 15), "04:00"))
    assert [c.kind for c in closings.close_due(venue)] == ["day", "month"]
    before = written()
    assert closings.close_due(venue) == []
    assert written() == before


def test_close_due_leaves_today_open(open_day, venue, clock):
    day = open_day(dt.date(2025, 3, 11))
    day.sell("19:30", prices=["6"])
    # 23:59 the same day: nothing is over yet.
    clock.move_to(at(dt.date(2025, 3, 11), "23:59"))
    assert closings.close_due(venue) == []
    assert Closing.objects.count() == 0


@pytest.mark.parametrize("day", [dt.date(2025, 3, 11), dt.date(2025, 3, 12)])
def test_it_refuses_to_close_today_or_a_day_to_come(open_day, venue, clock, day, written):
    today = open_day(dt.date(2025, 3, 11))
    today.sell("19:30", prices=["6"])
    before = written()
    with pytest.raises(ClosingRefused) as refused:
        closings.close_day(venue, day)
    assert refused.value.code == "not_over"
    assert day.strftime("%-d mars 2025") in refused.value.message
    assert written() == before


def test_it_refuses_a_day_already_closed(worked_day, venue, clock, written):
    clock.move_to(at(dt.date(2025, 3, 12), "04:00"))
    closings.close_day(venue, dt.date(2025, 3, 11))
    before = written()
    with pytest.raises(ClosingRefused) as refused:
        closings.close_day(venue, dt.date(2025, 3, 11))
    assert refused.value.code == "already_closed"
    assert written() == before


def test_it_refuses_a_day_while_an_earlier_day_is_open(worked_day, open_day, venue, clock, written):
    later = open_day(dt.date(2025, 3, 13))
    later.sell("19:30", prices=["6"])
    clock.move_to(at(dt.date(2025, 3, 14), "04:00"))
    before = written()
    with pytest.raises(ClosingRefused) as refused:
        closings.close_day(venue, dt.date(2025, 3, 13))
    assert refused.value.code == "earlier_open"
    assert written() == before


def test_it_refuses_a_month_whose_days_are_not_closed(worked_day, venue, clock):
    clock.move_to(at(dt.date(2025, 4, 2), "04:00"))
    with pytest.raises(ClosingRefused) as refused:
        closings.close_month(venue, 2025, 3)
    assert refused.value.code == "parts_open"
    assert Closing.objects.count() == 0
    with pytest.raises(ClosingRefused) as refused:
        closings.close_month(venue, 2025, 4)
    assert refused.value.code == "not_over"
    with pytest.raises(ClosingRefused) as refused:
        closings.close_month(venue, 2025, 13)
    assert refused.value.code == "period_invalid"


def test_an_empty_day_closes_with_zeros(worked_day, venue, clock):
    clock.move_to(at(dt.date(2025, 3, 20), "04:00"))
    closings.close_day(venue, dt.date(2025, 3, 11))
    empty = closings.close_day(venue, dt.date(2025, 3, 15))
    assert (empty.total, empty.cumulative) == (D("0.00"), D("30.00"))
    assert (empty.first_sequence, empty.last_sequence) == (None, None)
    assert empty.totals["vat"] == {}


def test_days_follow_the_venues_clock_across_the_change_to_summer_time(
    till, cashier, make_screening, venue, clock
):
    # The night of 29 to 30 March 2025 loses an hour in Paris.
    clock.move_to(at(dt.date(2025, 3, 29), "22:00"))
    screening = make_screening(dt.date(2025, 3, 29), "22:30")
    session = sessions.open_session(till, cashier=cashier, opening_float="0")
    clock.move_to(at(dt.date(2025, 3, 29), "23:30"))  # 22:30 UTC
    sales.sell(session, Order(screening=screening, prices=["6"]), method="cash", by=cashier)
    clock.move_to(at(dt.date(2025, 3, 30), "00:30"))  # 23:30 UTC, the day before in UTC
    sales.sell(session, Order(screening=screening, prices=["4"]), method="cash", by=cashier)
    clock.move_to(at(dt.date(2025, 3, 30), "03:30"))  # after the jump
    sessions.close_session(session, counts={}, by=cashier)
    clock.move_to(at(dt.date(2025, 3, 31), "04:00"))
    made = closings.close_due(venue)
    assert [(c.period_start.isoformat(), c.total) for c in made] == [
        ("2025-03-29", D("6.00")),
        ("2025-03-30", D("4.00")),
    ]


def test_closings_are_entries_of_the_chain(worked_day, venue, clock):
    clock.move_to(at(dt.date(2025, 4, 1), "04:00"))
    day, month = closings.close_due(venue)
    entries = list(JournalEntry.objects.order_by("sequence"))
    assert [e.kind for e in entries[-2:]] == ["closing", "closing"]
    assert day.entry == entries[-2] and month.entry == entries[-1]
    previous = entries[0].previous_hash
    for entry in entries:
        assert entry.previous_hash == previous
        text = utc_text(entry.recorded_at)
        assert entry.hash == chain_hash(previous, entry.sequence, text, entry.kind, entry.body)
        previous = entry.hash
    body = json.loads(day.entry.body)
    last_covered = JournalEntry.objects.get(sequence=day.last_sequence)
    assert body["kind"] == "day"
    assert body["period"] == {"from": "2025-03-11", "to": "2025-03-11"}
    assert body["total"] == "30.00" and body["cumulative"] == "30.00"
    assert body["last_hash"] == last_covered.hash
    assert (body["first_sequence"], body["last_sequence"]) == (
        day.first_sequence,
        day.last_sequence,
    )
    assert body["vat"]["5.50"] == {"gross": "16.00", "net": "15.17", "vat": "0.83"}
    # The month's closing sums the days' entries, not the day's closing entry.
    assert month.total == D("30.00")
    assert month.totals["entries"] == 6


def test_it_refuses_a_grand_total_the_sales_do_not_match(worked_day, venue, clock, written):
    sale = worked_day.session.sales.filter(method="card").get()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE boxoffice_sale SET total = 99 WHERE id = %s", [sale.pk])
    clock.move_to(at(dt.date(2025, 3, 12), "04:00"))
    before = written()
    with pytest.raises(ClosingRefused) as refused:
        closings.close_day(venue, dt.date(2025, 3, 11))
    assert refused.value.code == "mismatch"
    assert written() == before


def test_it_refuses_a_today_still_to_come(venue, clock):
    with pytest.raises(ClosingRefused) as refused:
        closings.close_due(venue, today=dt.date(2025, 3, 2))
    assert refused.value.code == "today_future"


# --- the command ----------------------------------------------------------------------
def test_the_command_closes_what_is_due_and_says_it(worked_day, venue, clock, capsys, written):
    clock.move_to(at(dt.date(2025, 4, 3), "04:00"))
    call_command("closings", "--today", "2025-03-31", "--venue", str(venue.pk))
    out = capsys.readouterr().out
    assert "11 mars 2025" in out and "30,00\u00a0€" in out
    assert Closing.objects.filter(kind="day").count() == 1
    assert not Closing.objects.filter(kind="month").exists()  # March is not over on the 31st
    call_command("closings")
    assert Closing.objects.filter(kind="month").count() == 1
    capsys.readouterr()
    before = written()
    call_command("closings")
    assert written() == before
    assert capsys.readouterr().out.count("\n") == 1


@pytest.mark.parametrize(
    "arguments",
    [["--today", "2025-13-01"], ["--today", "demain"], ["--venue", "abc"], ["--venue", "999"]],
)
def test_the_command_refuses_bad_arguments(venue, clock, arguments):
    with pytest.raises(CommandError):
        call_command("closings", *arguments)
    assert Closing.objects.count() == 0


def test_the_command_refuses_a_today_still_to_come(venue, clock):
    with pytest.raises(CommandError):
        call_command("closings", "--today", "2025-03-05")
