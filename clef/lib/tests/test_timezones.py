import datetime as dt

from clef.lib.timezones import local_day_bounds, local_to_utc


def test_it_stores_a_summer_evening_two_hours_behind_paris():
    assert local_to_utc(dt.date(2026, 7, 1), dt.time(20, 30), "Europe/Paris") == dt.datetime(
        2026, 7, 1, 18, 30, tzinfo=dt.UTC
    )


def test_it_stores_a_winter_evening_one_hour_behind_paris():
    assert local_to_utc(dt.date(2026, 12, 2), dt.time(20, 30), "Europe/Paris") == dt.datetime(
        2026, 12, 2, 19, 30, tzinfo=dt.UTC
    )


def test_half_past_two_on_the_night_clocks_go_back_is_the_first_one():
    # 25 October 2026: at 03:00 summer time, clocks go back to 02:00.
    assert local_to_utc(dt.date(2026, 10, 25), dt.time(2, 30), "Europe/Paris") == dt.datetime(
        2026, 10, 25, 0, 30, tzinfo=dt.UTC
    )


def test_half_past_two_on_the_night_clocks_go_forward_is_read_before_the_jump():
    # 29 March 2026: at 02:00 winter time, clocks jump to 03:00; 02:30 does not exist and
    # is read with the winter offset: 01:30 UTC, that is 03:30 summer time.
    assert local_to_utc(dt.date(2026, 3, 29), dt.time(2, 30), "Europe/Paris") == dt.datetime(
        2026, 3, 29, 1, 30, tzinfo=dt.UTC
    )


def test_the_day_the_clocks_go_back_lasts_25_hours():
    start, end = local_day_bounds(dt.date(2026, 10, 25), "Europe/Paris")
    assert end - start == dt.timedelta(hours=25)
    start, end = local_day_bounds(dt.date(2026, 3, 29), "Europe/Paris")
    assert end - start == dt.timedelta(hours=23)
