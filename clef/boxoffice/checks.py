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
  totals), its totals equal what ``closings.Figures`` recomputes from the entries of
  its range, and each grand total is the previous one of its kind plus its total.

It reads the journal in one streamed query, the sales and their lines a chunk of
entries at a time (two queries by chunk), and compares in dicts: its cost grows with
the journal, apart from the chain's check (``verify``), and ``bench/journal.py`` times
it on its own. Each difference is a sentence in the active language naming the row.
"""

import bisect
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.utils import formats
from django.utils.translation import gettext as _

from clef.boxoffice import closings
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
    result = Comparison(venue=venue)
    ranges = _Ranges(list(Closing.objects.filter(venue=venue).order_by("kind", "period_start")))
    state = _State(result, venue)
    for chunk in _chunks(venue):
        state.read(chunk, ranges)
    state.orphans()
    state.sessions()
    ranges.compare(result, state.closing_entries)
    return result


# --- amounts ----------------------------------------------------------------------------
def _cents(value):
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
    """What a sale's entry adds to its session: (kind, method, total, [(line kind,
    amount)]), amounts in cents."""
    return (
        kind,
        body.get("method"),
        _cents(body.get("total")) or 0,
        [(line.get("kind"), _cents(line.get("amount"))) for line in body.get("lines") or []],
    )


def _table_part(row, lines):
    """What a sale's row and lines add to their session, as ``_journal_part``."""
    _id, _code, _session, _venue, method, _channel, total, reason, reverses = row
    kind = Kind.REVERSAL if reverses else Kind.REFUND if reason else Kind.SALE
    return (kind, method, _cents(total) or 0, [(line[0], _cents(line[4])) for line in lines])


def _line_key(line):
    """(kind, label, quantity, unit, amount, VAT rate) with amounts in cents."""
    kind, label, quantity, unit, amount, rate = line
    return (kind, label, quantity, _cents(unit), _cents(amount), _cents(rate))


def _euros(cents):
    return "-" if cents is None else format_euros(Decimal(cents).scaleb(-2))


def _rate(cents):
    if cents is None:
        return "-"
    return f"{formats.number_format(Decimal(cents).scaleb(-2), 2, use_l10n=True)} %"


