"""``POST /api/till/sync`` and ``/api/till/blocks``: the till that sold offline, over
HTTP, in the cashier's own session; bad input answered, nothing written."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from clef.boxoffice import sessions
from clef.boxoffice.models import OfflineConflict, Product, Sale, Till, TillSession
from clef.tickets.models import SeatBlock, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def till(venue):
    return Till.objects.create(venue=venue, name="Hall", ticket_series="T1")


@pytest.fixture
def session(till, cashier):
    return sessions.open_session(till, cashier=cashier, opening_float="50")


@pytest.fixture
def tonight(make_screening, venue):
    start = timezone.localtime(timezone.now() + dt.timedelta(hours=1), venue.zone)
    return make_screening(start.date(), start.strftime("%H:%M"))


@pytest.fixture
def drink(venue):
    return Product.objects.create(venue=venue, name="Limonade", price="2.50", vat_rate="5.50")


def sale(sequence, **fields):
    return {
        "key": uuid.uuid4().hex,
        "sequence": sequence,
        "sold_at": (timezone.now() - dt.timedelta(minutes=30)).isoformat(),
        "method": "cash",
        **fields,
    }


def test_ten_sales_sent_twice_are_written_once(call, bearer, cashier, session, tonight, drink):
    sent = [sale(n, screening=tonight.pk, prices=["5"]) for n in range(1, 8)] + [
        sale(n, products={str(drink.pk): 1}) for n in range(8, 11)
    ]
    status, answer, _ = call(
        "post", "/api/till/sync", {"session": session.pk, "sales": sent}, bearer(cashier)
    )
    assert status == 200
    assert [r["status"] for r in answer["results"]] == ["done"] * 10
    assert answer["results"][6]["tickets"] == [f"T1-{answer['year']}-000007"]
    assert (answer["series"], answer["last_number"]) == ("T1", 7)
    # The till holds its block again: 10 % of the 113 seats unsold.
    assert [(b["screening"], b["seats"]) for b in answer["blocks"]] == [(tonight.pk, 11)]
    status, again, _ = call(
        "post", "/api/till/sync", {"session": session.pk, "sales": sent}, bearer(cashier)
    )
    assert [r["status"] for r in again["results"]] == ["already_done"] * 10
    assert Sale.objects.count() == 10
    assert Ticket.objects.filter(till_series="T1").count() == 7


def test_blocks_are_held_for_the_coming_screenings(call, bearer, cashier, session, tonight):
    status, answer, _ = call("post", "/api/till/blocks", {"session": session.pk}, bearer(cashier))
    assert status == 200
    assert answer["blocks"][0]["seats"] == 12
    assert answer["last_number"] == 0
    call("post", "/api/till/blocks", {"session": session.pk}, bearer(cashier))
    # Asked again with nothing sold meanwhile, the same block stays.
    assert SeatBlock.objects.count() == 1
    assert SeatBlock.objects.get().released_at is None


def test_a_till_without_a_series_or_a_closed_session_holds_nothing_without_an_error(
    call, bearer, cashier, session, tonight, venue
):
    """The till's page asks for its blocks by itself: nothing to hold is a plain answer,
    never an error status the browser would log."""
    plain = Till.objects.create(venue=venue, name="Bar")
    other = sessions.open_session(plain, cashier=cashier, opening_float="0")
    status, answer, _ = call("post", "/api/till/blocks", {"session": other.pk}, bearer(cashier))
    assert status == 200
    assert (answer["held"], answer["code"], answer["blocks"]) == (False, "no_series", [])
    assert answer["message"]
    TillSession.objects.filter(pk=session.pk).update(closed_at=timezone.now())
    status, answer, _ = call("post", "/api/till/blocks", {"session": session.pk}, bearer(cashier))
    assert status == 200
    assert (answer["held"], answer["code"], answer["blocks"]) == (False, "session_closed", [])
    assert not SeatBlock.objects.exists()
    status, answer, _ = call("post", "/api/till/blocks", {"session": 10**6}, bearer(cashier))
    assert status == 404  # a session that does not exist is still an error


def test_another_cashiers_session_is_forbidden(call, bearer, other_cashier, session, tonight):
    status, answer, _ = call(
        "post", "/api/till/sync", {"session": session.pk, "sales": [sale(1)]}, bearer(other_cashier)
    )
    assert (status, answer["code"]) == (403, "not_your_session")
    assert Sale.objects.count() == 0


@pytest.mark.parametrize(
    "field, value",
    [
        ("sequence", "٣"),
        ("sequence", 10**30),
        ("key", "x" * 5000),
        ("key", "clé-avec-accent"),
        ("sold_at", "9999-99-99"),
        ("screening", 10**30),
        ("prices", ["5"] * 51),
    ],
)
def test_bad_input_is_refused_with_nothing_written(
    call, bearer, cashier, session, tonight, field, value
):
    bad = sale(1, screening=tonight.pk, prices=["5"]) | {field: value}
    status, answer, _ = call(
        "post", "/api/till/sync", {"session": session.pk, "sales": [bad]}, bearer(cashier)
    )
    assert (status, answer["code"]) == (422, "invalid")
    assert Sale.objects.count() == 0 and OfflineConflict.objects.count() == 0


def test_an_unknown_screening_is_a_recorded_conflict(call, bearer, cashier, session):
    status, answer, _ = call(
        "post",
        "/api/till/sync",
        {"session": session.pk, "sales": [sale(1, screening=999999, prices=["5"])]},
        bearer(cashier),
    )
    assert status == 200
    assert answer["results"][0]["status"] == "conflict"
    assert answer["results"][0]["code"] == "screening_unknown"
    assert OfflineConflict.objects.get().sent["screening"] == 999999


def test_the_till_copies_the_valid_members_and_only_for_its_cashier(
    call, bearer, cashier, session, make_member, member
):
    """``GET /api/till/members``: the venue's valid members, for the till offline; a lapsed
    membership is not in the copy; only the cashier in their own session asks."""
    make_member("ada")
    make_member("bob", days_left=-2)  # lapsed two days ago
    headers = bearer(cashier)
    status, answer, _ = call("get", f"/api/till/members?session={session.pk}", headers=headers)
    assert status == 200
    assert answer["taken_at"]
    assert [m["name"] for m in answer["members"]] == ["Ada"]
    copied = answer["members"][0]
    assert copied["number"].startswith(str(session.venue.local_date().year))
    assert copied["code"] and copied["ends_on"]
    status, answer, _ = call(
        "get", f"/api/till/members?session={session.pk}", headers=bearer(member)
    )
    assert (status, answer["code"]) == (403, "forbidden")


def test_the_members_copy_is_one_query(call, bearer, cashier, session, make_member):
    for name in ("ada", "eve", "zoe"):
        make_member(name)
    headers = bearer(cashier)
    # The queries of signing in and finding the session, then the copy's own: one.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        status, answer, _ = call("get", f"/api/till/members?session={session.pk}", headers=headers)
    assert status == 200 and len(answer["members"]) == 3
    assert len([q for q in queries if "members_membership" in q["sql"]]) == 1
