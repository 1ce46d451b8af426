"""What the public campaign pages read: each source's figures, the countdown, the latest
named donors, and the version their cache is keyed by."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from clef.fundraising.counterparts import with_stock_left
from clef.fundraising.models import Campaign, Gift
from clef.lib.money import cents

ZERO = Decimal("0.00")
PAID = "paid"


def public_campaigns(today=None):
    """Campaigns already open to the public, the running ones first, then the past."""
    today = today or timezone.localdate()
    return Campaign.objects.filter(opens_on__lte=today).select_related("body").order_by("-deadline")


def summaries(today=None):
    """Each public campaign with its figures: the list of campaigns and the page on
    where the money goes show them. Three queries, however many campaigns."""
    campaigns = list(public_campaigns(today).prefetch_related("loans"))
    gifts = _gift_rows([campaign.pk for campaign in campaigns])
    return [
        {
            "campaign": campaign,
            "figures": _figures(campaign, list(campaign.loans.all()), gifts.get(campaign.pk, {})),
        }
        for campaign in campaigns
    ]


def public_campaign(slug, today=None):
    today = today or timezone.localdate()
    return Campaign.objects.filter(slug=slug, opens_on__lte=today).select_related("body").first()


def page_version(slug):
    """Changes whenever a campaign's page would: the campaign or its sources edited
    (``updated_at``), a gift made, paid or cancelled. One query."""
    row = (
        Campaign.objects.filter(slug=slug)
        .values("updated_at", "deadline")
        .annotate(
            gift_count=Count("gifts"),
            paid_count=Count("gifts", filter=Q(gifts__status=PAID)),
            cancelled_count=Count("gifts", filter=Q(gifts__status="cancelled")),
            last_gift=Max("gifts__pk"),
            last_paid_at=Max("gifts__paid_at"),
        )
        .order_by()[:1]
    )
    row = next(iter(row), None)
    if row is None:
        return "none"
    # The countdown moves on by itself: the page changes with it.
    left = countdown(row["deadline"])
    return ":".join(str(value) for value in [*row.values(), left, timezone.localdate()])


def list_version():
    """Changes whenever the list of campaigns would. One query."""
    row = Campaign.objects.aggregate(
        campaigns=Count("pk", distinct=True),
        over=Count("pk", filter=Q(deadline__lte=timezone.now()), distinct=True),
        updated=Max("updated_at"),
        gift_count=Count("gifts"),
        paid_count=Count("gifts", filter=Q(gifts__status=PAID)),
        last_gift=Max("gifts__pk"),
        last_paid_at=Max("gifts__paid_at"),
    )
    return ":".join(str(value) for value in [*row.values(), timezone.localdate()])


def percent(part, whole):
    """How much of ``whole`` is ``part``, in whole percent, for progress bars (at most
    100 for the bar's width; the figure itself is shown apart)."""
    if not whole:
        return 0
    return int(min(part * 100 / whole, 100))


@dataclass
class Source:
    key: str
    raised: Decimal
    goal: Decimal | None
    donors: int = 0

    @property
    def percent(self):
        return percent(self.raised, self.goal)


def _gift_rows(campaigns):
    """Paid gifts summed per campaign and source, with their donors: one query."""
    rows = (
        Gift.objects.filter(campaign__in=campaigns, status=PAID)
        .values("campaign", "source")
        .annotate(
            raised=Sum("amount"),
            people=Count("donor", distinct=True),
            patrons=Count("patron", distinct=True),
            anonymous=Count("pk", filter=Q(donor__isnull=True, patron__isnull=True)),
        )
        .order_by()
    )
    by_campaign = {}
    for row in rows:
        by_campaign.setdefault(row["campaign"], {})[row["source"]] = row
    return by_campaign


def _figures(campaign, loans, by_source):
    def source(key, goal):
        row = by_source.get(key) or {}
        donors = row.get("people", 0) + row.get("patrons", 0) + row.get("anonymous", 0)
        return Source(key, cents(row.get("raised") or ZERO), goal, donors)

    loan_total = sum((loan.amount for loan in loans), ZERO)
    sources = []
    if loans:
        sources.append(Source("loan", loan_total, loan_total))
    patronage = source("patronage", campaign.patronage_goal)
    crowdfunding = source("crowdfunding", campaign.crowdfunding_goal)
    if campaign.patronage_goal or patronage.raised:
        sources.append(patronage)
    if campaign.crowdfunding_goal or crowdfunding.raised:
        sources.append(crowdfunding)
    total = loan_total + patronage.raised + crowdfunding.raised
    return {
        "total": total,
        "goal": campaign.goal,
        "percent": percent(total, campaign.goal),
        "donors": patronage.donors + crowdfunding.donors,
        "sources": sources,
        "loans": loans,
    }


def figures(campaign):
    """The total and each source: the loans (counted when agreed), the patronage and the
    crowdfunding (paid gifts), with the number of donors. Two queries."""
    loans = list(campaign.loans.all())
    return _figures(campaign, loans, _gift_rows([campaign.pk]).get(campaign.pk, {}))


def latest_named_gifts(campaign, count=8):
    """The latest paid gifts whose donors agreed to be named: name and day only."""
    return list(
        Gift.objects.filter(campaign=campaign, status=PAID, show_name=True)
        .exclude(donor_name="")
        .order_by("-paid_at", "-pk")
        .values("donor_name", "paid_at")[:count]
    )


@dataclass(frozen=True)
class Countdown:
    over: bool
    days: int = 0
    hours: int = 0
    minutes: int = 0


def countdown(deadline, now=None):
    """How long is left before ``deadline``, as the clocks on the wall show it.

    A day is a calendar day in the local zone: from midnight on the Saturday before the
    clocks change to midnight on the Monday is two days, though only 47 or 49 hours
    pass. Under a day, the real hours and minutes are counted. Over once the instant
    has passed, whatever the wall clock says.
    """
    now = now or timezone.now()
    if now >= deadline:
        return Countdown(over=True)
    real = deadline - now
    if real < dt.timedelta(days=1):
        minutes = int(real.total_seconds() // 60)
        return Countdown(over=False, hours=minutes // 60, minutes=minutes % 60)
    wall = timezone.localtime(deadline).replace(tzinfo=None) - timezone.localtime(now).replace(
        tzinfo=None
    )
    minutes = int(wall.total_seconds() // 60)
    return Countdown(
        over=False, days=minutes // (24 * 60), hours=minutes // 60 % 24, minutes=minutes % 60
    )


def counterparts(campaign):
    return with_stock_left(campaign.counterparts.all())


def page_context(campaign, now=None):
    return {
        "campaign": campaign,
        "figures": figures(campaign),
        "countdown": countdown(campaign.deadline, now),
        "counterparts": counterparts(campaign),
        "named": latest_named_gifts(campaign),
    }
