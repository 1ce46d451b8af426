"""Daily, monthly and yearly closings: the totals of a period, read from the journal, with
the perpetual grand total since the first sale, written as a ``Closing`` and appended to
the journal, chained like every other entry.

The journal is the source of truth: a closing parses the bodies of the entries recorded
in its period (by ``recorded_at``, in the venue's time zone) and sums the money they
say. Money is every euro taken or given back: the till's sales, reversals and refunds
(each with its ``channel``, ``till`` or ``door``; a body without one is the till's) and
the online payments and refunds (channel ``online``, see ``online.py``). A closing
covers those and the sessions opened and closed; closings themselves are never summed.
Before anything is written it checks that:

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

import calendar
import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.db.models.functions import TruncDate, TruncMonth, TruncYear
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from clef.boxoffice import journal, keys
from clef.boxoffice.models import Closing, JournalEntry, Sale, SaleLine
from clef.lib.actions import log_action
from clef.lib.money import format_euros, without_vat
from clef.lib.refusals import Refused
from clef.lib.timezones import local_to_utc
from clef.payments.methods import METHODS as PAYMENT_METHODS
from clef.payments.models import Payment

ZERO = Decimal("0.00")
Kind = JournalEntry.Kind
# The entries that carry money: the till's (each with its sale) and the online ones.
TILL_KINDS = (Kind.SALE, Kind.REVERSAL, Kind.REFUND)
ONLINE_KINDS = (Kind.ONLINE_PAYMENT, Kind.ONLINE_REFUND)
MONEY_KINDS = (*TILL_KINDS, *ONLINE_KINDS)
# The entries a closing covers.
COVERED_KINDS = (*MONEY_KINDS, Kind.SESSION_OPENED, Kind.SESSION_CLOSED)
LINE_KINDS = tuple(SaleLine.Kind.values)
METHODS = tuple(Sale.Method.values)
ONLINE = "online"
CHANNELS = (*Sale.Channel.values, ONLINE)
# Where the totals keep the count and sum of each kind of money entry.
TALLIES = {
    Kind.SALE: "sales",
    Kind.REVERSAL: "reversals",
    Kind.REFUND: "refunds",
    Kind.ONLINE_PAYMENT: "online_payments",
    Kind.ONLINE_REFUND: "online_refunds",
}
CHANNEL_LABELS = {**dict(Sale.Channel.choices), ONLINE: pgettext_lazy("channel", "Online")}


class ClosingRefused(Refused):
    """A closing that cannot be made; ``code`` is stable, ``message`` translated."""


def amount_of(kind, body):
    """The money a journal entry (``body`` parsed) took (or gave back, below zero)."""
    return Decimal(body["amount"] if kind in ONLINE_KINDS else body["total"])


def channel_of(kind, body):
    """Where the money of a journal entry was taken: ``till``, ``door`` or ``online``."""
    if kind in ONLINE_KINDS:
        return ONLINE
    return body.get("channel") or Sale.Channel.TILL


# --- the figures of a period ----------------------------------------------------------
@dataclass
class Tally:
    count: int = 0
    total: Decimal = ZERO


def _tallies():
    return {name: Tally() for name in TALLIES.values()}


@dataclass
class Figures:
    """What a period's money entries add up to. Amounts are Decimals."""

    total: Decimal = ZERO
    entries: int = 0
    tallies: dict = field(default_factory=_tallies)  # "sales" -> Tally
    gross: dict = field(default_factory=dict)  # "5.50" -> amount, VAT included
    kinds: dict = field(default_factory=lambda: dict.fromkeys(LINE_KINDS, ZERO))
    methods: dict = field(default_factory=lambda: dict.fromkeys(METHODS, ZERO))
    channels: dict = field(default_factory=lambda: dict.fromkeys(CHANNELS, ZERO))

    @property
    def sales(self):
        return self.tallies["sales"].count

    @property
    def sales_total(self):
        return self.tallies["sales"].total

    @property
    def reversals(self):
        return self.tallies["reversals"].count

    @property
    def reversals_total(self):
        return self.tallies["reversals"].total

    def add_entry(self, kind, body):
        """Count one journal entry (``body`` parsed)."""
        self.entries += 1
        if kind not in MONEY_KINDS:
            return
        total = amount_of(kind, body)
        self.total += total
        tally = self.tallies[TALLIES[kind]]
        tally.count += 1
        tally.total += total
        channel = channel_of(kind, body)
        self.channels[channel] = self.channels.get(channel, ZERO) + total
        method = body["method"]
        self.methods[method] = self.methods.get(method, ZERO) + total
        lines_total = ZERO
        for line in body["lines"]:
            amount = Decimal(line["amount"])
            lines_total += amount
            rate = f"{Decimal(line['vat_rate']):.2f}"
            self.gross[rate] = self.gross.get(rate, ZERO) + amount
            self.kinds[line["kind"]] = self.kinds.get(line["kind"], ZERO) + amount
        if lines_total != total:
            raise ClosingRefused(
                "inconsistent",
                _("Sale %(sale)s: its lines add up to %(lines)s, not to its total %(total)s.")
                % {
                    "sale": body.get("sale") or body.get("payment") or "?",
                    "lines": format_euros(lines_total),
                    "total": format_euros(total),
                },
            )

    def add(self, other):
        """Add the figures of a shorter period (a day to its month)."""
        self.total += other.total
        self.entries += other.entries
        for name, tally in other.tallies.items():
            mine = self.tallies.setdefault(name, Tally())
            mine.count += tally.count
            mine.total += tally.total
        for mine, theirs in (
            (self.gross, other.gross),
            (self.kinds, other.kinds),
            (self.methods, other.methods),
            (self.channels, other.channels),
        ):
            for key, amount in theirs.items():
                mine[key] = mine.get(key, ZERO) + amount

    def vat(self):
        """Per rate: gross, net and VAT, the net computed on the rate's sum."""
        totals = {}
        for rate in sorted(self.gross, key=Decimal):
            gross = self.gross[rate]
            net = without_vat(gross, rate)
            totals[rate] = {"gross": gross, "net": net, "vat": gross - net}
        return totals

    def sums(self):
        """What must equal between a period and the sum of its parts."""
        return (
            self.total,
            self.entries,
            {name: (t.count, t.total) for name, t in self.tallies.items()},
            self.gross,
            self.kinds,
            self.methods,
            self.channels,
        )

    def check(self):
        """The parts add up to the total, or the closing is refused."""
        parts = {
            _("VAT rates"): sum(self.gross.values(), ZERO),
            _("kinds of line"): sum(self.kinds.values(), ZERO),
            _("payment methods"): sum(self.methods.values(), ZERO),
            _("channels"): sum(self.channels.values(), ZERO),
            _("sales, reversals and refunds"): sum((t.total for t in self.tallies.values()), ZERO),
        }
        for name, amount in parts.items():
            if amount != self.total:
                raise ClosingRefused(
                    "inconsistent",
                    _("The %(parts)s add up to %(amount)s, not to the total %(total)s.")
                    % {
                        "parts": name,
                        "amount": format_euros(amount),
                        "total": format_euros(self.total),
                    },
                )

    def as_totals(self):
        """The ``Closing.totals`` JSON (amounts as "12.50")."""
        return json.loads(
            journal.canonical(
                {
                    "entries": self.entries,
                    **{
                        name: {"count": t.count, "total": t.total}
                        for name, t in self.tallies.items()
                    },
                    "vat": self.vat(),
                    "kinds": self.kinds,
                    "methods": self.methods,
                    "channels": self.channels,
                }
            )
        )

    @classmethod
    def of_closing(cls, closing):
        """The figures a closing recorded, read back from its ``totals`` (a closing made
        before the online money and the channels counts its money as the till's)."""
        totals = closing.totals
        tallies = _tallies()
        for name in tallies:
            if name in totals:
                tallies[name] = Tally(totals[name]["count"], Decimal(totals[name]["total"]))
        return cls(
            total=closing.total,
            entries=totals["entries"],
            tallies=tallies,
            gross={rate: Decimal(v["gross"]) for rate, v in totals["vat"].items()},
            kinds={k: Decimal(v) for k, v in totals["kinds"].items()},
            methods={k: Decimal(v) for k, v in totals["methods"].items()},
            channels=_channels(totals.get("channels"), closing.total),
        )


