"""A rights holder's statement, drawn from its content (``statements.statement_content``
or a version's frozen ``content``): read for a page (``present``), printed (``pdf``, A4
landscape, in the active language) and as data (``csv``).

The CSV follows the weekly declaration's (``lib.spreadsheet``): in the reader's language,
headers and values (the version shown, the kind of terms) included, with that language's
decimal mark, ISO dates, and no text cell a live formula.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from clef.accounting.models import RightsAgreement
from clef.lib import spreadsheet
from clef.lib.money import format_euros
from clef.lib.pdf import Sheet, short_date


def csv_columns():
    """The CSV's headers, in the active language."""
    return [
        _("week from"),
        _("rights holder"),
        _("statement version"),
        _("date"),
        _("time"),
        _("room"),
        _("film"),
        _("visa number"),
        _("version"),
        _("admissions"),
        pgettext("admissions", "paid"),
        pgettext("admissions", "free"),
        _("takings"),
        _("VAT"),
        _("tax on admissions"),
        _("tax rate (%)"),
        _("distributor base"),
        _("film's base"),
        _("terms"),
        _("rate (%)"),
        _("fixed amount"),
        _("rights holder's share"),
    ]


AMOUNTS = ("receipts", "vat", "tsa", "distributor_base", "portion", "owed")
TOTALS = ("receipts", "vat", "tsa", "portion", "owed")


