"""Searching the programme without a script: films by title, original title or director,
cycles; films in drafts stay hidden; a search too long is refused with a message."""

import datetime as dt

from clef.programme.models import Cycle, Screening


def page(client, query, language="en"):
    prefix = "/en" if language == "en" else ""
    return client.get(f"{prefix}/recherche/", {"q": query})


def test_it_finds_a_film_by_a_word_of_its_title_or_its_director(
    client, venue, make_screening, make_film
):
    wanda = make_film("Wanda", directors="Barbara Loden")
    make_screening(venue.local_date() + dt.timedelta(days=2), "20:00", films=[wanda])
    for query in ("wanda", "LODEN", "barbara wanda"):
        response = page(client, query)
        assert response.status_code == 200
        body = response.content.decode()
        assert f'href="/en/film/{wanda.slug}/">Wanda</a>' in body
        assert "next: " in body
    assert "No film matches “nobody”." in page(client, "nobody").content.decode()


def test_a_film_only_in_a_draft_is_not_found(client, venue, make_screening, make_film):
    secret = make_film("Secret")
    make_screening(
        venue.local_date() + dt.timedelta(days=2),
        "20:00",
        films=[secret],
        status=Screening.Status.DRAFT,
    )
    assert "Secret</a>" not in page(client, "secret").content.decode()


def test_it_finds_a_cycle_in_either_language(client, venue):
    Cycle.objects.create(title="Enfance", title_en="Childhood", slug="enfance")
    assert 'href="/en/cycle/enfance/"' in page(client, "childhood").content.decode()
    assert 'href="/cycle/enfance/"' in page(client, "enfance", "fr").content.decode()


def test_a_search_of_five_thousand_characters_is_refused_clearly(client, venue):
    response = page(client, "x" * 5000)
    assert response.status_code == 400
    assert "A search is at most 100 characters: yours has 5000." in response.content.decode()
    french = page(client, "x" * 5000, "fr")
    assert "au plus 100 caractères" in french.content.decode()


def test_an_empty_search_shows_the_form(client, venue):
    response = page(client, "")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