def _channels(recorded, total):
    channels = dict.fromkeys(CHANNELS, ZERO)
    if recorded is None:
        channels[Sale.Channel.TILL] = Decimal(total)
    else:
        channels.update({k: Decimal(v) for k, v in recorded.items()})
    return channels


def grand_total_channels(closing):
    """A closing's grand total split by channel."""
    return _channels(closing.totals.get("grand_total_channels"), closing.cumulative)


def grand_total_at(venue, sequence):
    """The perpetual grand total when the journal ended at ``sequence``: ``(total,
    {channel: amount})``. Starts from the last day closing made before it, and adds the
    money of the entries after that closing."""
    channels = dict.fromkeys(CHANNELS, ZERO)
    since = 0
    closing = (
        Closing.objects.filter(
            venue=venue,
            kind=Closing.Kind.DAY,
            last_sequence__isnull=False,
            last_sequence__lte=sequence,
        )
        .order_by("-last_sequence")
        .first()
    )
    if closing is not None:
        channels = grand_total_channels(closing)
        since = closing.last_sequence
    entries = JournalEntry.objects.filter(
        venue=venue, kind__in=MONEY_KINDS, sequence__gt=since, sequence__lte=sequence
    ).values_list("kind", "body")
    for kind, text in entries.iterator():
        body = json.loads(text)
        channel = channel_of(kind, body)
        channels[channel] = channels.get(channel, ZERO) + amount_of(kind, body)
    return sum(channels.values(), ZERO), channels


# --- periods --------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    kind: str
    first: dt.date
    last: dt.date

    def bounds(self, zone_name):
        """The UTC instants where the period starts and where the next one starts."""
        return (
            local_to_utc(self.first, dt.time(0, 0), zone_name),
            local_to_utc(self.last + dt.timedelta(days=1), dt.time(0, 0), zone_name),
        )

    @property
    def shorter(self):
        return {Closing.Kind.MONTH: Closing.Kind.DAY, Closing.Kind.YEAR: Closing.Kind.MONTH}.get(
            self.kind
        )


