"""Daily, monthly and yearly closings: the totals of a period, read from the journal, with
the perpetual grand total since the first sale, written as a ``Closing`` and appended to
the journal, chained like every other entry.

The journal is the source of truth: a closing parses the bodies of the entries recorded
in its period (by ``recorded_at``, in the venue's time zone) and sums the money they
say (``totals.Figures``). Money is every euro taken or given back: the till's sales,
reversals and refunds (each with its ``channel``, ``till`` or ``door``; a body without
one is the till's) and the online payments and refunds (channel ``online``, see
``online.py``). A closing covers those and the sessions opened and closed; closings
themselves are never summed. Before anything is written it checks that:

- the parts add up to the total, to the cent: by VAT rate (gross), by kind of line, by
  payment method, by channel, by kind of entry (sales + reversals + refunds + online
  payments + online refunds); each entry's lines add up to its amount;
- a month is the sum of its days and a year the sum of its months (the gross amounts,
  counts, kinds, methods and channels; the net and VAT of each rate are recomputed on
  the period's sum, as a tax form does, so they may differ from the sum of the shorter
  periods' by a cent of rounding);
- the grand total (the previous closing of the same kind's, plus this total) is kept
  per channel too; the till's and the door's equal the sum of every sale recorded in
  the sales table up to the period's end, channel by channel; each online entry of the
  period matches its payment (code, amount, method, paid).

Periods are closed in order: a day while an earlier day with entries is still open is
refused, and so is a month whose days are not all closed, or a year whose months are not.
``close_due`` does it all in the right order and is what the nightly timer runs.
"""

import datetime as dt
import json
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.db.models.functions import TruncDate, TruncMonth, TruncYear
from django.utils import formats
from django.utils.translation import gettext as _

from clef.boxoffice import journal
from clef.boxoffice.models import Closing, JournalEntry, Sale
from clef.boxoffice.periods import (
    Period,
    day_period,
    describe,
    holding,
    month_period,
    year_period,
)
from clef.boxoffice.totals import (
    CHANNELS,
    COVERED_KINDS,
    ONLINE,
    ONLINE_KINDS,
    TILL_KINDS,
    ZERO,
    ClosingRefused,
    Figures,
    grand_total_channels,
)
from clef.lib.actions import log_action
from clef.lib.money import cents, format_euros
from clef.lib.timezones import local_to_utc
from clef.payments.models import Payment


# --- closing --------------------------------------------------------------------------
def close_day(venue, day, *, by=None, today=None):
    """Close ``day`` (a local date in the venue's zone) once it is over."""
    return _close(venue, day_period(day), by=by, today=today)


def close_month(venue, year, month, *, by=None, today=None):
    """Close a month once it is over and its days are all closed."""
    return _close(venue, month_period(year, month), by=by, today=today)


def close_year(venue, year, *, by=None, today=None):
    """Close a year once it is over and its months are all closed."""
    return _close(venue, year_period(year), by=by, today=today)


def close_due(venue, *, today=None, by=None):
    """Close, in order, every past day that has entries and no closing, then every past
    month, then every past year. Returns the closings made; running it again makes none.
    """
    today = _today(venue, today)
    made = []
    for kind, trunc in (
        (Closing.Kind.DAY, TruncDate),
        (Closing.Kind.MONTH, TruncMonth),
        (Closing.Kind.YEAR, TruncYear),
    ):
        # Where the periods not over yet start: today, this month, this year.
        current = holding(kind, today).first
        last = Closing.objects.filter(venue=venue, kind=kind).order_by("-period_start").first()
        entries = _covered(venue).filter(
            recorded_at__lt=local_to_utc(current, dt.time(0, 0), venue.timezone)
        )
        if last is not None:
            since = local_to_utc(last.period_end + dt.timedelta(days=1), dt.time(0), venue.timezone)
            entries = entries.filter(recorded_at__gte=since)
        starts = {
            _as_date(value)
            for value in entries.annotate(at=trunc("recorded_at", tzinfo=venue.zone))
            .values_list("at", flat=True)
            .distinct()
        }
        for start in sorted(starts):
            made.append(_close(venue, holding(kind, start), by=by, today=today))
    return made


def _as_date(value):
    return value.date() if isinstance(value, dt.datetime) else value


