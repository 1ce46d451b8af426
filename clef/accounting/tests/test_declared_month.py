"""Declaring a month's tax: refused until its weeks are over, frozen as a version with its
files, a late ticket making version 2 with the week's difference listed."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from clef.accounting.models import Declaration
from clef.lib.timezones import local_to_utc

pytestmark = pytest.mark.django_db

TODAY = local_to_utc(dt.date(2026, 12, 2), dt.time(12, 0), "Europe/Paris")  # a Wednesday


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(TODAY, tick=False):
        yield


def url(name, *args):
    with translation.override("en"):
        return reverse(f"accounting:{name}", args=args)


NOVEMBER = url("monthly_tax", "2026-11")
DECLARE = url("declare_month", "2026-11")


@pytest.fixture
def november(make_film, make_screening, sell, agree):
    """Two screenings in the week from 28 October to 3 November (November's by law: it
    ends there), one in the week of 4 November (under two: not taxed)."""
    wanda = make_film("Wanda", visa_number="36912")
    first = make_screening(dt.date(2026, 10, 30), "20:00", films=[wanda])
    second = make_screening(dt.date(2026, 11, 2), "20:00", films=[wanda])
    lone = make_screening(dt.date(2026, 11, 5), "20:00", films=[wanda])
    sell(first, "10", "5")
    sell(second, "20")
    sell(lone, "8")
    for screening in (first, second, lone):
        agree(screening)
    return first, second, lone


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_declaring_the_month_freezes_it_and_a_late_ticket_makes_version_2(
    signed_in, november, sell
):
    response = signed_in.post(DECLARE, {"based_on": "0"}, follow=True)
    assert messages_of(response) == ["Declared: version 1, frozen with its files."]
    first = Declaration.objects.get()
    assert (first.kind, first.period_start, first.admissions) == (
        "month",
        dt.date(2026, 11, 1),
        None,
    )
    # 35 € taxed (10.72 %: 3.75 €); the 8 € of the lone week are counted, not taxed
    assert (str(first.takings), str(first.tax)) == ("43.00", "3.75")
    frozen = {f.name: bytes(f.data) for f in first.files.all()}
    assert sorted(frozen) == [
        "tsa-2026-11-v1-en.csv",
        "tsa-2026-11-v1-fr.csv",
        "tsa-2026-11-v1-fr.pdf",
    ]
    assert (
        frozen["tsa-2026-11-v1-en.csv"]
        .decode("utf-8-sig")
        .splitlines()[1]
        .startswith("2026-10-28;2026-11-03;2;")
    )

    sell(november[2], "4")  # a late ticket in the week of 4 November
    for name, data in frozen.items():
        assert signed_in.get(url("declared_file", first.pk, name)).content == data
    page = signed_in.get(NOVEMBER).content.decode()
    assert "The declaration changed since version 1" in page
    assert "Week from Wed 4 November to Tue 10 November: takings €8.00 → €12.00" in page

    signed_in.post(DECLARE, {"based_on": "1"}, follow=True)
    second = Declaration.objects.get(version=2)
    assert (str(second.takings), str(second.tax)) == ("47.00", "3.75")
    assert [(c["subject"], c["field"], c["before"], c["after"]) for c in second.changes] == [
        ("week", "takings", "8.00", "12.00"),
        ("week", "tax", "0.86", "1.29"),
        ("total", "takings", "43.00", "47.00"),
    ]


def test_it_refuses_a_month_whose_last_week_is_not_over(signed_in, november):
    response = signed_in.post(url("declare_month", "2026-12"), {"based_on": "0"}, follow=True)
    assert messages_of(response) == [
        "The last cinema week that December 2026 counts ends on 5 January 2027: the month "
        "can be declared from 6 January 2027."
    ]
    assert "It can be declared once over, from Wednesday 6 January 2027." in (
        response.content.decode()
    )
    assert Declaration.objects.count() == 0


def test_it_refuses_a_month_with_a_film_without_visa(
    signed_in, november, make_film, make_screening
):
    make_screening(dt.date(2026, 11, 20), "18:00", films=[make_film("Nosferatu")])
    response = signed_in.post(DECLARE, {"based_on": "0"}, follow=True)
    assert messages_of(response)[0].startswith("These films have no visa number: “Nosferatu”.")
    assert "<li>Nosferatu (1970) · <a href=" in response.content.decode()
    assert Declaration.objects.count() == 0


def test_it_refuses_to_declare_the_month_twice_unchanged(signed_in, november):
    signed_in.post(DECLARE, {"based_on": "0"}, follow=True)
    response = signed_in.post(DECLARE, {"based_on": "1"}, follow=True)
    assert messages_of(response) == [
        "Nothing changed since version 1, declared on 2 December 2026: no new version."
    ]
    assert Declaration.objects.count() == 1


@pytest.mark.parametrize("month", ["2026-13", "٢٠٢٦-١١", "9999-12", "0001-01", "1" * 30])
def test_an_odd_month_is_refused(signed_in, november, month):
    assert signed_in.post(url("declare_month", month)).status_code == 400
    assert Declaration.objects.count() == 0