def _label(texts):
    """The text of the active language among ``{"fr": ..., "en": ...}``."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return texts.get(language) or texts.get(settings.LANGUAGE_CODE) or ""


def present(content):
    """``content`` ready for a template: amounts as Decimal, dates as dates, the local
    start as a naive wall time, labels in the active language."""
    rows = []
    for row in content["rows"]:
        rows.append(
            {
                **row,
                **{key: Decimal(row[key]) for key in AMOUNTS},
                "local": dt.datetime.fromisoformat(row["starts_at"]).replace(tzinfo=None),
                "version_text": _label(row["version_text"]),
                "terms_text": _label(row["terms"]["text"]),
            }
        )
    totals = content["totals"]
    return {
        "venue": content["venue"],
        "holder": content["holder"],
        "start": dt.date.fromisoformat(content["week"]["start"]),
        "end": dt.date.fromisoformat(content["week"]["end"]),
        "provisional": content["week"]["provisional"],
        "rows": rows,
        "totals": {**totals, **{key: Decimal(totals[key]) for key in TOTALS}},
        "programmes": any(row["films_shown"] > 1 for row in rows),
    }


def _columns():
    """The PDF's columns (273 mm, the width of an A4 landscape page inside its margins):
    each title names one thing, and the widest word of a title or of a cell fits its
    column, so that wrapping never cuts one."""
    return [
        (_("Day"), 15, "L"),
        (pgettext("time of day", "Time"), 13, "L"),
        (_("Room"), 15, "L"),
        (_("Film"), 38, "L"),
        (_("Visa"), 14, "L"),
        (_("Version"), 15, "L"),
        (_("Admissions"), 21, "R"),
        (pgettext("admissions", "Free"), 18, "R"),
        (_("Receipts"), 20, "R"),
        (_("VAT"), 16, "R"),
        (_("TSA"), 16, "R"),
        (_("Film's base"), 20, "R"),
        (_("Terms"), 30, "L"),
        (_("Owed to the rights holder"), 22, "R"),
    ]


def _short_version(code):
    """How a film is shown, in a narrow column: VOST, VO, VF."""
    return {
        "vost": pgettext("film version, short", "OV sub."),
        "vo": pgettext("film version, short", "OV"),
        "vf": pgettext("film version, short", "dubbed"),
        "silent": pgettext("film version, short", "silent"),
    }.get(code, code)


def pdf(content, *, statement=None):
    """The statement as an A4 landscape PDF in the active language; ``statement`` is the
    version it belongs to (None for live figures)."""
    data = present(content)
    holder = data["holder"]["name"]
    title = _("Statement of receipts for %(holder)s, week of %(day)s") % {
        "holder": holder,
        "day": short_date(data["start"]),
    }
    sheet = Sheet(
        title=title, language=get_language(), author=data["venue"]["name"], landscape=True
    )
    sheet.line(data["venue"]["name"], size=11, bold=True)
    sheet.line(" · ".join(line for line in data["venue"]["address"] if line))
    sheet.heading(_("Statement of receipts: %(holder)s") % {"holder": holder}, size=14)
    if data["holder"]["contact"]:
        sheet.line(data["holder"]["contact"])
    for line in data["holder"]["address"].splitlines():
        sheet.line(line)
    sheet.space()
    sheet.line(
        _("Cinema week from %(start)s to %(end)s")
        % {"start": short_date(data["start"]), "end": short_date(data["end"])},
        bold=True,
    )
    if statement is None:
        sheet.line(_("Live figures: not sent."), bold=True)
    else:
        sheet.line(
            _("Version %(version)s, made on %(day)s.")
            % {"version": statement.version, "day": short_date(statement.created_at.date())}
        )
    if data["provisional"]:
        sheet.line(_("The week is not over yet: these figures are provisional."), bold=True)
    sheet.space(3)
    rows = [
        [
            formats.date_format(row["local"], "D j/m"),
            row["time"],
            row["room"],
            row["film"],
            row["visa"] or "—",
            _short_version(row["version"]),
            f"{row['admissions']} ({row['paid']})",
            str(row["free"]),
            format_euros(row["receipts"]),
            format_euros(row["vat"]),
            format_euros(row["tsa"]),
            format_euros(row["portion"]),
            row["terms_text"],
            format_euros(row["owed"]),
        ]
        for row in data["rows"]
    ]
    totals = data["totals"]
    total_row = [
        _("Total"),
        "",
        "",
        ngettext("%(count)s screening", "%(count)s screenings", totals["screenings"])
        % {"count": totals["screenings"]},
        "",
        "",
        f"{totals['admissions']} ({totals['paid']})",
        str(totals["free"]),
        format_euros(totals["receipts"]),
        format_euros(totals["vat"]),
        format_euros(totals["tsa"]),
        format_euros(totals["portion"]),
        "",
        format_euros(totals["owed"]),
    ]
    sheet.table(_columns(), rows, totals=[total_row])
    sheet.space(2)
    sheet.line(
        _("Share owed to %(holder)s: %(total)s")
        % {"holder": holder, "total": format_euros(totals["owed"])},
        size=11,
        bold=True,
    )
    sheet.space(2)
    sheet.note(
        _(
            "Admissions: all entries (paid ones in brackets). Receipts include VAT. Film's "
            "base: the film's portion of the distributor base (the receipts excluding VAT, "
            "minus the tax on admissions (TSA) paid to the CNC), on which the terms apply; "
            "not a share of its own. Every amount is rounded to the cent, half up, on each "
            "screening's receipts."
        )
    )
    if data["programmes"]:
        sheet.note(
            _(
                "A programme of several films divides its base between them; in the total, "
                "each screening's admissions and receipts count once."
            )
        )
    return sheet.output()


def csv(content, *, statement=None):
    """The statement's rows as CSV bytes in the active language (``lib.spreadsheet``)."""
    week = dt.date.fromisoformat(content["week"]["start"])
    holder = content["holder"]["name"]
    version = statement.version if statement else None
    rows = []
    for row in content["rows"]:
        terms = row["terms"]
        rows.append(
            [
                week,
                holder,
                version,
                dt.date.fromisoformat(row["date"]),
                row["time"],
                row["room"],
                row["film"],
                row["visa"],
                _label(row["version_text"]),
                row["admissions"],
                row["paid"],
                row["free"],
                *(Decimal(row[key]) for key in ("receipts", "vat", "tsa", "tsa_rate")),
                *(Decimal(row[key]) for key in ("distributor_base", "portion")),
                _terms_kind(terms["kind"]),
                None if terms["rate"] is None else Decimal(terms["rate"]),
                None if terms["amount"] is None else Decimal(terms["amount"]),
                Decimal(row["owed"]),
            ]
        )
    return spreadsheet.csv_bytes(csv_columns(), rows)


def _terms_kind(kind):
    """The kind of terms in the active language ("Pourcentage de l'assiette ...")."""
    try:
        return RightsAgreement.Kind(kind).label
    except ValueError:  # a kind no longer known, kept as it was frozen
        return kind
