"""Counterparts: what a donor receives for a gift, within the law's cap.

A counterpart may be worth at most a share of its minimum gift (25 %) and at most a flat
amount a year (CGI 200 and 238 bis; both settings): past that, the gift would give no tax
reduction, so clef refuses to offer it. What each donor received in a year against the
cap is the gifts part's to follow when a gift is made.
"""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from clef.fundraising.models import Counterpart
from clef.lib.actions import log_action
from clef.lib.money import format_euros, format_rate, in_cents, percent_of
from clef.lib.refusals import Refused

# A counterpart's minimum gift above this is a typing mistake.
HIGHEST_GIFT = Decimal("10000000")


class BadCounterpart(Refused):
    pass


def highest_value(minimum_gift):
    """The most a counterpart of this minimum gift may be worth."""
    return min(
        percent_of(minimum_gift, settings.CLEF_COUNTERPART_SHARE),
        settings.CLEF_COUNTERPART_YEARLY_CAP,
    )


def check_counterpart(minimum_gift, declared_value, stock=None):
    """Refuse a counterpart the law would not let the gift keep its tax reduction for."""
    if minimum_gift is None or minimum_gift <= 0 or not in_cents(minimum_gift):
        raise BadCounterpart(
            "counterpart_gift", _("The minimum gift must be more than €0, in cents.")
        )
    if minimum_gift > HIGHEST_GIFT:
        raise BadCounterpart(
            "counterpart_gift",
            _("The minimum gift is at most %(most)s.") % {"most": format_euros(HIGHEST_GIFT)},
        )
    if declared_value is None or declared_value < 0 or not in_cents(declared_value):
        raise BadCounterpart("counterpart_value", _("The declared value is €0 or more, in cents."))
    share = percent_of(minimum_gift, settings.CLEF_COUNTERPART_SHARE)
    if declared_value > share:
        raise BadCounterpart(
            "counterpart_share",
            _(
                "A counterpart may be worth at most %(rate)s %% of its minimum gift: "
                "%(most)s for a gift of %(gift)s."
            )
            % {
                "rate": format_rate(settings.CLEF_COUNTERPART_SHARE),
                "most": format_euros(share),
                "gift": format_euros(minimum_gift),
            },
        )
    cap = settings.CLEF_COUNTERPART_YEARLY_CAP
    if declared_value > cap:
        raise BadCounterpart(
            "counterpart_cap",
            _("A counterpart may be worth at most %(cap)s, the yearly cap per donor.")
            % {"cap": format_euros(cap)},
        )
    if stock is not None and stock < 0:
        raise BadCounterpart("counterpart_stock", _("The stock cannot be negative."))


@transaction.atomic
def add_counterpart(
    campaign, *, name, minimum_gift, declared_value, stock=None, name_en="", by=None
):
    check_counterpart(minimum_gift, declared_value, stock)
    counterpart = Counterpart.objects.create(
        campaign=campaign,
        name=name,
        name_en=name_en,
        minimum_gift=minimum_gift,
        declared_value=declared_value,
        stock=stock,
    )
    campaign.save(update_fields=["updated_at"])
    log_action(
        "fundraising.counterpart.added",
        by=by,
        obj=counterpart,
        campaign=campaign.slug,
        minimum_gift=minimum_gift,
        declared_value=declared_value,
        stock=stock,
    )
    return counterpart


def with_stock_left(counterparts):
    """The counterparts, each with ``taken`` (gifts not cancelled that chose it) and
    ``left`` (None for no limit), in one query."""
    rows = list(counterparts.annotate(taken=Count("gifts", filter=~Q(gifts__status="cancelled"))))
    for row in rows:
        row.left = None if row.stock is None else max(row.stock - row.taken, 0)
    return rows
