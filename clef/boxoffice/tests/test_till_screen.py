"""The till's selling screen with fewer keys, through the test client: the screening
kept after a sale, the evening's shortcuts by start time that never move, a single
member found picked, undo that asks (without JavaScript too), quick prices by amount,
a short payment refused; and memberships that never land on an account unasked nor
twice unasked."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.formats import date_format

from clef.boxoffice import sales
from clef.boxoffice import till as till_views
from clef.boxoffice.models import Sale, TillSession
from clef.boxoffice.sales import Order
from clef.boxoffice.tests.till_pages import said, sale_form, url
from clef.lib.money import format_euros
from clef.members.models import Membership
from clef.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def at(venue, make_screening, minutes, **fields):
    start = timezone.localtime(timezone.now() + dt.timedelta(minutes=minutes), venue.zone)
    return make_screening(start.date(), start.strftime("%H:%M"), **fields)


@pytest.fixture
def evening(venue, make_screening, small_room):
    """Three screenings to come, in 30, 90 and 150 minutes."""
    return [
        at(venue, make_screening, 30),
        at(venue, make_screening, 90, room=small_room),
        at(venue, make_screening, 150),
    ]


def checked_screening(page):
    return int(re.search(r'value="(\d+)" id="till-screening-\d+" checked', page)[1])


def shortcuts(page):
    return {
        int(pk): int(number)
        for pk, number in re.findall(
            r'value="(\d+)" id="till-screening-\d+"[^>]*?data-shortcut="(\d)"', page
        )
    }


# --- the screening kept ------------------------------------------------------------------
def test_the_screening_sold_for_stays_chosen_after_the_sale(
    as_cashier, till, till_session, evening
):
    second = evening[1]
    response = as_cashier.post(url("sell", till.pk), sale_form(till_session, second, prices="6"))
    sale = Sale.objects.get()
    assert response["Location"] == f"{url('till', till.pk)}?vente={sale.code}&screening={second.pk}"
    page = as_cashier.get(response["Location"]).content.decode()
    assert checked_screening(page) == second.pk
    # The check-in list follows it.
    assert f'<option value="{second.pk}" selected>' in page
    # The sale done names the film, its time and its room.
    start = timezone.localtime(second.starts_at, second.room.venue.zone).strftime("%H:%M")
    with translation.override("fr"):
        named = translation.gettext("For <strong>%(title)s</strong> at %(time)s, %(room)s") % {
            "title": "Wanda",
            "time": start,
            "room": "Petite salle",
        }
    assert named in page
    # Without the address's screening (after an undo, a reload), the session remembers it.
    assert checked_screening(as_cashier.get(url("till", till.pk)).content.decode()) == second.pk


def test_another_cashiers_remembered_screening_is_not_mine(
    client, till, till_session, evening, other_cashier
):
    client.force_login(other_cashier)
    page = client.get(url("till", till.pk) + f"?screening={evening[2].pk}").content.decode()
    assert "till-screening-" not in page  # not their session: no sale form at all


def test_a_screening_given_that_the_till_does_not_sell_falls_back_to_the_next(
    as_cashier, till, till_session, evening, venue, make_screening
):
    far = at(venue, make_screening, 60 * 24 * 3)
    for raw in (str(far.pk), "²", "٣", "9" * 30, "x" * 5000, "-1"):
        page = as_cashier.get(url("till", till.pk), {"screening": raw}).content.decode()
        assert checked_screening(page) == evening[0].pk


# --- shortcuts by start time, never moved ----------------------------------------------
def test_shortcuts_number_the_evening_by_start_time_and_never_move(
    as_cashier, till, cashier, venue, make_screening, small_room
):
    from clef.boxoffice import sessions

    # Opened at 18:00 (say): the 18:30 screening has started two hours ago, and stays.
    session = sessions.open_session(till, cashier=cashier, opening_float="50")
    TillSession.objects.filter(pk=session.pk).update(
        opened_at=timezone.now() - dt.timedelta(hours=3)
    )
    early = at(venue, make_screening, -120)
    soon = at(venue, make_screening, 20, room=small_room)
    late = at(venue, make_screening, 140)
    page = as_cashier.get(url("till", till.pk)).content.decode()
    assert shortcuts(page) == {early.pk: 1, soon.pk: 2, late.pk: 3}
    # The started one is marked; the next to start is chosen.
    assert re.search(rf'class="till-screening is-started" for="till-screening-{early.pk}"', page)
    assert checked_screening(page) == soon.pk
    # The htmx refresh numbers them alike.
    fragment = as_cashier.get(url("screenings", till.pk)).content.decode()
    assert shortcuts(fragment) == {early.pk: 1, soon.pk: 2, late.pk: 3}


def test_without_a_session_the_till_lists_from_an_hour_ago(venue, make_screening):
    old = at(venue, make_screening, -90)
    recent = at(venue, make_screening, -30)
    rows = till_views.screenings_around(venue, since=till_views.evening_since(None))
    assert [s.pk for s in rows] == [recent.pk]
    assert old.pk not in [s.pk for s in rows]


def test_only_the_first_nine_have_a_shortcut(as_cashier, till, till_session, venue, make_screening):
    made = [at(venue, make_screening, 10 + 10 * n) for n in range(11)]
    page = as_cashier.get(url("till", till.pk)).content.decode()
    assert shortcuts(page) == {s.pk: n for n, s in enumerate(made[:9], start=1)}


# --- a single member found ---------------------------------------------------------------
def test_a_single_member_found_is_picked(as_cashier, till, till_session, paid_member, make_member):
    fragment = as_cashier.get(url("members", till.pk), {"q": "mila"}).content.decode()
    assert re.search(
        rf'value="{paid_member.pk}" id="till-person-{paid_member.pk}" checked', fragment
    )
    # Without JavaScript too.
    page = as_cashier.get(url("till", till.pk), {"q": "mila"}).content.decode()
    assert re.search(rf'value="{paid_member.pk}" id="till-person-{paid_member.pk}" checked', page)
    # Two found: neither is picked.
    make_member("milan")
    fragment = as_cashier.get(url("members", till.pk), {"q": "mila"}).content.decode()
    assert fragment.count('name="person"') == 2 and " checked" not in fragment


# --- undo asks ---------------------------------------------------------------------------
def test_undo_asks_first_and_without_javascript_on_the_screen(
    as_cashier, till, till_session, tonight, cashier
):
    sale, _ = sales.sell(
        till_session, Order(screening=tonight, prices=["5"]), method="card", by=cashier
    )
    page = as_cashier.get(url("till", till.pk), {"vente": sale.code}).content.decode()
    # A link that asks, and the question in a dialog for JavaScript; nothing undone.
    assert "annuler=1" in page and "data-undo-dialog" in page
    asked = as_cashier.get(
        url("till", till.pk), {"vente": sale.code, "screening": tonight.pk, "annuler": "1"}
    ).content.decode()
    assert said("Undo this sale?") in asked
    assert re.search(r"data-undo-confirm autofocus", asked)
    assert f'action="{url("undo", sale.code)}"' in asked
    assert "data-undo-dialog" not in asked
    assert not Sale.objects.filter(reverses=sale).exists()


# --- quick prices, a short payment -----------------------------------------------------
def test_quick_prices_are_sorted_by_amount(venue):
    venue.suggested_prices = "7.50 4"
    venue.save()
    assert [value for value, _label in till_views._quick_prices(venue)] == [
        "0",
        "2",
        "4",
        "5",
        "7.50",
        "8",
        "10",
    ]


def test_it_refuses_a_short_payment_and_says_what_is_missing(
    as_cashier, till, till_session, tonight, written
):
    before = written()
    response = as_cashier.post(
        url("sell", till.pk), sale_form(till_session, tonight, prices="8 8", tendered="10")
    )
    assert response.status_code == 422
    assert (
        said(
            "%(given)s given is less than the total, %(total)s.",
            given=format_euros(Decimal("10")),
            total=format_euros(Decimal("16")),
        )
        in response.content.decode()
    )
    assert written() == before
    # The screen keeps what was typed and the screening.
    assert 'value="8 8"' in response.content.decode()
    assert checked_screening(response.content.decode()) == tonight.pk


# --- memberships -------------------------------------------------------------------------
def test_an_address_with_an_account_offers_that_account_and_sells_nothing(
    as_cashier, till, till_session, tonight, paid_member, written
):
    before = written()
    form = sale_form(
        till_session,
        tonight,
        membership="10",
        first_name="Mila",
        last_name="Autre",
        email=paid_member.email.upper(),
    )
    response = as_cashier.post(url("sell", till.pk), form)
    page = response.content.decode()
    assert response.status_code == 422
    assert (
        said(
            "%(email)s is the address of %(name)s’s account: pick %(name)s below to sell the "
            "membership to that account, or type another address.",
            email=paid_member.email.lower(),
            name=paid_member.get_full_name() or paid_member.get_username(),
        )
        in page
    )
    # Offered, not picked for the cashier.
    assert f'id="till-person-{paid_member.pk}"' in page
    assert not re.search(rf'id="till-person-{paid_member.pk}" checked', page)
    assert written() == before
    assert Membership.objects.filter(person=paid_member).count() == 1


def test_an_address_of_a_closed_account_is_refused(
    as_cashier, till, till_session, tonight, written
):
    get_user_model().objects.create_user("gone", email="gone@example.org", is_active=False)
    before = written()
    response = as_cashier.post(
        url("sell", till.pk),
        sale_form(till_session, tonight, membership="10", first_name="G", email="gone@example.org"),
    )
    assert response.status_code == 422
    assert (
        said(
            "%(email)s is the address of a closed account: type another address.",
            email="gone@example.org",
        )
        in response.content.decode()
    )
    assert written() == before


def test_a_new_address_still_makes_a_new_member(as_cashier, till, till_session, tonight):
    form = sale_form(
        till_session, tonight, membership="10", first_name="Nina", email="nina@example.org"
    )
    assert as_cashier.post(url("sell", till.pk), form).status_code == 303
    assert Membership.objects.get(person__email="nina@example.org").amount == Decimal("10.00")


def test_a_second_membership_for_a_valid_member_must_be_confirmed(
    as_cashier, till, till_session, tonight, paid_member, written
):
    valid = Membership.objects.get(person=paid_member)
    before = written()
    form = sale_form(till_session, tonight, membership="10", person=paid_member.pk)
    response = as_cashier.post(url("sell", till.pk), form)
    page = response.content.decode()
    assert response.status_code == 422
    with translation.override("fr"):
        until = date_format(valid.ends_on, "j F Y")
    assert (
        said(
            "%(name)s is a member until %(until)s. To sell a second membership anyway, tick the "
            "box under the membership and sell again.",
            name=paid_member.get_full_name() or paid_member.get_username(),
            until=until,
        )
        in page
    )
    # The box that confirms shows (on the screen before, it is hidden).
    assert 'for="till-second-membership" data-again>' in page
    assert 'for="till-second-membership" hidden data-again>' in (
        as_cashier.get(url("till", till.pk)).content.decode()
    )
    assert written() == before
    # Odd values do not confirm.
    for odd in ("²", "on", "1" * 30):
        form["second_membership"] = odd
        assert as_cashier.post(url("sell", till.pk), form).status_code == 422
    assert written() == before
    # Ticked: sold.
    form["second_membership"] = "1"
    assert as_cashier.post(url("sell", till.pk), form).status_code == 303
    assert Membership.objects.filter(person=paid_member).count() == 2
    assert Ticket.objects.count() == 0
