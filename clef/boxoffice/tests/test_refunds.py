"""Refunding lines of an earlier sale at the till: a refund sale with its reason, in the
refunding cashier's own session, whose lines point at the lines they give back; what
was sold goes back through seats and memberships; refused, with nothing written, for a
line already refunded, above what was paid, of a reversal or of a sale undone."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from clef.boxoffice import door_sales, refunds, reports, reversals, sales, sessions
from clef.boxoffice.models import JournalEntry, Sale, SaleLine, Till, TillSession
from clef.boxoffice.sales import MembershipLine, Order, SaleRefused
from clef.lib.refusals import Forbidden
from clef.members.models import Membership
from clef.payments.models import Payment
from clef.tickets import seats
from clef.tickets.booking import book
from clef.tickets.models import Booking, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_sale(till_session, tonight, drink, cashier):
    """Two tickets (5 € and 7 €) and two lemonades (5 €) paid cash, in a session closed
    since."""
    sale, _ = sales.sell(
        till_session,
        Order(screening=tonight, prices=["5", "7"], products={drink: 2}),
        method="cash",
        tendered="20",
        by=cashier,
    )
    sessions.close_session(
        till_session, counts={"100.00": "1", "10.00": "1", "5.00": "1", "2.00": "1"}, by=cashier
    )
    return sale


@pytest.fixture
def bar_session(venue, cashier):
    """The cashier's session of today, at another till."""
    till = Till.objects.create(venue=venue, name="Bar")
    return sessions.open_session(till, cashier=cashier, opening_float="50")


def lines_of(sale):
    return list(sale.lines.order_by("position"))


def test_one_line_of_an_old_sale_is_refunded_with_its_reason(
    old_sale, bar_session, till_session, tonight, cashier
):
    ticket_line = lines_of(old_sale)[1]  # the 7 € ticket
    report_before = reports.session_report(till_session)

    back = refunds.refund(bar_session, [ticket_line], reason="Séance annulée", by=cashier)

    assert (back.session, back.total, back.method, back.channel, back.reason) == (
        bar_session,
        Decimal("-7.00"),
        Sale.Method.CASH,
        Sale.Channel.TILL,
        "Séance annulée",
    )
    [line] = back.lines.all()
    assert (line.kind, line.quantity, line.amount, line.refunds, line.ticket) == (
        SaleLine.Kind.TICKET,
        -1,
        Decimal("-7.00"),
        ticket_line,
        ticket_line.ticket,
    )
    entry = back.journal.get()
    body = json.loads(entry.body)
    assert entry.kind == JournalEntry.Kind.REFUND
    assert (body["reason"], body["refunds"], body["total"], body["method"]) == (
        "Séance annulée",
        old_sale.code,
        "-7.00",
        "cash",
    )
    assert body["lines"][0]["refunds"] == f"{old_sale.code}/2"
    # The ticket went back: its seat is free; the other ticket stands.
    ticket_line.ticket.refresh_from_db()
    assert ticket_line.ticket.status == Ticket.Status.CANCELLED
    assert seats.count(tonight).taken == 1
    # The cash comes out of today's drawer; the old session's report does not change.
    assert sessions.expected_cash(bar_session) == Decimal("43.00")
    assert reports.session_report(till_session).total == report_before.total == Decimal("17.00")


def test_a_line_is_refunded_once_and_never_above_what_was_paid(
    old_sale, bar_session, cashier, written
):
    first, second, drinks = lines_of(old_sale)
    refunds.refund(bar_session, [first], reason="Erreur", by=cashier)
    before = written()

    with translation.override("en"), pytest.raises(SaleRefused) as twice:
        refunds.refund(bar_session, [first], reason="Encore", by=cashier)
    with translation.override("en"), pytest.raises(SaleRefused) as above:
        refunds.refund(
            bar_session, [drinks], reason="Renversée", by=cashier, amounts={drinks.pk: "5.01"}
        )
    with translation.override("en"), pytest.raises(SaleRefused) as mixed:
        refunds.refund(bar_session, [first, second], reason="Les deux", by=cashier)

    assert (twice.value.code, twice.value.message) == (
        "already_refunded",
        f"“{first.label}” was already refunded.",
    )
    assert (above.value.code, above.value.message) == (
        "above_paid",
        "€5.01 is more than “Limonade” was paid: €5.00.",
    )
    assert mixed.value.code == "already_refunded"
    assert written() == before


