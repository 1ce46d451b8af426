"""The public campaigns: each one's goal, total, sources, donors, countdown and
counterparts left, as the campaign page shows them. No sign-in."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Router, Schema

from clef.api import schemas
from clef.api.errors import ApiError
from clef.fundraising import campaigns_queries as queries
from clef.lib.localized import localized

router = Router(tags=["campaigns"])


class Source(Schema):
    kind: str
    raised: Decimal
    goal: Decimal | None
    donors: int


class Counterpart(Schema):
    name: str
    minimum_gift: Decimal
    left: int | None


class Campaign(Schema):
    slug: str
    title: str
    body: str
    goal: Decimal
    total: Decimal
    percent: int
    donors: int
    opens_on: dt.date
    deadline: dt.datetime
    over: bool
    sources: list[Source]
    counterparts: list[Counterpart]


def _campaign(campaign, figures):
    return {
        "slug": campaign.slug,
        "title": localized(campaign, "title"),
        "body": campaign.body.name,
        "goal": figures["goal"],
        "total": figures["total"],
        "percent": figures["percent"],
        "donors": figures["donors"],
        "opens_on": campaign.opens_on,
        "deadline": campaign.deadline,
        "over": campaign.is_over(),
        "sources": [
            {"kind": s.key, "raised": s.raised, "goal": s.goal, "donors": s.donors}
            for s in figures["sources"]
        ],
        "counterparts": [
            {"name": localized(c, "name"), "minimum_gift": c.minimum_gift, "left": c.left}
            for c in queries.counterparts(campaign)
        ],
    }


@router.get("/campaigns", response=list[Campaign])
def list_campaigns(request):
    """The campaigns open to the public, the latest deadline first."""
    return [_campaign(row["campaign"], row["figures"]) for row in queries.summaries()]


@router.get("/campaigns/{slug}", response={200: Campaign, 404: schemas.Error})
def get_campaign(request, slug: str):
    campaign = queries.public_campaign(slug[:80])
    if campaign is None:
        raise ApiError(404, "campaign_not_found", _("There is no such campaign."))
    return _campaign(campaign, queries.figures(campaign))
