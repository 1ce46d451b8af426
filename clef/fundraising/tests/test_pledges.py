"""Pledges and their schedule, their reminders (idempotent), monthly gifts charged once a
month, and the year's receipts by command."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from clef.fundraising import gifts, pledges
from clef.fundraising.gifts_monthly import charge_due
from clef.fundraising.models import Gift, Pledge, Receipt
from clef.payments import services as payments

pytestmark = pytest.mark.usefixtures("venue")

ADDRESS = "Librairie du Quartier\n3 rue Mouffetard\n75005 Paris"


def donor(**fields):
    return gifts.Donor(
        name="Librairie du Quartier",
        address=ADDRESS,
        email="compta@example.org",
        kind="company",
        siren="123456789",
        **fields,
    )


def test_the_schedule_splits_to_the_cent_and_the_last_absorbs_the_rounding():
    rows = pledges.schedule(Decimal("1000.00"), 3, dt.date(2026, 1, 31))
    assert rows == [
        (dt.date(2026, 1, 31), Decimal("333.33")),
        (dt.date(2026, 2, 28), Decimal("333.33")),
        (dt.date(2026, 3, 31), Decimal("333.34")),
    ]


def test_a_pledge_is_paid_instalment_by_instalment_each_a_gift_with_its_receipt(
    fund, campaign, treasurer
):
    pledge = pledges.make_pledge(
        body=fund,
        campaign=campaign,
        total="3000",
        count=2,
        first_due=timezone.localdate(),
        donor=donor(),
        by=treasurer,
    )
    first, second = pledge.instalments.all()
    gift = pledges.pay_instalment(
        first, method="transfer", received_on=timezone.localdate(), reference="VIR1", by=treasurer
    )
    assert (gift.amount, gift.instalment, gift.receipts.count()) == (Decimal("1500.00"), first, 1)
    with pytest.raises(pledges.PledgeRefused):
        pledges.pay_instalment(
            first, method="transfer", received_on=timezone.localdate(), reference="", by=treasurer
        )
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.OPEN
    pledges.pay_instalment(
        second, method="cheque", received_on=timezone.localdate(), reference="", by=treasurer
    )
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.DONE


@pytest.mark.parametrize(
    ("total", "count"), [("0", 2), ("-1", 2), ("10.001", 2), ("100", 0), ("100", 121), ("0.01", 2)]
)
def test_it_refuses_a_bad_pledge(fund, campaign, treasurer, total, count):
    with pytest.raises(pledges.PledgeRefused):
        pledges.make_pledge(
            body=fund,
            campaign=campaign,
            total=total,
            count=count,
            first_due=timezone.localdate(),
            donor=donor(),
            by=treasurer,
        )
    assert not Pledge.objects.exists()


def test_reminders_go_a_week_before_and_a_week_after_and_never_twice(
    fund, campaign, treasurer, django_capture_on_commit_callbacks
):
    due = dt.date(2026, 3, 10)
    pledges.make_pledge(
        body=fund,
        campaign=campaign,
        total="500",
        count=1,
        first_due=due,
        donor=donor(),
        by=treasurer,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert pledges.send_reminders(dt.date(2026, 3, 2)) == 0
        assert pledges.send_reminders(dt.date(2026, 3, 3)) == 1
        assert pledges.send_reminders(dt.date(2026, 3, 3)) == 0
        assert pledges.send_reminders(dt.date(2026, 3, 16)) == 0
        assert pledges.send_reminders(dt.date(2026, 3, 17)) == 1
        assert pledges.send_reminders(dt.date(2026, 3, 30)) == 0
    assert [m.to for m in mail.outbox] == [["compta@example.org"], ["compta@example.org"]]


def test_a_monthly_gift_is_charged_once_a_month(campaign, member, time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC))
    campaign.opens_on = dt.date(2025, 12, 1)
    campaign.deadline = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    campaign.save()
    gift, _url = gifts.give_online(
        campaign,
        amount="10",
        donor=gifts.Donor(name="Marin", address="1 rue X", receipt_when="yearly"),
        user=member,
        monthly=True,
    )
    assert charge_due() == []  # the first month is not paid yet
    payments.mark_paid(gift.payment)
    time_machine.move_to(dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC))
    made = charge_due()
    assert [g.period for g in made] == [dt.date(2026, 2, 1), dt.date(2026, 3, 1)]
    assert all(g.status == Gift.Status.PAID for g in made)
    call_command("charge_monthly_gifts")
    assert Gift.objects.filter(monthly=gift.monthly).count() == 3


def test_the_command_issues_last_years_receipts(make_gift, fund):
    last_year = timezone.localdate().year - 1
    paid_at = timezone.make_aware(dt.datetime(last_year, 5, 1, 12))
    make_gift("25", name="Paul", donor_address="1 rue X", receipt_when="yearly", paid_at=paid_at)
    call_command("issue_receipts")
    call_command("issue_receipts", str(last_year))
    assert Receipt.objects.get().amount == Decimal("25.00")


def test_the_treasurer_records_a_pledge_and_its_payments_on_the_page(
    client, fund, campaign, treasurer, member
):
    data = {
        "body": fund.pk,
        "campaign": campaign.pk,
        "total": "900",
        "count": "3",
        "every": "1",
        "first_due": timezone.localdate().isoformat(),
        "kind": "company",
        "name": "Librairie du Quartier",
        "address": ADDRESS,
        "siren": "123456789",
        "email": "compta@example.org",
        "receipt_when": "each",
    }
    client.force_login(member)
    assert client.post("/tresorerie/promesses/", data).status_code == 403
    client.force_login(treasurer)
    assert client.post("/tresorerie/promesses/", {**data, "count": "٣"}).status_code == 400
    assert client.post("/tresorerie/promesses/", {**data, "total": "0"}).status_code == 422
    assert not Pledge.objects.exists()
    assert client.post("/tresorerie/promesses/", data).status_code == 302
    first = Pledge.objects.get().instalments.first()
    response = client.post(
        f"/tresorerie/promesses/echeance/{first.pk}/",
        {
            f"i{first.pk}-method": "transfer",
            f"i{first.pk}-received_on": timezone.localdate().isoformat(),
            f"i{first.pk}-reference": "VIR-1",
        },
    )
    assert response.status_code == 302
    assert Gift.objects.get(instalment=first).amount == Decimal("300.00")
    page = client.get("/en/tresorerie/promesses/").content.decode()
    assert "Librairie du Quartier" in page and "€900.00" in page
