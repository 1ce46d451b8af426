"""Keeps ``ProgrammeVersion`` raised whenever the public programme changes.

Cached public pages are keyed by the version (``clef.lib.pagecache``): a change in the
back office, a service or the shell shows at once on every server process. The counter
is raised by signal receivers because any save of these models, from anywhere, must
reach it; code that bypasses signals (``QuerySet.update``, ``bulk_create``) calls
``bump()`` itself.

``cached()`` keeps what a hot path reads of the programme in the process, under the same
version: one cheap query tells whether it is still good.
"""

from django.db import connection
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from clef.programme.models import Cycle, Film, ProgrammeVersion, Screening, ScreeningFilm
from clef.venues.models import Room, Venue

WATCHED = (Venue, Room, Film, Cycle, Screening, ScreeningFilm)


def current():
    # Read on every cached page: a plain cursor costs a tenth of building the ORM query.
    table = connection.ops.quote_name(ProgrammeVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


# What ``cached()`` keeps: key -> (version, value). Bounded: emptied when full.
_kept = {}
KEPT_AT_MOST = 500


def cached(key, build):
    """``build()``, kept in this process while the programme's version stays the same.

    The version is read first, then ``build()`` runs: a change committed meanwhile
    raises the version, so the next call builds again. Only outside a transaction: in
    one, ``build()`` could see changes that are not committed (and may never be), so it
    simply runs. A change made in this process (``bump()``) empties what is kept.
    """
    if connection.in_atomic_block:
        return build()
    version = current()
    kept = _kept.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]
    value = build()
    if len(_kept) >= KEPT_AT_MOST:
        _kept.clear()
    _kept[key] = (version, value)
    return value


def bump(**_signal_kwargs):
    _kept.clear()
    if not ProgrammeVersion.objects.filter(pk=1).update(number=F("number") + 1):
        ProgrammeVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def connect():
    for model in WATCHED:
        post_save.connect(bump, sender=model, dispatch_uid=f"programme-version-save-{model}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"programme-version-del-{model}")
    m2m_changed.connect(
        bump, sender=Screening.films.through, dispatch_uid="programme-version-films"
    )
