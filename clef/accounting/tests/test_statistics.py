"""The figures of a year's statistics and of the last season, on a small year made by
hand: every count, mean and median worked out below."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clef.accounting.stats import Prices, last_season, season_summary, year_statistics
from clef.boxoffice.models import Sale, SaleLine, Till, TillSession
from clef.members.models import Membership
from clef.programme.models import Screening
from clef.tickets.models import Ticket

# The year 2025 is over on 10 January 2026.
NOW = dt.datetime(2026, 1, 10, 12, 0, tzinfo=dt.UTC)
D = Decimal


@pytest.fixture
def year(make_screening, make_film, small_room, sell, django_user_model, venue, cashier):
    """2025 at La Clef:

    - G, 1 January 00:30 (31 December 23:30 UTC), big room: one ticket at 5.
    - A, Wednesday 8 January, big room, Wanda: 10, 10, 5, 0, 0, 2 (27.00).
    - B, Tuesday 14 January, small room, a debate, two shorts: 8, 8, 15, 20 (51.00), plus a
      cancelled ticket and a booked one, not counted.
    - C, 5 March, big room, Wanda again: 0, 0, 0, 1 (1.00).
    - Not counted: a draft, a cancelled screening, one on 31 December 2024, one to come.
    """
    wanda = make_film("Wanda")
    shorts = [make_film("Court A", runtime=12), make_film("Court B", runtime=20)]
    g = make_screening(dt.date(2025, 1, 1), "00:30", films=[make_film("Nuit")])
    a = make_screening(dt.date(2025, 1, 8), "20:00", films=[wanda])
    b = make_screening(
        dt.date(2025, 1, 14), "20:00", room=small_room, films=shorts, kind=Screening.Kind.DEBATE
    )
    c = make_screening(dt.date(2025, 3, 5), "20:00", films=[wanda])
    sell(g, "5")
    sell(a, "10", "10", "5", "0", "0", "2")
    sell(b, "8", "8", "15", "20")
    sell(b, "10", status=Ticket.Status.CANCELLED)
    sell(b, "10", status=Ticket.Status.BOOKED)
    sell(c, "0", "0", "0", "1")
    for day, status in (
        (dt.date(2025, 3, 6), Screening.Status.DRAFT),
        (dt.date(2025, 3, 7), Screening.Status.CANCELLED),
        (dt.date(2024, 12, 31), Screening.Status.PUBLISHED),
        (dt.date(2026, 1, 20), Screening.Status.PUBLISHED),
    ):
        sell(make_screening(day, "20:00", films=[wanda], status=status), "50")

    # Memberships: Pia renews (season 2024, then 2025), Noé joins, two are not paid.
    pia, noe, ugo = (django_user_model.objects.create(username=n) for n in ("pia", "noe", "ugo"))

    def joined(person, season, number, amount, paid, status=Membership.Status.PAID):
        Membership.objects.create(
            venue=venue, person=person, season=season, number=number, amount=D(amount),
            status=status, paid_at=paid,
        )  # fmt: skip

    joined(pia, 2024, 1, "10", dt.datetime(2024, 2, 1, 12, tzinfo=dt.UTC))
    joined(pia, 2025, 1, "10", dt.datetime(2025, 2, 3, 12, tzinfo=dt.UTC))
    joined(noe, 2025, 2, "20", dt.datetime(2025, 2, 28, 23, 30, tzinfo=dt.UTC))  # 1 March, Paris
    joined(ugo, 2025, None, "10", None, status=Membership.Status.PENDING)
    joined(ugo, 2025, None, "10", dt.datetime(2025, 3, 2, tzinfo=dt.UTC), "cancelled")

    # The bar: 12.50 in January, a 2.50 reversal in January, 4.00 in March.
    till = Till.objects.create(venue=venue, name="Caisse")
    session = TillSession.objects.create(
        till=till, venue=venue, cashier=cashier, opening_float=D("0")
    )
    for when, amount in (("2025-01-08", "12.50"), ("2025-01-09", "-2.50"), ("2025-03-05", "4")):
        at = dt.datetime.fromisoformat(f"{when}T19:00:00+00:00")
        sale = Sale.objects.create(
            session=session, venue=venue, cashier=cashier, method="cash", total=D(amount),
            created_at=at,
        )  # fmt: skip
        SaleLine.objects.create(
            sale=sale, position=1, kind=SaleLine.Kind.PRODUCT, label="Limonade",
            unit_price=D(amount), amount=D(amount), vat_rate=D("5.5"),
        )  # fmt: skip
    return {"a": a, "b": b, "c": c, "g": g}


def test_the_years_admissions_receipts_mean_and_median(year, venue):
    stats = year_statistics(venue, 2025, now=NOW)
    assert stats.screenings == 4
    assert not stats.provisional
    # 0 ×5, 1, 2, 5, 5, 8, 8, 10, 10, 15, 20: the eighth of fifteen is 5.
    assert (stats.total.admissions, stats.total.free, stats.total.paid) == (15, 5, 10)
    assert stats.total.receipts == D("84.00")
    assert stats.total.mean == D("5.60")
    assert stats.total.median == D("5.00")


def test_admissions_are_counted_per_cinema_week_by_local_date(year, venue):
    weeks = year_statistics(venue, 2025, now=NOW).weeks
    assert len(weeks) == 53
    assert (weeks[0].start, weeks[-1].start) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    # G (1 January, 00:30 in Paris) is in the first week; A (Wednesday) and B (Tuesday)
    # share the second.
    assert [(w.start, w.screenings, w.admissions) for w in weeks if w.screenings] == [
        (dt.date(2025, 1, 1), 1, 1),
        (dt.date(2025, 1, 8), 2, 10),
        (dt.date(2025, 3, 5), 1, 4),
    ]


def test_the_fill_rate_is_admissions_over_seats_offered(year, venue, big_room, small_room):
    big, small = year_statistics(venue, 2025, now=NOW).rooms
    assert (big.room, small.room) == (big_room, small_room)
    assert len(big.months) == 12
    january, march = big.months[0], big.months[2]
    assert (january.screenings, january.seats, january.admissions, january.rate) == (
        2, 240, 7, D("2.9"),
    )  # fmt: skip
    assert (march.seats, march.admissions, march.rate) == (120, 4, D("3.3"))
    assert big.months[1].rate is None
    assert (big.year.seats, big.year.admissions, big.year.rate) == (360, 11, D("3.1"))
    assert (small.year.seats, small.year.admissions, small.year.rate) == (65, 4, D("6.2"))


def test_prices_fall_in_buckets_that_include_both_their_bounds(year, venue):
    buckets = year_statistics(venue, 2025, now=NOW).buckets
    assert [(b.low, b.high) for b in buckets] == [
        (D("0"), D("0")), (D("0.01"), D("2")), (D("2.01"), D("5")), (D("5.01"), D("8")),
        (D("8.01"), D("10")), (D("10.01"), D("15")), (D("15.01"), None),
    ]  # fmt: skip
    assert [(b.admissions, b.receipts) for b in buckets] == [
        (5, D("0")), (2, D("3.00")), (2, D("10.00")), (2, D("16.00")), (2, D("20.00")),
        (1, D("15.00")), (1, D("20.00")),
    ]  # fmt: skip


def test_mean_and_median_by_kind_of_screening_count_free_entries(year, venue):
    kinds = {k.kind: k.prices for k in year_statistics(venue, 2025, now=NOW).kinds}
    assert list(kinds) == ["screening", "debate"]
    # 0 ×5, 1, 2, 5, 5, 10, 10: the sixth of eleven is 1.
    plain = kinds["screening"]
    assert (plain.admissions, plain.receipts, plain.mean, plain.median) == (
        11, D("33.00"), D("3.00"), D("1.00"),
    )  # fmt: skip
    # 8, 8, 15, 20: the mean of the two in the middle.
    debate = kinds["debate"]
    assert (debate.admissions, debate.mean, debate.median) == (4, D("12.75"), D("11.50"))


def test_prices_and_free_share_by_month(year, venue):
    months = year_statistics(venue, 2025, now=NOW).months
    assert [m.first for m in months] == [dt.date(2025, m, 1) for m in range(1, 13)]
    january, february, march = months[:3]
    # 0, 0, 2, 5, 5, 8, 8, 10, 10, 15, 20: 83.00 for eleven.
    assert (january.prices.admissions, january.prices.mean, january.prices.median) == (
        11, D("7.55"), D("8.00"),
    )  # fmt: skip
    assert (january.prices.free, january.prices.free_share) == (2, D("18.2"))
    assert (march.prices.mean, march.prices.median, march.prices.free_share) == (
        D("0.25"), D("0.00"), D("75.0"),
    )  # fmt: skip
    assert (february.prices.mean, february.prices.median, february.prices.free_share) == (
        None, None, None,
    )  # fmt: skip


def test_a_median_between_two_prices_is_rounded_half_up():
    prices = Prices()
    prices.add(D("2.25"), 1)
    prices.add(D("2.50"), 1)
    assert prices.median == D("2.38")
    prices.add(D("0.00"), 2)
    assert (prices.median, prices.mean, prices.free_share) == (D("1.13"), D("1.19"), D("50.0"))


def test_memberships_per_month_count_renewals_and_the_bar_apart(year, venue):
    stats = year_statistics(venue, 2025, now=NOW)
    february, march = stats.months[1], stats.months[2]
    assert (february.memberships, february.renewals, february.membership_amount) == (
        1, 1, D("10.00"),
    )  # fmt: skip
    # Paid on 28 February at 23:30 UTC: 1 March in Paris.
    assert (march.memberships, march.renewals, march.membership_amount) == (1, 0, D("20.00"))
    assert (stats.memberships, stats.renewals, stats.membership_amount) == (2, 1, D("30.00"))
    assert [m.bar for m in stats.months[:3]] == [D("10.00"), D("0"), D("4.00")]
    assert stats.bar == D("14.00")


def test_the_most_seen_films_count_a_programmes_admissions_for_each_film(year, venue):
    films = year_statistics(venue, 2025, now=NOW).films
    assert [(f.film.title, f.screenings, f.admissions) for f in films] == [
        ("Wanda", 2, 10), ("Court A", 1, 4), ("Court B", 1, 4), ("Nuit", 1, 1),
    ]  # fmt: skip


def test_the_year_under_way_stops_today(year, venue):
    stats = year_statistics(venue, 2026, now=NOW)
    assert stats.provisional and stats.until == dt.date(2026, 1, 10)
    assert len(stats.months) == 1 and stats.screenings == 0
    assert [w.start for w in stats.weeks] == [dt.date(2025, 12, 31), dt.date(2026, 1, 7)]


def test_the_years_figures_take_the_same_queries_however_many_screenings(
    year, venue, make_screening, sell
):
    with CaptureQueriesContext(connection) as few:
        year_statistics(venue, 2025, now=NOW)
    for day in range(1, 20):
        sell(make_screening(dt.date(2025, 6, day), "18:00"), "4", "0", "7")
    with CaptureQueriesContext(connection) as many:
        stats = year_statistics(venue, 2025, now=NOW)
    assert stats.screenings == 23
    assert len(many) == len(few) == 7


# --- the last season, for the public page --------------------------------------------------
def test_the_last_season_is_the_twelve_months_to_the_last_complete_month(venue):
    assert last_season(venue, now=NOW) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    march = dt.datetime(2026, 3, 31, 22, 30, tzinfo=dt.UTC)  # 1 April in Paris
    assert last_season(venue, now=march) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))


def test_the_seasons_parts_add_up_to_the_receipts_to_the_cent(year, venue, agree):
    agree(year["a"])  # 50 % of 27.00
    agree(year["g"], kind="flat_fee", amount="1.50")
    agree(year["b"], rate="40")  # Court A: 40 %; Court B has none yet
    summary = season_summary(venue, now=NOW)
    assert (summary.first_day, summary.last_day) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert (summary.screenings, summary.waiting) == (4, 2)
    assert (summary.prices.admissions, summary.prices.free, summary.receipts) == (
        15, 5, D("84.00"),
    )  # fmt: skip
    assert summary.prices.mean == D("5.60")
    rows = {key: (amount, euro) for key, amount, euro, _percent in summary.rows()}
    # A: 27.00 → VAT 1.41, TSA 2.89, base 22.70, rights 11.35, music 0.32.
    # B: 51.00 → VAT 2.66, TSA 5.47, base 42.87; Court A's 12/32 of it is 16.08, 40 % 6.43.
    # C: 1.00 → VAT 0.05, TSA 0.11. G: 5.00 → VAT 0.26, TSA 0.54, flat fee 1.50.
    assert rows["vat"][0] == D("1.41") + D("2.66") + D("0.05") + D("0.26")
    assert rows["tsa"][0] == D("2.89") + D("5.47") + D("0.11") + D("0.54")
    assert rows["rights"][0] == D("11.35") + D("6.43") + D("1.50")
    assert sum(amount for amount, _euro in rows.values()) == D("84.00")
    assert sum(euro for _amount, euro in rows.values()) == D("1.00")
    assert rows["rights"][1] == D("0.23")  # 19.28 / 84.00
    assert (summary.memberships, summary.membership_amount) == (2, D("30.00"))


def test_a_season_with_no_ticket_has_no_share_of_a_euro(venue):
    summary = season_summary(venue, now=NOW)
    assert summary.receipts == 0 and summary.prices.mean is None
    assert [euro for _key, _amount, euro, _percent in summary.rows()] == [None] * 5
