"""The weekly declaration and the monthly tax as files: CSV, JSON and PDF.

CSV: written by ``lib.spreadsheet`` in the reader's language (French: "12,50"; English:
"12.50"), dates in ISO form (2026-11-18) and times on the 24-hour clock, local to the
venue; no text cell is ever a live formula. One table: the first column names what each
row is (declaration, screening, tickets, film, price, day, workshop, memberships, bar,
total), like the headers and the values (versions, terms) in the reader's language. The
first row, "declaration", carries the establishment's CNC number, the week's year and
number and the tax rates; each screening's row its room's CNC number and end time; a
"tickets" row per screening and price the ticket numbers used ("2026 : 1041–1052,
1060", a till's own series apart: "· T1-2026 : 1–12") with the tickets issued, presold
and cancelled, as the till's ticket statement has them.

JSON: amounts and rates as strings ("12.50"), times in ISO form with their offset; a run
of ticket numbers gives its year as "series", and "till_series" ("T1") when it is a
till's own series.

The PDFs are in ``declaration_pdf``.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from clef.accounting.declarations import version_code
from clef.boxoffice.statements import split_label
from clef.lib import spreadsheet
from clef.lib.money import cents, format_euros

CSV_COLUMNS = [
    ("record", lambda: _("record")),
    ("room", lambda: _("room")),
    ("cnc", lambda: _("CNC number")),
    ("programme", lambda: _("programme")),
    ("date", lambda: _("date")),
    ("time", lambda: _("time")),
    ("end", lambda: _("end")),
    ("year", lambda: _("week's year")),
    ("week", lambda: _("week number")),
    ("film", lambda: _("film")),
    ("visa", lambda: _("visa number")),
    ("version", lambda: _("version")),
    ("version_code", lambda: _("version code")),
    ("x_rated", lambda: _("X-rated")),
    ("holder", lambda: _("rights holder")),
    ("terms", lambda: _("terms")),
    ("tsa_rate", lambda: _("tax rate (%)")),
    ("tsa_rate_x", lambda: _("tax rate, X-rated (%)")),
    ("price", lambda: _("price")),
    ("numbers", lambda: _("ticket numbers")),
    ("count", lambda: pgettext("count", "number")),
    ("issued", lambda: _("issued at the door")),
    ("presold", lambda: _("presold")),
    ("cancelled", lambda: pgettext("tickets", "cancelled")),
    ("admissions", lambda: _("admissions")),
    ("paid", lambda: pgettext("admissions", "paid")),
    ("free", lambda: pgettext("admissions", "free")),
    ("takings", lambda: _("takings")),
    ("vat", lambda: _("VAT")),
    ("tsa", lambda: _("tax on admissions")),
    ("base", lambda: _("distributor base")),
    ("share", lambda: _("rights holder's share")),
]


# The first column of the CSV: what each row is, in the reader's language.
RECORDS = {
    "declaration": lambda: pgettext("declaration row", "declaration"),
    "screening": lambda: pgettext("declaration row", "screening"),
    "tickets": lambda: pgettext("declaration row", "tickets"),
    "film": lambda: pgettext("declaration row", "film"),
    "price": lambda: pgettext("declaration row", "price"),
    "day": lambda: pgettext("declaration row", "day"),
    "workshop": lambda: pgettext("declaration row", "workshop"),
    "memberships": lambda: pgettext("declaration row", "memberships"),
    "bar": lambda: pgettext("declaration row", "bar"),
    "total": lambda: pgettext("declaration row", "total"),
}


def amount(value):
    """ "12.50": a dot, two decimals, whatever the language (JSON)."""
    return str(cents(value))


def _figures_cells(figures):
    return {
        "admissions": figures.admissions,
        "paid": figures.paid,
        "free": figures.free,
        "takings": cents(figures.receipts),
        "vat": cents(figures.vat),
        "tsa": cents(figures.tsa),
        "base": cents(figures.distributor_base),
        "share": cents(figures.rights),
    }


def _statement_cells(statement):
    return {
        "admissions": statement.admissions,
        "paid": statement.paid,
        "free": statement.free,
        "takings": cents(statement.receipts),
        "vat": cents(statement.vat),
        "tsa": cents(statement.tsa),
        "base": cents(statement.distributor_base),
        "share": cents(statement.rights),
    }


def declaration_rows(declaration):
    """The rows of the declaration's CSV, as dicts keyed by ``CSV_COLUMNS``, each value of
    the type ``lib.spreadsheet`` writes (Decimal amounts, dates, times, texts); "record" is
    a key of ``RECORDS``."""
    year, number = declaration.numbered
    yield {
        "record": "declaration",
        "cnc": declaration.cnc_number,
        "programme": declaration.venue.name,
        "date": declaration.week.start,
        "year": year,
        "week": number,
        "x_rated": declaration.x_rated,
        "tsa_rate": declaration.tsa_rate,
        "tsa_rate_x": declaration.tsa_rate_x,
    }
    for block in declaration.rooms:
        for programme in block.programmes:
            where = {
                "room": block.room.name,
                "cnc": block.room.cnc_number,
                "programme": programme.title,
            }
            for showing in programme.showings:
                when = {
                    "date": showing.day,
                    "time": showing.local_start.time(),
                    "end": showing.local_end.time(),
                }
                yield {
                    "record": "screening",
                    **where,
                    **when,
                    "x_rated": programme.x_rated,
                    "tsa_rate": showing.statement.tsa_rate,
                    **_statement_cells(showing.statement),
                }
                for row in showing.prices:
                    yield {
                        "record": "tickets",
                        **where,
                        **when,
                        "price": cents(row.price),
                        "numbers": row.numbers,
                        "count": row.count,
                        "issued": row.issued,
                        "presold": row.presales,
                        "cancelled": row.cancelled,
                        "admissions": row.admissions,
                        "takings": cents(row.takings),
                    }
            for entry in programme.films:
                for deal in entry.deals:
                    yield {
                        "record": "film",
                        **where,
                        "film": entry.title,
                        "visa": entry.visa,
                        "version": entry.version,
                        "version_code": entry.version_code,
                        "x_rated": entry.x_rated,
                        "holder": deal.holder.name if deal.holder else "",
                        "terms": deal.terms or _("no agreement recorded"),
                        "count": deal.screenings,
                        "share": cents(deal.owed),
                    }
            for row in programme.prices:
                yield {
                    "record": "price",
                    **where,
                    "price": cents(row.price),
                    "admissions": row.admissions,
                    "takings": cents(row.takings),
                }
    for day in declaration.days:
        yield {
            "record": "day",
            "date": day.day,
            "count": day.figures.screenings,
            **_figures_cells(day.figures),
        }
    for row in declaration.prices:
        yield {
            "record": "price",
            "price": cents(row.price),
            "admissions": row.admissions,
            "takings": cents(row.takings),
        }
    for showing in declaration.untaxed:
        yield {
            "record": "workshop",
            "room": showing.screening.room.name,
            "programme": showing.title,
            "date": showing.day,
            "time": showing.local_start.time(),
            "admissions": showing.statement.admissions,
            "paid": showing.statement.paid,
            "free": showing.statement.free,
            "takings": cents(showing.statement.receipts),
        }
    for record, tally in (("memberships", declaration.memberships), ("bar", declaration.bar)):
        yield {"record": record, "count": tally.count, "takings": cents(tally.amount)}
    yield {
        "record": "total",
        "count": declaration.figures.screenings,
        **_figures_cells(declaration.figures),
    }


def declaration_csv(declaration):
    keys = [key for key, _label in CSV_COLUMNS]
    return spreadsheet.csv_bytes(
        [label() for _key, label in CSV_COLUMNS],
        (
            [RECORDS[row["record"]](), *(row.get(key) for key in keys[1:])]
            for row in declaration_rows(declaration)
        ),
    )


# --- JSON -----------------------------------------------------------------------------------
def _figures_json(figures):
    return {
        "screenings": figures.screenings,
        "admissions": figures.admissions,
        "paid": figures.paid,
        "free": figures.free,
        "takings": amount(figures.receipts),
        "vat": amount(figures.vat),
        "tsa": amount(figures.tsa),
        "music_rights": amount(figures.music_rights),
        "distributor_base": amount(figures.distributor_base),
        "rights": amount(figures.rights),
        "cinema": amount(figures.cinema),
    }


def _showing_json(showing):
    statement = showing.statement
    room = showing.room
    return {
        "screening": showing.screening.pk,
        "room": room.name,
        "room_cnc_number": room.cnc_number,
        "starts_at": showing.local_start.isoformat(),
        "ends_at": showing.local_end.isoformat(),
        "date": showing.day.isoformat(),
        "time": showing.local_start.strftime("%H:%M"),
        "end_time": showing.local_end.strftime("%H:%M"),
        "films": [
            {
                "film": shown.film_id,
                "title": shown.film.title,
                "visa": shown.film.visa_number,
                "version": shown.version,
                "version_code": version_code(shown),
                "x_rated": shown.film.x_rated,
            }
            for shown in showing.screening.screening_films.all()
        ],
        "x_rated": statement.x_rated,
        "admissions": statement.admissions,
        "paid": statement.paid,
        "free": statement.free,
        "takings": amount(statement.receipts),
        "vat": amount(statement.vat),
        "tsa": amount(statement.tsa),
        "tsa_rate": str(statement.tsa_rate),
        "distributor_base": amount(statement.distributor_base),
        "rights": amount(statement.rights),
        "prices": [_tickets_json(row) for row in showing.prices],
    }


def _tickets_json(row):
    """A screening's tickets at one price (``boxoffice.statements.Row``): what the till's
    ticket statement says of them."""
    return {
        "price": amount(row.price),
        "admissions": row.admissions,
        "takings": amount(row.takings),
        "numbers": row.numbers,
        "ranges": [_range_json(*r) for r in row.ranges],
        "issued": row.issued,
        "presold": row.presales,
        "cancelled": row.cancelled,
        "unpaid": row.unpaid,
    }


def _range_json(label, first, last):
    """A run of numbers: its year, and a till's own series ("T1") when it is one's."""
    till_series, year = split_label(label)
    found = {"series": year, "first": first, "last": last}
    if till_series:
        found["till_series"] = till_series
    return found


def _prices_json(rows):
    return [
        {"price": amount(r.price), "admissions": r.admissions, "takings": amount(r.takings)}
        for r in rows
    ]


def _film_json(entry):
    return {
        "film": entry.film.pk,
        "title": entry.title,
        "visa": entry.visa,
        "no_visa": entry.film.no_visa,
        "version": entry.shown.version,
        "version_code": entry.version_code,
        "version_text": entry.version,
        "x_rated": entry.x_rated,
        "distributor_base": amount(entry.portion),
        "share": amount(entry.owed),
        "missing_agreements": entry.missing,
        "deals": [
            {
                "holder": deal.holder.pk if deal.holder else None,
                "holder_name": deal.holder.name if deal.holder else None,
                "terms": deal.terms or None,
                "screenings": deal.screenings,
                "share": amount(deal.owed),
            }
            for deal in entry.deals
        ],
    }


def declaration_json(declaration):
    """The declaration as plain data, ready for ``json.dumps``."""
    year, number = declaration.numbered
    return {
        "venue": declaration.venue.name,
        "cnc_number": declaration.cnc_number,
        "week": {
            "start": declaration.week.start.isoformat(),
            "end": declaration.week.end.isoformat(),
            "year": year,
            "number": number,
        },
        "tsa_rate": str(declaration.tsa_rate),
        "tsa_rate_x": str(declaration.tsa_rate_x),
        "x_rated": declaration.x_rated,
        "provisional": declaration.provisional,
        "films_without_visa": [
            {"film": film.pk, "title": film.title, "year": film.year}
            for film in declaration.films_without_visa
        ],
        "rooms": [
            {
                "room": block.room.name,
                "cnc_number": block.room.cnc_number,
                "programmes": [
                    {
                        "title": p.title,
                        "x_rated": p.x_rated,
                        "tsa_rate": str(p.tsa_rate),
                        "films": [_film_json(f) for f in p.films],
                        "screenings": [_showing_json(s) for s in p.showings],
                        "days": [
                            {"date": d.day.isoformat(), **_figures_json(d.figures)} for d in p.days
                        ],
                        "prices": _prices_json(p.prices),
                        "totals": _figures_json(p.figures),
                    }
                    for p in block.programmes
                ],
            }
            for block in declaration.rooms
        ],
        "days": [{"date": d.day.isoformat(), **_figures_json(d.figures)} for d in declaration.days],
        "prices": _prices_json(declaration.prices),
        "totals": _figures_json(declaration.figures),
        "untaxed": {
            "screenings": [{**_showing_json(s), "title": s.title} for s in declaration.untaxed],
            "admissions": declaration.untaxed_figures.admissions,
            "takings": amount(declaration.untaxed_figures.receipts),
        },
        "other_receipts": {
            "memberships": {
                "count": declaration.memberships.count,
                "amount": amount(declaration.memberships.amount),
            },
            "bar": {"count": declaration.bar.count, "amount": amount(declaration.bar.amount)},
        },
        "rights_holders": [
            {"holder": h.holder.pk, "name": h.holder.name, "share": amount(h.owed)}
            for h in declaration.holders
        ],
    }


# --- the monthly tax -------------------------------------------------------------------------
def monthly_rows(tax):
    for row in tax.weeks:
        yield [
            row.week.start,
            row.week.end,
            row.screenings,
            bool(row.taxed),
            row.in_month,
            cents(row.receipts),
            cents(row.tsa),
            cents(row.due),
        ]


def monthly_csv(tax):
    header = [
        _("week from"),
        _("week to"),
        _("screenings in the week"),
        _("taxed"),
        _("screenings in the month"),
        _("takings in the month"),
        _("tax at its rate"),
        _("tax of taxed weeks"),
    ]
    total = [
        None,
        None,
        None,
        None,
        sum(w.in_month for w in tax.weeks),
        cents(tax.receipts),
        None,
        cents(tax.weeks_tsa),
    ]
    month_tax = [None, None, None, None, None, None, _("Tax on the taxed takings"), cents(tax.tsa)]
    due = [None, None, None, None, None, None, _("tax due"), cents(tax.due)]
    return spreadsheet.csv_bytes(header, [*monthly_rows(tax), total, month_tax, due])


def monthly_notes(tax):
    notes = [
        _(
            "The tax is due for the screenings of the cinema weeks with at least %(n)s "
            "screenings held (counted over the whole week)."
        )
        % {"n": tax.min_screenings}
    ]
    if tax.below_threshold:
        notes.append(
            _("Under %(threshold)s for the month: nothing is due.")
            % {"threshold": format_euros(tax.threshold)}
        )
    return notes
