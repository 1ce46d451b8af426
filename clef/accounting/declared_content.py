"""What a declaration freezes, and what changed between two versions.

``week_content`` and ``month_content`` read the figures a declaration states from the
live week (``declarations.weekly_declaration``) or month (``declarations.monthly_tax``)
into a plain, JSON-able dict: per screening its films (visa, version, rights holder,
terms, share), its admissions and takings per price, its takings and tax; per week of a
month its screenings, takings and tax. Amounts are strings ("12.50"), so a dict read
back from the database equals the one just built when nothing changed: that equality is
how a declaration is known to be still true.

``differences`` lists what changed from one version's content to another's, as plain
data kept with the new version; ``change_lines`` writes them in the reader's language.
"""

import datetime as dt

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from clef.accounting.models import RightsAgreement
from clef.lib.money import cents, format_euros
from clef.programme.models import ScreeningFilm

FORMAT = 1  # the shape of the content; raise it if the shape ever changes

# Fields whose values are amounts of money (written with "€" when shown).
MONEY = {"takings", "tax", "share", "amount", "receipts", "due"}


def _money(amount):
    return str(cents(amount))


def _terms(agreement):
    if agreement is None:
        return None
    return {
        "kind": agreement.kind,
        "rate": None if agreement.rate is None else str(agreement.rate),
        "amount": None if agreement.amount is None else _money(agreement.amount),
    }


def _screening(showing, *, taxed):
    statement = showing.statement
    screening = statement.screening
    local = showing.local_start
    with translation.override(settings.LANGUAGE_CODE):  # the same in every language
        title = str(showing.title)
    return {
        "id": screening.pk,
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "room": screening.room.name,
        "title": title,
        "taxed": taxed,
        "films": [
            {
                "id": line.film.pk,
                "title": line.film.title,
                "visa": line.film.visa_number,
                "version": line.shown.version,
                "holder": line.holder.name if line.holder else None,
                "terms": _terms(line.agreement),
                "share": _money(line.owed),
            }
            for line in statement.films
        ],
        "prices": [
            {
                "price": _money(row.price),
                "admissions": row.admissions,
                "takings": _money(row.takings),
            }
            for row in statement.rows
        ],
        "admissions": statement.admissions,
        "takings": _money(statement.receipts),
        "tax": _money(statement.tsa),
    }


def week_content(declaration):
    """What declaring the week states, from a live ``declarations.Declaration``: no
    query."""
    showings = [s for day in declaration.days for s in day.showings]
    screenings = [_screening(s, taxed=True) for s in showings]
    screenings += [_screening(s, taxed=False) for s in declaration.untaxed]
    screenings.sort(key=lambda s: (s["date"], s["time"], s["room"], s["id"]))
    figures = declaration.figures
    return {
        "format": FORMAT,
        "kind": "week",
        "start": declaration.week.start.isoformat(),
        "end": declaration.week.end.isoformat(),
        "screenings": screenings,
        "memberships": {
            "count": declaration.memberships.count,
            "amount": _money(declaration.memberships.amount),
        },
        "bar": {"count": declaration.bar.count, "amount": _money(declaration.bar.amount)},
        "totals": {
            "screenings": figures.screenings,
            "admissions": figures.admissions,
            "takings": _money(figures.receipts),
            "tax": _money(figures.tsa),
            "share": _money(figures.rights),
        },
    }


def month_content(tax):
    """What declaring the month's tax states, from a live ``declarations.MonthlyTax``: no
    query."""
    return {
        "format": FORMAT,
        "kind": "month",
        "start": tax.first.isoformat(),
        "end": tax.last.isoformat(),
        "weeks": [
            {
                "start": w.week.start.isoformat(),
                "first": w.first.isoformat(),
                "last": w.last.isoformat(),
                "screenings": w.screenings,
                "in_month": w.in_month,
                "taxed": bool(w.taxed),
                "takings": _money(w.receipts),
                "tax": _money(w.tsa),
            }
            for w in tax.weeks
        ],
        "rates": [
            {"rate": str(r.rate), "takings": _money(r.receipts), "tax": _money(r.tax)}
            for r in tax.rates
        ],
        "totals": {
            "takings": _money(tax.receipts),
            "tax": _money(tax.tsa),
            "due": _money(tax.due),
        },
    }


def totals_of(content):
    """(admissions or None, takings, tax) of a content, for the version's row."""
    totals = content["totals"]
    return totals.get("admissions"), cents(totals["takings"]), cents(totals["tax"])


# --- what changed -------------------------------------------------------------------------
def _change(subject, label, field, before, after):
    return {"subject": subject, "label": label, "field": field, "before": before, "after": after}


def _compare(changes, subject, label, old, new, fields):
    for name in fields:
        if old.get(name) != new.get(name):
            changes.append(_change(subject, label, name, old.get(name), new.get(name)))


def _keyed(rows, key):
    return {row[key]: row for row in rows}


def _screening_label(s):
    return {"date": s["date"], "time": s["time"], "room": s["room"], "title": s["title"]}


def _film_fields(film):
    return {
        "visa": film["visa"],
        "version": film["version"],
        "holder": film["holder"],
        "terms": film["terms"],
        "share": film["share"],
    }


