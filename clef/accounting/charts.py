"""The statistics' charts: each one a table of figures (shown under the chart for those
who cannot see it, and downloadable as CSV) and an SVG drawn by pygal from the same
figures, in the reader's language.

The SVG is meant to be inlined in the page: no XML declaration, no script (pygal's
tooltips need its JavaScript, which is not loaded; its inline configuration script is
taken out), a ``<title>`` and ``role="img"`` for screen readers, and the site's colours.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pygal
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from clef.accounting.stats import rate
from clef.lib.money import cents, format_euros

# The site's palette (clef.css): ink, the one red, muted ink, and two tints between.
INK, ACCENT, SOFT = "#1b1917", "#b1141c", "#5c544b"
STYLE = pygal.style.Style(
    background="transparent",
    plot_background="transparent",
    foreground=INK,
    foreground_strong=INK,
    foreground_subtle=SOFT,
    guide_stroke_color="#b8ae9f",
    major_guide_stroke_color=SOFT,
    opacity="1",
    opacity_hover="1",
    colors=(ACCENT, INK, SOFT, "#d9777c", "#8c8479"),
    font_family='system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    label_font_size=16,
    major_label_font_size=16,
    legend_font_size=16,
    value_font_size=14,
    title_font_size=18,
    no_data_font_size=20,
)
# Small enough that the text stays readable on a phone once the drawing is scaled down.
SIZE = {"width": 560, "height": 360}
# The month axes: twelve short names, slanted so that they never overlap.
MONTHS = {"x_label_rotation": -35}


def percent_text(value):
    """A percent as the reader's language writes it: 42,5 % or 42.5%."""
    if value is None:
        return "—"
    places = 0 if isinstance(value, float) and value.is_integer() else 1  # an axis: 50 %
    text = formats.number_format(value, places, use_l10n=True)
    return f"{text}%" if (get_language() or "").startswith("en") else f"{text}\u00a0%"


def month_text(day):
    return formats.date_format(day, "F Y")


def month_label(day):
    return formats.date_format(day, "N")


def count_text(value):
    """A count, or a point of an axis between two counts."""
    places = 0 if float(value).is_integer() else 1
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


def day_text(day):
    return formats.date_format(day, "j N")


# --- the figures as a table ----------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "int"  # int, text, euros, percent, day, month

    @property
    def numeric(self):
        return self.kind in ("int", "euros", "percent")


SHOWN = {
    "int": lambda v: formats.number_format(v, use_l10n=True, force_grouping=True),
    "text": str,
    "euros": format_euros,
    "percent": percent_text,
    "day": day_text,
    "month": lambda v: v if isinstance(v, str) else month_text(v),
}
WRITTEN = {  # CSV: values ``lib.spreadsheet`` writes in the reader's language
    "int": lambda v: v,
    "text": str,
    "euros": cents,
    "percent": lambda v: Decimal(v).quantize(Decimal("0.1"), ROUND_HALF_UP),
    "day": lambda v: v,
    "month": lambda v: v if isinstance(v, str) else v.strftime("%Y-%m"),
}


@dataclass
class Table:
    columns: list
    rows: list  # raw values: int, str, Decimal, date; None where there is nothing

    def shown(self):
        """Each row as (column, text in the reader's language)."""
        return [
            [(c, "—" if v is None else SHOWN[c.kind](v)) for c, v in self._cells(row)]
            for row in self.rows
        ]

    def written(self):
        """Each row as values for ``lib.spreadsheet``: numbers, dates, texts, None."""
        return [[None if v is None else WRITTEN[c.kind](v) for c, v in self._cells(row)]
                for row in self.rows]  # fmt: skip

    def _cells(self, row):
        return zip(self.columns, row, strict=True)


# --- the tables of each chart ----------------------------------------------------------------
def weeks_table(stats):
    return Table(
        [Column(_("First day"), "day"), Column(_("Last day"), "day"), Column(_("Screenings")),
         Column(_("Admissions"))],
        [[w.start, w.end, w.screenings, w.admissions] for w in stats.weeks],
    )  # fmt: skip


