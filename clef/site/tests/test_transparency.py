"""The public page on where the money goes: after the example of a 10 € ticket, the last
season from the accounts, each part summed over the screenings' statements."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from clef.accounting.models import RightsAgreement, RightsHolder
from clef.members.models import Membership
from clef.tickets.models import Ticket
from clef.venues.numbering import take_numbers

# 15 January 2026: the last season runs from 1 January to 31 December 2025.
NOW = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


def sell(screening, *prices):
    venue = screening.room.venue
    with transaction.atomic():
        first = take_numbers(venue, "ticket", 2025, len(prices))
    Ticket.objects.bulk_create(
        Ticket(venue=venue, screening=screening, series=2025, number=first + i,
               price=Decimal(p), status=Ticket.Status.PAID)
        for i, p in enumerate(prices)
    )  # fmt: skip


def agree(screening, rate):
    holder, _ = RightsHolder.objects.get_or_create(name="Survivance")
    RightsAgreement.objects.create(
        screening=screening, film=screening.films.first(), holder=holder, kind="percentage",
        rate=Decimal(rate),
    )  # fmt: skip


@pytest.fixture
def season(venue, make_screening, django_user_model):
    """Two screenings in 2025 (10, 10, 5, 0 at 50 %; 8, 2 at 30 %), one in December 2024
    and one in January 2026, outside the season; a membership paid in June 2025."""
    june = make_screening(dt.date(2025, 6, 4), "20:00")
    sell(june, "10", "10", "5", "0")
    agree(june, "50")
    october = make_screening(dt.date(2025, 10, 8), "20:00")
    sell(october, "8", "2")
    agree(october, "30")
    sell(make_screening(dt.date(2024, 12, 31), "20:00"), "100")
    sell(make_screening(dt.date(2026, 1, 7), "20:00"), "100")
    Membership.objects.create(
        venue=venue, person=django_user_model.objects.create(username="pia"), season=2025,
        number=1, amount=Decimal("15"), paid_at=dt.datetime(2025, 6, 4, 18, tzinfo=dt.UTC),
    )  # fmt: skip


def season_section(client, path="/en/ou-va-l-argent/"):
    page = client.get(path).content.decode()
    return page.split('id="season-title"', 1)[1]


def test_the_last_season_says_its_dates_and_its_figures(client, season):
    section = season_section(client)
    assert "From 1 January 2025 to 31 December 2025" in section
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", section))
    assert figures == {
        "Screenings": "2",
        "Admissions": "6",
        "of which free": "1",
        "Average price": "€5.83",  # 35.00 over 6
        "Ticket receipts": "€35.00",
    }
    assert "1 membership paid over the same months, €15.00 for the association" in section


def test_out_of_each_euro_the_parts_add_up_to_the_receipts_to_the_cent(client, season):
    section = season_section(client)
    rows = re.findall(
        r'<tr class="split-(\w+)">.*?<td class="num">€([\d.]+)</td>\s*'
        r'<td class="num">€([\d.]+)</td>',
        section,
        re.S,
    )
    # 25.00: VAT 1.30, TSA 2.68, base 21.02, rights 50 % 10.51, music 0.30.
    # 10.00: VAT 0.52, TSA 1.07, base 8.41, rights 30 % 2.52, music 0.12.
    assert rows == [
        ("rights", "0.37", "13.03"),
        ("tsa", "0.11", "3.75"),
        ("vat", "0.05", "1.82"),
        ("music", "0.01", "0.42"),
        ("cinema", "0.46", "15.98"),
    ]
    assert sum(Decimal(season) for _k, _e, season in rows) == Decimal("35.00")
    assert sum(Decimal(euro) for _k, euro, _s in rows) == Decimal("1.00")
    assert "The films' rights holders" in section and "The CNC (tax on admissions)" in section


def test_the_french_page_writes_euros_the_french_way(client, season):
    section = season_section(client, "/ou-va-l-argent/")
    assert "35,00\u00a0€" in section and "5,83\u00a0€" in section and "0,37\u00a0€" in section


def test_with_nothing_held_yet_the_page_says_so(client, venue):
    section = season_section(client)
    assert "No ticket was counted over this period yet" in section
    assert "split-rights" not in section
    assert "0 memberships paid over the same months" in section


def test_visitors_get_the_page_from_the_cache_until_the_day_changes(client, season, _frozen):
    first = client.get("/en/ou-va-l-argent/").content
    with CaptureQueriesContext(connection) as cached:
        assert client.get("/en/ou-va-l-argent/").content == first
    assert len(cached) == 2  # the programme's version, the campaigns' (fundraising)
    _frozen.move_to(dt.datetime(2026, 2, 1, 12, 0, tzinfo=dt.UTC))
    later = client.get("/en/ou-va-l-argent/").content.decode()
    assert "From 1 February 2025 to 31 January 2026" in later
    assert "€135.00" in later  # January 2026's 100.00 now counts, with June and October


def test_the_page_takes_the_same_queries_however_many_screenings(
    client, season, make_screening, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as few:
        client.get("/en/ou-va-l-argent/")
    for day in range(1, 20):
        screening = make_screening(dt.date(2025, 3, day), "18:00")
        sell(screening, "4", "0")
        agree(screening, "40")
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(len(few)):
        page = client.get("/en/ou-va-l-argent/").content.decode()
    assert "<dt>Screenings</dt><dd>21</dd>" in page


def sell_as(screening, statuses, *, price="5"):
    venue = screening.room.venue
    series = screening.local_start.year
    with transaction.atomic():
        first = take_numbers(venue, "ticket", series, len(statuses))
    Ticket.objects.bulk_create(
        Ticket(venue=venue, screening=screening, series=series, number=first + i,
               price=Decimal(price), status=status, online=status != "checked_in")
        for i, status in enumerate(statuses)
    )  # fmt: skip


def home_counter(client, label):
    page = client.get("/en/").content.decode()
    return re.search(rf"<dt>{label}</dt><dd>([^<]+)</dd>", page).group(1)


def test_the_home_page_and_this_page_count_the_same_spectators(client, make_screening):
    """As the demo holds them: the season's screenings held, with tickets checked in,
    paid, cancelled and booked; tonight's and a coming one with tickets already paid
    online, which are nobody's admission yet."""
    october = make_screening(dt.date(2025, 10, 8), "20:00")
    sell_as(october, ["checked_in"] * 3 + ["paid", "cancelled", "booked"])
    december = make_screening(dt.date(2025, 12, 17), "20:30")
    sell_as(december, ["checked_in", "checked_in", "cancelled"])
    sell_as(make_screening(dt.date(2026, 1, 15), "20:00"), ["paid", "paid"])  # tonight
    sell_as(make_screening(dt.date(2026, 1, 21), "20:00"), ["paid", "booked"])
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", season_section(client)))
    assert figures["Admissions"] == home_counter(client, "spectators") == "6"
    assert figures["Screenings"] == home_counter(client, "screenings held") == "2"


def test_a_ticket_is_counted_once_its_screening_has_begun(client, make_screening, _frozen):
    from django.core.cache import cache

    tonight = make_screening(dt.date(2026, 1, 15), "20:00")
    sell_as(tonight, ["paid", "paid", "booked"])
    assert home_counter(client, "spectators") == "0"
    _frozen.move_to(dt.datetime(2026, 1, 15, 19, 0, 1, tzinfo=dt.UTC))  # 20:00:01 in Paris
    cache.clear()
    assert home_counter(client, "spectators") == "2"


def test_thousands_of_spectators_read_alike_on_both_pages(client, make_screening):
    sell_as(make_screening(dt.date(2025, 11, 5), "20:00"), ["checked_in"] * 1234, price="0")
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", season_section(client)))
    assert figures["Admissions"] == home_counter(client, "spectators") == "1,234"
