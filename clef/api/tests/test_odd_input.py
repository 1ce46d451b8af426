"""No server error on odd input in the API: every parameter that takes a number or a
date (query strings, page addresses and JSON bodies) gets Unicode digits, huge and tiny
numbers and dates from year 1 to 9999, and answers a 4xx (422 for what is out of bounds,
with the field named), never a 500. Each request's writes are rolled back, so that one
example does not change what the next meets.
"""

import datetime as dt
import json
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from clef.api.services import issue_token

pytestmark = pytest.mark.django_db

UNICODE_DIGITS = ["²", "٣", "١٢", "𝟗", "Ⅻ", "½", "〇", "1²", "٢٠٢٦-١١-١٨", "２０２６"]
ODD = [
    "9" * 30,
    "-" + "9" * 30,
    "-1",
    "0",
    "1e999",
    "NaN",
    "Infinity",
    "0001-01-01",
    "9999-12-31",
    "0000-00-00",
    "2026-02-30",
]


def _iso_with(digits):
    table = str.maketrans("0123456789", digits)
    return st.dates().map(lambda day: day.isoformat().translate(table))


odd_text = st.one_of(
    st.sampled_from(UNICODE_DIGITS + ODD),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=12),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat),
    _iso_with("٠١٢٣٤٥٦٧٨٩"),
)
# A JSON body's value: the same texts, and numbers as JSON writes them.
odd_json = st.one_of(
    odd_text,
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False),
)

PROPERTY = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EXAMPLES = ["²", "٣", "9" * 30, "0001-01-01", "9999-12-31"]


def with_examples(test):
    for value in EXAMPLES:
        test = example(value=value)(test)
    return test


@pytest.fixture
def world(on_sale, paid_ticket, door_cashier, paid_member):
    def token(user):
        return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user, 'tests')[0]}"}

    return {
        "screening": on_sale,
        "ticket": paid_ticket,
        "cashier": token(door_cashier),
        "member": token(paid_member),
    }


def status_of(method, url, *, query=None, body=None, headers=None):
    client = Client()
    with transaction.atomic():
        if body is None:
            response = getattr(client, method)(url, query or {}, **(headers or {}))
        else:
            response = client.post(
                url, json.dumps(body), content_type="application/json", **(headers or {})
            )
        transaction.set_rollback(True)
    assert response["Content-Type"].startswith("application/json"), url
    return response.status_code


@with_examples
@PROPERTY
@given(value=odd_text)
def test_the_query_parameters_never_answer_500(world, value):
    asked = [
        ("/api/screenings", {"from": value}),
        ("/api/screenings", {"to": value}),
        ("/api/screenings", {"from": value, "to": value}),
        ("/api/films", {"offset": value}),
        ("/api/films", {"limit": value}),
    ]
    for url, query in asked:
        assert status_of("get", url, query=query) < 500, (url, query)
    for query in ({"offset": value}, {"limit": value}):
        status = status_of("get", "/api/bookings", query=query, headers=world["member"])
        assert status < 500, query


@with_examples
@PROPERTY
@given(value=odd_text)
def test_the_addresses_never_answer_500(world, value):
    for url in (
        f"/api/screenings/{quote(value, safe='')}",
        f"/api/films/{quote(value, safe='')}",
        f"/api/bookings/{quote(value, safe='')}",
    ):
        assert status_of("get", url, headers=world["member"]) < 500, url


@with_examples
@PROPERTY
@given(value=odd_json)
def test_the_bodies_never_answer_500(world, value):
    screening, ticket = world["screening"].pk, str(world["ticket"])
    asked = [
        ("/api/checkin", {"screening": value, "ticket": ticket}, "cashier"),
        ("/api/checkin", {"screening": screening, "ticket": value}, "cashier"),
        ("/api/checkin", {"screening": screening, "ticket": value, "confirm": True}, "cashier"),
        (
            "/api/checkin",
            {"screening": screening, "ticket": ticket, "collect": True, "session": value},
            "cashier",
        ),
        ("/api/bookings", {"screening": value, "prices": ["5"]}, "member"),
        ("/api/bookings", {"screening": screening, "prices": [value]}, "member"),
        ("/api/membership", {"amount": value}, "member"),
    ]
    for url, body, who in asked:
        assert status_of("post", url, body=body, headers=world[who]) < 500, (url, body)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "0001-01-01"}, "from"),
        ({"from": "9999-12-31"}, "from"),
        ({"to": "9999-12-31"}, "to"),
        ({"from": "٢٠٢٦-١١-١٨"}, "from"),
    ],
)
def test_a_day_out_of_range_is_a_422_naming_the_field(client, query, field):
    response = client.get("/api/screenings", query, HTTP_ACCEPT_LANGUAGE="en")
    body = response.json()
    assert (response.status_code, body["code"]) == (422, "invalid")
    assert [error["loc"][-1] for error in body["errors"]] == [field]


@pytest.mark.parametrize("field", ["offset", "limit"])
def test_a_30_digit_offset_or_limit_is_a_422_naming_the_field(client, field):
    response = client.get("/api/films", {field: "9" * 30}, HTTP_ACCEPT_LANGUAGE="en")
    body = response.json()
    assert (response.status_code, body["code"]) == (422, "invalid")
    assert [error["loc"][-1] for error in body["errors"]] == [field]


def test_the_first_and_last_days_the_api_reads_are_answered(client, venue):
    first = client.get("/api/screenings", {"from": "1900-01-01"})
    last = client.get("/api/screenings", {"from": "2999-12-25", "to": "2999-12-31"})
    assert (first.status_code, first.json()) == (200, [])
    assert (last.status_code, last.json()) == (200, [])
