"""No server error on odd input, on every page field that takes a number or a date: the
till's sale, search, check-in, closing and refund forms, the door, the treasurer's pages
and statistics, the back office's search and date filters.

A property test: each field gets Unicode digits ("²", "٣", "𝟗"), huge and tiny numbers,
dates from year 1 to year 9999, and never answers 500. Each request runs in a
transaction rolled back after it, so that one example (a valid count that closes the
session, say) does not change what the next one meets. The clear messages themselves
are asserted in ``test_odd_input_messages.py``.
"""

import datetime as dt
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# What the property test types in a field that takes a number or a date.
UNICODE_DIGITS = ["²", "٣", "١٢", "𝟗", "Ⅻ", "½", "〇", "۳۳", "1²", "٢٠٢٦-١١-١٨", "２０２６"]
ODD = [
    "9" * 30,
    "-" + "9" * 30,
    "0",
    "-1",
    "1e999",
    "1e-999",
    "NaN",
    "Infinity",
    "0x10",
    "1_000",
    "7,5,0",
    "0001-01-01",
    "9999-12-31",
    "0000-00-00",
    "0001-01",
    "9999-12",
    "2026-02-30",
    "x" * 5000,
]


def _iso_with(digits):
    table = str.maketrans("0123456789", digits)
    return st.dates().map(lambda day: day.isoformat().translate(table))


odd_values = st.one_of(
    st.sampled_from(UNICODE_DIGITS + ODD),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=12),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 9999), st.integers(0, 13)),
    _iso_with("٠١٢٣٤٥٦٧٨٩"),
    _iso_with("０１２３４５６７８９"),
)

ODD_EXAMPLES = ["²", "٣", "9" * 30, "0001-01-01", "9999-12-31", "0001-01", "9999-12"]


def with_examples(test):
    for value in ODD_EXAMPLES:
        test = example(value=value)(test)
    return test


PROPERTY = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def world(venue, till, till_session, tonight, drink, cashier, treasurer, make_holder, sell):
    """The till open with a bar item and a sale, a screening tonight with a ticket, a
    rights holder; a cashier's, a treasurer's and an administrator's client."""
    [ticket] = sell(tonight, "6")
    admin_user = get_user_model().objects.create_superuser(
        "ada", "ada@example.org", "a-test-password-1"
    )
    clients = {}
    for name, user in (("cashier", cashier), ("treasurer", treasurer), ("admin", admin_user)):
        clients[name] = Client()
        clients[name].force_login(user)
    return {
        "till": till,
        "session": till_session,
        "screening": tonight,
        "drink": drink,
        "ticket": ticket,
        "holder": make_holder(),
        **clients,
    }


def answer(client, method, url, data=None):
    """The status of one request, its writes rolled back."""
    with transaction.atomic():
        response = getattr(client, method)(url, data or {})
        transaction.set_rollback(True)
    return response.status_code


def q(value):
    return quote(value, safe="")


# --- (who, method, address, form) for a value typed in a field ------------------------
def _till(w, v):
    t, s = w["till"].pk, w["screening"].pk
    drink = f"product-{w['drink'].pk}"
    return [
        ("cashier", "post", f"/caisse/{t}/vente/", {"prices": v, "screening": s}),
        ("cashier", "post", f"/caisse/{t}/vente/", {"prices": "5", "screening": v}),
        ("cashier", "post", f"/caisse/{t}/vente/", {drink: v}),
        ("cashier", "post", f"/caisse/{t}/vente/", {"membership": v, "first_name": "Ana"}),
        ("cashier", "post", f"/caisse/{t}/vente/", {"membership": "10", "person": v}),
        (
            "cashier",
            "post",
            f"/caisse/{t}/vente/",
            {"prices": "5", "screening": s, "method": "cash", "tendered": v},
        ),
        ("cashier", "post", f"/caisse/{t}/vente/", {"prices": "5", "screening": s, "session": v}),
        ("cashier", "get", f"/caisse/{t}/", {"q": v, "person": v, "screening": v, "vente": v}),
        ("cashier", "get", f"/caisse/{t}/membres/", {"q": v}),
        ("cashier", "get", f"/caisse/{t}/seances/", {"screening": v}),
        ("cashier", "post", f"/caisse/{t}/entree/", {"raw": v, "screening": s}),
        ("cashier", "post", f"/caisse/{t}/entree/", {"raw": v, "screening": v, "collect": "cash"}),
        ("cashier", "post", f"/caisse/{t}/ouvrir/", {"float": v}),
        ("cashier", "post", f"/caisse/{t}/fermer/", {"50.00": v, "0.01": v}),
        ("cashier", "post", f"/caisse/{t}/fermer/", {v: "1"}),
        ("cashier", "get", f"/caisse/{t}/rembourser/", {"vente": v}),
        (
            "cashier",
            "post",
            f"/caisse/{t}/rembourser/",
            {"vente": str(w["ticket"]), "line": v, f"amount-{v}": v, "reason": "x"},
        ),
        ("cashier", "get", f"/caisse/vente/{q(v)}/", None),
        ("treasurer", "get", "/caisse/clotures/", {"page": v, "kind": v}),
    ]