def _today(venue, today):
    now = venue.local_date()
    if today is None:
        return now
    if today > now:
        raise ClosingRefused(
            "today_future",
            _("%(day)s is still to come: closings are made as of today at the latest.")
            % {"day": formats.date_format(today, "j F Y")},
        )
    return today


def _covered(venue):
    return JournalEntry.objects.filter(venue=venue, kind__in=COVERED_KINDS)


def _close(venue, period, *, by, today):
    today = _today(venue, today)
    name = describe(period)
    if period.last >= today:
        raise ClosingRefused(
            "not_over",
            _("%(period)s is not over yet: it can be closed from the day after.")
            % {"period": name},
        )
    start, end = period.bounds(venue.timezone)
    try:
        with transaction.atomic():
            closing = _write(venue, period, start, end, by=by)
    except IntegrityError:
        raise _already_closed(name) from None
    log_action(
        "boxoffice.closing.made",
        by=by,
        kind=closing.kind,
        period=period.first.isoformat(),
        total=closing.total,
        cumulative=closing.cumulative,
        entry=closing.entry.sequence,
    )
    return closing


def _already_closed(name):
    return ClosingRefused("already_closed", _("%(period)s is already closed.") % {"period": name})


def _write(venue, period, start, end, *, by):
    name = describe(period)
    closings = Closing.objects.filter(venue=venue)
    if closings.filter(kind=period.kind, period_start=period.first).exists():
        raise _already_closed(name)
    previous = (
        closings.filter(kind=period.kind, period_start__lt=period.first)
        .order_by("-period_start")
        .first()
    )
    _check_earlier_closed(venue, period, previous, start)
    entries = list(
        _covered(venue)
        .filter(recorded_at__gte=start, recorded_at__lt=end)
        .order_by("sequence")
        .values_list("sequence", "kind", "body", "hash")
    )
    figures = Figures()
    online = []
    for _sequence, kind, text, _hash in entries:
        body = json.loads(text)
        figures.add_entry(kind, body)
        if kind in ONLINE_KINDS:
            online.append(body)
    figures.check()
    if period.shorter:
        _check_sum_of_parts(venue, period, figures, start, end)
    _check_online(venue, online)
    cumulative = (previous.cumulative if previous else ZERO) + figures.total
    grand = grand_total_channels(previous) if previous else dict.fromkeys(CHANNELS, ZERO)
    for channel, amount in figures.channels.items():
        grand[channel] = grand.get(channel, ZERO) + amount
    _check_cumulative(venue, cumulative, grand, end)
    first_sequence = entries[0][0] if entries else None
    last_sequence = entries[-1][0] if entries else None
    totals = figures.as_totals()
    totals["grand_total_channels"] = json.loads(journal.canonical(grand))
    body = {
        "kind": period.kind,
        "period": {"from": period.first, "to": period.last},
        "total": figures.total,
        "cumulative": cumulative,
        "first_sequence": first_sequence,
        "last_sequence": last_sequence,
        "last_hash": entries[-1][3] if entries else None,
        "by": journal.name_of(by),
        **totals,
    }
    entry = journal.append(venue, JournalEntry.Kind.CLOSING, body)
    return Closing.objects.create(
        venue=venue,
        kind=period.kind,
        period_start=period.first,
        period_end=period.last,
        first_sequence=first_sequence,
        last_sequence=last_sequence,
        total=figures.total,
        cumulative=cumulative,
        totals=totals,
        entry=entry,
    )


def _check_earlier_closed(venue, period, previous, start):
    """Periods close in order: no entry may wait, unclosed, before this one."""
    earlier = _covered(venue).filter(recorded_at__lt=start)
    if previous is not None:
        after = local_to_utc(previous.period_end + dt.timedelta(days=1), dt.time(0), venue.timezone)
        earlier = earlier.filter(recorded_at__gte=after)
    first = earlier.order_by("sequence").values_list("recorded_at", flat=True).first()
    if first is None:
        return
    waiting = holding(period.kind, first.astimezone(venue.zone).date())
    raise ClosingRefused(
        "earlier_open",
        _("%(earlier)s is not closed yet: close it before %(period)s.")
        % {"earlier": describe(waiting), "period": describe(period)},
    )


