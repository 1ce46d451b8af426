"""A screening's statement: its admissions by price, its receipts and where they go
(VAT, the tax to the CNC, music rights, each film's rights holder, the cinema).

Read in a fixed number of queries for any number of screenings (``statements_for``): the
tickets grouped by screening and price in one query, the agreements in another. The
arithmetic is ``lib.shares.split_receipts``; the rule of rounding is written there and in
docs/money.md.

Only screenings that have been held count: published, started. A cancelled one, a draft,
one still to come has no statement (``AccountingRefused``).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from clef.accounting.models import RightsAgreement
from clef.lib.money import format_rate
from clef.lib.shares import ZERO, Terms, allocate, split_receipts
from clef.lib.timezones import local_day_bounds
from clef.programme.models import Screening, ScreeningFilm
from clef.tickets.models import Ticket

HUNDRED = Decimal(100)
HUNDRED_PERCENT = Decimal("100.00")


class AccountingRefused(Exception):
    """A request the accounts cannot answer: a screening not held, a week to come."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class PriceRow:
    price: Decimal
    admissions: int

    @property
    def takings(self):
        return self.price * self.admissions


@dataclass
class FilmLine:
    """One film of a screening: its agreement and its part of the money."""

    shown: ScreeningFilm
    agreement: RightsAgreement | None
    weight: Decimal
    portion: Decimal = ZERO  # its part of the distributor base
    owed: Decimal = ZERO  # what its rights holder is owed

    @property
    def film(self):
        return self.shown.film

    @property
    def holder(self):
        return self.agreement.holder if self.agreement else None


@dataclass(frozen=True)
class Share:
    """One part of a screening's receipts: ``key`` is "vat", "tsa", "music", "rights"
    (``line`` then names the film) or "cinema"; ``percent`` of the receipts, two places."""

    key: str
    amount: Decimal
    percent: Decimal | None
    line: FilmLine | None = None

    @property
    def percent_text(self):
        """ "42,06 %" in French, "42.06%" in English; "—" without receipts."""
        return "—" if self.percent is None else format_percent(self.percent)


def format_percent(value):
    """A percent with two decimals as the active language writes it."""
    text = formats.number_format(value, 2, use_l10n=True)
    return f"{text}%" if (get_language() or "").startswith("en") else f"{text}\u00a0%"


@dataclass
class ScreeningStatement:
    screening: Screening
    rows: list  # PriceRow, by price
    vat_rate: Decimal
    tsa_rate: Decimal
    music_rights_rate: Decimal
    films: list  # FilmLine, in the programme's order
    receipts: Decimal = ZERO
    vat: Decimal = ZERO
    tsa: Decimal = ZERO
    music_rights: Decimal = ZERO
    cinema: Decimal = ZERO
    problems: list = field(default_factory=list)  # what stops it being final

    @property
    def admissions(self):
        return sum(r.admissions for r in self.rows)

    @property
    def paid(self):
        return sum(r.admissions for r in self.rows if r.price > 0)

    @property
    def free(self):
        return sum(r.admissions for r in self.rows if r.price == 0)

    @property
    def excluding_vat(self):
        return self.receipts - self.vat

    @property
    def distributor_base(self):
        return self.receipts - self.vat - self.tsa

    @property
    def rights(self):
        return sum((f.owed for f in self.films), ZERO)

    @property
    def x_rated(self):
        return any(f.film.x_rated for f in self.films)

    @property
    def complete(self):
        """Every film has its agreement."""
        return bool(self.films) and all(f.agreement for f in self.films)

    def shares(self):
        """Where the receipts go, each part with its percent of the receipts: VAT, the
        tax, music rights, each film's rights holder, the cinema (``Share``). The
        percents are rounded to the hundredth by the largest remainder, so they add up
        to exactly 100 (None when there are no receipts). The distributor base is not
        one of them: it is what the rights holders' terms apply to."""
        amounts = [
            ("vat", self.vat, None),
            ("tsa", self.tsa, None),
            ("music", self.music_rights, None),
            *(("rights", line.owed, line) for line in self.films),
            ("cinema", self.cinema, None),
        ]
        percents = [None] * len(amounts)
        if self.receipts > 0:
            percents = allocate(HUNDRED_PERCENT, [amount for _key, amount, _line in amounts])
        return [
            Share(key, amount, percent, line)
            for (key, amount, line), percent in zip(amounts, percents, strict=True)
        ]

    def parts(self):
        """(key, amount) of each part; they add up to the receipts."""
        return [
            ("vat", self.vat),
            ("tsa", self.tsa),
            ("music", self.music_rights),
            ("rights", self.rights),
            ("cinema", self.cinema),
        ]


def is_held(screening, now=None):
    return screening.status == Screening.Status.PUBLISHED and screening.starts_at <= (
        now or timezone.now()
    )


def check_held(screening, now=None):
    """Refuse a statement for a screening cancelled, in draft or still to come."""
    if screening.status == Screening.Status.CANCELLED:
        raise AccountingRefused(
            "cancelled", _("This screening was cancelled: it has no statement.")
        )
    if not is_held(screening, now):
        raise AccountingRefused(
            "not_held",
            _("This screening has not been held yet: its statement comes once it has begun."),
        )


