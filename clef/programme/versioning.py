"""Keeps ``ProgrammeVersion`` raised whenever the public programme changes.

Cached public pages are keyed by the version (``clef.lib.pagecache``): a change in the
back office, a service or the shell shows at once on every server process. The counter
is raised by signal receivers because any save of these models, from anywhere, must
reach it; code that bypasses signals (``QuerySet.update``, ``bulk_create``) calls
``bump()`` itself.
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


def bump(**_signal_kwargs):
    if not ProgrammeVersion.objects.filter(pk=1).update(number=F("number") + 1):
        ProgrammeVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def connect():
    for model in WATCHED:
        post_save.connect(bump, sender=model, dispatch_uid=f"programme-version-save-{model}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"programme-version-del-{model}")
    m2m_changed.connect(
        bump, sender=Screening.films.through, dispatch_uid="programme-version-films"
    )