def fill_table(stats):
    rows = []
    for room in stats.rooms:
        for fill in [*room.months, room.year]:
            month = fill.month or str(stats.year)  # the year's row: the whole year
            rows.append(
                [room.room.name, month, fill.screenings, fill.seats, fill.admissions, fill.rate]
            )
    return Table(
        [Column(_("Room"), "text"), Column(_("Month"), "month"), Column(_("Screenings")),
         Column(_("Seats offered")), Column(_("Admissions")), Column(_("Fill rate"), "percent")],
        rows,
    )  # fmt: skip


def bucket_label(bucket):
    if bucket.high == bucket.low:
        return format_euros(bucket.low)
    if bucket.high is None:
        return _("over %(price)s") % {"price": format_euros(bucket.low - bucket.low % 1)}
    return _("%(low)s to %(high)s") % {
        "low": format_euros(bucket.low),
        "high": format_euros(bucket.high),
    }


def prices_table(stats):
    total = stats.total.admissions
    return Table(
        [Column(_("Lowest price"), "euros"), Column(_("Highest price"), "euros"),
         Column(_("Admissions")),
         Column(_("Share"), "percent"), Column(_("Receipts"), "euros")],
        [[b.low, b.high, b.admissions, rate(b.admissions, total), b.receipts]
         for b in stats.buckets],
    )  # fmt: skip


PRICE_COLUMNS = [
    (gettext_lazy("Admissions"), "int", "admissions"),
    (gettext_lazy("Free entries"), "int", "free"),
    (gettext_lazy("Receipts"), "euros", "receipts"),
    (gettext_lazy("Mean price"), "euros", "mean"),
    (gettext_lazy("Median price"), "euros", "median"),
]


def _price_table(first, rows):
    columns = [first] + [Column(str(label), kind) for label, kind, _attr in PRICE_COLUMNS]
    return Table(
        columns,
        [[key] + [getattr(prices, attr) for _l, _k, attr in PRICE_COLUMNS] for key, prices in rows],
    )


def kind_table(stats):
    return _price_table(
        Column(_("Kind of screening"), "text"), [(str(k.label), k.prices) for k in stats.kinds]
    )


def month_table(stats):
    return _price_table(Column(_("Month"), "month"), [(m.first, m.prices) for m in stats.months])


def free_table(stats):
    return Table(
        [Column(_("Month"), "month"), Column(_("Admissions")), Column(_("Free entries")),
         Column(_("Share of free entries"), "percent")],
        [[m.first, m.prices.admissions, m.prices.free, m.prices.free_share]
         for m in stats.months],
    )  # fmt: skip


def memberships_table(stats):
    return Table(
        [Column(_("Month"), "month"), Column(_("Memberships")), Column(_("of which renewals")),
         Column(_("Memberships, amount"), "euros"), Column(_("Bar, amount"), "euros")],
        [[m.first, m.memberships, m.renewals, m.membership_amount, m.bar]
         for m in stats.months],
    )  # fmt: skip


def films_table(stats):
    return Table(
        [Column(_("Rank")), Column(_("Film"), "text"), Column(_("Screenings")),
         Column(_("Admissions"))],
        [[i, f.film.title, f.screenings, f.admissions] for i, f in enumerate(stats.films, 1)],
    )  # fmt: skip


# --- the drawings ----------------------------------------------------------------------------
def _chart(kind, title, **config):
    def accessible(root):
        for parent in list(root.iter()):
            for child in list(parent):
                # pygal's configuration script, and its comments (its name, the day)
                if child.tag is ET.Comment or str(child.tag).endswith("script"):
                    parent.remove(child)
        root.set("role", "img")
        root.set("aria-label", title)
        label = ET.Element("title")
        label.text = title
        root.insert(0, label)
        return root

    defaults = {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "no_data_text": _("Nothing to show yet"),
        "legend_at_bottom": True,
        "margin": 12,
        "truncate_label": -1,
        "value_formatter": count_text,
        **SIZE,
    }
    chart = kind(**{**defaults, **config})
    chart.add_xml_filter(accessible)
    return chart


def _render(chart):
    return mark_safe(chart.render(is_unicode=True))


