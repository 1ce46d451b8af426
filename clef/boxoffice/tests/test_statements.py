"""The ticket statement of a screening, per price paid: the ticket numbers used, tickets
at the door and presales apart, cancelled tickets, takings; fixed once the screening is
over."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from clef.accounting import declaration_exports
from clef.boxoffice import door_sales, reversals, sales, sessions, statements
from clef.boxoffice.models import Immutable, TicketStatement
from clef.boxoffice.sales import Order
from clef.boxoffice.statements import StatementRefused
from clef.tickets import booking, seats
from clef.tickets.models import Ticket

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def show(make_screening, venue):
    """A screening in two days at 20:00, on sale online."""
    return make_screening(venue.local_date() + dt.timedelta(days=2), "20:00")


@pytest.fixture
def next_show(make_screening, venue, show):
    return make_screening(venue.local_date() + dt.timedelta(days=3), "20:00")


@pytest.fixture
def evening(show, next_show, make_screening, small_room, paid_member, till, cashier):
    """Online: a free ticket, two 5 € tickets to pay at the door (one cancelled), a
    ticket for the next screening. At the door: 0, 6, 6 €, the booked 5 € ticket paid,
    and a 7.50 € ticket sold then undone. A screening between the two has no ticket."""
    free, _ = booking.book(show, user=paid_member, prices=["0"])
    held, _ = booking.book(show, user=paid_member, prices=["5", "5"], method="door")
    later, _ = booking.book(next_show, user=paid_member, prices=["4"], method="door")
    make_screening(show.local_start.date(), "22:30", room=small_room)
    booking.cancel_ticket(held.written_tickets[1], by=paid_member)
    with time_machine.travel(show.starts_at - dt.timedelta(minutes=10), tick=False):
        session = sessions.open_session(till, cashier=cashier, opening_float="0")
        sales.sell(
            session, Order(screening=show, prices=["0", "6", "6"]), method="cash", by=cashier
        )
        check_in, sale = door_sales.collect(
            session, show, str(held.written_tickets[0]), method="card", by=cashier
        )
        assert check_in.ok and sale.total == D("5.00")
        mistake, _ = sales.sell(
            session, Order(screening=show, prices=["7.50"]), method="cash", by=cashier
        )
        reversals.undo(mistake, by=cashier)
    return {
        "first": free.written_tickets[0],
        "held": held.written_tickets,
        "later": later.written_tickets[0],
        "session": session,
    }


def test_the_statement_counts_each_price_with_presales_apart(show, evening):
    figures = statements.statement_rows(show)
    first = evening["first"].number
    # Numbers: free +0, held +1 +2, next screening +3, door 0/6/6 +4 +5 +6, 7.50 +7.
    assert [
        (r.price, r.first_number - first, r.issued, r.presales, r.cancelled, r.takings)
        for r in figures.rows
    ] == [
        (D("0.00"), 0, 1, 1, 0, D("0.00")),
        (D("5.00"), 1, 0, 1, 1, D("5.00")),
        (D("6.00"), 5, 2, 0, 0, D("12.00")),
        (D("7.50"), 7, 0, 0, 1, D("0.00")),
    ]
    assert (figures.issued, figures.presales, figures.cancelled) == (3, 2, 2)
    assert figures.takings == D("17.00")
    assert figures.first_number == first
    assert figures.series == evening["first"].series
    assert figures.first == str(evening["first"])


def test_the_statement_gives_the_numbers_used_per_price_as_runs(show, evening):
    figures = statements.statement_rows(show)
    series, first = evening["first"].series, evening["first"].number
    # The next screening's ticket (+3) sits between this one's: the runs skip it.
    assert [r.ranges for r in figures.rows] == [
        [(series, first, first), (series, first + 4, first + 4)],
        [(series, first + 1, first + 2)],
        [(series, first + 5, first + 6)],
        [(series, first + 7, first + 7)],
    ]
    with translation.override("en"):
        assert figures.rows[0].numbers == f"{series}: {first}, {first + 4}"
        assert figures.rows[1].numbers == f"{series}: {first + 1}\u2013{first + 2}"
    assert [r.count for r in figures.rows] == [2, 2, 2, 1]
    assert "next_first_number" not in {f.name for f in TicketStatement._meta.get_fields()}


def test_the_numbers_of_many_screenings_come_in_one_query(
    show, next_show, evening, django_assert_num_queries
):
    with django_assert_num_queries(1):
        found = statements.tickets_by_price([show, next_show])
    assert found[show.pk].takings == D("17.00")
    assert [(r.price, r.unpaid, r.ranges) for r in found[next_show.pk].rows] == [
        (
            D("4.00"),
            1,
            [(evening["later"].series, evening["later"].number, evening["later"].number)],
        )
    ]


def test_a_tills_own_series_has_runs_of_its_own(show, django_assert_num_queries):
    """Tickets of the venue's series and of a till's own series ("T1", sold offline) at
    one price on one screening: numbered apart, so their runs are apart, named."""

    def issue(count, till_series=""):
        with transaction.atomic():
            return seats.issue(
                show,
                [D("6")] * count,
                online=False,
                status=Ticket.Status.PAID,
                till_series=till_series,
            )

    venue_tickets = issue(3)
    till_tickets = issue(12, "T1")
    venue_tickets += issue(1)  # sold between the till's: the venue's run goes on
    till_tickets += issue(2, "T1")
    assert {t.till_series for t in till_tickets} == {"T1"}
    year, first = venue_tickets[0].series, venue_tickets[0].number
    t1 = till_tickets[0].number
    with django_assert_num_queries(1):
        figures = statements.tickets_by_price([show])[show.pk]
    (row,) = figures.rows
    assert row.issued == 3 + 1 + 14
    assert row.ranges == [
        (year, first, first + 3),
        (f"T1-{year}", t1, t1 + 13),
    ]
    assert (row.till_series, row.series, row.first_number) == ("", year, first)
    with translation.override("en"):
        assert row.numbers == f"{year}: {first}\u2013{first + 3} · T1-{year}: {t1}\u2013{t1 + 13}"
    assert declaration_exports._range_json(*row.ranges[1]) == {
        "series": year,
        "till_series": "T1",
        "first": t1,
        "last": t1 + 13,
    }
    assert declaration_exports._range_json(*row.ranges[0])["series"] == year
    assert figures.first == f"{year}-{first:06d}"


def test_a_screening_sold_only_in_a_tills_series_starts_at_its_first(show):
    with transaction.atomic():
        (ticket,) = seats.issue(
            show, [D("5")], online=False, status=Ticket.Status.PAID, till_series="T1"
        )
    figures = statements.statement_rows(show)
    assert figures.first == str(ticket) == f"T1-{ticket.series}-{ticket.number:06d}"
    assert figures.rows[0].first == str(ticket)
    # Fixed, the statement names the till's series still.
    with time_machine.travel(show.ends_at + dt.timedelta(minutes=5), tick=False):
        statement = statements.fix(show)
    assert statement.rows[0]["till_series"] == "T1"
    assert statement.rows[0]["ranges"] == [[f"T1-{ticket.series}", ticket.number, ticket.number]]
    fixed = statements.figures_of(show)
    assert fixed.first == str(ticket)
    assert fixed.rows[0].numbers.startswith(f"T1-{ticket.series}")


def test_runs_are_written_as_a_reader_of_each_language_reads_them():
    runs = [(2025, 998, 999), (2026, 1, 4), (2026, 9, 9)]
    with translation.override("en"):
        assert statements.format_ranges(runs) == "2025: 998\u2013999 · 2026: 1\u20134, 9"
    assert statements.format_ranges([]) == ""


def test_it_refuses_to_fix_before_the_end(show, evening):
    with pytest.raises(StatementRefused) as refused:
        statements.fix(show)
    assert refused.value.code == "not_over"
    almost = show.ends_at - dt.timedelta(minutes=1)
    with time_machine.travel(almost, tick=False), pytest.raises(StatementRefused):
        statements.fix(show)
    assert not TicketStatement.objects.exists()


def test_a_fixed_statement_never_changes(show, evening, cashier):
    with time_machine.travel(show.ends_at + dt.timedelta(minutes=5), tick=False):
        statement = statements.fix(show)
        # A latecomer buys a ticket after the end: the statement stays as it was.
        sales.sell(
            evening["session"], Order(screening=show, prices=["3"]), method="cash", by=cashier
        )
    assert (statement.issued, statement.presales, statement.cancelled) == (3, 2, 2)
    assert statement.takings == D("17.00")
    assert statement.first_number == evening["first"].number
    assert statement.fixed_at == show.ends_at + dt.timedelta(minutes=5)
    assert statement.rows[2] == {
        "price": "6.00",
        "series": evening["first"].series,
        "first_number": evening["first"].number + 5,
        "ranges": [
            [evening["first"].series, evening["first"].number + 5, evening["first"].number + 6]
        ],
        "issued": 2,
        "presales": 0,
        "cancelled": 0,
        "unpaid": 0,
        "takings": "12.00",
    }
    again = statements.fix(show)
    assert again.pk == statement.pk
    assert again.issued == 3 and again.takings == D("17.00")
    assert TicketStatement.objects.count() == 1
    assert statements.statement_rows(show).issued == 4  # the live figures moved on
    with pytest.raises(Immutable):
        again.save()


def test_fix_due_waits_for_the_last_sales_then_fixes_once(show, next_show, evening):
    just_over = show.ends_at + dt.timedelta(minutes=30)
    assert statements.fix_due(just_over) == []
    later = show.ends_at + sales.SELLS_AFTER_END
    fixed = statements.fix_due(later)
    assert [s.screening_id for s in fixed] == [show.pk]
    assert statements.fix_due(later) == []
    assert TicketStatement.objects.get().takings == D("17.00")


def test_a_booked_ticket_never_paid_is_unpaid_not_takings(show, next_show, evening):
    ticket = evening["later"]
    assert ticket.status == Ticket.Status.BOOKED
    figures = statements.statement_rows(next_show)
    assert [(r.price, r.unpaid, r.presales, r.takings) for r in figures.rows] == [
        (D("4.00"), 1, 0, D("0.00"))
    ]
    assert figures.rows[0].ranges == [(ticket.series, ticket.number, ticket.number)]


# --- the page ---------------------------------------------------------------------------
def test_the_page_shows_live_figures_before_the_end(client, cashier, show, evening):
    client.force_login(cashier)
    response = client.get(reverse("boxoffice:ticket_statement", args=[show.pk]))
    assert response.status_code == 200
    assert response.context["figures"].is_fixed is False
    assert response.context["figures"].takings == D("17.00")
    assert "17,00\u00a0€" in response.content.decode()


def test_the_page_shows_the_fixed_statement(client, treasurer, show, evening, cashier):
    with time_machine.travel(show.ends_at + dt.timedelta(minutes=5), tick=False):
        statements.fix(show)
        sales.sell(
            evening["session"], Order(screening=show, prices=["3"]), method="cash", by=cashier
        )
    client.force_login(treasurer)
    response = client.get(reverse("boxoffice:ticket_statement", args=[show.pk]))
    figures = response.context["figures"]
    assert figures.is_fixed and figures.issued == 3 and figures.takings == D("17.00")
    assert timezone.localtime(figures.fixed_at).strftime("%H:%M") in response.content.decode()
    with translation.override("en"):
        page = client.get(reverse("boxoffice:ticket_statement", args=[show.pk])).content.decode()
    six = evening["first"].number + 5
    assert f"{evening['first'].series}: {six}\u2013{six + 1}" in page  # the 6 € tickets
    assert "next screening" not in page


def test_the_page_is_for_cashiers_and_treasurers(client, member, show):
    url = reverse("boxoffice:ticket_statement", args=[show.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/compte/" in response["Location"]
    client.force_login(member)
    assert client.get(url).status_code == 403
