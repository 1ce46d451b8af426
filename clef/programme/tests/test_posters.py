"""A film's poster: uploaded in the back office, refused unless it is a picture of a
sensible size, served in a few widths (srcset) on the listings and the film's page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from clef.programme import posters
from clef.programme.models import Film


def picture(kind="PNG", size=(1200, 1700)):
    out = io.BytesIO()
    Image.new("RGB", size, "#b1141c").save(out, kind)
    return out.getvalue()


def upload(content, name="poster.png"):
    return SimpleUploadedFile(name, content, content_type="image/png")


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    return client


def film_form(film, poster):
    return {
        "title": film.title,
        "slug": film.slug,
        "directors": film.directors,
        "year": film.year,
        "countries": film.countries,
        "runtime": film.runtime,
        "poster": poster,
    }


def test_a_poster_uploaded_is_served_in_three_widths(admin_client, make_film):
    film = make_film("Wanda")
    response = admin_client.post(
        f"/gestion/programme/film/{film.pk}/change/", film_form(film, upload(picture()))
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    film.refresh_from_db()
    for width in posters.WIDTHS:
        served = admin_client.get(f"/film/{film.slug}/affiche-{width}.jpg")
        assert served.status_code == 200
        assert served["Content-Type"] == "image/jpeg"
        with Image.open(io.BytesIO(b"".join(served.streaming_content))) as image:
            assert image.width == width
    assert admin_client.get(f"/film/{film.slug}/affiche-999.jpg").status_code == 404


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 not a picture", "This file is not an image"),
        (picture("GIF"), "A poster is a JPEG, PNG or WebP picture, not GIF."),
    ],
)
def test_what_is_not_a_poster_is_refused_and_nothing_kept(
    admin_client, make_film, content, message
):
    film = make_film("Wanda")
    response = admin_client.post(
        f"/en/gestion/programme/film/{film.pk}/change/", film_form(film, upload(content))
    )
    assert response.status_code == 200
    assert message in response.content.decode() or "Upload a valid image" in (
        response.content.decode()
    )
    film.refresh_from_db()
    assert not film.poster


def test_a_file_over_ten_megabytes_is_refused(make_film):
    big = upload(b"0" * (posters.LARGEST_UPLOAD + 1))
    with pytest.raises(Exception, match=r"10 (MB|Mo)"):
        posters.validate_poster(big)


def test_the_listing_and_the_films_page_offer_the_poster_in_several_widths(
    client, make_screening, make_film, venue
):
    import datetime as dt

    film = make_film("Wanda")
    film.poster.save("wanda.png", io.BytesIO(picture()) and upload(picture()), save=True)
    make_screening(venue.local_date() + dt.timedelta(days=1), "20:00", films=[film])
    page = client.get(f"/en/film/{film.slug}/").content.decode()
    srcset = ", ".join(f"/en/film/{film.slug}/affiche-{w}.jpg {w}w" for w in posters.WIDTHS)
    assert f'srcset="{srcset}"' in page
    assert 'alt="Poster of “Wanda”"' in page
    week = client.get("/en/programme/").content.decode()
    assert 'class="card-poster"' in week


def test_a_film_without_a_poster_has_none(client, make_film):
    film = make_film("Wanda")
    assert client.get(f"/film/{film.slug}/affiche-240.jpg").status_code == 404
    assert Film.objects.get(pk=film.pk).poster_srcset == ""


def test_the_demo_draws_typographic_posters():
    data = posters.draw_typographic("Le Sel de la terre", "Wim Wenders · 2014", size=(480, 680))
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (480, 680)
        assert image.format == "PNG"