def _door(w, v):
    s = w["screening"].pk
    return [
        ("cashier", "post", f"/porte/{s}/", {"raw": v}),
        ("cashier", "post", f"/porte/{s}/", {"raw": v, "collect": "cash", "session": v}),
        ("cashier", "post", f"/porte/{s}/", {"raw": str(w["ticket"]), "session": v}),
        ("cashier", "post", f"/porte/{s}/ouvrir/", {"till": v, "float": v}),
        ("cashier", "get", "/porte/", {"page": v}),
        ("cashier", "get", f"/porte/{s}/salle/", {"page": v}),
    ]


def _treasurer(w, v):
    h = w["holder"].pk
    day = q(v)
    return [
        ("treasurer", "get", f"/tresorerie/semaine/{day}/", None),
        ("treasurer", "get", f"/tresorerie/semaine/{day}/declaration.csv", None),
        ("treasurer", "get", f"/tresorerie/semaine/{day}/declaration.pdf", None),
        ("treasurer", "get", f"/tresorerie/semaine/{day}/declaration.json", None),
        ("treasurer", "get", f"/tresorerie/mois/{day}/", {"format": v}),
        ("treasurer", "get", f"/tresorerie/distributeur/{h}/{day}/", None),
        ("treasurer", "get", f"/tresorerie/distributeur/{h}/{day}/releve.csv", None),
        ("treasurer", "get", f"/tresorerie/distributeur/{h}/{day}/releve.pdf", None),
        ("treasurer", "post", f"/tresorerie/distributeur/{h}/{day}/envoyer/", None),
        ("treasurer", "get", "/tresorerie/statistiques/", {"year": v}),
        ("treasurer", "get", "/tresorerie/statistiques/admissions-per-week.csv", {"year": v}),
    ]


def _back_office(w, v):
    """Every changelist of the back office with a search or dates: its search, its date
    filters (a year alone, then with its month and day), its page."""
    asked = []
    for model, model_admin in admin.site._registry.items():
        field = model_admin.date_hierarchy
        if not (field or model_admin.search_fields):
            continue
        url = f"/gestion/{model._meta.app_label}/{model._meta.model_name}/"
        asked.append(("admin", "get", url, {"q": v, "p": v}))
        if field:
            asked.append(("admin", "get", url, {f"{field}__year": v}))
            for year in ("1", "9999"):
                full = {f"{field}__year": year, f"{field}__month": v, f"{field}__day": v}
                asked.append(("admin", "get", url, full))
    return asked


@with_examples
@PROPERTY
@given(value=odd_values)
def test_the_tills_forms_never_answer_500(world, value):
    for who, method, url, data in _till(world, value):
        assert answer(world[who], method, url, data) < 500, (url, data)


@with_examples
@PROPERTY
@given(value=odd_values)
def test_the_doors_forms_never_answer_500(world, value):
    for who, method, url, data in _door(world, value):
        assert answer(world[who], method, url, data) < 500, (url, data)


@with_examples
@PROPERTY
@given(value=odd_values)
def test_the_treasurers_pages_never_answer_500(world, value):
    for who, method, url, data in _treasurer(world, value):
        assert answer(world[who], method, url, data) < 500, (url, data)


@with_examples
@PROPERTY
@given(value=odd_values)
def test_the_back_offices_search_and_date_filters_never_answer_500(world, value):
    for who, method, url, data in _back_office(world, value):
        assert answer(world[who], method, url, data) < 500, (url, data)


@pytest.mark.parametrize("number", ["9" * 30, str(2**63), str(2**64 + 1)])
@pytest.mark.parametrize(
    "address",
    [
        "/caisse/{n}/",
        "/caisse/session/{n}/",
        "/caisse/clotures/{n}/",
        "/caisse/seance/{n}/releve/",
        "/caisse/seance/{n}/annuler/",
        "/porte/{n}/",
        "/porte/{n}/salle/",
        "/tresorerie/seance/{n}/",
        "/tresorerie/seance/{n}/accords/",
        "/tresorerie/distributeur/{n}/2026-11-18/",
        "/tresorerie/releve/{n}/releve.pdf",
    ],
)
def test_a_page_address_with_a_huge_number_is_a_404(world, address, number):
    url = address.format(n=number)
    assert answer(world["admin"], "get", url) == 404, url