def weeks_svg(stats, title):
    chart = _chart(pygal.Bar, title, show_legend=False, x_labels_major_every=8,
                   show_minor_x_labels=False)  # fmt: skip
    chart.x_labels = [day_text(w.start) for w in stats.weeks]
    chart.add(_("Admissions"), [w.admissions for w in stats.weeks])
    return _render(chart)


def fill_svg(stats, title):
    chart = _chart(pygal.Line, title, range=(0, 100), value_formatter=percent_text, **MONTHS)
    chart.x_labels = [month_label(m.first) for m in stats.months]
    for room in stats.rooms:
        chart.add(room.room.name, [_float(f.rate) for f in room.months])
    return _render(chart)


def prices_svg(stats, title):
    chart = _chart(pygal.Bar, title, show_legend=False, x_label_rotation=-30)
    chart.x_labels = [bucket_label(b) for b in stats.buckets]
    chart.add(_("Admissions"), [b.admissions for b in stats.buckets])
    return _render(chart)


def kind_svg(stats, title):
    chart = _chart(pygal.Bar, title, value_formatter=format_euros)
    chart.x_labels = [str(k.label) for k in stats.kinds]
    chart.add(_("Mean price"), [_float(k.prices.mean) for k in stats.kinds])
    chart.add(_("Median price"), [_float(k.prices.median) for k in stats.kinds])
    return _render(chart)


def month_svg(stats, title):
    chart = _chart(pygal.Line, title, value_formatter=format_euros, **MONTHS)
    chart.x_labels = [month_label(m.first) for m in stats.months]
    chart.add(_("Mean price"), [_float(m.prices.mean) for m in stats.months])
    chart.add(_("Median price"), [_float(m.prices.median) for m in stats.months])
    return _render(chart)


def free_svg(stats, title):
    chart = _chart(pygal.Bar, title, show_legend=False, value_formatter=percent_text, **MONTHS)
    chart.x_labels = [month_label(m.first) for m in stats.months]
    chart.add(_("Share of free entries"), [_float(m.prices.free_share) for m in stats.months])
    return _render(chart)


def memberships_svg(stats, title):
    chart = _chart(pygal.Bar, title, **MONTHS)
    chart.x_labels = [month_label(m.first) for m in stats.months]
    chart.add(_("Memberships"), [m.memberships for m in stats.months])
    chart.add(_("of which renewals"), [m.renewals for m in stats.months])
    return _render(chart)


def films_svg(stats, title):
    chart = _chart(pygal.HorizontalBar, title, show_legend=False, truncate_label=22)
    films = list(reversed(stats.films))  # pygal draws the first one at the bottom
    chart.x_labels = [f.film.title for f in films]
    chart.add(_("Admissions"), [f.admissions for f in films])
    return _render(chart)


def _float(value):
    """A point to plot: pygal draws floats; the tables and the CSV keep the Decimals."""
    return None if value is None else float(value)


# --- the registry: slug, title, table, drawing -------------------------------------------------
@dataclass(frozen=True)
class ChartKind:
    slug: str
    title: object  # lazy text
    table: object
    draw: object


CHARTS = {
    c.slug: c
    for c in (
        ChartKind("admissions-per-week", gettext_lazy("Admissions per cinema week"),
                  weeks_table, weeks_svg),
        ChartKind("fill-rate", gettext_lazy("Fill rate per room and month"),
                  fill_table, fill_svg),
        ChartKind("prices", gettext_lazy("What people pay: admissions by price"),
                  prices_table, prices_svg),
        ChartKind("price-by-kind", gettext_lazy("Mean and median price by kind of screening"),
                  kind_table, kind_svg),
        ChartKind("price-by-month", gettext_lazy("Mean and median price by month"),
                  month_table, month_svg),
        ChartKind("free-share", gettext_lazy("Share of free entries by month"),
                  free_table, free_svg),
        ChartKind("memberships", gettext_lazy("Memberships per month and renewals"),
                  memberships_table, memberships_svg),
        ChartKind("films", gettext_lazy("The most-seen films"), films_table, films_svg),
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


def draw_all(stats):
    """Every chart of ``stats``, in the page's order, with its table."""
    drawn = []
    for kind in CHARTS.values():
        title = str(kind.title)
        drawn.append(Drawn(kind, kind.table(stats), kind.draw(stats, title)))
    return drawn
