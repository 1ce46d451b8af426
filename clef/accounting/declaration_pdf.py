"""The weekly declaration and the monthly tax as PDFs: landscape A4 through
``lib.pdf.Sheet``, in the active language (the caller passes it for the document's
metadata). ``Sheet`` wraps every title, header and cell (no word is cut) and keeps each
table's total with its last row."""

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as noop
from django.utils.translation import pgettext, pgettext_lazy

from clef.accounting.declaration_exports import monthly_notes
from clef.lib.money import format_euros, format_rate
from clef.lib.pdf import Sheet, clock, long_date

SCREENING_COLUMNS = [
    (noop("Day"), 46, "L"),
    (noop("Time"), 24, "L"),
    (noop("Admissions"), 26, "R"),
    (pgettext_lazy("admissions", "Paid"), 20, "R"),
    (noop("Free"), 20, "R"),
    (noop("Takings"), 28, "R"),
    (noop("VAT"), 24, "R"),
    (noop("Tax"), 24, "R"),
    (noop("Distributor base"), 36, "R"),
    (noop("Share"), 25, "R"),
]


def _columns(columns):
    """Columns with their labels translated in the active language."""
    return [
        (label if isinstance(label, Promise) else _(label), width, align)
        for label, width, align in columns
    ]


def format_percent(rate):
    """ "10,72 %" or "10.72%"."""
    return _("%(rate)s%%") % {"rate": format_rate(rate)}


def week_title(declaration):
    return _("Weekly declaration of takings, week from %(start)s to %(end)s · %(venue)s") % {
        "start": formats.date_format(declaration.week.start, "j F"),
        "end": formats.date_format(declaration.week.end, "j F Y"),
        "venue": declaration.venue.name,
    }


def declaration_pdf(declaration, *, language):
    venue = declaration.venue
    title = week_title(declaration)
    sheet = Sheet(title=title, language=language, author=venue.name, landscape=True)
    sheet.line(title, size=14, bold=True)
    sheet.line(" · ".join(venue.address_lines), size=9)
    sheet.line(_identity(declaration), size=9.5, bold=True)
    sheet.line(_rates(declaration), size=9)
    if declaration.films_without_visa:
        sheet.note(
            _("No visa number, and not marked as having none: %(films)s.")
            % {
                "films": ", ".join(
                    f"« {film.title} » ({film.year})" for film in declaration.films_without_visa
                )
            },
            size=9.5,
        )
    if declaration.provisional:
        sheet.note(_("Provisional: the week is not over, more screenings may come."))
    if declaration.missing_agreements:
        sheet.note(_("Agreements are missing: the rights holders' shares are not final."))
    if not declaration.programmes:
        sheet.note(_("No screening held this week."))
    for block in declaration.rooms:
        sheet.heading(_room_title(block.room))
        for programme in block.programmes:
            _programme(sheet, programme)
    _week(sheet, declaration)
    return sheet.output()


def _identity(declaration):
    year, number = declaration.numbered
    return _("CNC establishment number: %(cnc)s · cinema week %(number)s of %(year)s") % {
        "cnc": declaration.cnc_number or _("not set"),
        "number": number,
        "year": year,
    }


def _rates(declaration):
    return _(
        "Tax on admissions: %(rate)s of the takings; X-rated works: %(x_rate)s%(applied)s."
    ) % {
        "rate": format_percent(declaration.tsa_rate),
        "x_rate": format_percent(declaration.tsa_rate_x),
        "applied": _(" (applied this week)") if declaration.x_rated else "",
    }


def _room_title(room):
    return _("%(room)s · CNC room number: %(cnc)s") % {
        "room": room.name,
        "cnc": room.cnc_number or _("not set"),
    }


def _figures(figures):
    return [
        str(figures.admissions),
        str(figures.paid),
        str(figures.free),
        format_euros(figures.receipts),
        format_euros(figures.vat),
        format_euros(figures.tsa),
        format_euros(figures.distributor_base),
        format_euros(figures.rights),
    ]


def _programme(sheet, programme):
    sheet.space(1)
    sheet.keep(30)  # the title, its rate and the start of its first table together
    sheet.line(programme.title, size=11, bold=True)
    rate = _("Tax on admissions at %(rate)s") % {"rate": format_percent(programme.tsa_rate)}
    sheet.line(f"{_('X-rated')} · {rate}" if programme.x_rated else rate, size=9)
    rows = []
    for day in programme.days:
        for n, showing in enumerate(day.showings):
            statement = showing.statement
            rows.append(
                [
                    long_date(day.day) if n == 0 else "",
                    f"{clock(showing.local_start)}\u2013{clock(showing.local_end)}",
                    str(statement.admissions),
                    str(statement.paid),
                    str(statement.free),
                    format_euros(statement.receipts),
                    format_euros(statement.vat),
                    format_euros(statement.tsa),
                    format_euros(statement.distributor_base),
                    format_euros(statement.rights),
                ]
            )
        if len(day.showings) > 1:
            rows.append([_("total of the day"), "", *_figures(day.figures)])
    sheet.table(
        _columns(SCREENING_COLUMNS),
        rows,
        totals=[[_("Week"), "", *_figures(programme.figures)]],
    )
    films = [
        [
            entry.title,
            entry.visa or (_("none") if entry.film.no_visa else _("missing")),
            entry.version_code,
            _("yes") if entry.x_rated else _("no"),
            deal.holder.name if deal.holder else "—",
            deal.terms or _("no agreement recorded"),
            str(deal.screenings),
            format_euros(deal.owed),
        ]
        for entry in programme.films
        for deal in entry.deals
    ]
    sheet.table(
        [
            (_("Film"), 70, "L"),
            (_("Visa"), 24, "L"),
            (_("Version"), 20, "L"),
            (_("X-rated"), 14, "L"),
            (_("Rights holder"), 54, "L"),
            (_("Terms"), 46, "L"),
            (_("Screenings"), 20, "R"),
            (_("Share"), 25, "R"),
        ],
        films,
    )
    _tickets(sheet, programme)
    _prices(sheet, programme.prices)