def day_period(day):
    return Period(Closing.Kind.DAY, day, day)


def month_period(year, month):
    try:
        last = calendar.monthrange(year, month)[1]
        return Period(Closing.Kind.MONTH, dt.date(year, month, 1), dt.date(year, month, last))
    except (ValueError, calendar.IllegalMonthError, OverflowError):
        raise ClosingRefused(
            "period_invalid",
            _("%(year)s-%(month)s is not a month.") % {"year": year, "month": month},
        ) from None


def year_period(year):
    try:
        return Period(Closing.Kind.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))
    except (ValueError, OverflowError):
        raise ClosingRefused(
            "period_invalid", _("%(year)s is not a year.") % {"year": year}
        ) from None


def describe(period):
    """ "14 janvier 2026", "janvier 2026", "2026" in the active language."""
    if period.kind == Closing.Kind.DAY:
        return formats.date_format(period.first, "j F Y")
    if period.kind == Closing.Kind.MONTH:
        return formats.date_format(period.first, "F Y")
    return str(period.first.year)


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
    for kind, trunc, period_of in (
        (Closing.Kind.DAY, TruncDate, day_period),
        (Closing.Kind.MONTH, TruncMonth, lambda d: month_period(d.year, d.month)),
        (Closing.Kind.YEAR, TruncYear, lambda d: year_period(d.year)),
    ):
        # Where the periods not over yet start: today, this month, this year.
        current = period_of(today).first
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
            made.append(_close(venue, period_of(start), by=by, today=today))
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
        "by": (by.get_full_name() or by.get_username()) if by else "",
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
    day = first.astimezone(venue.zone).date()
    waiting = {
        Closing.Kind.DAY: day_period(day),
        Closing.Kind.MONTH: month_period(day.year, day.month),
        Closing.Kind.YEAR: year_period(day.year),
    }[period.kind]
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
        waiting = (
            day_period(missing[0])
            if period.shorter == Closing.Kind.DAY
            else month_period(missing[0].year, missing[0].month)
        )
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
        recorded[channel] = recorded.get(channel, ZERO) + total
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


# --- reading ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Signer:
    """The journal's key as a page shows it: the public key's ``fingerprint`` (None when
    the key file cannot be read) and whether it ``signed`` the entry shown (None when
    there is no key or no entry)."""

    fingerprint: str | None
    signed: bool | None


def signer(entry=None):
    try:
        public = keys.public_key()
    except keys.KeyUnavailable:
        return Signer(None, None)
    signed = None
    if entry is not None:
        signed = keys.is_valid(public, entry.hash, entry.signature)
    return Signer(keys.fingerprint(public), signed)


def method_label(code):
    """A payment method's name: the till's (cash, card, free) or an online one's."""
    if code in METHODS:
        return Sale.Method(code).label
    method = PAYMENT_METHODS.get(code)
    return method.label if method is not None else code


def tally_labels():
    return {
        "sales": _("Sales"),
        "reversals": _("Reversals"),
        "refunds": _("Refunds at the till"),
        "online_payments": _("Online payments"),
        "online_refunds": _("Online refunds"),
    }


@dataclass
class Presented:
    """A closing's totals ready to show: Decimals, labels, in a fixed order."""

    closing: Closing
    vat: list  # (rate, gross, net, vat)
    kinds: list  # (label, amount)
    methods: list  # (label, amount)
    channels: list  # (label, amount)
    tallies: list  # (label, count, total)
    grand_total_channels: list  # (label, amount)
    sales: int
    sales_total: Decimal
    reversals: int
    reversals_total: Decimal
    entries: int
    key: "Signer"


def presented(closing):
    figures = Figures.of_closing(closing)
    totals = closing.totals
    online_methods = sorted(code for code in figures.methods if code not in METHODS)
    labels = tally_labels()
    return Presented(
        closing=closing,
        vat=[
            (Decimal(rate), Decimal(v["gross"]), Decimal(v["net"]), Decimal(v["vat"]))
            for rate, v in sorted(totals["vat"].items(), key=lambda item: Decimal(item[0]))
        ],
        kinds=[(SaleLine.Kind(kind).label, figures.kinds.get(kind, ZERO)) for kind in LINE_KINDS],
        methods=[
            (method_label(code), figures.methods.get(code, ZERO))
            for code in (*METHODS, *online_methods)
        ],
        channels=[(CHANNEL_LABELS[c], figures.channels.get(c, ZERO)) for c in CHANNELS],
        tallies=[(labels[name], t.count, t.total) for name, t in figures.tallies.items()],
        grand_total_channels=[
            (CHANNEL_LABELS.get(c, c), amount)
            for c, amount in grand_total_channels(closing).items()
        ],
        sales=figures.sales,
        sales_total=figures.sales_total,
        reversals=figures.reversals,
        reversals_total=figures.reversals_total,
        entries=figures.entries,
        key=signer(closing.entry),
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
