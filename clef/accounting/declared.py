"""Declaring a cinema week and a month's tax: each declaration frozen as a version.

``declare_week`` and ``declare_month`` read the live figures (``declarations``), refuse
what cannot be declared (a week not over, a month whose weeks are not all over, a film
without a visa number that is not marked as having none, nothing changed since the last
version, a version declared meanwhile by someone else), then write the next version
(``Declaration``, append-only) with what it states (``declared_content``), the
differences from the version before, and its files as they were made
(``DeclarationFile``: the JSON, the CSV in each language, the PDF in the site's), and
log it. A
version never changes: a late ticket or a corrected agreement shows on the page as a
declaration that changed since version N, to be declared as version N+1.

The films a declaration cannot name without a visa number are read by one query,
``declarations.films_without_visa`` (the week's declaration carries them).
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from clef.accounting import access, declaration_exports, declaration_pdf
from clef.accounting.declarations import films_without_visa, monthly_tax, weekly_declaration
from clef.accounting.declared_content import (
    change_lines,
    differences,
    month_content,
    totals_of,
    week_content,
)
from clef.accounting.models import Declaration, DeclarationFile
from clef.lib.actions import log_action
from clef.lib.refusals import Refused
from clef.venues.models import Venue

ATTEMPTS = 3  # to take the next version number when two declarations meet
WEEK, MONTH = Declaration.Kind.WEEK, Declaration.Kind.MONTH


class DeclarationRefused(Refused):
    """A declaration that cannot be made; nothing written."""


# --- the versions -------------------------------------------------------------------------
@dataclass
class Declared:
    """A period's declared versions (latest first) against its live content."""

    versions: list  # Declaration, latest first, with their files
    content: dict  # the live content
    changes: list = field(default_factory=list)  # from the latest version to the live one

    @property
    def latest(self):
        return self.versions[0] if self.versions else None

    @property
    def changed(self):
        return self.latest is not None and self.latest.content != self.content

    @property
    def next_version(self):
        return self.latest.version + 1 if self.latest else 1

    @property
    def change_lines(self):
        return change_lines(self.changes)


def versions_of(venue, kind, start):
    """The versions declared for the period, latest first, each with its files and who
    declared it. Two queries."""
    return list(
        Declaration.objects.filter(venue=venue, kind=kind, period_start=start)
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "files",
                queryset=DeclarationFile.objects.defer("data").order_by("form", "language"),
            )
        )
        .order_by("-version")
    )


def declared(venue, kind, start, content):
    """The period's versions compared with its live ``content``."""
    state = Declared(versions_of(venue, kind, start), content)
    if state.changed:
        state.changes = differences(state.latest.content, content)
    return state


def week_declared(declaration):
    return declared(declaration.venue, WEEK, declaration.week.start, week_content(declaration))


def month_declared(tax):
    return declared(tax.venue, MONTH, tax.first, month_content(tax))


# --- the files ----------------------------------------------------------------------------
def _languages():
    return [code for code, _name in settings.LANGUAGES]


def _json_bytes(data):
    """As the week's declaration.json is written, ``json.dumps(data,
    cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)`` in UTF-8, byte for byte; about
    three times faster (the standard library writes indented JSON in pure Python, a
    generator per value: a quarter of declaring a busy week)."""
    return _json_text(data, "\n").encode("utf-8")


_ENCODER = DjangoJSONEncoder()
_STRING = json.encoder.encode_basestring  # ensure_ascii=False