def _check_sum_of_parts(venue, period, figures, start, end):
    """A month is the sum of its days, a year of its months; every shorter period with
    entries must be closed."""
    parts = list(
        Closing.objects.filter(
            venue=venue,
            kind=period.shorter,
            period_start__gte=period.first,
            period_start__lte=period.last,
        ).order_by("period_start")
    )
    closed = {p.period_start for p in parts}
    trunc = TruncDate if period.shorter == Closing.Kind.DAY else TruncMonth
    with_entries = {
        _as_date(value)
        for value in _covered(venue)
        .filter(recorded_at__gte=start, recorded_at__lt=end)
        .annotate(at=trunc("recorded_at", tzinfo=venue.zone))
        .values_list("at", flat=True)
        .distinct()
    }
    if missing := sorted(with_entries - closed):
        waiting = holding(period.shorter, missing[0])
        raise ClosingRefused(
            "parts_open",
            _("%(part)s is not closed yet: close it before %(period)s.")
            % {"part": describe(waiting), "period": describe(period)},
        )
    total = Figures()
    for part in parts:
        total.add(Figures.of_closing(part))
    if _comparable(total) != _comparable(figures):
        raise ClosingRefused(
            "mismatch",
            _(
                "The totals of %(period)s (%(total)s) differ from the sum of its closings "
                "(%(sum)s): check the journal with “clef journal verify”."
            )
            % {
                "period": describe(period),
                "total": format_euros(figures.total),
                "sum": format_euros(total.total),
            },
        )


def _comparable(figures):
    """The figures with the zero amounts left out, to compare a period with its parts."""
    total, entries, tallies, *dicts = figures.sums()
    return (
        total,
        entries,
        {name: tally for name, tally in tallies.items() if any(tally)},
        *({k: v for k, v in d.items() if v} for d in dicts),
    )


def _check_cumulative(venue, cumulative, grand, end):
    """The grand total is every euro ever recorded up to the period's end: the till's
    and the door's equal, channel by channel, the sales table's."""
    recorded = dict.fromkeys(Sale.Channel.values, ZERO)
    rows = (
        Sale.objects.filter(venue=venue, journal__kind__in=TILL_KINDS, journal__recorded_at__lt=end)
        .values_list("channel")
        .annotate(total=Sum("total"))
        .order_by()
    )
    for channel, total in rows:
        # SQLite sums decimals as floats (4.00000000000001): back to the cent.
        recorded[channel] = recorded.get(channel, ZERO) + cents(total)
    mismatch = sum(grand.values(), ZERO) != cumulative or any(
        grand.get(channel, ZERO) != amount for channel, amount in recorded.items()
    )
    if mismatch:
        raise ClosingRefused(
            "mismatch",
            _(
                "The grand total would be %(cumulative)s but the sales recorded up to the end "
                "of the period add up to %(recorded)s: check the journal with "
                "“clef journal verify”."
            )
            % {
                "cumulative": format_euros(cumulative),
                "recorded": format_euros(sum(recorded.values(), ZERO) + grand.get(ONLINE, ZERO)),
            },
        )


def _check_online(venue, bodies):
    """Each online entry matches its payment: same amount and method, paid, the refund
    of the same payment."""
    if not bodies:
        return
    payments = {
        p.code: p
        for p in Payment.objects.filter(
            venue=venue, code__in=[b["payment"] for b in bodies]
        ).select_related("refund_of")
    }
    for body in bodies:
        payment = payments.get(body["payment"])
        if (
            payment is None
            or payment.status != Payment.Status.PAID
            or payment.amount != Decimal(body["amount"])
            or payment.method != body["method"]
            or (payment.refund_of.code if payment.refund_of_id else None) != body["refund_of"]
        ):
            raise ClosingRefused(
                "mismatch",
                _(
                    "The online payment %(payment)s of %(amount)s in the journal does not "
                    "match the payments recorded: check the journal with “clef journal "
                    "verify”."
                )
                % {"payment": body["payment"], "amount": format_euros(Decimal(body["amount"]))},
            )


def parts_of(closing):
    """The day closings of a month, the month closings of a year, in order."""
    shorter = Period(closing.kind, closing.period_start, closing.period_end).shorter
    if shorter is None:
        return Closing.objects.none()
    return Closing.objects.filter(
        venue_id=closing.venue_id,
        kind=shorter,
        period_start__gte=closing.period_start,
        period_start__lte=closing.period_end,
    ).order_by("period_start")
