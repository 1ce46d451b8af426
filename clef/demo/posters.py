"""A poster for every film of the demo, drawn with words alone (``programme.posters``):
the demo uses no image from elsewhere. A film that has a poster keeps it."""

from django.core.files.base import ContentFile

from clef.programme.posters import draw_typographic


def load_posters(films):
    for seed, film in enumerate(sorted(films.values(), key=lambda f: f.slug)):
        if film.poster:
            continue
        byline = f"{film.directors} · {film.year}"
        image = draw_typographic(film.title, byline, seed=seed, size=(480, 680))
        film.poster.save(f"{film.slug}.png", ContentFile(image), save=True)
