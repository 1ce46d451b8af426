"""The programme by cinema week, its filters, and its refusals."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clef.programme.models import Cycle, Screening
from clef.programme.tests.conftest import html

pytestmark = pytest.mark.usefixtures("frozen")

WED, THU, FRI, SAT, SUN = (dt.date(2026, 11, d) for d in range(18, 23))


def card_titles(response):
    return re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', html(response))


def day_titles(response):
    pattern = r'<h2 class="day-title"><time datetime="[^"]+">([^<]+)</time>'
    return re.findall(pattern, html(response))


@pytest.fixture
def week(make_screening, make_film, small_room):
    enfance = Cycle.objects.create(
        title="Enfance", title_en="Childhood", slug="enfance", for_children=True
    )
    return {
        "wanda": make_screening(WED, "20:00", films=[make_film("Wanda")], sdh=True),
        "kirikou": make_screening(
            SAT,
            "15:00",
            films=[make_film("Kirikou", runtime=74)],
            room=small_room,
            cycle=enfance,
            audio_description=True,
        ),
        "debate": make_screening(
            SUN,
            "17:00",
            films=[make_film("Le Sel de la terre")],
            kind=Screening.Kind.DEBATE,
            guests="Nicole Brenez",
            wheelchair=False,
        ),
        "draft": make_screening(
            FRI, "20:00", films=[make_film("Brouillon")], status=Screening.Status.DRAFT
        ),
        "cancelled": make_screening(
            THU, "20:30", films=[make_film("Sambizanga")], status=Screening.Status.CANCELLED
        ),
        "next_week": make_screening(
            dt.date(2026, 11, 25), "20:00", films=[make_film("Touki Bouki")]
        ),
    }


def test_it_shows_the_current_week_from_wednesday_to_tuesday_in_english(client, week):
    response = client.get("/en/programme/")
    assert response.status_code == 200
    assert day_titles(response) == [
        "Wednesday 18 November",
        "Thursday 19 November",
        "Friday 20 November",
        "Saturday 21 November",
        "Sunday 22 November",
        "Monday 23 November",
        "Tuesday 24 November",
    ]
    assert card_titles(response) == ["Wanda", "Sambizanga", "Kirikou", "Le Sel de la terre"]
    assert html(response).count('<p class="day-note">Closed</p>') == 2
    assert "4 screenings this week" in html(response)
    assert '<html lang="en">' in html(response)


def test_it_shows_the_week_in_french_by_default(client, week):
    response = client.get("/programme/")
    assert day_titles(response) == [
        "mercredi 18 novembre",
        "jeudi 19 novembre",
        "vendredi 20 novembre",
        "samedi 21 novembre",
        "dimanche 22 novembre",
        "lundi 23 novembre",
        "mardi 24 novembre",
    ]
    assert card_titles(response) == ["Wanda", "Sambizanga", "Kirikou", "Le Sel de la terre"]
    assert '<html lang="fr">' in html(response)
    assert html(response).count('<p class="day-note">Fermé</p>') == 2
    assert "4 séances cette semaine" in html(response)


def test_a_card_says_when_where_and_what(client, week):
    page = html(client.get("/en/programme/"))
    assert '<time datetime="2026-11-21T15:00:00+01:00" class="card-time">15:00</time>' in page
    assert "Petite salle" in page
    assert '<li class="tag tag-cancelled">Cancelled</li>' in page
    assert '<li class="tag tag-guest">With Nicole Brenez</li>' in page
    assert '<li class="tag tag-children">For children</li>' in page


def test_previous_and_next_weeks_are_linked_and_shown(client, week):
    page = html(client.get("/en/programme/"))
    assert 'href="/en/programme/2026-11-11/"' in page
    assert 'href="/en/programme/2026-11-25/"' in page
    response = client.get("/en/programme/2026-11-25/")
    assert card_titles(response) == ["Touki Bouki"]
    assert day_titles(response)[0] == "Wednesday 25 November"
    assert day_titles(response)[-1] == "Tuesday 1 December"


def test_another_day_of_the_week_leads_to_its_wednesday_with_the_filters(client, week):
    response = client.get("/en/programme/2026-11-21/?kind=children")
    assert response.status_code == 302
    assert response["Location"] == "/en/programme/2026-11-18/?kind=children"


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("kind=children", ["Kirikou"]),
        ("kind=debate", ["Le Sel de la terre"]),
        ("kind=screening", ["Wanda", "Sambizanga", "Kirikou"]),
        ("cycle=enfance", ["Kirikou"]),
        ("access=sdh", ["Wanda"]),
        ("access=ad", ["Kirikou"]),
        ("access=wheelchair&access=sdh", ["Wanda"]),
    ],
)
def test_the_filters(client, week, query, titles):
    response = client.get(f"/en/programme/?{query}")
    assert response.status_code == 200
    assert card_titles(response) == titles


@pytest.mark.parametrize(
    ("asked", "address"),
    [
        ("/en/programme/?cycle=&kind=children&room=", "/en/programme/?kind=children"),
        ("/en/programme/?cycle=&kind=&room=", "/en/programme/"),
        ("/programme/2026-11-20/?kind=&access=sdh", "/programme/2026-11-18/?access=sdh"),
    ],
)
def test_the_empty_fields_of_the_filter_form_are_dropped_from_the_address(
    client, week, asked, address
):
    response = client.get(asked)
    assert response.status_code == 302
    assert response["Location"] == address


def test_the_room_filter(client, week, small_room):
    response = client.get(f"/en/programme/?room={small_room.pk}")
    assert card_titles(response) == ["Kirikou"]


def test_a_filtered_week_shows_only_the_days_with_a_match(client, week):
    response = client.get("/en/programme/?kind=children")
    assert card_titles(response) == ["Kirikou"]
    assert len(day_titles(response)) == 1
    assert "No screening" not in html(response)


def test_a_filtered_week_with_no_match_says_so_once(client, week, small_room):
    page = html(client.get("/en/programme/?kind=workshop"))
    assert page.count("No screening matches these filters this week.") == 1


@pytest.mark.parametrize(
    ("query", "label", "shown"),
    [
        ("kind=zzz", "Kind", 4),
        ("cycle=nope", "Cycle", 4),
        ("room=abc", "Room", 4),
        ("access=teleport", "Accessibility", 4),
        ("cycle=nope&kind=children", "Cycle", 1),
    ],
)
def test_an_unknown_filter_value_is_left_out_with_a_note(client, week, query, label, shown):
    response = client.get(f"/en/programme/?{query}")
    assert response.status_code == 200
    assert (
        f"This filter asked for something that does not exist (any more) and is left out: {label}."
    ) in html(response)
    assert len(card_titles(response)) == shown  # the other filters still apply


def test_an_unknown_filter_value_is_explained_in_french(client, week):
    response = client.get("/programme/?kind=zzz")
    assert response.status_code == 200
    assert "n’existe pas (ou plus)" in html(response)


@pytest.mark.parametrize(
    ("path", "day"),
    [
        ("/programme/2026-02-30/", "2026-02-30"),
        ("/programme/2026-13-01/", "2026-13-01"),
        ("/programme/next/", "next"),
        ("/programme/18-11-2026/", "18-11-2026"),
    ],
)
def test_a_malformed_date_is_a_bad_request_in_the_visitors_language(client, week, path, day):
    response = client.get("/en" + path)
    assert response.status_code == 400
    assert (
        f'<p class="error" role="alert">“{day}” is not a date: write it as year-month-day, '
        "like 2026-11-21.</p>"
    ) in html(response)
    response = client.get(path)
    assert response.status_code == 400
    assert f"«\u00a0{day}\u00a0» n’est pas une date" in html(response)


@pytest.mark.parametrize("path", ["/programme/1850-01-01/", "/programme/2999-01-06/"])
def test_an_unknown_week_is_not_found_in_the_visitors_language(client, week, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Cette page n’existe pas" in html(response)
    response = client.get("/en" + path)
    assert response.status_code == 404
    assert "This page does not exist" in html(response)


def test_the_number_of_queries_does_not_grow_with_the_screenings(
    client, make_screening, make_film, small_room
):
    def count_queries():
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/programme/").status_code == 200
        return len(queries)

    make_screening(WED, "20:00")
    few = count_queries()
    for day in (THU, FRI, SAT, SUN):
        for time, room in (("14:00", None), ("18:00", small_room), ("21:00", None)):
            films = [make_film(f"Court {n}", runtime=10) for n in range(3)]
            make_screening(day, time, films=films, room=room)
    many = count_queries()
    assert few == many


def test_a_change_in_the_back_office_shows_at_once(client, week):
    assert "Wanda" in card_titles(client.get("/en/programme/"))
    film = week["wanda"].ordered_films[0]
    film.title = "Wanda (restored)"
    film.save()
    assert "Wanda (restored)" in card_titles(client.get("/en/programme/"))
    week["kirikou"].status = Screening.Status.CANCELLED
    week["kirikou"].save()
    assert '<li class="tag tag-cancelled">Cancelled</li>' in html(
        client.get("/en/programme/?cycle=enfance")
    )


def test_a_cached_page_costs_one_query(client, week):
    assert client.get("/en/programme/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/programme/").status_code == 200
    assert [q["sql"] for q in queries] == [
        'SELECT number FROM "programme_programmeversion" WHERE id = 1'
    ]


def test_today_is_marked_and_the_days_gone_are_quieter(client, week):
    page = html(client.get("/en/programme/"))
    # The frozen clock is Saturday 21 November.
    assert '<li class="day is-today">' in page
    assert page.count(" is-past") == 3  # Wednesday to Friday
    assert "today</span>" in page


def test_each_film_says_its_version(client, week):
    page = html(client.get("/en/programme/"))
    assert '<abbr class="card-version" title="Original version, subtitled">subtitled</abbr>' in page


def test_the_listing_asks_for_the_seats_of_its_screenings_once(client, week):
    page = html(client.get("/en/programme/"))
    ids = [week[name].pk for name in ("wanda", "cancelled", "kirikou", "debate")]
    assert page.count('hx-get="/en/seances/places/?ids=') == 1
    assert f'/en/seances/places/?ids={",".join(map(str, ids))}"' in page
    for pk in ids:
        assert f'<li id="places-{pk}" hidden></li>' in page


def test_the_marks_are_spelled_out_in_a_legend(client, week):
    page = html(client.get("/en/programme/"))
    assert "deaf subtitles</li>" in page
    assert "<dd>Subtitles for the deaf and hard of hearing</dd>" in page
