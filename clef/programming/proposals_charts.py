"""The collective's figures as tables (shown, and as CSV) and SVG charts, drawn as the
accounts' statistics are (`accounting.charts`: same style, same accessible SVG)."""

from dataclasses import dataclass

import pygal
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clef.accounting.charts import (
    MONTHS,
    ChartKind,
    Column,
    Table,
    _chart,
    _float,
    _render,
    month_label,
    percent_text,
)
from clef.accounting.stats import rate
from clef.programming.proposals_continents import CONTINENTS


def per_month_table(figures):
    return Table(
        [Column(_("Month"), "month"), Column(_("Proposals submitted"))],
        [[m.first, m.submitted] for m in figures.months],
    )


def accepted_table(figures):
    return Table(
        [Column(_("Month"), "month"), Column(_("Decided")), Column(_("Accepted")),
         Column(_("Share accepted"), "percent")],
        [[m.first, m.decided, m.accepted, rate(m.accepted, m.decided)] for m in figures.months],
    )  # fmt: skip


def waits_table(figures):
    return Table(
        [Column(_("Proposal"), "text"), Column(_("Submitted"), "day"),
         Column(_("Screened"), "day"), Column(_("Days"))],
        [list(row) for row in figures.waits],
    )  # fmt: skip


def programmers_table(figures):
    return Table(
        [Column(_("Programmer"), "text"), Column(_("Screenings"))],
        [list(row) for row in figures.programmers],
    )


def first_timers_table(figures):
    return Table(
        [Column(_("Month"), "month"), Column(_("First-time programmers"))],
        [[m.first, m.first_timers] for m in figures.months],
    )


def countries_table(figures):
    return Table(
        [Column(_("Country"), "text"), Column(_("Films"))],
        [list(row) for row in figures.countries],
    )


def continent_label(key):
    return str(CONTINENTS.get(key, _("Not known")))


def continents_table(figures):
    return Table(
        [Column(_("Continent"), "text"), Column(_("Films"))],
        [[continent_label(key), count] for key, count in figures.continents],
    )


def _months_bar(figures, title, name, values, **config):
    chart = _chart(pygal.Bar, title, show_legend=False, **MONTHS, **config)
    chart.x_labels = [month_label(m.first) for m in figures.months]
    chart.add(name, values)
    return _render(chart)


def per_month_svg(figures, title):
    return _months_bar(figures, title, _("Proposals submitted"),
                       [m.submitted for m in figures.months])  # fmt: skip


def accepted_svg(figures, title):
    values = [_float(rate(m.accepted, m.decided)) for m in figures.months]
    return _months_bar(figures, title, _("Share accepted"), values,
                       range=(0, 100), value_formatter=percent_text)  # fmt: skip


def _horizontal(title, name, rows):
    chart = _chart(pygal.HorizontalBar, title, show_legend=False, truncate_label=22)
    rows = list(reversed(rows[:15]))  # pygal draws the first one at the bottom
    chart.x_labels = [label for label, _value in rows]
    chart.add(name, [value for _label, value in rows])
    return _render(chart)


def waits_svg(figures, title):
    return _horizontal(title, _("Days"), [(w[0], w[3]) for w in figures.waits])


def programmers_svg(figures, title):
    return _horizontal(title, _("Screenings"), figures.programmers)


def first_timers_svg(figures, title):
    return _months_bar(figures, title, _("First-time programmers"),
                       [m.first_timers for m in figures.months])  # fmt: skip


def countries_svg(figures, title):
    return _horizontal(title, _("Films"), figures.countries)


def continents_svg(figures, title):
    chart = _chart(pygal.Pie, title)
    for key, count in figures.continents:
        chart.add(continent_label(key), count)
    return _render(chart)


CHARTS = {
    c.slug: c
    for c in (
        ChartKind("proposals-per-month", gettext_lazy("Proposals per month"),
                  per_month_table, per_month_svg),
        ChartKind("share-accepted", gettext_lazy("Share of proposals accepted"),
                  accepted_table, accepted_svg),
        ChartKind("time-to-screening", gettext_lazy("From proposal to screening"),
                  waits_table, waits_svg),
        ChartKind("screenings-per-programmer", gettext_lazy("Screenings per programmer"),
                  programmers_table, programmers_svg),
        ChartKind("first-time-programmers", gettext_lazy("First-time programmers"),
                  first_timers_table, first_timers_svg),
        ChartKind("films-by-country", gettext_lazy("Films by country of production"),
                  countries_table, countries_svg),
        ChartKind("films-by-continent", gettext_lazy("Films by continent of production"),
                  continents_table, continents_svg),
    )
}  # fmt: skip


@dataclass
class Drawn:
    kind: ChartKind
    table: Table
    svg: str

    @property
    def slug(self):
        return self.kind.slug

    @property
    def title(self):
        return self.kind.title


def draw_all(figures):
    return [
        Drawn(kind, kind.table(figures), kind.draw(figures, str(kind.title)))
        for kind in CHARTS.values()
    ]
