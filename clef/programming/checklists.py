"""What a screening's checklist says: each item, done or not, due by when, and what
publishing lacks.

An item is read from the checklist's own fields and from what the other apps know: the
rights are agreed when the accounts hold an agreement for each of the screening's films,
the staff when the volunteers' shifts are filled (`clef.volunteers.gaps`, a checkbox until
it exists), the programme text when the screening, or each of its films, has its French
and English text. Each item is due a number of days before the screening
(`settings.CLEF_CHECKLIST_DUE_DAYS`).

`publication_check` is registered with `programme.services.register_publication_check`
(from the app's `ready`): only a screening that has a checklist is gated, and one a
commission member published anyway (`PublicationOverride`) is not gated again.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clef.programming.models import Checklist

LABELS = {
    "rights": gettext_lazy("Rights"),
    "copy": gettext_lazy("Copy"),
    "subtitles": gettext_lazy("Subtitles"),
    "guest": gettext_lazy("Guest"),
    "staff": gettext_lazy("Staff"),
    "text": gettext_lazy("Programme text in French and English"),
    "poster": gettext_lazy("Poster or still"),
}
ORDER = list(LABELS)


@dataclass
class Item:
    code: str
    done: bool
    due_on: dt.date
    missing: str  # what publishing lacks, a phrase; empty when done
    detail: str = ""
    flags: list = field(default_factory=list)  # a problem to see even when ticked
    late: bool = False

    @property
    def label(self):
        return LABELS[self.code]


def due_days(code):
    return settings.CLEF_CHECKLIST_DUE_DAYS.get(code, 0)


def _day(day):
    return date_format(day, "j F Y")


def kdm_problem(checklist, screening):
    """Why the copy's key (KDM) does not let the screening be shown, or ""."""
    if checklist.copy_format != Checklist.Format.DCP:
        return ""
    start, end = checklist.kdm_valid_from, checklist.kdm_valid_to
    if start is None or end is None:
        return _("the DCP's key (KDM) is not received")
    zone = screening.zone
    first = screening.local_start.date()
    last = (screening.ends_at.astimezone(zone)).date()
    if start > first or end < last:
        return _(
            "the key (KDM) is valid from %(start)s to %(end)s and does not cover the "
            "screening on %(day)s"
        ) % {"start": _day(start), "end": _day(end), "day": _day(first)}
    return ""


def _rights(checklist, screening, agreed_films):
    films = [sf.film_id for sf in screening.screening_films.all()]
    done = bool(films) and all(film in agreed_films for film in films)
    if checklist.rights_requested_on:
        detail = _("requested on %(day)s") % {"day": _day(checklist.rights_requested_on)}
    else:
        detail = _("not requested yet")
    return done, _("the rights are not agreed"), detail, []


def _copy(checklist, screening, agreed_films):
    problem = kdm_problem(checklist, screening)
    received = checklist.copy_received_on
    parts = [checklist.get_copy_format_display()] if checklist.copy_format else []
    if received:
        parts.append(_("received on %(day)s") % {"day": _day(received)})
    if checklist.kdm_valid_from and checklist.kdm_valid_to:
        parts.append(
            _("key valid from %(start)s to %(end)s")
            % {"start": _day(checklist.kdm_valid_from), "end": _day(checklist.kdm_valid_to)}
        )
    missing = problem if received else _("the copy is not received")
    flags = [problem] if problem else []
    return bool(received) and not problem, missing, " · ".join(parts), flags


def _subtitles(checklist, screening, agreed_films):
    if not checklist.subtitles_language:
        return True, "", _("none needed"), []
    detail = checklist.subtitles_language
    if checklist.subtitles_by:
        detail += " · " + _("translated by %(name)s") % {"name": checklist.subtitles_by}
    missing = _("the subtitles (%(language)s) are not ready") % {
        "language": checklist.subtitles_language
    }
    return checklist.subtitles_ready, missing, detail, []


def _guest(checklist, screening, agreed_films):
    if not checklist.guest_name:
        return True, "", _("no guest"), []
    parts = [checklist.guest_name]
    if checklist.guest_travel:
        parts.append(checklist.guest_travel)
    missing = _("%(guest)s has not confirmed") % {"guest": checklist.guest_name}
    return checklist.guest_confirmed, missing, " · ".join(parts), []


def staff_from_shifts():
    """Whether the volunteers' shifts say the staff (else the checklist's checkbox)."""
    try:
        from clef.volunteers.gaps import screening_staffed  # noqa: F401
    except ImportError:
        return False
    return True


def staffed(screening, checklist):
    """``(ready, missing)`` from the volunteers' shifts, or the checkbox until they say it."""
    try:
        from clef.volunteers.gaps import screening_staffed
    except ImportError:
        return checklist.staff_ready, []
    return screening_staffed(screening)


def _staff(checklist, screening, agreed_films):
    ready, missing = staffed(screening, checklist)
    detail = ", ".join(str(m) for m in missing)
    return ready, _("the staff is not complete"), detail, []


def _has_text(screening, suffix):
    if getattr(screening, "description" + suffix).strip():
        return True
    films = [sf.film for sf in screening.screening_films.all()]
    return bool(films) and all(getattr(f, "synopsis" + suffix).strip() for f in films)


def _text(checklist, screening, agreed_films):
    lacking = []
    if not _has_text(screening, ""):
        lacking.append(_("French"))
    if not _has_text(screening, "_en"):
        lacking.append(_("English"))
    missing = _("the programme text is missing in %(languages)s") % {
        "languages": _(" and ").join(str(x) for x in lacking)
    }
    return not lacking, missing, "", []


def _poster(checklist, screening, agreed_films):
    return checklist.poster_ready, _("the poster or still is missing"), "", []


READERS = {
    "rights": _rights,
    "copy": _copy,
    "subtitles": _subtitles,
    "guest": _guest,
    "staff": _staff,
    "text": _text,
    "poster": _poster,
}


def agreed_films(screening):
    """The films of ``screening`` whose rights agreement the accounts hold."""
    return set(screening.rights_agreements.values_list("film_id", flat=True))


def items(checklist, *, today=None, agreed=None):
    """Each item of ``checklist`` in order. ``agreed`` (film ids) may be given by a list
    page that read them for many screenings at once."""
    screening = checklist.screening
    today = today or screening.room.venue.local_date()
    agreed = agreed_films(screening) if agreed is None else agreed
    day = screening.local_start.date()
    found = []
    for code in ORDER:
        done, missing, detail, flags = READERS[code](checklist, screening, agreed)
        due_on = day - dt.timedelta(days=due_days(code))
        found.append(
            Item(
                code=code,
                done=done,
                due_on=due_on,
                missing="" if done else missing,
                detail=detail,
                flags=flags,
                late=not done and due_on < today,
            )
        )
    return found


def missing(checklist, **kwargs):
    """What ``checklist`` still lacks, as phrases."""
    return [item.missing for item in items(checklist, **kwargs) if not item.done]


def publication_check(screening):
    """Registered with the programme: what a screening with a checklist lacks, unless a
    commission member published it anyway."""
    checklist = Checklist.objects.filter(screening_id=screening.pk).first()
    if checklist is None or checklist.overrides.exists():
        return []
    checklist.screening = screening
    return missing(checklist)
