"""The treasurer's reports on the campaigns: a year's paid gifts by month, source,
campaign and method; the patrons and what they paid of their pledge; the rows of the
accountant's CSV. Reads only."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.fundraising.models import Gift, Patron
from clef.lib.money import cents
from clef.lib.timezones import local_day_bounds

ZERO = Decimal("0.00")


def year_bounds(year):
    zone = timezone.get_current_timezone_name()
    start, _end = local_day_bounds(dt.date(year, 1, 1), zone)
    _start, end = local_day_bounds(dt.date(year, 12, 31), zone)
    return start, end


def paid_in(year):
    start, end = year_bounds(year)
    return Gift.objects.filter(status="paid", paid_at__gte=start, paid_at__lt=end)


def year_report(year):
    """The year's paid gifts summed four ways, from one query: ``months`` (all twelve),
    ``sources``, ``campaigns``, ``methods``, each a list of (label, count, amount), and
    the ``total``."""
    rows = (
        paid_in(year)
        .annotate(month=TruncMonth("paid_at", tzinfo=timezone.get_current_timezone()))
        .values("month", "source", "campaign__title", "method")
        .annotate(count=Count("pk"), amount=Sum("amount"))
        .order_by()
    )
    months = {dt.date(year, number, 1): [0, ZERO] for number in range(1, 13)}
    sources, campaigns, methods = {}, {}, {}
    total = [0, ZERO]
    source_labels = dict(Gift.Source.choices)
    method_labels = dict(Gift.Method.choices)
    for row in rows:
        month = row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]
        keys = (
            (months, month),
            (sources, source_labels.get(row["source"], row["source"])),
            (campaigns, row["campaign__title"] or _("No campaign")),
            (methods, method_labels.get(row["method"], row["method"])),
        )
        for bucket in [table.setdefault(key, [0, ZERO]) for table, key in keys] + [total]:
            bucket[0] += row["count"]
            bucket[1] += row["amount"]

    def listed(table):
        return [(key, count, cents(amount)) for key, (count, amount) in table.items()]

    return {
        "year": year,
        "months": listed(months),
        "sources": sorted(listed(sources), key=lambda row: str(row[0])),
        "campaigns": sorted(listed(campaigns), key=lambda row: str(row[0])),
        "methods": sorted(listed(methods), key=lambda row: str(row[0])),
        "count": total[0],
        "total": cents(total[1]),
    }


def patrons():
    """Every patron with ``paid`` (their paid gifts) and ``left`` (of the pledge). One
    query."""
    rows = list(
        Patron.objects.select_related("campaign")
        .annotate(paid=Sum("gifts__amount", filter=Q(gifts__status="paid")))
        .order_by("campaign__title", "name")
    )
    for row in rows:
        row.paid = cents(row.paid or ZERO)
        row.left = max(row.pledged - row.paid, ZERO)
    return rows


def accountant_rows(year):
    """One row per paid gift of the year, for the accountant's CSV, oldest first."""
    header = [
        _("Paid on"),
        _("Code"),
        _("Body"),
        _("Campaign"),
        _("Source"),
        _("Method"),
        _("Donor is"),
        _("Donor"),
        _("SIREN"),
        _("Patron"),
        _("Amount"),
        _("Counterpart value"),
    ]
    gifts = paid_in(year).select_related("body", "campaign", "patron").order_by("paid_at", "pk")
    rows = [
        [
            timezone.localdate(gift.paid_at),
            gift.code,
            gift.body.name,
            gift.campaign.title if gift.campaign else "",
            gift.get_source_display(),
            gift.get_method_display(),
            gift.get_donor_kind_display(),
            gift.donor_name,
            gift.siren,
            gift.patron.name if gift.patron else "",
            gift.amount,
            gift.counterpart_value,
        ]
        for gift in gifts.iterator(chunk_size=2000)
    ]
    return header, rows
