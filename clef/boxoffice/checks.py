"""Checking the tables the reports are read from against the journal.

The journal is chained and signed; the ``Sale``, ``SaleLine``, ``TillSession`` and
``Closing`` rows the session reports and closing pages show are not. Whoever can write
the database could change a sale's amount in the table and leave the journal whole: the
report would lie while the chain verifies. So ``compare`` reads each venue's journal
once more, parses every body, and rebuilds from it what the tables should say:

- every sale, reversal and refund: its entry's body and its row agree on the session,
  the payment method, the channel, the total, the sale it reverses, the reason and each
  line (kind, label, quantity, unit price, amount, VAT rate); an entry whose sale is not
  in the table, and a sale in the table that no entry records, are named;
- every till session: its figures rebuilt from the journal (total, by payment method, by
  kind of line, number of sales, reversals and refunds) equal those read from the
  tables; its float, cash expected, counted and difference equal its entries';
- every closing: its row agrees with its entry (total, grand total, entries covered,
  totals), its totals equal what ``totals.Figures`` recomputes from the entries of
  its range, and each grand total is the previous one of its kind plus its total.

It reads the journal in one streamed query, the sales and their lines a chunk of
entries at a time (two queries by chunk), and compares in dicts: its cost grows with
the journal, apart from the chain's check (``verify``), and ``bench/journal.py`` times
it on its own. Each difference is a sentence in the active language naming the row.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.utils import formats
from django.utils.translation import gettext as _

from clef.boxoffice.models import Closing, JournalEntry, Sale, SaleLine, TillSession
from clef.lib.money import format_euros

Kind = JournalEntry.Kind
TILL_KINDS = (Kind.SALE, Kind.REVERSAL, Kind.REFUND)
CHUNK = 2000
# Differences listed at most per venue (all are counted).
LIMIT = 50


@dataclass
class Comparison:
    """What the tables of a venue said against its journal."""

    venue: object
    entries: int = 0
    sales: int = 0
    sessions: int = 0
    closings: int = 0
    differences: list = field(default_factory=list)
    count: int = 0

    @property
    def ok(self):
        return not self.count

    def differ(self, message):
        self.count += 1
        if len(self.differences) < LIMIT:
            self.differences.append(message)


def compare(venue):
    """Compare ``venue``'s sales, lines, sessions and closings with its journal."""
    from clef.boxoffice import closing_checks  # it reads this module's helpers

    result = Comparison(venue=venue)
    ranges = closing_checks.Ranges(
        list(Closing.objects.filter(venue=venue).order_by("kind", "period_start"))
    )
    state = _State(result, venue)
    for chunk in _chunks(venue):
        state.read(chunk, ranges)
    state.orphans()
    state.sessions()
    ranges.compare(result, state.closing_entries)
    return result


# --- amounts ----------------------------------------------------------------------------
def cents(value):
    """An amount (text "12.50", Decimal, or the float or int SQLite returns) in cents."""
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) > 3 and value[-3] == "." and value[-2:].isdigit():
            try:
                return int(value[:-3] + value[-2:])
            except ValueError:
                pass
        try:
            return int((Decimal(value) * 100).to_integral_value())
        except ArithmeticError:
            return None
    if isinstance(value, float):
        return round(value * 100)
    if isinstance(value, int):
        return value * 100
    return int((value * 100).to_integral_value())


def _journal_part(kind, body):
    """What a sale's entry adds to its session: (kind, {method: amount}, total, [(line
    kind, amount)]), amounts in cents; a split payment counts its tenders apart."""
    total = cents(body.get("total")) or 0
    tenders = body.get("tenders")
    if isinstance(tenders, dict):
        tenders = {method: cents(amount) or 0 for method, amount in tenders.items()}
    else:
        tenders = {body.get("method"): total}
    return (
        kind,
        tenders,
        total,
        [(line.get("kind"), cents(line.get("amount"))) for line in body.get("lines") or []],
    )


