"""Rename a film through the ORM, as the back office does (a plain save()).

    DJANGO_SETTINGS_MODULE=clef.settings python bench/edit.py FILM_PK "New title"

The benchmark runs it while the server is serving cached pages, then checks that the
next pages show the new title.
"""

import sys

import django


def main(pk, title):
    django.setup()
    from clef.programme.models import Film

    film = Film.objects.get(pk=pk)
    film.title = title
    film.save()


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