def _label(choices, value):
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
        """Add (or take away, ``sign`` -1) one sale's part: (kind, method, total,
        [(line kind, amount)])."""
        kind, method, total, lines = part
        total *= sign
        self.total += total
        self.counts[kind] += sign
        self.methods[method] += total
        if method == Sale.Method.CASH:
            self.cash += total
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
        """{code: (id, code, session, venue, method, channel, total, reason, reverses)}"""
        if not values:
            return {}
        marks = ", ".join(["%s"] * len(values))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.id, s.code, s.session_id, s.venue_id, s.method, s.channel, "
                f"{self.text('s.total')}, s.reason, r.code FROM {self.sale_table} s "
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
        _id, code, session, venue_id, method, channel, total, reason, reverses = row
        recorded = body.get("lines") or []
        # Most sales agree: compare plain tuples of text first, explain only a difference.
        sale = (venue_id, session, method, channel, total, reverses or None, reason or "")
        said = (
            self.venue.pk,
            body.get("session"),
            body.get("method"),
            body.get("channel") or Sale.Channel.TILL,
            body.get("total"),
            body.get("reverses") or None,
            body.get("reason") or "",
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
        sale = (*sale[:4], _cents(total), *sale[5:])
        said = (*said[:4], _cents(said[4]), *said[5:])
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
        venue_id, session, method, channel, total, reverses, reason = sale
        _venue, journal_session, journal_method, journal_channel, journal_total, *rest = said
        journal_reverses, journal_reason = rest
        if venue_id != self.venue.pk:
            self.result.differ(
                _("Sale %(sale)s belongs to another venue in the table.") % {"sale": code}
            )
        shown = [
            (_("till session"), session, journal_session, str),
            (_("payment method"), method, journal_method, lambda v: _label(Sale.Method, v)),
            (_("channel"), channel, journal_channel, lambda v: _label(Sale.Channel, v)),
            (_("total"), total, journal_total, _euros),
            (_("sale reversed"), reverses, journal_reverses, lambda v: v or _("none")),
            (_("reason"), reason, journal_reason, lambda v: f"“{v}”"),
        ]
        for what, table, journal, show in shown:
            if table != journal:
                self._sale_differs(code, what, show(table), show(journal))

    def _explain_line(self, code, number, line, recorded):
        shown = (
            (_("kind"), lambda value: _label(SaleLine.Kind, value)),
            (_("label"), lambda value: f"“{value}”"),
            (_("quantity"), str),
            (_("unit price"), _euros),
            (_("amount"), _euros),
            (_("VAT rate"), _rate),
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
            (_("total"), table.total, journal.total, _euros),
            *(
                (what, table.counts.get(kind, 0), journal.counts.get(kind, 0), str)
                for kind, what in (
                    (Kind.SALE, _("number of sales")),
                    (Kind.REVERSAL, _("number of reversals")),
                    (Kind.REFUND, _("number of refunds")),
                )
            ),
            *(
                (_label(Sale.Method, method), table.methods.get(method, 0), amount, _euros)
                for method, amount in _union(table.methods, journal.methods)
            ),
            *(
                (_label(SaleLine.Kind, kind), table.kinds.get(kind, 0), amount, _euros)
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
            if opened is not None and _cents(expected) == _cents(closed.get("expected")):
                # The float and the cash of the session's entries.
                rebuilt = (_cents(opened.get("float")) or 0) + journal.cash
                checks.append((_("cash expected"), expected, Decimal(rebuilt).scaleb(-2)))
        for what, in_table, in_journal in checks:
            if _cents(in_table) != _cents(in_journal):
                self.result.differ(
                    _("%(session)s: %(what)s in the table %(table)s, in the journal %(journal)s.")
                    % {
                        "session": name,
                        "what": what,
                        "table": _euros(_cents(in_table)),
                        "journal": _euros(_cents(in_journal)),
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


# --- closings ---------------------------------------------------------------------------
class _Ranges:
    """The figures of every closing's range of entries, each entry counted once: the
    ranges' ends cut the journal into pieces; an entry is added to its piece, and a
    closing's figures are the sum of the pieces in its range."""

    def __init__(self, rows):
        self.rows = rows
        bounds = set()
        for closing in rows:
            if closing.first_sequence is not None and closing.last_sequence is not None:
                bounds.update((closing.first_sequence, closing.last_sequence + 1))
        self.bounds = sorted(bounds)
        self.pieces = [closings.Figures() for _bound in self.bounds[:-1]]
        self.covered = set(closings.COVERED_KINDS)

    def add(self, sequence, kind, body, result):
        if kind not in self.covered or not self.pieces:
            return
        index = bisect.bisect_right(self.bounds, sequence) - 1
        if 0 <= index < len(self.pieces):
            try:
                self.pieces[index].add_entry(kind, body)
            except (closings.ClosingRefused, KeyError, TypeError, ArithmeticError):
                result.differ(
                    _("Entry %(sequence)s cannot be counted: its lines do not add up.")
                    % {"sequence": sequence}
                )

    def figures(self, closing):
        figures = closings.Figures()
        if closing.first_sequence is None or closing.last_sequence is None:
            return figures
        start = bisect.bisect_left(self.bounds, closing.first_sequence)
        end = bisect.bisect_left(self.bounds, closing.last_sequence + 1)
        for piece in self.pieces[start:end]:
            figures.add(piece)
        return figures

    def compare(self, result, entries):
        previous = {}
        for closing in self.rows:
            result.closings += 1
            name = _closing_name(closing)
            entry = entries.pop((closing.kind, closing.period_start.isoformat()), None)
            recomputed = self.figures(closing)
            totals = recomputed.as_totals()
            _compare_totals(result, name, closing, recomputed, totals)
            if entry is None:
                result.differ(
                    _("%(closing)s is in the closings table but in no journal entry.")
                    % {"closing": name}
                )
            else:
                _compare_entry(result, name, closing, entry, totals)
            before = previous.get(closing.kind)
            if before is not None and before.cumulative + closing.total != closing.cumulative:
                result.differ(
                    _(
                        "%(closing)s: its grand total in the table is %(table)s, the one "
                        "before it plus its total make %(sum)s."
                    )
                    % {
                        "closing": name,
                        "table": format_euros(closing.cumulative),
                        "sum": format_euros(before.cumulative + closing.total),
                    }
                )
            previous[closing.kind] = closing
        for _id, sequence, _body in sorted(entries.values(), key=lambda entry: entry[1]):
            result.differ(
                _("Entry %(sequence)s records a closing that is not in the closings table.")
                % {"sequence": sequence}
            )


def _closing_name(closing):
    period = closings.Period(closing.kind, closing.period_start, closing.period_end)
    return _("%(kind)s, %(period)s") % {
        "kind": _label(Closing.Kind, closing.kind),
        "period": closings.describe(period),
    }


def _totals_label(key):
    return {
        "entries": _("the number of entries"),
        "vat": _("the amounts by VAT rate"),
        "kinds": _("the amounts by kind of line"),
        "methods": _("the amounts by payment method"),
        "channels": _("the amounts by channel"),
        "sales": _("the sales"),
        "reversals": _("the reversals"),
        "refunds": _("the refunds"),
        "online_payments": _("the online payments"),
        "online_refunds": _("the online refunds"),
    }.get(key, _("the totals"))


def _compare_totals(result, name, closing, recomputed, totals):
    if _cents(closing.total) != _cents(recomputed.total):
        result.differ(
            _(
                "%(closing)s: total in the table %(table)s, recomputed from the journal's "
                "entries %(journal)s."
            )
            % {
                "closing": name,
                "table": format_euros(closing.total),
                "journal": format_euros(recomputed.total),
            }
        )
    stored = closing.totals if isinstance(closing.totals, dict) else {}
    for key, value in totals.items():
        # A key the table lacks was not kept yet when it was made (its entry says so).
        if key in stored and stored[key] != value:
            result.differ(
                _(
                    "%(closing)s: %(what)s in the table differ from those recomputed from "
                    "the journal."
                )
                % {"closing": name, "what": _totals_label(key)}
            )


def _compare_entry(result, name, closing, entry, totals):
    entry_id, sequence, body = entry
    pairs = (
        (_("total"), _cents(closing.total), _cents(body.get("total")), _euros),
        (_("grand total"), _cents(closing.cumulative), _cents(body.get("cumulative")), _euros),
        (_("first entry"), closing.first_sequence, body.get("first_sequence"), str),
        (_("last entry"), closing.last_sequence, body.get("last_sequence"), str),
    )
    for what, table, journal, shown in pairs:
        if table != journal:
            result.differ(
                _("%(closing)s: %(what)s in the table %(table)s, in the journal %(journal)s.")
                % {"closing": name, "what": what, "table": shown(table), "journal": shown(journal)}
            )
    stored = closing.totals if isinstance(closing.totals, dict) else {}
    for key in totals:
        if key in body and stored.get(key) != body[key]:
            result.differ(
                _("%(closing)s: %(what)s in the table differ from those of entry %(sequence)s.")
                % {"closing": name, "what": _totals_label(key), "sequence": sequence}
            )
    if closing.entry_id != entry_id:
        result.differ(
            _("%(closing)s: the table links it to another entry than entry %(sequence)s.")
            % {"closing": name, "sequence": sequence}
        )