def _table_part(row, lines):
    """What a sale's row and lines add to their session, as ``_journal_part``."""
    _id, _code, _session, _venue, method, _channel, total, reason, reverses, card = row
    kind = Kind.REVERSAL if reverses else Kind.REFUND if reason else Kind.SALE
    total = cents(total) or 0
    if method == Sale.Method.SPLIT:
        card = cents(card) or 0
        tenders = {Sale.Method.CASH.value: total - card, Sale.Method.CARD.value: card}
    else:
        tenders = {method: total}
    return (kind, tenders, total, [(line[0], cents(line[4])) for line in lines])


def _line_key(line):
    """(kind, label, quantity, unit, amount, VAT rate) with amounts in cents."""
    kind, label, quantity, unit, amount, rate = line
    return (kind, label, quantity, cents(unit), cents(amount), cents(rate))


def euros(cents):
    return "-" if cents is None else format_euros(Decimal(cents).scaleb(-2))


def rate(cents):
    if cents is None:
        return "-"
    return f"{formats.number_format(Decimal(cents).scaleb(-2), 2, use_l10n=True)} %"


def label(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


# --- the journal, a chunk at a time ----------------------------------------------------
def _chunks(venue):
    table = connection.ops.quote_name(JournalEntry._meta.db_table)
    # SQLite reads its table fastest in its own order; the order does not matter here.
    order = "id" if connection.vendor == "sqlite" else "sequence"
    with connection.chunked_cursor() as cursor:
        cursor.execute(
            f"SELECT id, sequence, kind, body FROM {table} WHERE venue_id = %s ORDER BY {order}",
            [venue.pk],
        )
        while rows := cursor.fetchmany(CHUNK):
            yield rows


@dataclass
class _Tally:
    """A session's figures, in cents."""

    total: int = 0
    counts: dict = field(default_factory=lambda: defaultdict(int))
    methods: dict = field(default_factory=lambda: defaultdict(int))
    kinds: dict = field(default_factory=lambda: defaultdict(int))
    cash: int = 0

    def add(self, part, sign=1):
        """Add (or take away, ``sign`` -1) one sale's part: (kind, {method: amount},
        total, [(line kind, amount)])."""
        kind, tenders, total, lines = part
        total *= sign
        self.total += total
        self.counts[kind] += sign
        for method, amount in tenders.items():
            self.methods[method] += sign * amount
            if method == Sale.Method.CASH:
                self.cash += sign * amount
        for line_kind, amount in lines:
            self.kinds[line_kind] += sign * (amount or 0)

    def plus(self, other):
        """These figures with ``other``'s added."""
        summed = _Tally(total=self.total + other.total, cash=self.cash + other.cash)
        for mine, theirs, into in (
            (self.counts, other.counts, summed.counts),
            (self.methods, other.methods, summed.methods),
            (self.kinds, other.kinds, summed.kinds),
        ):
            for key in set(mine) | set(theirs):
                if mine.get(key, 0) or theirs.get(key, 0):
                    into[key] = mine.get(key, 0) + theirs.get(key, 0)
        return summed


class _State:
    def __init__(self, result, venue):
        self.result = result
        self.venue = venue
        # Each session's figures rebuilt from the journal, and what the tables add to or
        # take from them (nothing when every sale agrees with its entry).
        self.journal = defaultdict(_Tally)
        self.tables = defaultdict(_Tally)
        self.opened = {}
        self.closed = {}
        self.closing_entries = {}
        self.matched = set()
        quote = connection.ops.quote_name
        self.sale_table = quote(Sale._meta.db_table)
        self.line_table = quote(SaleLine._meta.db_table)
        # Amounts as text written like the journal's ("12.50"), by the database.
        self.text = (
            (lambda column: f"printf('%%.2f', {column})")
            if connection.vendor == "sqlite"
            else (lambda column: f"{column}::text")
        )

    def read(self, rows, ranges):
        result = self.result
        sales = []
        for entry_id, sequence, kind, text in rows:
            result.entries += 1
            try:
                body = json.loads(text)
            except ValueError:
                result.differ(
                    _("Entry %(sequence)s cannot be read: its content is not JSON.")
                    % {"sequence": sequence}
                )
                continue
            if not isinstance(body, dict):
                continue
            ranges.add(sequence, kind, body, result)
            if kind in TILL_KINDS:
                sales.append((sequence, kind, body))
            elif kind == Kind.CLOSING:
                period = body.get("period") or {}
                key = (body.get("kind"), period.get("from") if isinstance(period, dict) else None)
                self.closing_entries[key] = (entry_id, sequence, body)
            elif kind == Kind.SESSION_OPENED:
                self.opened[body.get("session")] = body
            elif kind == Kind.SESSION_CLOSED:
                self.closed[body.get("session")] = body
        if sales:
            self._sales(sales)

    def _sales(self, entries):
        codes = [str(body.get("sale")) for _sequence, _kind, body in entries]
        rows = self._sale_rows("s.code", codes)
        lines = self._lines([row[0] for row in rows.values()])
        for sequence, kind, body in entries:
            code = body.get("sale")
            row = rows.get(str(code))
            part = _journal_part(kind, body)
            self.journal[body.get("session")].add(part)
            if row is None:
                self.tables[body.get("session")].add(part, -1)
                self.result.differ(
                    _("Entry %(sequence)s records sale %(sale)s, which is not in the sales table.")
                    % {"sequence": sequence, "sale": code}
                )
                continue
            self.matched.add(row[0])
            self.result.sales += 1
            sale_lines = lines.get(row[0], [])
            if not self._compare_sale(row, sale_lines, body):
                self.tables[body.get("session")].add(part, -1)
                self.tables[row[2]].add(_table_part(row, sale_lines))

    def _sale_rows(self, column, values):
        """{code: (id, code, session, venue, method, channel, total, reason, reverses,
        card part)}"""
        if not values:
            return {}
        marks = ", ".join(["%s"] * len(values))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.id, s.code, s.session_id, s.venue_id, s.method, s.channel, "
                f"{self.text('s.total')}, s.reason, r.code, {self.text('s.card_part')} "
                f"FROM {self.sale_table} s "
                f"LEFT JOIN {self.sale_table} r ON r.id = s.reverses_id "
                f"WHERE {column} IN ({marks})",
                values,
            )
            return {row[1]: row for row in cursor.fetchall()}

    def _lines(self, sale_ids):
        """{sale id: [(kind, label, quantity, unit, amount, vat rate)]}, amounts as text."""
        found = defaultdict(list)
        if not sale_ids:
            return found
        marks = ", ".join(["%s"] * len(sale_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT sale_id, kind, label, quantity, {self.text('unit_price')}, "
                f"{self.text('amount')}, {self.text('vat_rate')} FROM {self.line_table} "
                f"WHERE sale_id IN ({marks}) ORDER BY sale_id, position",
                sale_ids,
            )
            for sale_id, *line in cursor.fetchall():
                found[sale_id].append(tuple(line))
        return found

    def _compare_sale(self, row, lines, body):
        """Whether the sale's row and lines say what its entry says; each difference
        named when not."""
        _id, code, session, venue_id, method, channel, total, reason, reverses, card = row
        recorded = body.get("lines") or []
        # SQLite writes an empty card part as "0.00": only a split payment has one.
        card = card if method == Sale.Method.SPLIT else None
        tenders = body.get("tenders")
        said_card = tenders.get(Sale.Method.CARD) if isinstance(tenders, dict) else None
        # Most sales agree: compare plain tuples of text first, explain only a difference.
        sale = (venue_id, session, method, channel, total, reverses or None, reason or "", card)
        said = (
            self.venue.pk,
            body.get("session"),
            body.get("method"),
            body.get("channel") or Sale.Channel.TILL,
            body.get("total"),
            body.get("reverses") or None,
            body.get("reason") or "",
            said_card,
        )
        journal_lines = [
            (
                line.get("kind"),
                line.get("label"),
                line.get("quantity"),
                line.get("unit"),
                line.get("amount"),
                line.get("vat_rate"),
            )
            for line in recorded
        ]
        if sale == said and lines == journal_lines:
            return True
        # Amounts again in cents, in case only their writing differs ("5.5", "5.50").
        sale = (*sale[:4], cents(total), *sale[5:7], cents(card))
        said = (*said[:4], cents(said[4]), *said[5:7], cents(said_card))
        table_lines = [_line_key(line) for line in lines]
        journal_lines = [_line_key(line) for line in journal_lines]
        if sale == said and table_lines == journal_lines:
            return True
        self._explain_sale(code, sale, said)
        if len(table_lines) != len(journal_lines):
            self._sale_differs(code, _("number of lines"), len(lines), len(recorded))
            return False
        for number, (line, journal_line) in enumerate(
            zip(table_lines, journal_lines, strict=True), 1
        ):
            if line != journal_line:
                self._explain_line(code, number, line, journal_line)
        return False

    def _sale_differs(self, code, what, table, journal):
        self.result.differ(
            _("Sale %(sale)s: %(what)s in the table %(table)s, in the journal %(journal)s.")
            % {"sale": code, "what": what, "table": table, "journal": journal}
        )

    def _explain_sale(self, code, sale, said):
        venue_id, session, method, channel, total, reverses, reason, card = sale
        _venue, journal_session, journal_method, journal_channel, journal_total, *rest = said
        journal_reverses, journal_reason, journal_card = rest
        if venue_id != self.venue.pk:
            self.result.differ(
                _("Sale %(sale)s belongs to another venue in the table.") % {"sale": code}
            )
        shown = [
            (_("till session"), session, journal_session, str),
            (_("payment method"), method, journal_method, lambda v: label(Sale.Method, v)),
            (_("channel"), channel, journal_channel, lambda v: label(Sale.Channel, v)),
            (_("total"), total, journal_total, euros),
            (_("sale reversed"), reverses, journal_reverses, lambda v: v or _("none")),
            (_("reason"), reason, journal_reason, lambda v: f"“{v}”"),
            (_("part paid by card"), card, journal_card, euros),
        ]
        for what, table, journal, show in shown:
            if table != journal:
                self._sale_differs(code, what, show(table), show(journal))

    def _explain_line(self, code, number, line, recorded):
        shown = (
            (_("kind"), lambda value: label(SaleLine.Kind, value)),
            (_("label"), lambda value: f"“{value}”"),
            (_("quantity"), str),
            (_("unit price"), euros),
            (_("amount"), euros),
            (_("VAT rate"), rate),
        )
        for (what, show), table, journal in zip(shown, line, recorded, strict=True):
            if table != journal:
                self.result.differ(
                    _(
                        "Sale %(sale)s, line %(line)s: %(what)s in the table %(table)s, in the "
                        "journal %(journal)s."
                    )
                    % {
                        "sale": code,
                        "line": number,
                        "what": what,
                        "table": show(table),
                        "journal": show(journal),
                    }
                )

    def orphans(self):
        """The sales of the table that no entry records."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {self.sale_table} WHERE venue_id = %s", [self.venue.pk]
            )
            (count,) = cursor.fetchone()
        if count <= len(self.matched):
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {self.sale_table} WHERE venue_id = %s ORDER BY id",
                [self.venue.pk],
            )
            missing = [pk for (pk,) in cursor.fetchall() if pk not in self.matched]
        for start in range(0, len(missing), CHUNK):
            ids = missing[start : start + CHUNK]
            rows = self._sale_rows("s.id", ids)
            lines = self._lines(ids)
            for row in sorted(rows.values()):
                self.tables[row[2]].add(_table_part(row, lines.get(row[0], [])))
                self.result.differ(
                    _("Sale %(sale)s is in the sales table but in no journal entry.")
                    % {"sale": row[1]}
                )

    # --- till sessions ------------------------------------------------------------------
    def sessions(self):
        rows = TillSession.objects.filter(venue=self.venue).values_list(
            "pk",
            "till__name",
            "opened_at",
            "opening_float",
            "closed_at",
            "expected",
            "counted",
            "difference",
        )
        known = {row[0]: row for row in rows}
        for pk in sorted(set(known) | set(self.journal) | set(self.tables), key=str):
            row = known.get(pk)
            name = _session_name(pk, row, self.venue)
            if row is None:
                self.result.differ(
                    _("%(session)s is in the journal but not in the sessions table.")
                    % {"session": name}
                )
                continue
            self.result.sessions += 1
            journal = self.journal.get(pk) or _Tally()
            self._compare_figures(name, journal.plus(self.tables.get(pk) or _Tally()), journal)
            self._compare_cash(name, row, self.journal.get(pk) or _Tally())

    def _compare_figures(self, name, table, journal):
        journal = journal or _Tally()
        figures = [
            (_("total"), table.total, journal.total, euros),
            *(
                (what, table.counts.get(kind, 0), journal.counts.get(kind, 0), str)
                for kind, what in (
                    (Kind.SALE, _("number of sales")),
                    (Kind.REVERSAL, _("number of reversals")),
                    (Kind.REFUND, _("number of refunds")),
                )
            ),
            *(
                (label(Sale.Method, method), table.methods.get(method, 0), amount, euros)
                for method, amount in _union(table.methods, journal.methods)
            ),
            *(
                (label(SaleLine.Kind, kind), table.kinds.get(kind, 0), amount, euros)
                for kind, amount in _union(table.kinds, journal.kinds)
            ),
        ]
        for what, in_table, in_journal, shown in figures:
            if in_table != in_journal:
                self.result.differ(
                    _(
                        "%(session)s: %(what)s in the tables %(table)s, rebuilt from the "
                        "journal %(journal)s."
                    )
                    % {
                        "session": name,
                        "what": what,
                        "table": shown(in_table),
                        "journal": shown(in_journal),
                    }
                )

    def _compare_cash(self, name, row, journal):
        pk, _till, _opened, opening_float, closed_at, expected, counted, difference = row
        opened = self.opened.get(pk)
        closed = self.closed.get(pk)
        checks = []
        if opened is not None:
            checks.append((_("float"), opening_float, opened.get("float")))
        if closed is None and closed_at is not None:
            self.result.differ(
                _("%(session)s is closed in the table, but the journal never closed it.")
                % {"session": name}
            )
        elif closed is not None and closed_at is None:
            self.result.differ(
                _("%(session)s is open in the table, but the journal closed it.")
                % {"session": name}
            )
        elif closed is not None:
            checks += [
                (_("cash expected"), expected, closed.get("expected")),
                (_("cash counted"), counted, closed.get("counted")),
                (_("difference"), difference, closed.get("difference")),
            ]
            if opened is not None and cents(expected) == cents(closed.get("expected")):
                # The float and the cash of the session's entries.
                rebuilt = (cents(opened.get("float")) or 0) + journal.cash
                checks.append((_("cash expected"), expected, Decimal(rebuilt).scaleb(-2)))
        for what, in_table, in_journal in checks:
            if cents(in_table) != cents(in_journal):
                self.result.differ(
                    _("%(session)s: %(what)s in the table %(table)s, in the journal %(journal)s.")
                    % {
                        "session": name,
                        "what": what,
                        "table": euros(cents(in_table)),
                        "journal": euros(cents(in_journal)),
                    }
                )


def _union(table, journal):
    for key in sorted(set(table) | set(journal), key=str):
        yield key, journal.get(key, 0)


def _session_name(pk, row, venue):
    if row is None:
        return _("Till session %(number)s") % {"number": pk}
    opened = formats.date_format(row[2].astimezone(venue.zone), "SHORT_DATETIME_FORMAT")
    return _("Till session %(number)s (%(till)s, opened %(opened)s)") % {
        "number": pk,
        "till": row[1],
        "opened": opened,
    }
