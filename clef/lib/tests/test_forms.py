"""Reading typed numbers and dates (``lib.forms``): ASCII digits only, every number and
date within bounds, a clear message otherwise."""

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from django import forms as django_forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from clef.lib import forms


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("typed", ["0", "7", "007", " 42 ", "9223372036854775807"])
def test_it_reads_ascii_digits(typed):
    assert forms.parse_int(typed) == int(typed)


@pytest.mark.parametrize(
    "typed", ["²", "٣", "１２", "𝟗", "1²", "-1", "+1", "1.0", "", " ", "0x10", "1_000", "9" * 30]
)
def test_it_refuses_anything_but_ascii_digits_in_bounds(typed):
    with pytest.raises(forms.BadInput) as refused:
        forms.parse_int(typed)
    assert refused.value.status == 400
    assert refused.value.code == "bad_number"


def test_the_message_quotes_what_was_typed_and_the_bounds():
    with pytest.raises(forms.BadInput) as refused:
        forms.parse_int("٣", low=1, high=500, name="the limit")
    assert refused.value.message == (
        "“٣” is not right for the limit: type a whole number from 1 to 500."
    )


def test_a_5000_character_text_is_quoted_short():
    with pytest.raises(forms.BadInput) as refused:
        forms.parse_int("x" * 5000, high=9)
    assert refused.value.message == f"“{'x' * 39}…” is not a whole number from 0 to 9."


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("0", None),
        ("²", None),
        ("٣", None),
        ("9" * 19, None),
        (None, None),
    ],
)
def test_an_id_is_within_what_a_database_stores(typed, expected):
    assert forms.to_id(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("7", "7.00"), ("7,50", "7.50"), ("7.5 €", "7.50"), ("0", "0.00"), (".5", "0.50")],
)
def test_it_reads_euros(typed, expected):
    assert forms.parse_euros(typed, high=Decimal("100")) == Decimal(expected)


@pytest.mark.parametrize(
    "typed", ["٣", "²", "1e3", "NaN", "Infinity", "7.505", "101", "-1", "7,5,0"]
)
def test_it_refuses_odd_euros(typed):
    with pytest.raises(forms.BadInput) as refused:
        forms.parse_euros(typed, high=Decimal("100"))
    assert refused.value.message == (
        f"“{typed}” is not an amount: type euros from 0 to 100, like 7.50."
    )


def test_it_reads_a_day_within_the_bounds():
    assert forms.parse_date("2026-11-18") == dt.date(2026, 11, 18)
    assert forms.parse_date("1900-01-01") == forms.FIRST_DAY
    assert forms.parse_date("2999-12-31") == forms.LAST_DAY


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01"])
def test_a_day_out_of_range_says_the_range(typed):
    with pytest.raises(forms.BadInput) as refused:
        forms.parse_date(typed)
    assert (refused.value.code, refused.value.message) == (
        "bad_date",
        f"{typed} is out of range: give a date from 1900-01-01 to 2999-12-31.",
    )


@pytest.mark.parametrize(
    "typed", ["2026-02-30", "٢٠٢٦-١١-١٨", "20261118", "2026-W47-3", "2026-11-18T00:00", "²", ""]
)
def test_a_day_not_written_as_2026_11_18_is_refused(typed):
    with pytest.raises(forms.BadInput) as refused:
        forms.parse_date(typed)
    assert refused.value.message == f"“{typed}” is not a date: write it as 2026-11-18."


def test_it_reads_a_month():
    assert forms.parse_month("2026-11") == dt.date(2026, 11, 1)
    with pytest.raises(forms.BadInput) as refused:
        forms.parse_month("0001-01")
    assert refused.value.code == "bad_month"
    with pytest.raises(forms.BadInput):
        forms.parse_month("2026-13")
    with pytest.raises(forms.BadInput):
        forms.parse_month("٢٠٢٦-١١")


@given(st.text(max_size=40))
def test_no_text_makes_the_readers_raise_anything_but_bad_input(text):
    for read in (forms.parse_int, forms.parse_date, forms.parse_month):
        with contextlib.suppress(forms.BadInput):
            read(text)
    with contextlib.suppress(forms.BadInput):
        forms.parse_euros(text, high=Decimal("10000"))
    assert forms.to_id(text) is None or forms.to_id(text) >= 1


class Sample(django_forms.Form):
    count = forms.IntegerField(max_value=500)
    amount = forms.DecimalField(max_digits=7, decimal_places=2, min_value=0)
    day = forms.DateField()


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"count": "٣", "amount": "٣", "day": "٢٠٢٦-١١-١٨"},
            {
                "count": ["Type a whole number with the digits 0 to 9."],
                "amount": ["Type an amount with the digits 0 to 9, like 7.50."],
                "day": ["“٢٠٢٦-١١-١٨” is not a date: write it as 2026-11-18."],
            },
        ),
        (
            {"count": "9" * 30, "amount": "1e999", "day": "9999-12-31"},
            {
                "count": ["Ensure this value is less than or equal to 500."],
                "amount": ["Type an amount with the digits 0 to 9, like 7.50."],
                "day": ["9999-12-31 is out of range: give a date from 1900-01-01 to 2999-12-31."],
            },
        ),
        (
            {"count": "501", "amount": "-1", "day": "0001-01-01"},
            {
                "count": ["Ensure this value is less than or equal to 500."],
                "amount": ["Ensure this value is greater than or equal to 0."],
                "day": ["0001-01-01 is out of range: give a date from 1900-01-01 to 2999-12-31."],
            },
        ),
    ],
)
def test_the_form_fields_refuse_odd_input_with_a_message(data, errors):
    form = Sample(data)
    assert not form.is_valid()
    assert form.errors == errors


def test_the_form_fields_read_good_input():
    form = Sample({"count": "12", "amount": "7,50", "day": "2026-11-18"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "count": 12,
        "amount": Decimal("7.50"),
        "day": dt.date(2026, 11, 18),
    }
