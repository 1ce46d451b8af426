"""Actions on the programme. Each checks, writes in one transaction, logs, returns."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clef.lib.actions import log_action
from clef.lib.refusals import Refused
from clef.lib.timezones import local_to_utc
from clef.programme.models import Screening, ScreeningFilm

MAX_SERIES_WEEKS = 52

# What must be true before a screening is published, told by the apps that know it (the
# programming's checklist): each is a function of a screening returning what is missing,
# as translated phrases, empty when it may be published. The programme knows none of them.
_publication_checks = []


class PublicationRefused(Refused):
    """A screening may not be published yet: ``missing`` says what it lacks."""

    def __init__(self, code, message, *, screening=None, missing=()):
        super().__init__(code, message)
        self.screening = screening
        self.missing = list(missing)


def register_publication_check(check):
    """Add ``check(screening) -> list[str]`` to what publishing asks (once per function)."""
    if check not in _publication_checks:
        _publication_checks.append(check)
    return check


def publication_problems(screening):
    """What the registered checks say ``screening`` lacks before it is published."""
    return [problem for check in _publication_checks for problem in check(screening)]


def check_publishable(screening):
    """Refuse (``PublicationRefused``, code ``not_ready``) a screening that lacks something."""
    missing = publication_problems(screening)
    if missing:
        raise PublicationRefused(
            "not_ready",
            _("“%(screening)s” cannot be published yet: %(missing)s.")
            % {"screening": screening, "missing": "; ".join(missing)},
            screening=screening,
            missing=missing,
        )


def _copy(screening, starts_at):
    copy = Screening(
        room=screening.room,
        starts_at=starts_at,
        duration=screening.duration,
        title=screening.title,
        title_en=screening.title_en,
        kind=screening.kind,
        for_children=screening.for_children,
        cycle=screening.cycle,
        description=screening.description,
        description_en=screening.description_en,
        guests=screening.guests,
        pricing=screening.pricing,
        sdh=screening.sdh,
        audio_description=screening.audio_description,
        wheelchair=screening.wheelchair,
        status=Screening.Status.DRAFT,
        programmer=screening.programmer,
    )
    return copy


def _same_time_later(screening, weeks):
    """The same wall-clock time ``weeks`` weeks later in the venue's zone (clock changes
    included: 20:30 stays 20:30)."""
    local = screening.local_start
    day = local.date() + dt.timedelta(weeks=weeks)
    return local_to_utc(day, local.time().replace(tzinfo=None), screening.room.venue.timezone)


@transaction.atomic
def duplicate_screening(screening, *, starts_at=None, by=None):
    """A draft copy of ``screening`` (films included), a week later unless told when."""
    starts_at = starts_at or _same_time_later(screening, 1)
    copy = _copy(screening, starts_at)
    copy.full_clean()
    copy.save()
    _copy_films(screening, copy)
    log_action("programme.screening.duplicated", by=by, source=screening.pk, copy=copy.pk)
    return copy


def _copy_films(source, target):
    ScreeningFilm.objects.bulk_create(
        ScreeningFilm(
            screening=target,
            film_id=sf.film_id,
            position=sf.position,
            version=sf.version,
            subtitles=sf.subtitles,
        )
        for sf in source.screening_films.all()
    )


@transaction.atomic
def create_weekly_series(screening, *, weeks, by=None):
    """Copies of ``screening`` on each of the next ``weeks`` weeks, at the same local
    time, as drafts. All or nothing: if one week cannot take it, none is created and
    the error says which dates and why."""
    if not 1 <= weeks <= MAX_SERIES_WEEKS:
        raise ValidationError(
            _("A series runs from 1 to %(max)d weeks.") % {"max": MAX_SERIES_WEEKS},
            code="weeks",
        )
    copies, problems = [], []
    for n in range(1, weeks + 1):
        copy = _copy(screening, _same_time_later(screening, n))
        try:
            copy.full_clean()
        except ValidationError as error:
            when = date_format(timezone.localtime(copy.starts_at, copy.zone), "j F Y, H:i")
            problems.append(
                _("%(when)s: %(problem)s") % {"when": when, "problem": " ".join(error.messages)}
            )
            continue
        copy.save()
        copies.append(copy)
    if problems:
        raise ValidationError(problems, code="series")
    for copy in copies:
        _copy_films(screening, copy)
    log_action(
        "programme.screening.series_created",
        by=by,
        source=screening.pk,
        copies=",".join(str(c.pk) for c in copies),
    )
    return copies


@transaction.atomic
def set_status(screenings, status, *, by=None):
    """Publish, cancel or return to draft. A screening is published only with a film, and
    only once the registered checks find nothing missing (``PublicationRefused``)."""
    changed = []
    for screening in screenings.select_for_update(of=("self",)):
        if status == Screening.Status.PUBLISHED and not screening.screening_films.exists():
            raise ValidationError(
                _("“%(screening)s” has no film yet: add one before publishing.")
                % {"screening": screening},
                code="no_film",
            )
        if status == Screening.Status.PUBLISHED and screening.status != status:
            check_publishable(screening)
        if screening.status != status:
            screening.status = status
            screening.save(update_fields=["status", "updated_at"])
            changed.append(screening.pk)
    log_action(f"programme.screening.{status}", by=by, screenings=",".join(map(str, changed)))
    return changed