def _tickets(sheet, programme):
    """Per screening and price, the ticket numbers used and the tickets issued, presold
    and cancelled: the till's ticket statement."""
    rows = [
        [
            f"{formats.date_format(showing.day, 'D j/m')} {clock(showing.local_start)}"
            if n == 0
            else "",
            format_euros(row.price),
            row.numbers,
            str(row.issued),
            str(row.presales),
            str(row.cancelled),
            str(row.admissions),
            format_euros(row.takings),
        ]
        for showing in programme.showings
        for n, row in enumerate(showing.prices)
    ]
    if not rows:
        return
    sheet.table(
        [
            (_("Screening"), 36, "L"),
            (_("Price"), 22, "R"),
            (_("Ticket numbers"), 91, "L"),
            (_("At the door"), 24, "R"),
            (_("Presales"), 24, "R"),
            (pgettext("tickets", "Cancelled"), 24, "R"),
            (_("Admissions"), 24, "R"),
            (_("Takings"), 28, "R"),
        ],
        rows,
    )


def _prices(sheet, prices):
    if not prices:
        return
    sheet.table(
        [(_("Price"), 40, "R"), (_("Admissions"), 30, "R"), (_("Takings"), 36, "R")],
        [[format_euros(r.price), str(r.admissions), format_euros(r.takings)] for r in prices],
        totals=[
            [
                _("Total"),
                str(sum(r.admissions for r in prices)),
                format_euros(sum(r.takings for r in prices)),
            ]
        ],
    )


def _week(sheet, declaration):
    figures = declaration.figures
    sheet.heading(_("The week"))
    sheet.table(
        [(_("Day"), 70, "L"), *_columns(SCREENING_COLUMNS)[2:]],
        [[long_date(d.day), *_figures(d.figures)] for d in declaration.days],
        totals=[[_("Week"), *_figures(figures)]],
    )
    _prices(sheet, declaration.prices)
    sheet.table(
        [(_("Where the takings go"), 80, "L"), (_("Amount"), 36, "R")],
        [
            [_("VAT"), format_euros(figures.vat)],
            [_("Tax on admissions (TSA)"), format_euros(figures.tsa)],
            [_("Music rights"), format_euros(figures.music_rights)],
            [_("Rights holders"), format_euros(figures.rights)],
            [_("Cinema"), format_euros(figures.cinema)],
        ],
        totals=[[_("Takings"), format_euros(figures.receipts)]],
    )
    if declaration.untaxed:
        sheet.heading(_("Without a film: no tax on admissions"), size=11)
        sheet.table(
            [
                (_("Day"), 58, "L"),
                (_("Time"), 18, "L"),
                (_("What"), 90, "L"),
                (_("Admissions"), 26, "R"),
                (_("Takings"), 28, "R"),
            ],
            [
                [
                    long_date(s.day),
                    clock(s.local_start),
                    s.title,
                    str(s.statement.admissions),
                    format_euros(s.statement.receipts),
                ]
                for s in declaration.untaxed
            ],
        )
    sheet.heading(_("Other receipts, no tax on admissions"), size=11)
    sheet.table(
        [(_("What"), 80, "L"), (_("Number"), 30, "R"), (_("Amount"), 36, "R")],
        [
            [
                _("Memberships"),
                str(declaration.memberships.count),
                format_euros(declaration.memberships.amount),
            ],
            [_("Bar"), str(declaration.bar.count), format_euros(declaration.bar.amount)],
        ],
    )


def monthly_pdf(tax, *, language):
    month = formats.date_format(tax.first, "F Y")
    title = _("Tax on admissions, %(month)s · %(venue)s") % {
        "month": month,
        "venue": tax.venue.name,
    }
    sheet = Sheet(title=title, language=language, author=tax.venue.name, landscape=True)
    sheet.line(title, size=14, bold=True)
    if tax.provisional:
        sheet.note(_("Provisional: a week of this month is not over yet."))
    columns = [
        (_("Week"), 62, "L"),
        (_("Screenings in the week"), 48, "R"),
        (_("Taxed"), 22, "L"),
        (_("In the month"), 30, "R"),
        (_("Takings"), 36, "R"),
        (_("Tax at its rate"), 36, "R"),
        (_("Tax of taxed weeks"), 39, "R"),
    ]
    rows = [
        [
            _("%(start)s to %(end)s")
            % {
                "start": formats.date_format(w.week.start, "j F"),
                "end": formats.date_format(w.week.end, "j F Y"),
            },
            str(w.screenings),
            _("yes") if w.taxed else _("no"),
            str(w.in_month),
            format_euros(w.receipts),
            format_euros(w.tsa),
            format_euros(w.due),
        ]
        for w in tax.weeks
    ]
    total = [
        _("Total"),
        "",
        "",
        str(sum(w.in_month for w in tax.weeks)),
        format_euros(tax.receipts),
        "",
        format_euros(tax.weeks_tsa),
    ]
    month_tax = ["", "", "", "", "", _("Tax on the taxed takings"), format_euros(tax.tsa)]
    sheet.table(columns, rows, totals=[total, month_tax])
    sheet.line(_("Tax due: %(amount)s") % {"amount": format_euros(tax.due)}, size=12, bold=True)
    for text in monthly_notes(tax):
        sheet.note(text)
    return sheet.output()
