"""Tables for spreadsheets: every CSV clef writes, in the reader's language, with no live
formula.

``csv_bytes(header, rows)`` gives UTF-8 with a byte order mark (spreadsheets then read the
accents), ``;`` between cells and CRLF line ends. Each cell is written after its Python
type, in the active language, so that a French spreadsheet reads French figures and an
English one English figures:

- ``Decimal``, ``int``, ``float``: a number a spreadsheet sums, with the language's decimal
  mark ("611,00" in French, "611.00" in English), no thousands separator and no currency
  sign. A negative number stays a number ("-116,86"). Round amounts with
  ``lib.money.cents`` first.
- ``date``: ISO (2026-11-18), which spreadsheets read as a date in every language;
  ``time``: the 24-hour clock ("20:00").
- ``bool``: "yes" or "no", translated; ``None``: an empty cell.
- anything else (text, a lazy translation): its text. A text starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return (or their full-width forms) gets a leading ``'``,
  so that a film titled ``=HYPERLINK(...)`` is never a live formula. Whether a cell is a
  number is decided by its type, never by its text: "-5" given as text is neutralised.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
# What a spreadsheet may read as the start of a formula (OWASP's list, and the full-width
# forms some spreadsheets read the same way).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def number(value):
    """A number as the active language writes it in a spreadsheet's cell: "611,00" in
    French, "611.00" in English; no grouping, no exponent."""
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    mark = formats.get_format("DECIMAL_SEPARATOR")
    return text.replace(".", mark) if mark != "." else text


def text(value):
    """A text cell, neutralised when a spreadsheet would take it for a formula."""
    value = str(value)
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def cell(value):
    """What one cell holds, after the value's type (see the module's docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float | Decimal):
        return number(value)
    if isinstance(value, dt.datetime):
        return text(value.isoformat())
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return text(value)


def csv_bytes(header, rows):
    """The table as CSV bytes: ``header`` a list of titles, ``rows`` lists of values."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([cell(title) for title in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue().encode("utf-8")