def test_part_of_a_bar_line_gives_money_back_not_items(old_sale, bar_session, cashier):
    drinks = lines_of(old_sale)[2]
    back = refunds.refund(
        bar_session, [drinks], reason="Une renversée", by=cashier, amounts={drinks.pk: "2,50"}
    )
    [line] = back.lines.all()
    assert (line.quantity, line.unit_price, line.amount) == (0, Decimal("2.50"), Decimal("-2.50"))
    assert back.total == Decimal("-2.50")


def test_a_ticket_is_given_back_whole_or_not_at_all(old_sale, bar_session, cashier, written):
    ticket_line = lines_of(old_sale)[0]
    before = written()

    with translation.override("en"), pytest.raises(SaleRefused) as part:
        refunds.refund(
            bar_session,
            [ticket_line],
            reason="Moitié",
            by=cashier,
            amounts={ticket_line.pk: ticket_line.amount - Decimal("1.00")},
        )

    assert part.value.code == "partial_not_allowed"
    assert part.value.message == (
        f"“{ticket_line.label}” is given back whole (€{ticket_line.amount:.2f}) or not at all."
    )
    assert written() == before


@pytest.mark.parametrize(
    ("reason", "code"),
    [("", "reason_required"), ("   ", "reason_required"), ("x" * 201, "reason_too_long")],
)
def test_a_refund_needs_a_reason_of_200_characters_at_most(
    old_sale, bar_session, cashier, reason, code, written
):
    before = written()
    with pytest.raises(SaleRefused) as refused:
        refunds.refund(bar_session, lines_of(old_sale)[:1], reason=reason, by=cashier)
    assert refused.value.code == code
    assert written() == before


def test_lines_of_a_reversal_or_of_a_sale_undone_are_not_refunded(
    bar_session, tonight, cashier, written
):
    sale, _ = sales.sell(
        bar_session, Order(screening=tonight, prices=["5"]), method="cash", by=cashier
    )
    reversal = reversals.undo(sale, by=cashier)
    before = written()
    with translation.override("en"), pytest.raises(SaleRefused) as undone:
        refunds.refund(bar_session, lines_of(sale), reason="Non", by=cashier)
    with translation.override("en"), pytest.raises(SaleRefused) as reversing:
        refunds.refund(bar_session, lines_of(reversal), reason="Non", by=cashier)
    assert undone.value.message == "This sale was undone: there is nothing left to refund."
    assert reversing.value.message == "A line of a reversal cannot be refunded."
    assert written() == before


def test_a_refund_is_made_in_ones_own_open_session_only(
    old_sale, bar_session, till_session, cashier, make_member, written
):
    other = make_member("oscar")
    before = written()
    with pytest.raises(Forbidden):
        refunds.refund(bar_session, lines_of(old_sale)[:1], reason="Non", by=other)
    with pytest.raises(SaleRefused) as closed:
        refunds.refund(till_session, lines_of(old_sale)[:1], reason="Non", by=cashier)
    with pytest.raises(SaleRefused) as none:
        refunds.refund(None, lines_of(old_sale)[:1], reason="Non", by=cashier)
    assert (closed.value.code, none.value.code) == ("session_closed", "no_session")
    assert written() == before


