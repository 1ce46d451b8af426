"""The closings' side of comparing the tables with the journal (see ``checks.py``).

Every closing's row must agree with its journal entry (total, grand total, the entries it
covers, its totals), its totals must equal what ``totals.Figures`` recomputes from the
entries of its range, and its grand total must be the previous one of its kind plus its
total. Each entry is counted once however many closings cover it: the ranges' ends cut
the journal into pieces, an entry is added to its piece, and a closing's figures are the
sum of the pieces in its range (a year adds a few hundred pieces, not a year of entries).
"""

import bisect

from django.utils.translation import gettext as _

from clef.boxoffice import periods, totals
from clef.boxoffice.checks import cents, euros, label
from clef.boxoffice.models import Closing
from clef.lib.money import format_euros


class Ranges:
    """The figures of every closing's range of entries, each entry counted once."""

    def __init__(self, rows):
        self.rows = rows
        bounds = set()
        for closing in rows:
            if closing.first_sequence is not None and closing.last_sequence is not None:
                bounds.update((closing.first_sequence, closing.last_sequence + 1))
        self.bounds = sorted(bounds)
        self.pieces = [totals.Figures() for _bound in self.bounds[:-1]]
        self.covered = set(totals.COVERED_KINDS)

    def add(self, sequence, kind, body, result):
        if kind not in self.covered or not self.pieces:
            return
        index = bisect.bisect_right(self.bounds, sequence) - 1
        if 0 <= index < len(self.pieces):
            try:
                self.pieces[index].add_entry(kind, body)
            except (totals.ClosingRefused, KeyError, TypeError, ArithmeticError):
                result.differ(
                    _("Entry %(sequence)s cannot be counted: its lines do not add up.")
                    % {"sequence": sequence}
                )

    def figures(self, closing):
        figures = totals.Figures()
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
    period = periods.Period(closing.kind, closing.period_start, closing.period_end)
    return _("%(kind)s, %(period)s") % {
        "kind": label(Closing.Kind, closing.kind),
        "period": periods.describe(period),
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
    if cents(closing.total) != cents(recomputed.total):
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
        (_("total"), cents(closing.total), cents(body.get("total")), euros),
        (_("grand total"), cents(closing.cumulative), cents(body.get("cumulative")), euros),
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