def _json_text(value, newline):
    """``value`` as ``json.dumps`` with ``indent=1`` writes it at the depth where
    ``newline`` is the line break and its indentation; in the same order of checks."""
    if isinstance(value, str):
        return _STRING(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return json.dumps(value)
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = newline + " "
        return "[" + inner + ("," + inner).join(_json_text(v, inner) for v in value) + newline + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = newline + " "
        items = (f"{_json_key(k)}: {_json_text(v, inner)}" for k, v in value.items())
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    return _json_text(_ENCODER.default(value), newline)


def _json_key(key):
    if isinstance(key, str):
        return _STRING(key)
    if isinstance(key, bool | int | float) or key is None:
        return _STRING(json.dumps(key))  # 1 -> "1", True -> "true", as json.dumps does
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _csv_files(stem, make):
    """The CSV in each of the site's languages (a French spreadsheet reads the French
    one)."""
    made = []
    for language in _languages():
        with translation.override(language):
            name = f"{stem}-{language}.csv"
            made.append(("csv", language, name, "text/csv; charset=utf-8", make()))
    return made


def _pdf_file(stem, make):
    """The PDF in the site's language, the CNC's."""
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        return ("pdf", language, f"{stem}-{language}.pdf", "application/pdf", make(language))


def week_files(declaration, stem, *, now):
    """(form, language, name, content type, bytes) of each file of a week's version:
    the JSON, the CSV in each language, the PDF, each as the week's page gives it in its
    language. ``declaration`` was read in the site's language; a declaration holds text
    of the language it was read in (a deal's terms, a title), so it is read again in
    each other language."""
    read = {settings.LANGUAGE_CODE: declaration}

    def in_language():
        language = translation.get_language()
        if language not in read:
            read[language] = weekly_declaration(declaration.venue, declaration.week, now=now)
        return read[language]

    with translation.override(settings.LANGUAGE_CODE):
        data = _json_bytes(declaration_exports.declaration_json(declaration))
    return [
        ("json", "", f"{stem}.json", "application/json; charset=utf-8", data),
        *_csv_files(stem, lambda: declaration_exports.declaration_csv(in_language())),
        _pdf_file(
            stem, lambda language: declaration_pdf.declaration_pdf(declaration, language=language)
        ),
    ]


def month_files(tax, stem):
    """(form, language, name, content type, bytes) of each file of a month's version:
    the CSV in each language, the PDF."""
    return [
        *_csv_files(stem, lambda: declaration_exports.monthly_csv(tax)),
        _pdf_file(stem, lambda language: declaration_pdf.monthly_pdf(tax, language=language)),
    ]


# --- declaring ----------------------------------------------------------------------------
def _check_visas(missing):
    if missing:
        raise DeclarationRefused(
            "no_visa",
            _(
                "These films have no visa number: %(films)s. Give each its visa number, or "
                "mark it as having none (not a commercial film), before declaring."
            )
            % {"films": ", ".join(_("“%(title)s”") % {"title": f.title} for f in missing)},
        )


def _date(day):
    return formats.date_format(day, "j F Y")


def _write(venue, kind, start, content, files_of, *, by, based_on, now):
    """The next version of the period with ``content`` and the files ``files_of(stem)``
    makes; refused when nothing changed or a version was declared since ``based_on``."""
    Venue.objects.select_for_update().filter(pk=venue.pk).first()
    for _attempt in range(ATTEMPTS):
        latest = (
            Declaration.objects.filter(venue=venue, kind=kind, period_start=start)
            .select_related("created_by")
            .order_by("-version")
            .first()
        )
        if latest is not None and latest.content == content:
            raise DeclarationRefused(
                "unchanged",
                _("Nothing changed since version %(version)s, declared on %(day)s: no new version.")
                % {
                    "version": latest.version,
                    "day": _date(timezone.localtime(latest.created_at, venue.zone).date()),
                },
            )
        known = latest.version if latest else 0
        if based_on is not None and based_on != known:
            raise DeclarationRefused(
                "declared_meanwhile",
                _(
                    "Version %(version)s was declared meanwhile: read the page again before "
                    "declaring."
                )
                % {"version": known},
            )
        admissions, takings, tax = totals_of(content)
        version = known + 1
        try:
            with transaction.atomic():
                made = Declaration.objects.create(
                    venue=venue,
                    kind=kind,
                    period_start=start,
                    version=version,
                    content=content,
                    changes=differences(latest.content, content) if latest else [],
                    admissions=admissions,
                    takings=takings,
                    tax=tax,
                    created_at=now,
                    created_by=by,
                )
                stem = f"{_stem(kind, start)}-v{version}"
                for form, language, name, content_type, data in files_of(stem):
                    DeclarationFile.objects.create(
                        declaration=made,
                        form=form,
                        language=language,
                        name=name,
                        content_type=content_type,
                        data=data,
                        sha256=hashlib.sha256(data).hexdigest(),
                    )
                return made
        except IntegrityError:
            based_on = None  # the other one's version is read again above
            continue
    raise DeclarationRefused(
        "busy", _("Someone else is declaring this right now: try again in a moment.")
    )


def _stem(kind, start):
    if kind == MONTH:
        return f"tsa-{start:%Y-%m}"
    return f"declaration-{start.isoformat()}"


def declare_week(venue, week, *, by, based_on=None, now=None):
    """Declare the cinema ``week``: its next version, frozen. ``based_on`` is the latest
    version the person saw (0 for none): a version declared since is refused."""
    now = now or timezone.now()
    if not access.is_complete(venue, week, now=now):
        raise DeclarationRefused(
            "week_not_over",
            _("The week from %(start)s to %(end)s is not over: it can be declared from %(day)s.")
            % {
                "start": _date(week.start),
                "end": _date(week.end),
                "day": _date(week.end + dt.timedelta(days=1)),
            },
        )
    with transaction.atomic():
        with translation.override(settings.LANGUAGE_CODE):
            declaration = weekly_declaration(venue, week, now=now)
        _check_visas(declaration.films_without_visa)
        made = _write(
            venue,
            WEEK,
            week.start,
            week_content(declaration),
            lambda stem: week_files(declaration, stem, now=now),
            by=by,
            based_on=based_on,
            now=now,
        )
        _log(made, by)
    return made


def declare_month(venue, year, month, *, by, based_on=None, now=None):
    """Declare the tax of ``month`` of ``year``: its next version, frozen."""
    now = now or timezone.now()
    with transaction.atomic():
        tax = monthly_tax(venue, year, month, now=now)
        _check_month(tax)
        made = _write(
            venue,
            MONTH,
            tax.first,
            month_content(tax),
            lambda stem: month_files(tax, stem),
            by=by,
            based_on=based_on,
            now=now,
        )
        _log(made, by)
    return made


def _check_month(tax):
    if tax.provisional:
        end = tax.weeks[-1].week.end  # the whole week: it decides whether it is taxed
        raise DeclarationRefused(
            "month_not_over",
            _(
                "The last cinema week that %(month)s counts ends on %(end)s: the month can "
                "be declared from %(day)s."
            )
            % {
                "month": formats.date_format(tax.first, "F Y"),
                "end": _date(end),
                "day": _date(end + dt.timedelta(days=1)),
            },
        )
    _check_visas(films_without_visa(tax.venue, tax.covers_from, tax.covers_to))


def _log(made, by):
    log_action(
        "accounting.declaration.made",
        by=by,
        obj=made,
        kind=made.kind,
        period=made.period_start.isoformat(),
        version=made.version,
        takings=made.takings,
        tax=made.tax,
        changes=len(made.changes),
    )
