"""Making campaigns, loans, patrons and counterparts: bad terms refused with a reason,
nothing written; good ones written and logged."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from clef.audit.models import Action
from clef.fundraising import campaigns as services
from clef.fundraising.counterparts import BadCounterpart, add_counterpart, highest_value
from clef.fundraising.models import Campaign, Counterpart, Loan, Patron


@pytest.fixture(autouse=True)
def _english():
    """The refusals are read in English here (their French is the catalogue's)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def make(fund, **changes):
    now = timezone.now()
    values = {
        "slug": "nouvelle",
        "title": "Nouvelle",
        "goal": Decimal("1000.00"),
        "deadline": now + dt.timedelta(days=30),
        "opens_on": timezone.localdate(now),
        "body": fund,
    }
    values.update(changes)
    return services.create_campaign(**values)


def test_it_makes_a_campaign_and_logs_it(fund, treasurer):
    campaign = make(fund, by=treasurer)
    assert Campaign.objects.get().slug == "nouvelle"
    action = Action.objects.get(name="fundraising.campaign.created")
    assert action.data["campaign"] == "nouvelle"
    assert action.subject_type == "fundraising.campaign"
    assert campaign.is_open()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"deadline": dt.datetime(2001, 1, 1, tzinfo=dt.UTC)}, "campaign_deadline"),
        ({"deadline": dt.datetime(1, 1, 1, tzinfo=dt.UTC)}, "campaign_deadline"),
        ({"goal": Decimal("0")}, "campaign_goal"),
        ({"goal": Decimal("-5")}, "campaign_goal"),
        ({"goal": Decimal("10.001")}, "campaign_goal"),
        ({"goal": Decimal("1" * 30)}, "campaign_goal"),
        ({"crowdfunding_goal": Decimal("-1")}, "campaign_crowdfunding_goal"),
        ({"opens_on": dt.date(9999, 12, 31)}, "campaign_opens_on"),
    ],
)
def test_it_refuses_a_campaign_that_cannot_run(fund, changes, code):
    with pytest.raises(services.CampaignRefused) as refused:
        make(fund, **changes)
    assert refused.value.code == code
    assert not Campaign.objects.exists()
    assert not Action.objects.exists()


def test_the_deadline_in_the_past_is_said_plainly(fund):
    with pytest.raises(services.CampaignRefused) as refused:
        make(fund, deadline=timezone.now() - dt.timedelta(minutes=1))
    assert refused.value.message == "The deadline must be in the future."


def test_it_refuses_a_second_campaign_at_the_same_address(fund, campaign):
    with pytest.raises(services.CampaignRefused) as refused:
        make(fund, slug="travaux")
    assert refused.value.code == "campaign_slug"


def loan(campaign, **changes):
    values = {
        "lender": "Banque",
        "amount": Decimal("1400000"),
        "rate": Decimal("4.2"),
        "years": 20,
        "starts_on": dt.date(2024, 6, 30),
        "guaranteed_share": Decimal("50"),
    }
    values.update(changes)
    return services.add_loan(campaign, **values)


def test_it_adds_a_loan(campaign, treasurer):
    loan(campaign, by=treasurer)
    assert Loan.objects.get().guaranteed_share == Decimal("50")
    assert Action.objects.filter(name="fundraising.loan.added").count() == 1


@pytest.mark.parametrize(
    ("changes", "code", "message"),
    [
        ({"rate": Decimal("-1")}, "loan_rate", "The rate cannot be negative."),
        ({"years": 0}, "loan_years", "A loan lasts at least one year."),
        ({"amount": Decimal("0")}, "loan_amount", None),
        ({"guaranteed_share": Decimal("150")}, "loan_guarantee", None),
        ({"guaranteed_share": Decimal("-1")}, "loan_guarantee", None),
    ],
)
def test_it_refuses_a_loan_no_bank_gives(campaign, changes, code, message):
    with pytest.raises(services.CampaignRefused) as refused:
        loan(campaign, **changes)
    assert refused.value.code == code
    if message:
        assert refused.value.message == message
    assert not Loan.objects.exists()


def test_it_adds_a_patron_and_refuses_a_pledge_of_nothing(campaign):
    services.add_patron(campaign, name="Fondation", pledged=Decimal("300000"))
    with pytest.raises(services.CampaignRefused):
        services.add_patron(campaign, name="Rien", pledged=Decimal("0"))
    assert list(Patron.objects.values_list("name", flat=True)) == ["Fondation"]


def test_a_counterpart_may_be_worth_a_quarter_of_its_minimum_gift(campaign):
    add_counterpart(
        campaign, name="Affiche", minimum_gift=Decimal("40"), declared_value=Decimal("10")
    )
    assert Counterpart.objects.get().declared_value == Decimal("10.00")


def test_it_refuses_a_counterpart_worth_more_than_a_quarter_of_the_gift(campaign):
    with pytest.raises(BadCounterpart) as refused:
        add_counterpart(
            campaign, name="Affiche", minimum_gift=Decimal("40"), declared_value=Decimal("10.01")
        )
    assert refused.value.code == "counterpart_share"
    assert refused.value.message == (
        "A counterpart may be worth at most 25 % of its minimum gift: €10.00 for a gift of €40.00."
    )
    assert not Counterpart.objects.exists()


def test_it_refuses_a_counterpart_over_the_yearly_cap(campaign, settings):
    settings.CLEF_COUNTERPART_YEARLY_CAP = Decimal("73")
    # A quarter of 1,000 € is 250 €, but the yearly cap is 73 €.
    assert highest_value(Decimal("1000")) == Decimal("73")
    add_counterpart(
        campaign, name="Dîner", minimum_gift=Decimal("1000"), declared_value=Decimal("73")
    )
    with pytest.raises(BadCounterpart) as refused:
        add_counterpart(
            campaign, name="Week-end", minimum_gift=Decimal("1000"), declared_value=Decimal("73.01")
        )
    assert refused.value.code == "counterpart_cap"
    assert list(Counterpart.objects.values_list("name", flat=True)) == ["Dîner"]


@pytest.mark.parametrize(
    ("gift", "value", "stock", "code"),
    [
        ("0", "0", None, "counterpart_gift"),
        ("-10", "0", None, "counterpart_gift"),
        ("10.005", "0", None, "counterpart_gift"),
        ("1" * 30, "0", None, "counterpart_gift"),
        ("40", "-1", None, "counterpart_value"),
        ("40", "1", -1, "counterpart_stock"),
    ],
)
def test_it_refuses_a_counterpart_typed_wrong(campaign, gift, value, stock, code):
    with pytest.raises(BadCounterpart) as refused:
        add_counterpart(
            campaign, name="X", minimum_gift=Decimal(gift), declared_value=Decimal(value),
            stock=stock,
        )  # fmt: skip
    assert refused.value.code == code
