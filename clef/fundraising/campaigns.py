"""Making a campaign and its sources: the goal, the deadline, the bank loan, the patrons.

Each action checks what it is given (a clear, translated refusal and nothing written),
runs in a transaction and is logged. The back office (`fundraising/admin.py`) runs the
same checks on its forms.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.fundraising.loans import BadLoan, check_terms
from clef.fundraising.models import Campaign, Loan, Patron
from clef.lib.actions import log_action
from clef.lib.money import format_euros, in_cents
from clef.lib.refusals import Refused

# A goal above this is a typing mistake (the 2023 campaign asked for 2.9 M€).
HIGHEST_GOAL = Decimal("100000000")


class CampaignRefused(Refused):
    pass


def check_amount(value, code, label):
    if value is None or value <= 0 or not in_cents(value):
        raise CampaignRefused(code, _("%(what)s must be more than €0, in cents.") % {"what": label})
    if value > HIGHEST_GOAL:
        raise CampaignRefused(
            code,
            _("%(what)s is at most %(most)s.")
            % {"what": label, "most": format_euros(HIGHEST_GOAL)},
        )


def check_campaign(
    *, goal, deadline, opens_on, patronage_goal=None, crowdfunding_goal=None, now=None
):
    """Refuse a campaign that cannot be run: no goal, or a deadline already passed."""
    check_amount(goal, "campaign_goal", _("The goal"))
    if patronage_goal is not None:
        check_amount(patronage_goal, "campaign_patronage_goal", _("The patronage goal"))
    if crowdfunding_goal is not None:
        check_amount(crowdfunding_goal, "campaign_crowdfunding_goal", _("The crowdfunding goal"))
    now = now or timezone.now()
    if deadline is None or deadline <= now:
        raise CampaignRefused("campaign_deadline", _("The deadline must be in the future."))
    if opens_on is None or opens_on > timezone.localdate(deadline):
        raise CampaignRefused("campaign_opens_on", _("The campaign must open before its deadline."))


@transaction.atomic
def create_campaign(*, slug, title, goal, deadline, opens_on, body, by=None, now=None, **fields):
    """A new campaign; ``fields`` are its texts and source goals."""
    check_campaign(
        goal=goal,
        deadline=deadline,
        opens_on=opens_on,
        patronage_goal=fields.get("patronage_goal"),
        crowdfunding_goal=fields.get("crowdfunding_goal"),
        now=now,
    )
    if Campaign.objects.filter(slug=slug).exists():
        raise CampaignRefused("campaign_slug", _("Another campaign has this address."))
    campaign = Campaign.objects.create(
        slug=slug, title=title, goal=goal, deadline=deadline, opens_on=opens_on, body=body, **fields
    )
    log_action(
        "fundraising.campaign.created",
        by=by,
        obj=campaign,
        campaign=slug,
        goal=goal,
        deadline=deadline,
        body=body.pk,
    )
    return campaign


def check_loan(*, amount, rate, years, guaranteed_share):
    try:
        check_terms(amount, rate, years)
    except BadLoan as refused:
        raise CampaignRefused(refused.code, refused.message) from refused
    if guaranteed_share is None or not Decimal(0) <= guaranteed_share <= Decimal(100):
        raise CampaignRefused(
            "loan_guarantee", _("The guaranteed share is a percentage from 0 to 100.")
        )


@transaction.atomic
def add_loan(
    campaign,
    *,
    lender,
    amount,
    rate,
    years,
    starts_on,
    guaranteed_share=Decimal(0),
    guarantor="",
    by=None,
):
    check_loan(amount=amount, rate=rate, years=years, guaranteed_share=guaranteed_share)
    loan = Loan.objects.create(
        campaign=campaign,
        lender=lender,
        amount=amount,
        rate=rate,
        years=years,
        starts_on=starts_on,
        guaranteed_share=guaranteed_share,
        guarantor=guarantor,
    )
    campaign.save(update_fields=["updated_at"])
    log_action(
        "fundraising.loan.added",
        by=by,
        obj=loan,
        campaign=campaign.slug,
        amount=amount,
        rate=rate,
        years=years,
    )
    return loan


@transaction.atomic
def add_patron(campaign, *, name, pledged, by=None, **fields):
    check_amount(pledged, "patron_pledged", _("The amount pledged"))
    patron = Patron.objects.create(campaign=campaign, name=name, pledged=pledged, **fields)
    campaign.save(update_fields=["updated_at"])
    log_action(
        "fundraising.patron.added", by=by, obj=patron, campaign=campaign.slug, pledged=pledged
    )
    return patron