def held_screenings(venue, first_day, last_day, *, now=None):
    """The screenings of ``venue`` held from ``first_day`` to ``last_day`` (local days,
    both included), in order, with their room and films."""
    start, _ = local_day_bounds(first_day, venue.timezone)
    _, end = local_day_bounds(last_day, venue.timezone)
    return list(
        Screening.objects.published()
        .filter(
            room__venue=venue,
            starts_at__gte=start,
            starts_at__lt=end,
            starts_at__lte=now or timezone.now(),
        )
        .select_related("room__venue", "cycle")
        .prefetch_related(
            Prefetch(
                "screening_films",
                queryset=ScreeningFilm.objects.select_related("film").order_by("position", "pk"),
            )
        )
        .order_by("starts_at", "room_id", "pk")
    )


def statements_for(screenings):
    """The statement of each of ``screenings`` (with ``screening_films`` prefetched and
    the room's venue selected), by screening id. Two queries, however many screenings."""
    screenings = list(screenings)
    ids = [s.pk for s in screenings]
    rows = {pk: [] for pk in ids}
    counted = (
        Ticket.objects.filter(screening_id__in=ids, status__in=Ticket.COUNTED)
        .values_list("screening_id", "price")
        .annotate(n=Count("*"))
        .order_by("screening_id", "price")
    )
    for screening_id, price, n in counted:
        rows[screening_id].append(PriceRow(price, n))
    agreements = {}
    for agreement in (
        RightsAgreement.objects.filter(screening_id__in=ids)
        .select_related("holder", "film")
        .order_by()
    ):
        agreements[(agreement.screening_id, agreement.film_id)] = agreement
    return {
        s.pk: compute(s, rows[s.pk], [agreements.get((s.pk, f.film_id)) for f in _shown(s)])
        for s in screenings
    }


def statement_of(screening, *, now=None):
    """One screening's statement; refused if it has not been held."""
    check_held(screening, now)
    screening = (
        Screening.objects.select_related("room__venue")
        .prefetch_related(
            Prefetch(
                "screening_films",
                queryset=ScreeningFilm.objects.select_related("film").order_by("position", "pk"),
            )
        )
        .get(pk=screening.pk)
    )
    return statements_for([screening])[screening.pk]


def _shown(screening):
    return list(screening.screening_films.all())


def compute(screening, rows, agreements):
    """The statement of ``screening`` from its price ``rows`` and each film's agreement
    (None where there is none yet)."""
    venue = screening.room.venue
    shown = _shown(screening)
    x_rated = any(f.film.x_rated for f in shown)
    statement = ScreeningStatement(
        screening=screening,
        rows=rows,
        vat_rate=venue.vat_rate,
        tsa_rate=venue.tsa_rate_x if x_rated else venue.tsa_rate,
        music_rights_rate=venue.music_rights_rate,
        films=[],
    )
    weights, problem = _weights(shown, agreements)
    if problem:
        statement.problems.append(problem)
    statement.films = [
        FilmLine(shown=f, agreement=a, weight=w)
        for f, a, w in zip(shown, agreements, weights, strict=True)
    ]
    for line in statement.films:
        if line.agreement is None:
            statement.problems.append(
                _("No agreement recorded for “%(film)s”.") % {"film": line.film.title}
            )
    terms = [
        a.terms(w) if a else Terms(kind="waived", weight=w)
        for a, w in zip(agreements, weights, strict=True)
    ]
    receipts = sum((r.takings for r in rows), ZERO)
    split = split_receipts(
        receipts,
        vat_rate=statement.vat_rate,
        tsa_rate=statement.tsa_rate,
        music_rights_rate=statement.music_rights_rate,
        terms=terms,
    )
    statement.receipts = split.receipts
    statement.vat = split.vat
    statement.tsa = split.tsa
    statement.music_rights = split.music_rights
    statement.cinema = split.cinema
    for line, portion, owed in zip(statement.films, split.portions, split.rights, strict=True):
        line.portion = portion
        line.owed = owed
    return statement


def _weights(shown, agreements):
    """Each film's part of a programme: the shares set on the agreements when every film
    has one and they make 100 %, else the running times. Returns (weights, problem)."""
    runtimes = [Decimal(f.film.runtime or 0) for f in shown]
    if len(shown) < 2:
        return [Decimal(1)] * len(shown), None
    set_shares = [a.programme_share if a else None for a in agreements]
    if all(s is None for s in set_shares):
        return runtimes, None
    if any(s is None for s in set_shares):
        return runtimes, _(
            "Shares of the programme are set for some films only: divided by running time."
        )
    total = sum(set_shares, Decimal(0))
    if total != HUNDRED:
        return runtimes, _(
            "The shares of the programme add up to %(total)s %%, not 100 %%: divided by "
            "running time."
        ) % {"total": format_rate(total)}
    return set_shares, None
