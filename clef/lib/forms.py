"""Reading the numbers and dates people type: in forms, query strings and page
addresses. One place for it, so that odd input gets a clear message and never reaches
the database or the calendar out of range.

- Only ASCII digits are digits here. Python's ``int()`` reads "٣" as 3 and ``isdigit()``
  says yes to "²" (which ``int()`` then refuses); a cashier's "٣" is a typo, not a 3.
- Every number has bounds (an id beyond any row, 30 digits in an offset, are refused,
  not sent to SQL), every date lies between ``FIRST_DAY`` and ``LAST_DAY`` (year 1 and
  year 9999 are dates to Python, not to a cinema: a week before 1 January of year 1
  does not exist).

The ``parse_…`` functions raise ``BadInput`` (a ``Refused`` with status 400) with a
message in the reader's language; the ``…Field`` classes are Django form fields that do
the same as form errors. ``is_id`` and ``to_id`` are for ids sent back by a page (a
screening chosen, a person picked), where an odd value just means "not found".
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clef.lib.refusals import Refused

FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)
# Within a signed 64-bit integer, the largest any database here stores.
LARGEST_ID = 2**63 - 1
# The most digits a typed whole number may have before it is not read at all.
LONGEST_NUMBER = 30

ASCII_DIGITS = re.compile(r"[0-9]+")
ISO_DAY = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})")
ISO_MONTH = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})")
# Euros as typed: "7", "7.50", "7,50", "-3" (the caller says whether below 0 is allowed).
EUROS = re.compile(r"-?[0-9]+(?:[.,][0-9]*)?|-?[.,][0-9]+")


class BadInput(Refused):
    """A number or a date that cannot be read, or out of its bounds: 400."""

    status = 400


def is_digits(text):
    """Whether ``text`` is one or more ASCII digits, and nothing else."""
    return isinstance(text, str) and ASCII_DIGITS.fullmatch(text) is not None


def is_id(text):
    """Whether ``text`` can name a row: ASCII digits, from 1 to ``LARGEST_ID``."""
    text = str(text if text is not None else "").strip()
    return is_digits(text) and len(text) <= 19 and 1 <= int(text) <= LARGEST_ID


def to_id(text):
    """The id ``text`` names, or None when it cannot name a row (then nothing matches)."""
    text = str(text if text is not None else "").strip()
    return int(text) if is_id(text) else None


def parse_int(text, *, low=0, high=LARGEST_ID, code="bad_number", name=None):
    """A whole number typed in ASCII digits, from ``low`` to ``high``. ``name`` says
    what it is in the message ("the offset")."""
    raw = str(text if text is not None else "").strip()
    if not is_digits(raw) or len(raw) > LONGEST_NUMBER or not low <= int(raw) <= high:
        raise BadInput(code, _number_message(raw, low, high, name))
    return int(raw)


def _number_message(raw, low, high, name):
    values = {"text": _shown(raw), "low": low, "high": high, "name": name}
    if name:
        return (
            _("“%(text)s” is not right for %(name)s: type a whole number from %(low)s to %(high)s.")
            % values
        )
    return _("“%(text)s” is not a whole number from %(low)s to %(high)s.") % values


def is_euros_text(text):
    """Whether ``text`` reads as an amount in euros written with ASCII digits ("7",
    "7.50", "7,50", "-3", an "€" after it allowed). Its bounds and cents are the
    caller's business (``tickets.booking.parse_price`` and the like)."""
    raw = str(text if text is not None else "").strip().removesuffix("€").strip()
    return len(raw) <= LONGEST_NUMBER and EUROS.fullmatch(raw) is not None


