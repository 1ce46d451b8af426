"""The film's rights holder in the back office: set on the accounts' side (its own list
and the holder's page), shown read-only on the programme's film page."""

import pytest
from django.contrib.auth import get_user_model

from clef.accounting.models import FilmRightsHolder
from clef.audit.models import Action


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("ada", "ada@example.org", "pw")
    client.force_login(user)
    return client


def test_the_film_page_shows_its_holder_and_where_to_change_it(
    admin_client, make_film, make_holder
):
    film = make_film("Wanda")
    page = admin_client.get(f"/en/gestion/programme/film/{film.pk}/change/").content.decode()
    assert "Not set." in page
    assert f'href="/en/gestion/accounting/filmrightsholder/add/?film={film.pk}"' in page
    assert 'name="rights_holder"' not in page
    link = FilmRightsHolder.objects.create(film=film, holder=make_holder("Carlotta"))
    page = admin_client.get(f"/en/gestion/programme/film/{film.pk}/change/").content.decode()
    assert "Carlotta · " in page
    assert f'href="/en/gestion/accounting/filmrightsholder/{link.pk}/change/"' in page


def test_the_film_page_saves_without_a_typed_holder(admin_client, make_film):
    film = make_film("Wanda")
    fields = {
        "title": "Wanda (copie restaurée)",
        "original_title": "",
        "slug": film.slug,
        "directors": film.directors,
        "year": film.year,
        "countries": film.countries,
        "runtime": film.runtime,
        "languages": film.languages,
        "synopsis": "",
        "synopsis_en": "",
        "visa_number": "",
    }
    response = admin_client.post(f"/gestion/programme/film/{film.pk}/change/", fields)
    assert response.status_code == 302
    film.refresh_from_db()
    assert film.title == "Wanda (copie restaurée)"


def test_setting_a_films_holder_in_the_back_office_is_logged(admin_client, make_film, make_holder):
    film = make_film("Wanda")
    holder = make_holder("Carlotta")
    response = admin_client.post(
        "/gestion/accounting/filmrightsholder/add/", {"film": film.pk, "holder": holder.pk}
    )
    assert response.status_code == 302
    link = FilmRightsHolder.objects.get()
    assert (link.film, link.holder) == (film, holder)
    action = Action.objects.get(name="accounting.film_rights_holder.set")
    assert (action.subject_type, action.subject_key) == (
        "accounting.filmrightsholder",
        str(link.pk),
    )


def test_a_film_has_one_holder(admin_client, make_film, make_holder):
    film = make_film("Wanda")
    FilmRightsHolder.objects.create(film=film, holder=make_holder("Carlotta"))
    response = admin_client.post(
        "/en/gestion/accounting/filmrightsholder/add/",
        {"film": film.pk, "holder": make_holder("Other").pk},
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert FilmRightsHolder.objects.count() == 1


def test_the_holders_page_lists_its_films(admin_client, make_film, make_holder):
    holder = make_holder("Carlotta")
    FilmRightsHolder.objects.create(film=make_film("Wanda"), holder=holder)
    page = admin_client.get(f"/en/gestion/accounting/rightsholder/{holder.pk}/change/")
    assert page.status_code == 200
    assert "Wanda (1970)" in page.content.decode()