def test_a_membership_refunded_is_cancelled_and_its_payment_left_to_the_till(bar_session, cashier):
    sale, _ = sales.sell(
        bar_session,
        Order(membership=MembershipLine(amount="10", first_name="Nina")),
        method="card",
        by=cashier,
    )
    back = refunds.refund(bar_session, lines_of(sale), reason="Adhésion en double", by=cashier)
    membership = Membership.objects.get()
    assert membership.status == Membership.Status.CANCELLED
    assert (back.total, back.method) == (Decimal("-10.00"), Sale.Method.CARD)
    # The money went back by the till's refund sale, not by a refund of the payment.
    assert not Payment.objects.filter(refund_of=membership.payment).exists()


def test_a_door_collection_refunded_gives_the_booking_back(
    bar_session, tonight, make_member, cashier
):
    booking, _ = book(tonight, user=make_member("hugo"), prices=["6"], method="door")
    _result, sale = door_sales.collect(
        bar_session, tonight, booking.tickets.get().code, method="cash", by=cashier
    )
    refunds.refund(bar_session, lines_of(sale), reason="Parti avant le film", by=cashier)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.tickets.get().status == Ticket.Status.CANCELLED
    assert sessions.expected_cash(bar_session) == Decimal("50.00")


def test_a_sale_is_found_by_its_code_or_a_tickets_number(old_sale, venue):
    ticket = lines_of(old_sale)[0].ticket
    assert refunds.find_sale(venue, old_sale.code) == old_sale
    assert refunds.find_sale(venue, str(ticket)) == old_sale
    assert refunds.find_sale(venue, str(ticket.number)) == old_sale
    assert refunds.find_sale(venue, "nothing") is None


# --- the page -------------------------------------------------------------------------
def url(name, *args, **query):
    with translation.override("en"):
        address = reverse(f"boxoffice:{name}", args=args)
    if query:
        address += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return address


def test_the_refund_page_finds_a_sale_and_refunds_the_lines_ticked(
    client, old_sale, bar_session, cashier
):
    client.force_login(cashier)
    bar = bar_session.till
    empty = client.get(url("refund", bar.pk)).content.decode()
    assert 'id="refund-find" name="vente" type="search" value="" autocomplete="off"' in empty
    first, _second, drinks = lines_of(old_sale)
    page = client.get(url("refund", bar.pk, vente=old_sale.code)).content.decode()
    assert f'name="line" value="{first.pk}" id="refund-line-{first.pk}"' in page
    assert 'maxlength="200" required' in page

    response = client.post(
        url("refund", bar.pk),
        {
            "vente": old_sale.code,
            "line": [first.pk, drinks.pk],
            f"amount-{drinks.pk}": "2.50",
            "reason": "Séance annulée, une limonade renversée",
        },
    )

    back = Sale.objects.get(reason="Séance annulée, une limonade renversée")
    assert response.status_code == 303
    assert response["Location"] == url("till", bar.pk, vente=back.code)
    assert back.total == Decimal("-7.50")
    shown = client.get(response["Location"]).content.decode()
    assert "Refund made" in shown
    assert "Refunded: give back €7.50." in shown


def test_the_refund_page_says_why_and_writes_nothing(
    client, old_sale, bar_session, cashier, written
):
    client.force_login(cashier)
    first = lines_of(old_sale)[0]
    before = written()
    response = client.post(
        url("refund", bar_session.till_id),
        {"vente": old_sale.code, "line": [first.pk], "reason": ""},
    )
    assert response.status_code == 422
    assert "Say why the money is given back." in response.content.decode()
    assert written() == before


def test_another_cashiers_session_cannot_refund(
    client, old_sale, bar_session, other_cashier, written
):
    client.force_login(other_cashier)
    before = written()
    response = client.post(
        url("refund", bar_session.till_id),
        {"vente": old_sale.code, "line": [lines_of(old_sale)[0].pk], "reason": "Non"},
    )
    assert response.status_code == 403
    assert escape("This till session is camille's") in response.content.decode()
    assert written() == before
    assert TillSession.objects.filter(closed_at=None).count() == 1