def parse_euros(text, *, low=Decimal("0"), high, code="bad_amount"):
    """An amount in euros typed with ASCII digits, at most two decimals, from ``low`` to
    ``high``, as a Decimal with two places."""
    raw = str(text if text is not None else "").strip()
    message = _("“%(text)s” is not an amount: type euros from %(low)s to %(high)s, like 7.50.") % {
        "text": _shown(raw),
        "low": low,
        "high": high,
    }
    if not is_euros_text(raw):
        raise BadInput(code, message)
    try:
        amount = Decimal(raw.removesuffix("€").strip().replace(",", "."))
    except InvalidOperation:
        raise BadInput(code, message) from None
    if not low <= amount <= high or amount != amount.quantize(Decimal("0.01")):
        raise BadInput(code, message)
    return amount.quantize(Decimal("0.01"))


def parse_date(text, *, low=FIRST_DAY, high=LAST_DAY, code="bad_date"):
    """A day written as 2026-11-18 (ASCII digits), from ``low`` to ``high``."""
    raw = str(text if text is not None else "").strip()
    found = ISO_DAY.fullmatch(raw)
    day = None
    if found:
        try:
            day = dt.date(int(found["year"]), int(found["month"]), int(found["day"]))
        except ValueError:
            day = None
    if day is None:
        raise BadInput(
            code, _("“%(text)s” is not a date: write it as 2026-11-18.") % {"text": _shown(raw)}
        )
    if not low <= day <= high:
        raise BadInput(code, _date_range_message(day, low, high))
    return day


def parse_month(text, *, low=FIRST_DAY, high=LAST_DAY, code="bad_month"):
    """A month written as 2026-11 (ASCII digits), as its first day, within the bounds."""
    raw = str(text if text is not None else "").strip()
    found = ISO_MONTH.fullmatch(raw)
    first = None
    if found:
        try:
            first = dt.date(int(found["year"]), int(found["month"]), 1)
        except ValueError:
            first = None
    if first is None:
        raise BadInput(
            code, _("“%(text)s” is not a month: write it as 2026-11.") % {"text": _shown(raw)}
        )
    if not low.replace(day=1) <= first <= high:
        raise BadInput(code, _date_range_message(first, low, high))
    return first


def _date_range_message(day, low, high):
    return _("%(day)s is out of range: give a date from %(low)s to %(high)s.") % {
        "day": day.isoformat(),
        "low": low.isoformat(),
        "high": high.isoformat(),
    }


def _shown(raw):
    """What was typed, cut short enough to quote in a message."""
    return raw if len(raw) <= 40 else raw[:39] + "…"


# --- Django form fields --------------------------------------------------------------
class IntegerField(forms.IntegerField):
    """A whole number in ASCII digits ("٣" is refused, not read as 3), bounded: from 0
    to ``LARGEST_ID`` unless told otherwise."""

    default_error_messages = {
        "invalid": gettext_lazy("Type a whole number with the digits 0 to 9."),
    }

    def __init__(self, *, min_value=0, max_value=LARGEST_ID, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value):
        if value not in self.empty_values:
            text = str(value).strip()
            if not is_digits(text.removeprefix("-")) or len(text) > LONGEST_NUMBER:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class DecimalField(forms.DecimalField):
    """An amount in ASCII digits (a comma as the decimal mark allowed), bounded."""

    default_error_messages = {
        "invalid": gettext_lazy("Type an amount with the digits 0 to 9, like 7.50."),
    }

    def to_python(self, value):
        if value not in self.empty_values:
            if not is_euros_text(value):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = str(value).strip().removesuffix("€").strip().replace(",", ".")
        return super().to_python(value)


class DateField(forms.DateField):
    """A day written as 2026-11-18, from ``FIRST_DAY`` to ``LAST_DAY`` (or the bounds
    given)."""

    default_error_messages = {
        "invalid": gettext_lazy("Write the date as 2026-11-18."),
    }

    def __init__(self, *, low=FIRST_DAY, high=LAST_DAY, **kwargs):
        self.low, self.high = low, high
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            day = value
            if not self.low <= day <= self.high:
                raise forms.ValidationError(_date_range_message(day, self.low, self.high))
            return day
        try:
            return parse_date(value, low=self.low, high=self.high)
        except BadInput as bad:
            raise forms.ValidationError(bad.message, code="invalid") from None
