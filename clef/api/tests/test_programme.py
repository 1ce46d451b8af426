"""The public programme through the API: no sign-in, seats left online, bounded queries."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from clef.programme.models import Screening
from clef.tickets.booking import book
from clef.tickets.models import Registration

SPRING = dt.date(2027, 3, 27)  # the clocks go forward on the night of the 28th


def test_it_lists_the_public_screenings_of_the_days_asked_with_utc_and_local_starts(
    call, make_screening, make_film
):
    before = make_screening(SPRING, "20:00", films=[make_film("Wanda")])
    after = make_screening(
        SPRING + dt.timedelta(days=1),
        "20:00",
        films=[make_film("Le Camion", slug="le-camion", original_title="Le Camion")],
        sdh=True,
    )
    make_screening(SPRING, "16:00", status=Screening.Status.DRAFT)
    make_screening(SPRING + dt.timedelta(days=2), "20:00")

    status, body, _ = call("get", "/api/screenings?from=2027-03-27&to=2027-03-28")

    assert status == 200
    assert [s["id"] for s in body] == [before.pk, after.pk]
    assert [(s["starts_at"], s["starts_at_local"]) for s in body] == [
        ("2027-03-27T19:00:00Z", "2027-03-27T20:00:00+01:00"),
        ("2027-03-28T18:00:00Z", "2027-03-28T20:00:00+02:00"),
    ]
    first = body[0]
    assert first["title"] == "Wanda"
    assert first["url"] == f"http://testserver/seance/{before.pk}/"
    assert first["status"] == "published"
    assert first["kind"] == "screening"
    assert first["pricing"] == "pwyw"
    assert first["room"] == {"name": "Grande salle", "seats": 120}
    assert first["suggested_prices"] == ["0.00", "4.00", "7.50", "10.00"]
    assert first["seats_left_online"] == 84
    assert [m["code"] for m in first["accessibility"]] == ["wheelchair"]
    assert [m["code"] for m in body[1]["accessibility"]] == ["sdh", "wheelchair"]
    assert body[1]["films"] == [
        {
            "slug": "le-camion",
            "title": "Le Camion",
            "original_title": "Le Camion",
            "directors": "Barbara Loden",
            "year": 1970,
            "runtime": 102,
            "version": "Version originale sous-titrée",
        }
    ]


def test_it_counts_the_seats_left_online_from_the_tickets_booked(
    call, on_sale, paid_member, make_member
):
    book(on_sale, user=paid_member, prices=["0", "5"])
    book(on_sale, user=make_member("zoe"), prices=["7.50"])
    day = on_sale.local_start.date().isoformat()

    _, listed, _ = call("get", f"/api/screenings?from={day}&to={day}")
    _, detail, _ = call("get", f"/api/screenings/{on_sale.pk}")

    assert [s["seats_left_online"] for s in listed] == [84 - 3]
    assert detail["seats_left_online"] == 84 - 3


def test_it_tells_a_workshop_s_places_and_a_cancelled_screening_s_none(call, make_screening):
    workshop = make_screening(SPRING, "14:00", kind=Screening.Kind.WORKSHOP, online_quota=12)
    Registration.objects.create(
        screening=workshop,
        status=Registration.Status.REGISTERED,
        child_first_name="Lou",
        child_age=8,
        guardian_name="Ana",
        guardian_phone="0600000000",
        guardian_email="ana@example.org",
    )
    cancelled = make_screening(SPRING, "20:00", status=Screening.Status.CANCELLED)

    _, body, _ = call("get", "/api/screenings?from=2027-03-27&to=2027-03-27")

    assert [(s["id"], s["status"], s["seats_left_online"]) for s in body] == [
        (workshop.pk, "published", 11),
        (cancelled.pk, "cancelled", 0),
    ]


def _queries_for_the_list(call):
    with CaptureQueriesContext(connection) as queries:
        status, body, _ = call("get", "/api/screenings?from=2027-03-27&to=2027-04-09")
    assert status == 200
    return len(body), len(queries)


def test_the_list_s_queries_do_not_grow_with_its_screenings(
    call, make_screening, make_film, django_assert_max_num_queries
):
    make_screening(SPRING, "14:00", kind=Screening.Kind.WORKSHOP)
    make_screening(SPRING, "20:00")
    few = _queries_for_the_list(call)
    for day in range(1, 11):
        make_screening(SPRING + dt.timedelta(days=day), "20:00", films=[make_film(), make_film()])

    many = _queries_for_the_list(call)
    with django_assert_max_num_queries(5):
        call("get", "/api/screenings?from=2027-03-27&to=2027-04-09")

    assert (few[0], many[0]) == (2, 12)
    assert many[1] == few[1]


def test_it_refuses_a_range_too_long_or_reversed_and_a_malformed_day(call, venue):
    assert call("get", "/api/screenings?from=2027-01-01&to=2027-03-04", HTTP_ACCEPT_LANGUAGE="en")[
        :2
    ] == (
        422,
        {"code": "invalid_range", "message": "Ask for 62 days at most, “to” on or after “from”."},
    )
    assert (
        call("get", "/api/screenings?from=2027-01-02&to=2027-01-01")[1]["code"] == "invalid_range"
    )
    status, body, _ = call("get", "/api/screenings?from=2027-13-01")
    assert (status, body["code"], body["errors"][0]["loc"]) == (422, "invalid", ["query", "from"])


def test_it_answers_404_for_a_draft_or_unknown_screening(call, make_screening):
    draft = make_screening(SPRING, "20:00", status=Screening.Status.DRAFT)

    for pk in (draft.pk, draft.pk + 100):
        status, body, _ = call("get", f"/api/screenings/{pk}")
        assert (status, body["code"]) == (404, "not_found")


def test_it_lists_the_films_by_title_a_page_at_a_time(call, make_film):
    for title in ("Wanda", "Allemagne année zéro", "Nanouk"):
        make_film(title)

    status, body, _ = call("get", "/api/films?limit=2&offset=1")

    assert status == 200
    assert body["count"] == 3
    assert [f["title"] for f in body["items"]] == ["Nanouk", "Wanda"]


def test_a_film_shows_its_coming_public_screenings_and_its_synopsis_in_english(
    call, make_film, make_screening, venue
):
    film = make_film(
        "Wanda", slug="wanda", synopsis="Une femme part.", synopsis_en="A woman leaves."
    )
    coming = make_screening(venue.local_date() + dt.timedelta(days=3), "20:00", films=[film])
    make_screening(venue.local_date() - dt.timedelta(days=3), "20:00", films=[film])
    make_screening(venue.local_date() + dt.timedelta(days=4), "20:00", films=[film], status="draft")

    status, body, _ = call("get", "/api/films/wanda", HTTP_ACCEPT_LANGUAGE="en")

    assert status == 200
    assert (body["title"], body["synopsis"], body["url"]) == (
        "Wanda",
        "A woman leaves.",
        "http://testserver/en/film/wanda/",
    )
    assert [s["id"] for s in body["screenings"]] == [coming.pk]
    assert call("get", "/api/films/nothing", HTTP_ACCEPT_LANGUAGE="en")[:2] == (
        404,
        {"code": "not_found", "message": "There is nothing at this address."},
    )
