"""The statistics page and its CSV files: who may read them, the year asked for, the
charts in both languages, the figures written out, and the queries they take."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from clef.accounting.tests import test_statistics

# The hand-made year of the figures' tests, shared as a fixture.
NOW, year = test_statistics.NOW, test_statistics.year

CHART_SLUGS = [
    "admissions-per-week", "fill-rate", "prices", "price-by-kind", "price-by-month",
    "free-share", "memberships", "films",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def url(name="accounting:statistics", *args, language="fr", query=""):
    with translation.override(language):
        return reverse(name, args=args) + query


def french(message):
    with translation.override("fr"):
        return translation.gettext(message)


def test_visitors_sign_in_and_others_than_treasurers_are_refused(
    client, venue, member, programmer, cashier, treasurer
):
    response = client.get(url())
    assert response.status_code == 302 and "next=" in response["Location"]
    for someone in (member, programmer, cashier):
        client.force_login(someone)
        assert client.get(url()).status_code == 403
        assert client.get(url("accounting:statistics_csv", "films")).status_code == 403
    client.force_login(treasurer)
    assert client.get(url()).status_code == 200


def test_the_page_shows_this_year_by_default_and_offers_the_years_held(client, treasurer, year):
    client.force_login(treasurer)
    page = client.get(url(language="en")).content.decode()
    assert "<h1>2026</h1>" in page
    assert "The year is not over: these figures run to 10 January 2026." in page
    assert re.findall(r'<option value="(\d+)"', page) == ["2026", "2025", "2024"]


def test_the_years_charts_are_drawn_inline_in_english(client, treasurer, year):
    client.force_login(treasurer)
    page = client.get(url(language="en", query="?year=2025")).content.decode()
    assert page.count("<svg") == 8
    assert "<script" not in page.split("<main", 1)[1]
    assert "<title>Admissions per cinema week</title>" in page
    assert 'aria-label="Mean and median price by kind of screening"' in page
    assert "Screening and debate" in page
    assert "€12.75" in page and "€11.50" in page  # the debate's mean and median
    assert "January 2025" in page and ">Jan.<" in page
    for slug in CHART_SLUGS:
        assert f'href="/en/tresorerie/statistiques/{slug}.csv?year=2025"' in page


def test_the_charts_speak_french_on_the_french_page(client, treasurer, year):
    client.force_login(treasurer)
    page = client.get(url(query="?year=2025")).content.decode()
    assert page.count("<svg") == 8
    assert f"<title>{french('Admissions per cinema week')}</title>" in page
    assert "12,75\u00a0€" in page and "11,50\u00a0€" in page
    assert "janvier 2025" in page
    assert "€" + "12" not in page


@pytest.mark.parametrize(
    ("year_text", "message"),
    [
        ("abc", "“abc” is not a year: write it as 2026."),
        ("20266", "“20266” is not a year: write it as 2026."),
        ("２０２５", "“２０２５” is not a year: write it as 2026."),
        ("0000", "“0000” is not a year: write it as 2026."),
        ("2027", "2027 has not begun: there are no statistics for it yet."),
    ],
)
def test_a_malformed_or_future_year_is_refused(client, treasurer, venue, year_text, message):
    client.force_login(treasurer)
    for name, args in (("accounting:statistics", ()), ("accounting:statistics_csv", ("films",))):
        response = client.get(url(name, *args, language="en", query=f"?year={year_text}"))
        assert response.status_code == 400
        assert message in response.content.decode()


def test_an_unknown_chart_is_not_found(client, treasurer, venue):
    client.force_login(treasurer)
    assert client.get(url("accounting:statistics_csv", "pie")).status_code == 404


def csv_lines(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return content[1:].split("\r\n")


def test_each_chart_gives_its_figures_as_csv(client, treasurer, year):
    client.force_login(treasurer)

    def get(slug):
        response = client.get(url("accounting:statistics_csv", slug, language="en",
                                  query="?year=2025"))  # fmt: skip
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert f'filename="statistics-2025-{slug}.csv"' in response["Content-Disposition"]
        return csv_lines(response)

    prices = get("prices")
    assert prices[:3] == [
        "Lowest price;Highest price;Admissions;Share;Receipts",
        "0.00;0.00;5;33.3;0.00",
        "0.01;2.00;2;13.3;3.00",
    ]
    assert prices[7:] == ["15.01;;1;6.7;20.00", ""]
    assert get("price-by-kind")[1:3] == [
        "Screening;11;5;33.00;3.00;1.00",
        "Screening and debate;4;0;51.00;12.75;11.50",
    ]
    weeks = get("admissions-per-week")
    assert weeks[0] == "First day;Last day;Screenings;Admissions"
    assert weeks[1:3] == ["2025-01-01;2025-01-07;1;1", "2025-01-08;2025-01-14;2;10"]
    fill = get("fill-rate")
    assert fill[1] == "Grande salle;2025-01;2;240;7;2.9"
    assert fill[2] == "Grande salle;2025-02;0;0;0;"
    assert fill[13] == "Grande salle;2025;3;360;11;3.1"
    assert get("free-share")[1:4] == ["2025-01;11;2;18.2", "2025-02;0;0;", "2025-03;4;3;75.0"]
    assert get("memberships")[1:4] == [
        "2025-01;0;0;0.00;10.00", "2025-02;1;1;10.00;0.00", "2025-03;1;0;20.00;4.00",
    ]  # fmt: skip
    assert get("price-by-month")[1] == "2025-01;11;2;83.00;7.55;8.00"
    assert get("films")[1:3] == ["1;Wanda;2;10", "2;Court A;1;4"]


def test_the_csv_headers_follow_the_readers_language(client, treasurer, year):
    client.force_login(treasurer)
    response = client.get(url("accounting:statistics_csv", "films", query="?year=2025"))
    header = csv_lines(response)[0]
    assert header == ";".join(french(w) for w in ("Rank", "Film", "Screenings", "Admissions"))


def test_the_page_takes_the_same_queries_however_many_screenings(
    client, treasurer, year, make_screening, make_film, sell, django_assert_max_num_queries
):
    client.force_login(treasurer)
    with django_assert_max_num_queries(14) as few:
        assert client.get(url(query="?year=2025")).status_code == 200
    for day in range(1, 25):
        screening = make_screening(dt.date(2025, 6, day), "18:00", films=[make_film(), make_film()])
        sell(screening, "4", "0", "7")
    with django_assert_max_num_queries(len(few)):
        assert client.get(url(query="?year=2025")).status_code == 200
