"""The demo's fundraising: the two legal bodies, the 2023 campaign as it was, the works
campaign running, three patrons, counterparts with stock; loaded twice, nothing doubles."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from clef.demo.fundraising import load_fundraising
from clef.fundraising.campaigns_queries import countdown, figures
from clef.fundraising.loans import loan_schedule
from clef.fundraising.models import Campaign, Counterpart, LegalBody, Loan, Patron

NOW = dt.datetime(2026, 11, 21, 11, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def loaded(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        load_fundraising(TODAY)
        load_fundraising(TODAY)
        yield


def test_the_demo_has_both_bodies_with_the_fund_s_signature(loaded):
    assert sorted(LegalBody.objects.values_list("kind", flat=True)) == [
        "association",
        "endowment_fund",
    ]
    fund = LegalBody.objects.get(kind="endowment_fund")
    assert fund.name == "Cinéma Revival"
    assert fund.signature.read(8) == b"\x89PNG\r\n\x1a\n"


def test_the_2023_campaign_is_as_it_was(loaded):
    purchase = Campaign.objects.get(slug="rachat-2023")
    assert (purchase.goal, purchase.patronage_goal, purchase.crowdfunding_goal) == (
        Decimal("2900000.00"),
        Decimal("1300000.00"),
        Decimal("400000.00"),
    )
    assert purchase.deadline == dt.datetime(2023, 10, 26, 21, 59, tzinfo=dt.UTC)
    assert countdown(purchase.deadline).over
    loan = Loan.objects.get()
    assert (loan.amount, loan.guaranteed_share, loan.guarantor) == (
        Decimal("1400000.00"),
        Decimal("50.00"),
        "IFCIC",
    )
    assert sum(row.principal for row in loan_schedule(loan)) == Decimal("1400000.00")
    assert sum(Patron.objects.values_list("pledged", flat=True)) == Decimal("1000000.00")
    assert figures(purchase)["sources"][0].raised == Decimal("1400000.00")


def test_the_works_campaign_runs_for_two_months(loaded):
    works = Campaign.objects.get(slug="travaux")
    assert works.goal == Decimal("600000.00")
    assert works.is_open()
    assert countdown(works.deadline).days == 60
    assert Counterpart.objects.filter(campaign=works, stock__isnull=False).count() == 3
    assert Counterpart.objects.count() == 6
    assert Patron.objects.count() == 3
