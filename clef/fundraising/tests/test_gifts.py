"""Giving online, at the till and by cheque: the gift, its payment, the journal, its
receipt; the counterparts' stock and yearly cap; bad input refused with nothing written."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from clef.boxoffice import sessions
from clef.boxoffice.gifts import GiftLine
from clef.boxoffice.models import JournalEntry, SaleLine, Till
from clef.boxoffice.reports import session_report
from clef.boxoffice.reversals import undo
from clef.boxoffice.sales import Order, SaleRefused, sell
from clef.fundraising import gifts
from clef.fundraising.models import Counterpart, Gift, Receipt
from clef.members.models import Membership
from clef.payments import services as payments

pytestmark = pytest.mark.usefixtures("venue")

ADDRESS = "12 rue des Écoles\n75005 Paris"


def donor(**fields):
    fields.setdefault("name", "Jeanne Durand")
    fields.setdefault("address", ADDRESS)
    return gifts.Donor(**fields)


@pytest.fixture
def poster(campaign):
    return Counterpart.objects.create(
        campaign=campaign,
        name="L'affiche",
        minimum_gift=Decimal("50"),
        stock=1,
        declared_value=Decimal("10"),
    )


def written():
    return (Gift.objects.count(), Receipt.objects.count(), JournalEntry.objects.count())


def test_a_gift_paid_online_is_journalled_as_a_gift_and_gets_its_receipt(
    campaign, member, venue, poster
):
    gift, url = gifts.give_online(
        campaign, amount="50", donor=donor(), user=member, counterpart=poster
    )
    assert url == f"/paiement/test/{gift.payment.code}/"
    assert (gift.status, gift.counterpart_value) == (Gift.Status.PENDING, Decimal("10.00"))
    payments.mark_paid(gift.payment, reference="TEST-1")
    gift.refresh_from_db()
    assert gift.status == Gift.Status.PAID
    receipt = gift.receipts.get()
    assert (receipt.number, receipt.amount, receipt.methods) == (1, Decimal("50.00"), "card")
    entry = JournalEntry.objects.get(kind=JournalEntry.Kind.ONLINE_PAYMENT)
    body = json.loads(entry.body)
    assert body["purpose"] == "gift"
    assert [(line["kind"], line["amount"], line["vat_rate"]) for line in body["lines"]] == [
        ("gift", "50.00", "0.00")
    ]
    # Giving makes no one a member.
    assert not Membership.objects.exists()


def test_a_refused_payment_cancels_the_gift_and_frees_its_counterpart(campaign, member, poster):
    gift, _url = gifts.give_online(
        campaign, amount="50", donor=donor(), user=member, counterpart=poster
    )
    payments.mark_failed(gift.payment)
    gift.refresh_from_db()
    assert gift.status == Gift.Status.CANCELLED
    again, _url = gifts.give_online(
        campaign, amount="60", donor=donor(), user=member, counterpart=poster
    )
    assert again.counterpart == poster


def test_it_refuses_a_counterpart_out_of_stock(campaign, member, outsider, poster):
    gifts.give_online(campaign, amount="50", donor=donor(), user=member, counterpart=poster)
    before = written()
    with pytest.raises(gifts.GiftRefused) as refused:
        gifts.give_online(
            campaign, amount="80", donor=donor(name="Olga"), user=outsider, counterpart=poster
        )
    assert refused.value.code == "counterpart_out_of_stock"
    assert written() == before


def test_it_refuses_counterparts_above_the_yearly_cap(campaign, member, settings):
    settings.CLEF_COUNTERPART_YEARLY_CAP = Decimal("15")
    bag = Counterpart.objects.create(
        campaign=campaign, name="Le sac", minimum_gift=Decimal("40"), declared_value=Decimal("10")
    )
    gifts.give_online(campaign, amount="40", donor=donor(), user=member, counterpart=bag)
    with pytest.raises(gifts.GiftRefused) as refused:
        gifts.give_online(campaign, amount="40", donor=donor(), user=member, counterpart=bag)
    assert refused.value.code == "counterpart_cap"
    # Without a counterpart the gift is taken.
    gifts.give_online(campaign, amount="40", donor=donor(), user=member)
    assert Gift.objects.count() == 2


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("0", "gift_zero"),
        ("-5", "gift_zero"),
        ("10.005", "gift_amount"),
        ("100000.01", "gift_too_big"),
        ("٣", "gift_amount"),
        ("²", "gift_amount"),
        ("1" * 30, "gift_amount"),
        ("x" * 5000, "gift_amount"),
    ],
)
def test_it_refuses_an_amount_that_is_not_a_gift(campaign, member, amount, code):
    with pytest.raises(gifts.GiftRefused) as refused:
        gifts.give_online(campaign, amount=amount, donor=donor(), user=member)
    assert refused.value.code == code
    assert Gift.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"address": ""}, "address_needed"),
        ({"name": "  "}, "address_needed"),
        ({"kind": "company", "siren": "12345"}, "siren_needed"),
        ({"kind": "company", "siren": "١٢٣٤٥٦٧٨٩"}, "siren_needed"),
        ({"address": "x" * 5000}, "too_long"),
    ],
)
def test_it_refuses_a_receipt_without_what_it_needs(campaign, member, fields, code):
    with pytest.raises(gifts.GiftRefused) as refused:
        gifts.give_online(campaign, amount="20", donor=donor(**fields), user=member)
    assert refused.value.code == code
    assert Gift.objects.count() == 0


def test_a_gift_without_a_receipt_needs_no_address(campaign, member):
    gift, _url = gifts.give_online(
        campaign, amount="20", donor=donor(name="", address="", receipt_when="none"), user=member
    )
    payments.mark_paid(gift.payment)
    assert not Receipt.objects.exists()


def test_a_cheque_typed_by_the_treasurer_is_paid_on_its_day_with_its_receipt(
    campaign, fund, treasurer, venue
):
    received = timezone.localdate() - dt.timedelta(days=3)
    gift = gifts.record_typed(
        body=fund,
        campaign=campaign,
        amount="150",
        method="cheque",
        received_on=received,
        reference="0001234",
        donor=donor(),
        by=treasurer,
    )
    assert (gift.status, timezone.localdate(gift.paid_at), gift.reference) == (
        Gift.Status.PAID,
        received,
        "0001234",
    )
    assert gift.receipts.get().methods == "cheque"
    # No money passes through the till or the provider: nothing in the journal.
    assert not JournalEntry.objects.filter(kind=JournalEntry.Kind.ONLINE_PAYMENT).exists()


def test_it_refuses_a_cheque_received_in_the_future(campaign, fund, treasurer):
    with pytest.raises(gifts.GiftRefused) as refused:
        gifts.record_typed(
            body=fund,
            campaign=campaign,
            amount="10",
            method="cheque",
            received_on=timezone.localdate() + dt.timedelta(days=1),
            reference="",
            donor=donor(),
            by=treasurer,
        )
    assert refused.value.code == "future"


@pytest.fixture
def till_session(venue, cashier):
    till = Till.objects.create(venue=venue, name="Caisse du hall")
    return sessions.open_session(till, cashier=cashier, opening_float="100")


def test_a_gift_at_the_till_is_a_line_apart_without_tax_on_tickets(till_session, cashier, campaign):
    sale, _ = sell(
        till_session,
        Order(gift=GiftLine("20", name="Jeanne Durand", address=ADDRESS)),
        method="cash",
        by=cashier,
        tendered="20",
    )
    line = sale.lines.get()
    assert (line.kind, line.amount, line.vat_rate, line.ticket_id) == (
        SaleLine.Kind.GIFT,
        Decimal("20.00"),
        Decimal("0.00"),
        None,
    )
    gift = Gift.objects.get()
    assert (gift.method, gift.status, gift.sale_line, gift.campaign) == (
        Gift.Method.TILL,
        Gift.Status.PAID,
        line,
        campaign,
    )
    assert gift.receipts.get().methods == "cash"
    entry = JournalEntry.objects.get(sale=sale)
    assert [line["kind"] for line in json.loads(entry.body)["lines"]] == ["gift"]
    report = session_report(till_session)
    assert (report.gifts.count, report.gifts.amount) == (1, Decimal("20.00"))
    assert report.tickets.count == 0
    assert report.bar.amount == Decimal("0.00")


def test_an_anonymous_till_gift_has_no_receipt_and_undoing_it_cancels_it(
    till_session, cashier, campaign
):
    sale, _ = sell(till_session, Order(gift=GiftLine("5")), method="card", by=cashier)
    gift = Gift.objects.get()
    assert (gift.donor_name, gift.receipts.count()) == ("", 0)
    undo(sale, by=cashier)
    gift.refresh_from_db()
    assert gift.status == Gift.Status.CANCELLED


@pytest.mark.parametrize(
    ("gift", "code"),
    [
        (GiftLine("0"), "gift_zero"),
        (GiftLine("2.555"), "gift_invalid"),
        (GiftLine("10", name="Jeanne"), "gift_address_needed"),
    ],
)
def test_the_till_refuses_a_bad_gift(till_session, cashier, campaign, gift, code):
    with pytest.raises(SaleRefused) as refused:
        sell(till_session, Order(gift=gift), method="cash", by=cashier)
    assert refused.value.code == code
    assert not Gift.objects.exists() and not SaleLine.objects.exists()


def test_a_till_gift_is_apart_in_the_closing_and_never_an_admission_nor_taxed(
    venue, cashier, campaign, make_screening, time_machine
):
    import datetime as dt

    from clef.accounting.declarations import bar_sales
    from clef.accounting.stats import admissions
    from clef.boxoffice import closings

    time_machine.move_to(dt.datetime(2026, 3, 11, 18, 0, tzinfo=dt.UTC))
    screening = make_screening(dt.date(2026, 3, 11), "19:30")
    till = Till.objects.create(venue=venue, name="Caisse du hall")
    session = sessions.open_session(till, cashier=cashier, opening_float="50")
    sell(
        session,
        Order(screening=screening, prices=["6"], gift=GiftLine("20")),
        method="cash",
        by=cashier,
    )
    sessions.close_session(
        session, by=cashier, counts={"50.00": 1, "20.00": 1, "5.00": 1, "1.00": 1}
    )
    time_machine.move_to(dt.datetime(2026, 3, 12, 4, 0, tzinfo=dt.UTC))
    closing = closings.close_day(venue, dt.date(2026, 3, 11))
    assert (closing.totals["kinds"]["gift"], closing.totals["kinds"]["ticket"]) == ("20.00", "6.00")
    # The gift carries no VAT and no tax on tickets: only the ticket is an admission.
    assert closing.totals["vat"]["0.00"]["gross"] == "20.00"
    assert admissions(venue, now=timezone.now()) == 1
    assert bar_sales(venue, dt.date(2026, 3, 11), dt.date(2026, 3, 11)).amount == Decimal("0.00")
