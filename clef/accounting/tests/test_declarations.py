"""The weekly declaration, worked out to the cent: rooms and programmes, days and times
(on the nights the clocks change too), prices, films and their rights holders, the
screenings without a film, memberships and the bar apart."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils.translation import gettext, pgettext

from clef.accounting.declarations import weekly_declaration
from clef.boxoffice import reversals, sales, sessions
from clef.boxoffice.models import Product, Till
from clef.boxoffice.sales import Order
from clef.lib.timezones import local_to_utc
from clef.lib.weeks import CinemaWeek
from clef.members.models import Membership
from clef.programme.models import Screening, ScreeningFilm

pytestmark = pytest.mark.django_db

D = Decimal
UTC = dt.UTC
WEEK = CinemaWeek(dt.date(2026, 11, 18))  # Wednesday 18 to Tuesday 24 November 2026
AFTER = dt.datetime(2026, 12, 1, 12, tzinfo=UTC)


def paris(day, time):
    hours, minutes = map(int, time.split(":"))
    return local_to_utc(day, dt.time(hours, minutes), "Europe/Paris")


@pytest.fixture
def week_of_november(
    venue, big_room, small_room, make_film, make_screening, sell, agree, make_holder
):
    """Wanda twice in the big room (15 € then 10 €, 50 %), Salt of the Earth dubbed in the
    small room (16 €, flat fee 30 €), a workshop (5 €)."""
    wanda = make_film("Wanda", visa_number="36912")
    salt = make_film("Le Sel de la terre", visa_number="14785", runtime=94)
    first = make_screening(dt.date(2026, 11, 18), "20:00", films=[wanda])
    second = make_screening(dt.date(2026, 11, 20), "18:00", films=[wanda])
    dubbed = make_screening(dt.date(2026, 11, 21), "16:00", room=small_room, films=[salt])
    ScreeningFilm.objects.filter(screening=dubbed).update(version=ScreeningFilm.Version.DUBBED)
    workshop = make_screening(
        dt.date(2026, 11, 22), "14:00", films=[], duration=90, kind=Screening.Kind.WORKSHOP
    )
    sell(first, "10", "0", "5")
    sell(second, "10")
    sell(dubbed, "8", "8")
    sell(workshop, "5")
    agree(first)
    agree(second)
    agree(dubbed, kind="flat_fee", amount="30", holder=make_holder("Les Films du Losange"))
    return locals()


def test_it_declares_each_programme_to_the_cent(venue, week_of_november):
    declaration = weekly_declaration(venue, WEEK, now=AFTER)

    assert not declaration.provisional
    assert [b.room.name for b in declaration.rooms] == ["Grande salle", "Petite salle"]
    (wanda,) = declaration.rooms[0].programmes
    assert wanda.title == "Wanda"
    assert [(d.day, [s.local_start.strftime("%H:%M") for s in d.showings]) for d in wanda.days] == [
        (dt.date(2026, 11, 18), ["20:00"]),
        (dt.date(2026, 11, 20), ["18:00"]),
    ]
    first, second = wanda.showings
    # 15.00 €: VAT 0.78, tax 1.61, base 12.61, 50 % = 6.31
    assert (first.statement.receipts, first.statement.vat, first.statement.tsa) == (
        D("15.00"),
        D("0.78"),
        D("1.61"),
    )
    assert (first.statement.distributor_base, first.statement.rights) == (D("12.61"), D("6.31"))
    # 10.00 €: VAT 0.52, tax 1.07, base 8.41, 50 % = 4.21
    assert (second.statement.vat, second.statement.tsa, second.statement.rights) == (
        D("0.52"),
        D("1.07"),
        D("4.21"),
    )
    f = wanda.figures
    assert (f.screenings, f.admissions, f.paid, f.free) == (2, 4, 3, 1)
    assert (f.receipts, f.vat, f.tsa, f.distributor_base, f.rights) == (
        D("25.00"),
        D("1.30"),
        D("2.68"),
        D("21.02"),
        D("10.52"),
    )
    assert [(r.price, r.admissions, r.takings) for r in wanda.prices] == [
        (D("0.00"), 1, D("0.00")),
        (D("5.00"), 1, D("5.00")),
        (D("10.00"), 2, D("20.00")),
    ]
    (film,) = wanda.films
    assert (film.title, film.visa, film.version) == (
        "Wanda",
        "36912",
        "Version originale sous-titrée",
    )
    assert film.owed == D("10.52")
    assert film.portion == D("21.02")
    (deal,) = film.deals
    assert (deal.holder.name, deal.terms, deal.screenings, deal.owed) == (
        "Survivance",
        gettext("%(rate)s %%") % {"rate": "50"},
        2,
        D("10.52"),
    )


def test_a_flat_fee_is_declared_with_its_terms(venue, week_of_november):
    declaration = weekly_declaration(venue, WEEK, now=AFTER)
    (salt,) = declaration.rooms[1].programmes
    (entry,) = salt.films
    assert entry.version == "Version doublée"
    (deal,) = entry.deals
    assert deal.holder.name == "Les Films du Losange"
    # The French words once the catalogue is compiled, the English msgid until then.
    assert deal.terms == gettext("flat fee %(amount)s") % {"amount": "30,00\u00a0€"}
    f = salt.figures
    # 16.00 €: VAT 0.83, tax 1.72, base 13.45, music rights 0.19; the flat fee 30.00
    assert (f.receipts, f.vat, f.tsa, f.distributor_base, f.music_rights, f.rights) == (
        D("16.00"),
        D("0.83"),
        D("1.72"),
        D("13.45"),
        D("0.19"),
        D("30.00"),
    )
    assert f.cinema == D("-16.74")


def test_the_week_adds_up_over_rooms_days_and_prices(venue, week_of_november):
    declaration = weekly_declaration(venue, WEEK, now=AFTER)
    f = declaration.figures
    assert (f.screenings, f.admissions, f.paid, f.free) == (3, 6, 5, 1)
    assert (f.receipts, f.vat, f.tsa, f.rights) == (D("41.00"), D("2.13"), D("4.40"), D("40.52"))
    assert f.vat + f.tsa + f.music_rights + f.rights + f.cinema == f.receipts
    assert [(d.day.day, d.figures.screenings, d.figures.receipts) for d in declaration.days] == [
        (18, 1, D("15.00")),
        (19, 0, D("0.00")),
        (20, 1, D("10.00")),
        (21, 1, D("16.00")),
        (22, 0, D("0.00")),
        (23, 0, D("0.00")),
        (24, 0, D("0.00")),
    ]
    assert [(r.price, r.admissions) for r in declaration.prices] == [
        (D("0.00"), 1),
        (D("5.00"), 1),
        (D("8.00"), 2),
        (D("10.00"), 2),
    ]
    assert [(h.holder.name, h.owed) for h in declaration.holders] == [
        ("Les Films du Losange", D("30.00")),
        ("Survivance", D("10.52")),
    ]
    assert not declaration.missing_agreements
    assert declaration.months == [(2026, 11)]


def test_a_screening_without_a_film_goes_apart_untaxed(venue, week_of_november):
    declaration = weekly_declaration(venue, WEEK, now=AFTER)
    (workshop,) = declaration.untaxed
    assert workshop.screening == week_of_november["workshop"]
    assert workshop.title == pgettext("kind", "Workshop")
    assert workshop.local_start.strftime("%Y-%m-%d %H:%M") == "2026-11-22 14:00"
    assert declaration.untaxed_figures.receipts == D("5.00")
    assert declaration.days[4].figures.receipts == D("0.00")  # Sunday: not in the taxed days
    assert D("5.00") not in [r.price for r in declaration.prices if r.admissions == 2]
    assert declaration.all_receipts == D("46.00")


def test_a_missing_agreement_is_flagged(venue, make_screening, sell):
    screening = make_screening(dt.date(2026, 11, 19), "20:00")
    sell(screening, "10")
    declaration = weekly_declaration(venue, WEEK, now=AFTER)
    (programme,) = declaration.programmes
    (entry,) = programme.films
    assert entry.missing == 1
    assert [(d.holder, d.screenings, d.owed) for d in entry.deals] == [(None, 1, D("0.00"))]
    assert declaration.missing_agreements
    assert declaration.holders == []


def test_screenings_of_a_room_are_one_programme_only_with_the_same_films_and_versions(
    venue, make_film, make_screening
):
    wanda, salt = make_film("Wanda"), make_film("Salt")
    make_screening(dt.date(2026, 11, 18), "14:00", films=[wanda, salt])
    make_screening(dt.date(2026, 11, 18), "20:00", films=[wanda, salt])
    make_screening(dt.date(2026, 11, 19), "20:00", films=[salt, wanda])
    dubbed = make_screening(dt.date(2026, 11, 20), "20:00", films=[wanda, salt])
    ScreeningFilm.objects.filter(screening=dubbed, film=wanda).update(version="vf")
    declaration = weekly_declaration(venue, WEEK, now=AFTER)
    assert [(p.title, p.figures.screenings) for p in declaration.programmes] == [
        ("Wanda + Salt", 2),
        ("Salt + Wanda", 1),
        ("Wanda + Salt", 1),
    ]
    assert declaration.programmes[0].days[0].figures.screenings == 2


def test_memberships_and_the_bar_are_reported_apart_with_no_tax(venue, week_of_november, cashier):
    def membership(when, status=Membership.Status.PAID, amount="15"):
        Membership.objects.create(
            venue=venue, status=status, season=2026, amount=D(amount), paid_at=when
        )

    membership(paris(dt.date(2026, 11, 19), "10:00"))
    membership(paris(dt.date(2026, 11, 24), "23:30"), amount="10")  # the last half hour
    membership(paris(dt.date(2026, 11, 25), "00:30"))  # the next week
    membership(paris(dt.date(2026, 11, 17), "23:59"))  # the week before
    membership(paris(dt.date(2026, 11, 20), "10:00"), status=Membership.Status.CANCELLED)
    till = Till.objects.create(venue=venue, name="Bar")
    lemonade = Product.objects.create(venue=venue, name="Limonade", price=D("2.50"), vat_rate=5.5)
    beer = Product.objects.create(venue=venue, name="Bière", price=D("4.00"), vat_rate=20)
    with time_machine.travel(paris(dt.date(2026, 11, 21), "19:00"), tick=False):
        session = sessions.open_session(till, cashier=cashier, opening_float="50")
        sales.sell(session, Order(products={lemonade: 2}), method="cash", by=cashier)
        mistake, _ = sales.sell(session, Order(products={beer: 1}), method="cash", by=cashier)
        reversals.undo(mistake, by=cashier)
    with time_machine.travel(paris(dt.date(2026, 11, 25), "19:00"), tick=False):
        sales.sell(session, Order(products={beer: 3}), method="cash", by=cashier)

    declaration = weekly_declaration(venue, WEEK, now=AFTER)
    assert (declaration.memberships.count, declaration.memberships.amount) == (2, D("25.00"))
    assert (declaration.bar.count, declaration.bar.amount) == (2, D("5.00"))
    assert declaration.other_receipts == D("30.00")
    assert declaration.figures.tsa == D("4.40")  # the tickets' tax only
    assert declaration.all_receipts == D("76.00")  # 41 + workshop 5 + 30


def test_a_week_of_free_tickets_declares_admissions_and_no_money(
    venue, make_screening, sell, agree
):
    screening = make_screening(dt.date(2026, 11, 21), "20:00")
    sell(screening, "0", "0", "0")
    agree(screening)
    declaration = weekly_declaration(venue, WEEK, now=AFTER)
    f = declaration.figures
    assert (f.admissions, f.paid, f.free) == (3, 0, 3)
    assert (f.receipts, f.vat, f.tsa, f.rights, f.cinema) == (D("0.00"),) * 5
    assert [(r.price, r.admissions, r.takings) for r in declaration.prices] == [
        (D("0.00"), 3, D("0.00"))
    ]


def test_the_current_week_is_provisional_and_lists_only_screenings_held(
    venue, make_screening, sell
):
    held = make_screening(dt.date(2026, 11, 19), "20:00")
    make_screening(dt.date(2026, 11, 21), "20:00")
    sell(held, "7")
    declaration = weekly_declaration(venue, WEEK, now=paris(dt.date(2026, 11, 20), "12:00"))
    assert declaration.provisional
    assert [s.screening for s in declaration.programmes[0].showings] == [held]
    last_evening = weekly_declaration(venue, WEEK, now=paris(dt.date(2026, 11, 24), "23:00"))
    assert last_evening.provisional
    over = weekly_declaration(venue, WEEK, now=paris(dt.date(2026, 11, 25), "00:01"))
    assert not over.provisional


def test_a_week_crossing_the_year_end(venue, make_screening, sell):
    week = CinemaWeek(dt.date(2026, 12, 30))
    assert week.end == dt.date(2027, 1, 5)
    make_screening(dt.date(2026, 12, 29), "20:00")  # the week before
    eve = make_screening(dt.date(2026, 12, 31), "23:30")
    new_year = make_screening(dt.date(2027, 1, 1), "16:00")
    last = make_screening(dt.date(2027, 1, 5), "23:45")
    make_screening(dt.date(2027, 1, 6), "00:15")  # the next week
    sell(eve, "12")
    sell(new_year, "6", "0")
    sell(last, "4")
    declaration = weekly_declaration(venue, week, now=dt.datetime(2027, 2, 1, tzinfo=UTC))
    assert declaration.months == [(2026, 12), (2027, 1)]
    assert len(declaration.programmes) == 3
    assert [
        (p.days[0].day, p.showings[0].local_start.strftime("%H:%M")) for p in declaration.programmes
    ] == [
        (dt.date(2026, 12, 31), "23:30"),
        (dt.date(2027, 1, 1), "16:00"),
        (dt.date(2027, 1, 5), "23:45"),
    ]
    assert [d.figures.receipts for d in declaration.days] == [
        D("0.00"),
        D("12.00"),
        D("6.00"),
        D("0.00"),
        D("0.00"),
        D("0.00"),
        D("4.00"),
    ]
    assert declaration.figures.receipts == D("22.00")
    # Tax 1.29 + 0.64 + 0.43: each screening rounded, then summed.
    assert declaration.figures.tsa == D("2.36")


def test_the_night_the_clocks_go_back(venue, small_room, make_screening, sell):
    """Sunday 25 October 2026, Paris: 02:30 happens twice (summer time, then winter)."""
    week = CinemaWeek(dt.date(2026, 10, 21))
    saturday_late = make_screening(dt.date(2026, 10, 24), "23:30")
    first_half_past_two = make_screening(dt.date(2026, 10, 25), "02:30")
    second_half_past_two = make_screening(
        dt.date(2026, 10, 25), "00:00", room=small_room, status=Screening.Status.DRAFT
    )
    second_half_past_two.starts_at = dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    second_half_past_two.status = Screening.Status.PUBLISHED
    second_half_past_two.save()
    for screening in (saturday_late, first_half_past_two, second_half_past_two):
        sell(screening, "10")
    assert first_half_past_two.starts_at == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)

    declaration = weekly_declaration(venue, week, now=AFTER)
    showings = sorted(
        (s for p in declaration.programmes for s in p.showings), key=lambda s: s.screening.starts_at
    )
    assert [
        (s.day, s.local_start.strftime("%H:%M"), s.local_start.utcoffset()) for s in showings
    ] == [
        (dt.date(2026, 10, 24), "23:30", dt.timedelta(hours=2)),
        (dt.date(2026, 10, 25), "02:30", dt.timedelta(hours=2)),
        (dt.date(2026, 10, 25), "02:30", dt.timedelta(hours=1)),
    ]
    assert [d.figures.screenings for d in declaration.days] == [0, 0, 0, 1, 2, 0, 0]
    assert declaration.days[4].figures.receipts == D("20.00")


def test_the_night_the_clocks_go_forward(venue, small_room, make_screening, sell):
    """Sunday 29 March 2026, Paris: from 02:00 it is 03:00; 02:30 does not exist and is
    read as 03:30 summer time."""
    week = CinemaWeek(dt.date(2026, 3, 25))
    before = make_screening(dt.date(2026, 3, 29), "01:30")
    missing_hour = make_screening(dt.date(2026, 3, 29), "02:30", room=small_room)
    sell(before, "10")
    sell(missing_hour, "10")
    declaration = weekly_declaration(venue, week, now=AFTER)
    showings = [s for p in declaration.programmes for s in p.showings]
    assert [(s.day, s.local_start.strftime("%H:%M")) for s in showings] == [
        (dt.date(2026, 3, 29), "01:30"),
        (dt.date(2026, 3, 29), "03:30"),
    ]
    assert missing_hour.starts_at == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert [d.figures.screenings for d in declaration.days] == [0, 0, 0, 0, 2, 0, 0]


def test_memberships_follow_the_local_week_across_a_change_of_clocks(venue):
    """The week of 21 October 2026 ends on Tuesday 27 at midnight winter time (23:00 UTC)."""
    week = CinemaWeek(dt.date(2026, 10, 21))
    for when in (
        dt.datetime(2026, 10, 20, 22, 0, tzinfo=UTC),  # Wednesday 00:00 summer time: in
        dt.datetime(2026, 10, 27, 22, 59, tzinfo=UTC),  # Tuesday 23:59 winter time: in
        dt.datetime(2026, 10, 27, 23, 0, tzinfo=UTC),  # Wednesday 28, 00:00: out
        dt.datetime(2026, 10, 20, 21, 59, tzinfo=UTC),  # Tuesday 20, 23:59: out
    ):
        Membership.objects.create(
            venue=venue, status=Membership.Status.PAID, season=2026, amount=D("10"), paid_at=when
        )
    declaration = weekly_declaration(venue, week, now=AFTER)
    assert (declaration.memberships.count, declaration.memberships.amount) == (2, D("20.00"))


def test_the_declaration_takes_a_fixed_number_of_queries(
    venue, week_of_november, make_screening, sell, django_assert_num_queries
):
    # screenings and films (2), tickets by price and agreements (2), ticket numbers (1),
    # films without a visa (1), memberships and bar (2)
    with django_assert_num_queries(8):
        weekly_declaration(venue, WEEK, now=AFTER)
    for n in range(10):
        sell(make_screening(dt.date(2026, 11, 23), f"{10 + n}:00"), "3", "4")
    with django_assert_num_queries(8):
        declaration = weekly_declaration(venue, WEEK, now=AFTER)
    assert declaration.figures.screenings == 13
