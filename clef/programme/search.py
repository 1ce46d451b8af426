"""Searching the programme: films by title, original title or director, and cycles, with
each film's next screening. A plain form (``GET /recherche/?q=``), no script needed."""

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clef.programme.models import Cycle, Film, Screening

LONGEST = 100  # characters: longer is not a search of this programme
MOST = 50  # films shown


class SearchRefused(ValueError):
    pass


def read_query(raw):
    """The words searched, trimmed; a query too long is refused with a message."""
    # A NUL character is no word (and PostgreSQL refuses it in a query).
    query = " ".join((raw or "").replace("\x00", " ").split())
    if len(query) > LONGEST:
        raise SearchRefused(
            _("A search is at most %(most)s characters: yours has %(length)s.")
            % {"most": LONGEST, "length": len(query)}
        )
    return query


def search(query):
    """(films, cycles) matching every word of ``query``; films with their next public
    screening (``film.next_start``), coming ones first."""
    if not query:
        return [], []
    film_filter, cycle_filter = Q(), Q()
    for word in query.split():
        film_filter &= (
            Q(title__icontains=word)
            | Q(original_title__icontains=word)
            | Q(directors__icontains=word)
        )
        cycle_filter &= Q(title__icontains=word) | Q(title_en__icontains=word)
    now = timezone.now()
    # Only films the public programme has shown or announces: a film still in a draft
    # is nobody's business yet.
    shown = Film.objects.filter(screening_films__screening__in=Screening.objects.public()).values(
        "pk"
    )
    coming = Q(screening_films__screening__status=Screening.Status.PUBLISHED) & Q(
        screening_films__screening__starts_at__gte=now
    )
    films = (
        Film.objects.filter(film_filter, pk__in=shown)
        .annotate(next_start=Min("screening_films__screening__starts_at", filter=coming))
        .order_by("title")[:MOST]
    )
    films = sorted(films, key=lambda f: (f.next_start is None, f.next_start or now, f.title))
    cycles = list(Cycle.objects.filter(cycle_filter).order_by("title")[:MOST])
    return films, cycles