def _screening_changes(changes, old, new):
    label = _screening_label(new)
    _compare(changes, "screening", label, old, new, ["admissions", "takings", "tax"])
    old_prices, new_prices = _keyed(old["prices"], "price"), _keyed(new["prices"], "price")
    for price in sorted(set(old_prices) | set(new_prices), key=cents):
        before = old_prices.get(price, {"admissions": 0, "takings": "0.00"})
        after = new_prices.get(price, {"admissions": 0, "takings": "0.00"})
        _compare(changes, "price", {**label, "price": price}, before, after, ["admissions"])
    old_films, new_films = _keyed(old["films"], "id"), _keyed(new["films"], "id")
    for film in new["films"]:
        before = old_films.get(film["id"])
        film_label = {**label, "film": film["title"]}
        if before is None:
            changes.append(_change("film", film_label, "added", None, film["title"]))
            continue
        fields = ["visa", "version", "holder", "terms", "share"]
        _compare(changes, "film", film_label, _film_fields(before), _film_fields(film), fields)
    for film in old["films"]:
        if film["id"] not in new_films:
            film_label = {**label, "film": film["title"]}
            changes.append(_change("film", film_label, "removed", film["title"], None))


def differences(old, new):
    """What changed from the content ``old`` to ``new`` (both of one kind), in order: a
    list of plain dicts (subject, label, field, before, after)."""
    changes = []
    if new["kind"] == "week":
        old_rows, new_rows = _keyed(old["screenings"], "id"), _keyed(new["screenings"], "id")
        for row in new["screenings"]:
            if row["id"] not in old_rows:
                changes.append(
                    _change("screening", _screening_label(row), "added", None, row["takings"])
                )
            else:
                _screening_changes(changes, old_rows[row["id"]], row)
        for row in old["screenings"]:
            if row["id"] not in new_rows:
                changes.append(
                    _change("screening", _screening_label(row), "removed", row["takings"], None)
                )
        for subject in ("memberships", "bar"):
            _compare(changes, subject, {}, old[subject], new[subject], ["count", "amount"])
        fields = ["screenings", "admissions", "takings", "tax", "share"]
    else:
        old_weeks, new_weeks = _keyed(old["weeks"], "start"), _keyed(new["weeks"], "start")
        for start, row in new_weeks.items():
            before = old_weeks.get(start, {})
            fields = ["screenings", "in_month", "taxed", "takings", "tax"]
            _compare(changes, "week", {"start": start, "end": row["last"]}, before, row, fields)
        fields = ["takings", "tax", "due"]
    _compare(changes, "total", {}, old["totals"], new["totals"], fields)
    return changes


# --- the changes in words -----------------------------------------------------------------
def _field_name(field):
    names = {
        "admissions": _("admissions"),
        "takings": _("takings"),
        "tax": _("tax on admissions"),
        "share": _("rights holder's share"),
        "visa": _("visa number"),
        "version": _("version"),
        "holder": _("rights holder"),
        "terms": _("terms"),
        "count": pgettext("count", "number"),
        "amount": _("amount"),
        "screenings": _("screenings"),
        "in_month": _("screenings in the month"),
        "taxed": _("taxed"),
        "due": _("tax due"),
    }
    return names.get(field, field)


def _value(field, value):
    if value is None or value == "":
        return "—"
    if field in MONEY:
        return format_euros(cents(value))
    if field == "taxed":
        return _("yes") if value else _("no")
    if field == "terms":
        agreement = RightsAgreement(kind=value["kind"], rate=value["rate"], amount=value["amount"])
        return str(agreement.terms_text())
    if field == "version":
        return str(ScreeningFilm.Version(value).label) if value in ScreeningFilm.Version else value
    return str(value)


def _day(text):
    return formats.date_format(dt.date.fromisoformat(text), "D j F")


def _label(change):
    label, subject = change["label"], change["subject"]
    if subject in ("screening", "price", "film"):
        where = _("%(day)s at %(time)s, %(room)s, %(title)s") % {
            "day": _day(label["date"]),
            "time": label["time"],
            "room": label["room"],
            "title": label["title"],
        }
        if subject == "price":
            return _("%(screening)s, price %(price)s") % {
                "screening": where,
                "price": format_euros(cents(label["price"])),
            }
        if subject == "film":
            return _("%(screening)s, film “%(film)s”") % {"screening": where, "film": label["film"]}
        return where
    if subject == "week":
        return _("Week from %(start)s to %(end)s") % {
            "start": _day(label["start"]),
            "end": _day(label["end"]),
        }
    return {
        "memberships": _("Memberships"),
        "bar": _("Bar"),
        "total": pgettext("declaration", "Total"),
    }.get(subject, subject)


def change_lines(changes):
    """Each change as a sentence in the active language: "Wed 18 November at 20:00,
    Room 1, Film, price 5,00 €: admissions 3 → 4"."""
    lines = []
    for change in changes:
        field = change["field"]
        if field == "added":
            text = _("%(what)s: added") % {"what": _label(change)}
        elif field == "removed":
            text = _("%(what)s: removed") % {"what": _label(change)}
        else:
            text = _("%(what)s: %(field)s %(before)s → %(after)s") % {
                "what": _label(change),
                "field": _field_name(field),
                "before": _value(field, change["before"]),
                "after": _value(field, change["after"]),
            }
        lines.append(text)
    return lines
